"""SequenceMask, SequenceLast, SequenceReverse: ops on padded batches of sequences (and
reverse, which flips whole axes).

A batch of sentences of different lengths is stored padded to the longest one. With
``use_sequence_length=True`` these ops take a second input, ``sequence_length`` of shape
(batch,), saying how many steps of each sequence are real; without it every step counts.
``axis`` is the time axis: 0 for (T, N, ...) ("TNC"), 1 for (N, T, ...) ("NTC").
"""
import numpy as np

from ..op import Op, Param, register
from ._common import Scratch, assign_shape, grad_finish, grad_target, zero_grad


class _Sequence(Op):
    """What the three ops share: the optional length input and the time axis."""
    params = {'use_sequence_length': Param('bool', False),
              'axis': Param('int', 0)}
    inputs = ('data', 'sequence_length')

    def arguments(self):
        return ['data', 'sequence_length'] if self.p['use_sequence_length'] else ['data']

    def _axes(self, data):
        axis = self.p['axis']
        if axis not in (0, 1):
            raise self.shape_error('%s supports axis=0 (time first, TNC) or axis=1 (batch '
                                   'first, NTC), got axis=%d' % (self.name, axis))
        if len(data) < 2:
            raise self.shape_error('%s needs data with a time and a batch axis, got shape %s'
                                   % (self.name, tuple(data)))
        return axis, 1 - axis          # (time axis, batch axis)

    def _check_inputs(self, in_shapes):
        data = in_shapes[0]
        if data is None:
            return None
        _, batch_axis = self._axes(data)
        if self.p['use_sequence_length']:
            assign_shape(self, in_shapes, 1, (data[batch_axis],), 'sequence_length',
                         'one length per sequence of the batch')
        return data

    def _lengths(self, inputs, data):
        """Each sequence's length as ints, (batch,); every step counts without the input."""
        time_axis, batch_axis = self._axes(data.shape)
        if self.p['use_sequence_length']:
            return inputs[1].astype(np.int64)
        return np.full(data.shape[batch_axis], data.shape[time_axis], dtype=np.int64)

    def create_state(self, in_shapes, out_shapes):
        return Scratch()

    def _time_first(self, a):
        """A view with time on axis 0 and batch on axis 1, whatever ``axis`` is."""
        return a if self.p['axis'] == 0 else np.swapaxes(a, 0, 1)


@register
class SequenceMask(_Sequence):
    """y[t, b] = x[t, b] for t < length[b], else ``value``; dx = dy where kept, else 0."""
    name = 'SequenceMask'
    hint = 'sequencemask'
    params = {'use_sequence_length': Param('bool', False),   # MXNet's order
              'value': Param('float', 0.0),
              'axis': Param('int', 0)}

    def infer_shape(self, in_shapes, aux_shapes):
        data = self._check_inputs(in_shapes)
        return in_shapes, [None if data is None else tuple(data)], aux_shapes

    def _kept(self, inputs, data):
        """A boolean (T, N, 1, ...) array: True where step t of sequence b is real."""
        x = self._time_first(data)
        steps = np.arange(x.shape[0]).reshape((-1, 1) + (1,) * (x.ndim - 2))
        lengths = self._lengths(inputs, data).reshape((1, -1) + (1,) * (x.ndim - 2))
        return steps < lengths

    def forward(self, is_train, inputs, outputs, aux, state):
        kept = self._kept(inputs, inputs[0])
        y = self._time_first(outputs[0])
        y[...] = np.where(kept, self._time_first(inputs[0]), self.p['value'])

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        if self.p['use_sequence_length']:
            zero_grad(in_grads[1], req[1])
        dx = grad_target(state, 'ddata', in_grads[0], req[0])
        if dx is None:
            return
        kept = self._kept(inputs, inputs[0])
        self._time_first(dx)[...] = np.where(kept, self._time_first(out_grads[0]), 0)
        grad_finish(in_grads[0], req[0], dx)


@register
class SequenceLast(_Sequence):
    """y[b] = x[length[b] − 1, b] (the last real step); dx is dy at that step, 0 elsewhere."""
    name = 'SequenceLast'
    hint = 'sequencelast'

    def infer_shape(self, in_shapes, aux_shapes):
        data = self._check_inputs(in_shapes)
        if data is None:
            return in_shapes, [None], aux_shapes
        time_axis = self.p['axis']
        return in_shapes, [tuple(d for i, d in enumerate(data) if i != time_axis)], aux_shapes

    def _last(self, inputs):
        """The index of the last real step of each sequence (0 for an empty one)."""
        return np.maximum(self._lengths(inputs, inputs[0]) - 1, 0)

    def forward(self, is_train, inputs, outputs, aux, state):
        x = self._time_first(inputs[0])
        batch = np.arange(x.shape[1])
        outputs[0][...] = x[self._last(inputs), batch]

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        if self.p['use_sequence_length']:
            zero_grad(in_grads[1], req[1])
        dx = in_grads[0]
        if dx is None or req[0] == 'null':
            return
        if req[0] == 'write':
            dx.fill(0)
        d = self._time_first(dx)
        batch = np.arange(d.shape[1])
        d[self._last(inputs), batch] += out_grads[0]


@register
class SequenceReverse(_Sequence):
    """y[t, b] = x[length[b] − 1 − t, b] for t < length[b]; later (padding) steps stay where
    they are. Reversing is its own inverse, so dx is dy reversed the same way."""
    name = 'SequenceReverse'
    hint = 'sequencereverse'

    def infer_shape(self, in_shapes, aux_shapes):
        if self.p['axis'] != 0:   # MXNet 1.9.1 implements time-first only
            raise self.shape_error('Current implementation expects axis to be 0 (got axis=%d):'
                                   ' swap the data to (T, N, ...) first, e.g. with SwapAxis'
                                   % self.p['axis'])
        data = self._check_inputs(in_shapes)
        return in_shapes, [None if data is None else tuple(data)], aux_shapes

    def _source_steps(self, inputs):
        """(T, N) array: which step of x lands at step t of sequence b."""
        x = self._time_first(inputs[0])
        steps = np.arange(x.shape[0])[:, None]
        lengths = self._lengths(inputs, inputs[0])[None, :]
        return np.where(steps < lengths, lengths - 1 - steps, steps)

    def _reverse(self, inputs, src, dst):
        s, d = self._time_first(src), self._time_first(dst)
        batch = np.arange(s.shape[1])[None, :]
        d[...] = s[self._source_steps(inputs), batch]

    def forward(self, is_train, inputs, outputs, aux, state):
        self._reverse(inputs, inputs[0], outputs[0])

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        if self.p['use_sequence_length']:
            zero_grad(in_grads[1], req[1])
        dx = grad_target(state, 'ddata', in_grads[0], req[0])
        if dx is None:
            return
        self._reverse(inputs, out_grads[0], dx)
        grad_finish(in_grads[0], req[0], dx)
