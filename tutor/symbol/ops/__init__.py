"""Every operator tutor knows. Importing a module registers its ops (``op.register``)."""
from . import activation, elementwise, fully_connected, output, regularization, shape  # noqa: F401
