"""Every operator tutor knows. Importing a module registers its ops (``op.register``)."""
from . import (activation, conv, creation, elementwise, fully_connected, output,  # noqa: F401
               regularization, sequence, shape, where)
from . import identity, index, join, reshape, slice, sort  # noqa: F401
from . import (binary, broadcast, deconv, leaky_relu, log_softmax, lrn, norm,  # noqa: F401
               scalar, unary, upsampling)
