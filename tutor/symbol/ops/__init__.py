"""Every operator tutor knows. Importing a module registers its ops (``op.register``)."""
from . import (activation, conv, creation, elementwise, fully_connected, output,  # noqa: F401
               regularization, sequence, shape, where)
from . import identity, index, join, reshape, slice  # noqa: F401
