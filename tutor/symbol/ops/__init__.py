"""Every operator tutor knows. Importing a module registers its ops (``op.register``)."""
from . import (activation, conv, elementwise, fully_connected, output,  # noqa: F401
               regularization, shape)
from . import binary, broadcast, leaky_relu, log_softmax, norm, scalar, unary  # noqa: F401
