"""Every operator tutor knows. Importing a module registers its ops (``op.register``)."""
from . import (activation, conv, elementwise, fully_connected, output,  # noqa: F401
               regularization, shape)
from . import (arrange, identity, index, join, linalg, reduce, reshape, slice,  # noqa: F401
               sort)
from . import (binary, broadcast, deconv, leaky_relu, log_softmax, lrn, norm,  # noqa: F401
               scalar, unary, upsampling)
