"""FusedRNN: the initializer of a FusedRNNCell's one flat ``parameters`` vector (mx.rnn), which
initialises the pieces the vector holds as if they were separate weights and biases."""
import json

from .base import InitDesc, Initializer, _REGISTRY, register


@register
class FusedRNN(Initializer):
    """A FusedRNNCell's one flat ``parameters`` vector, initialised as if its pieces were
    separate arrays: each piece (``l0_i2h_f_weight``...) by its name's ending with ``init``
    (None: the Module's initializer), LSTM forget-gate biases set to ``forget_bias``. The
    other arguments must be the cell's."""

    def __init__(self, init, num_hidden, num_layers, mode, bidirectional=False,
                 forget_bias=1.0):
        if isinstance(init, str):
            klass, kwargs = json.loads(init)
            init = _REGISTRY[klass.lower()](**kwargs)
        super().__init__(init=init.dumps() if init is not None else None,
                         num_hidden=num_hidden, num_layers=num_layers, mode=mode,
                         bidirectional=bidirectional, forget_bias=forget_bias)
        self._init = init
        self._num_hidden, self._num_layers, self._mode = num_hidden, num_layers, mode
        self._bidirectional, self._forget_bias = bidirectional, forget_bias

    def _init_weight(self, desc, arr):
        from ..symbol.ops.rnn import named_pieces, parameter_count   # the vector's layout
        h, layers, bi = self._num_hidden, self._num_layers, self._bidirectional
        # the input size I that makes the vector this long (the count is linear in I)
        per_input = parameter_count(self._mode, layers, bi, 1, h) - \
            parameter_count(self._mode, layers, bi, 0, h)
        num_input = (arr.size - parameter_count(self._mode, layers, bi, 0, h)) // per_input
        for name, piece in named_pieces(arr, self._mode, layers, bi, num_input, h).items():
            piece_desc = InitDesc(name, global_init=desc.global_init)
            if self._mode == 'lstm' and name.endswith('_f_bias'):
                piece[...] = self._forget_bias        # start with the forget gate open
            elif self._init is None:
                desc.global_init(piece_desc, piece)
            else:
                self._init(piece_desc, piece)
