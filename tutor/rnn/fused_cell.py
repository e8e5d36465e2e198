"""FusedRNNCell: a whole stack of recurrent layers as one ``RNN`` operator
(tutor/symbol/ops/rnn.py) reading one flat ``parameters`` vector, in cuDNN's layout.

It cannot be stepped, only unrolled. ``unpack_weights`` cuts the vector into named arrays,
one per layer, direction, gate and kind (``lstm_l0_i2h_f_weight``, ``lstm_r1_h2h_o_bias``...)
so a checkpoint can be read (and loaded into the unfused cells), and ``unfuse()`` gives the
same network built from those cells, which can be stepped.
"""
import warnings

from .. import symbol
from ..initializer import FusedRNN
from ..ndarray import zeros
from ..symbol.ops.rnn import named_pieces, parameter_count
from .cell_wrappers import BidirectionalCell, DropoutCell, SequentialRNNCell
from .rnn_cell import BaseRNNCell, GRUCell, LSTMCell, RNNCell, _normalize_sequence


class FusedRNNCell(BaseRNNCell):
    """``num_layers`` layers of ``mode`` ('rnn_relu', 'rnn_tanh', 'lstm', 'gru'), each
    ``num_hidden`` wide, in one or both directions; ``dropout`` between layers in training.
    ``get_next_state=True`` makes unroll return the last states too. The weights are one
    variable, ``<prefix>parameters``, initialised by ``mx.init.FusedRNN``."""

    def __init__(self, num_hidden, num_layers=1, mode='lstm', bidirectional=False,
                 dropout=0., get_next_state=False, forget_bias=1.0, prefix=None,
                 params=None):
        if prefix is None:
            prefix = '%s_' % mode
        super(FusedRNNCell, self).__init__(prefix=prefix, params=params)
        self._num_hidden = num_hidden
        self._num_layers = num_layers
        self._mode = mode
        self._bidirectional = bidirectional
        self._dropout = dropout
        self._get_next_state = get_next_state
        self._directions = ['l', 'r'] if bidirectional else ['l']
        initializer = FusedRNN(None, num_hidden, num_layers, mode, bidirectional, forget_bias)
        self._parameter = self.params.get('parameters', init=initializer)

    @property
    def state_info(self):
        """h (and c for LSTM): one (batch, num_hidden) state per layer and direction."""
        b = self._bidirectional + 1
        n = (self._mode == 'lstm') + 1
        return [{'shape': (b * self._num_layers, 0, self._num_hidden), '__layout__': 'LNC'}
                for _ in range(n)]

    @property
    def _gate_names(self):
        return {'rnn_relu': [''], 'rnn_tanh': [''], 'lstm': ['_i', '_f', '_c', '_o'],
                'gru': ['_r', '_z', '_o']}[self._mode]

    @property
    def _num_gates(self):
        return len(self._gate_names)

    def _pieces(self, arr, num_input):
        """Named views into the flat vector, as unpack_weights names them."""
        return named_pieces(arr, self._mode, self._num_layers, self._bidirectional, num_input,
                            self._num_hidden, prefix=self._prefix)

    def unpack_weights(self, args):
        """``args`` with ``<prefix>parameters`` replaced by its pieces (copies), one per
        layer, direction, gate and kind: ``<prefix>l0_i2h_f_weight``..."""
        args = args.copy()
        arr = args.pop(self._parameter.name)
        b, m, h = len(self._directions), self._num_gates, self._num_hidden
        # the vector's size, b·m·h·((I + h + 2) + (layers − 1)·(b·h + h + 2)), solved for I
        num_input = arr.size // b // h // m - (self._num_layers - 1) * (h + b * h + 2) - h - 2
        args.update({name: nd.copy() for name, nd in self._pieces(arr, num_input).items()})
        return args

    def pack_weights(self, args):
        """The inverse of unpack_weights: the pieces written into one new vector."""
        args = args.copy()
        w0 = args['%sl0_i2h%s_weight' % (self._prefix, self._gate_names[0])]
        num_input = w0.shape[1]
        total = parameter_count(self._mode, self._num_layers, self._bidirectional, num_input,
                                self._num_hidden)
        arr = zeros((total,), ctx=w0.context, dtype=w0.dtype)
        for name, nd in self._pieces(arr, num_input).items():
            nd[:] = args.pop(name)
        args[self._parameter.name] = arr
        return args

    def __call__(self, inputs, states):
        raise NotImplementedError('FusedRNNCell cannot be stepped. Please use unroll')

    def unroll(self, length, inputs, begin_state=None, layout='NTC', merge_outputs=None):
        """One RNN node over the whole sequence (named ``<prefix>rnn``); NTC inputs are
        swapped to TNC first, the layout the op reads."""
        self.reset()
        inputs, axis = _normalize_sequence(length, inputs, layout, True)
        if axis == 1:
            warnings.warn('NTC layout detected. Consider using TNC for FusedRNNCell for faster '
                          'speed')
            inputs = symbol.swapaxes(inputs, dim1=0, dim2=1)
        else:
            assert axis == 0, 'Unsupported layout %s' % layout
        if begin_state is None:
            begin_state = self.begin_state()
        states = {'state': begin_state[0]}
        if self._mode == 'lstm':
            states['state_cell'] = begin_state[1]
        rnn = symbol.RNN(data=inputs, parameters=self._parameter, state_size=self._num_hidden,
                         num_layers=self._num_layers, bidirectional=self._bidirectional,
                         p=self._dropout, state_outputs=self._get_next_state, mode=self._mode,
                         name=self._prefix + 'rnn', **states)
        if not self._get_next_state:
            outputs, states = rnn, []
        else:
            states = [rnn[i] for i in range(1, 3 if self._mode == 'lstm' else 2)]
            for state in states:
                state._set_attr(__layout__='LNC')
            outputs = rnn[0]
        if axis == 1:
            outputs = symbol.swapaxes(outputs, dim1=0, dim2=1)
        outputs, _ = _normalize_sequence(length, outputs, layout, merge_outputs)
        return outputs, states

    def unfuse(self):
        """The same network as a SequentialRNNCell of RNNCell/LSTMCell/GRUCell (in a
        BidirectionalCell per layer if bidirectional, with a DropoutCell between layers),
        named so that unpack_weights + the cells' pack_weights give their weights."""
        def get_cell(cell_prefix):
            if self._mode in ('rnn_relu', 'rnn_tanh'):
                return RNNCell(self._num_hidden, activation=self._mode[4:], prefix=cell_prefix)
            return {'lstm': LSTMCell, 'gru': GRUCell}[self._mode](self._num_hidden,
                                                                 prefix=cell_prefix)
        stack = SequentialRNNCell()
        for i in range(self._num_layers):
            if self._bidirectional:
                stack.add(BidirectionalCell(get_cell('%sl%d_' % (self._prefix, i)),
                                            get_cell('%sr%d_' % (self._prefix, i)),
                                            output_prefix='%sbi_l%d_' % (self._prefix, i)))
            else:
                stack.add(get_cell('%sl%d_' % (self._prefix, i)))
            if self._dropout > 0 and i != self._num_layers - 1:
                stack.add(DropoutCell(self._dropout, prefix='%s_dropout%d_' % (self._prefix, i)))
        return stack
