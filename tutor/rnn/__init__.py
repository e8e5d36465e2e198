"""``mx.rnn``: recurrent cells that unroll into symbol graphs, bucketing sentence iterators
and checkpoints of cell weights (MXNet 1.x's symbolic RNN API)."""
from . import rnn_cell, cell_wrappers, fused_cell, io, rnn
from .rnn_cell import RNNParams, BaseRNNCell, RNNCell, LSTMCell, GRUCell
from .fused_cell import FusedRNNCell
from .cell_wrappers import (SequentialRNNCell, BidirectionalCell, DropoutCell, ModifierCell,
                            ZoneoutCell, ResidualCell)
from .io import encode_sentences, BucketSentenceIter
from .rnn import rnn_unroll, save_rnn_checkpoint, load_rnn_checkpoint, do_rnn_checkpoint

__all__ = ['RNNParams', 'BaseRNNCell', 'RNNCell', 'LSTMCell', 'GRUCell', 'FusedRNNCell',
           'SequentialRNNCell', 'BidirectionalCell', 'DropoutCell', 'ModifierCell', 'ZoneoutCell', 'ResidualCell',
           'encode_sentences', 'BucketSentenceIter', 'rnn_unroll', 'save_rnn_checkpoint',
           'load_rnn_checkpoint', 'do_rnn_checkpoint']
