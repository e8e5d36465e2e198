"""Weight initializers (``mx.init`` = ``mx.initializer``): which array gets which values.

    base.py       InitDesc, Initializer (MXNet's rules: ``__init__`` attribute, then the
                  name's ending), register / alias / create
    decision.py   InitDecision: which rule fired for an array, and ``explain()``
    composite.py  Load (saved values), Mixed (an initializer per name pattern)
    simple.py     Zero, One, Constant, Uniform, Normal
    layers.py     Xavier, MSRAPrelu, Orthogonal, Bilinear, LSTMBias
    fused_rnn.py  FusedRNN (a FusedRNNCell's one parameter vector, piece by piece)
"""
from .base import InitDesc, Initializer, register, alias, create  # noqa: F401
from .base import _REGISTRY  # noqa: F401 - read by the registry tests
from .decision import InitDecision
from .composite import Load, Mixed
from .simple import Zero, One, Constant, Uniform, Normal
from .layers import Orthogonal, Xavier, MSRAPrelu, Bilinear, LSTMBias
from .fused_rnn import FusedRNN

__all__ = ['InitDesc', 'InitDecision', 'Initializer', 'register', 'alias', 'create', 'Load',
           'Mixed', 'Zero', 'One', 'Constant', 'Uniform', 'Normal', 'Orthogonal', 'Xavier',
           'MSRAPrelu', 'Bilinear', 'LSTMBias', 'FusedRNN']
