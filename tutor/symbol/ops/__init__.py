"""Every operator tutor knows. Importing a module registers its ops (``op.register``)."""
from . import (activation, conv, creation, elementwise, fully_connected, output,  # noqa: F401
               regularization, sequence, shape)
from . import (arrange, identity, index, info, join, linalg, pad, reduce, reshape,  # noqa: F401
               slice, sort)
from . import (add_n, binary, broadcast, deconv, leaky_relu, log_softmax, lrn,  # noqa: F401
               norm, rounding, scalar, trig, unary, upsampling)
from . import rnn  # noqa: F401
