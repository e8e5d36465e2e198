"""Concat and SliceChannel (``split``): joining arrays along an axis and cutting one apart.
Each is the other's backward."""
import numpy as np

from ...base import MXNetError
from ..op import Op, Param, register
from ._common import mx_list, write_grad
from ._partial import axis_of, merge, norm


@register
class Concat(Op):
    """y = [x₀, x₁, ...] joined along axis ``dim``: every input has the same shape except on
    that axis, where the output has the sum of their sizes.

    Backward: each input's gradient is its own piece of dy along ``dim``.
    """
    name = 'Concat'
    hint = 'concat'
    aliases = ('concat',)
    variadic = 'num_args'
    params = {'num_args': Param('int', required=True),
              'dim': Param('int', 1)}

    def __init__(self, attrs=None, node_name=''):
        super().__init__(attrs, node_name)
        if self.p['num_args'] < 1:
            raise MXNetError('value %d for Parameter num_args should be greater equal to 1: '
                             'Concat needs at least one input (Concat(a, b, dim=1))'
                             % self.p['num_args'])

    def arguments(self):
        return ['arg%d' % i for i in range(self.p['num_args'])]

    def infer_shape(self, in_shapes, aux_shapes, out_shapes=(None,)):
        shapes = [norm(s) for s in in_shapes]
        out = norm(out_shapes[0])
        known = [s for s in shapes + [out] if s is not None]
        if not known:
            return in_shapes, [None], aux_shapes
        axis = axis_of(self, self.p['dim'], len(known[0]), 'dim')
        rest = None        # the common shape, with the joined axis unknown
        for s in known:
            rest = merge(self, rest, s[:axis] + (0,) + s[axis + 1:], 'the inputs and output')
        sizes = [0 if s is None else s[axis] for s in shapes]
        total = out[axis] if out is not None else 0
        if total and sizes.count(0) == 1:   # backwards: the one unknown size is the rest
            sizes[sizes.index(0)] = total - sum(sizes)
        new_in = [rest[:axis] + (n,) + rest[axis + 1:] for n in sizes]
        total = sum(sizes) if all(sizes) else total
        return new_in, [rest[:axis] + (total,) + rest[axis + 1:]], aux_shapes

    def forward(self, is_train, inputs, outputs, aux, state):
        np.concatenate(inputs, axis=self.p['dim'], out=outputs[0])

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        dy, axis = out_grads[0], self.p['dim'] % inputs[0].ndim
        start = 0
        for x, dx, r in zip(inputs, in_grads, req):
            piece = (slice(None),) * axis + (slice(start, start + x.shape[axis]),)
            write_grad(dx, r, dy[piece])
            start += x.shape[axis]


@register
class SliceChannel(Op):
    """Cut x into ``num_outputs`` equal pieces along ``axis``: output i is
    x[..., i·k:(i+1)·k, ...] with k = size / num_outputs. ``squeeze_axis`` drops that axis
    (then each piece must have size 1 there).

    Backward: dx is the outputs' gradients put back side by side (0 where an output has none).
    """
    name = 'SliceChannel'
    hint = 'slicechannel'
    aliases = ('split',)
    params = {'num_outputs': Param('int', required=True),
              'axis': Param('int', 1),
              'squeeze_axis': Param('bool', False)}

    def outputs(self):
        return ['output%d' % i for i in range(self.p['num_outputs'])]

    def infer_shape(self, in_shapes, aux_shapes, out_shapes=None):
        n = self.p['num_outputs']
        data = norm(in_shapes[0])
        if data is None:
            return in_shapes, [None] * n, aux_shapes
        axis = axis_of(self, self.p['axis'], len(data))
        data = self._from_outputs(data, axis, out_shapes or [None] * n)
        size = data[axis]
        if size and size % n:
            raise self.shape_error(
                'You are trying to split the %d-th axis of input tensor with shape %s into '
                'num_outputs=%d evenly sized chunks, but this is not possible because %d does '
                'not evenly divide %d' % (axis, mx_list(data), n, n, size))
        if self.p['squeeze_axis']:
            if size and size != n:
                raise self.shape_error(
                    'squeeze_axis=True needs the split axis %d to have exactly num_outputs=%d '
                    'entries, but the data %s has %d there' % (axis, n, data, size))
            piece = data[:axis] + data[axis + 1:]
        else:
            piece = data[:axis] + (size // n,) + data[axis + 1:]
        return [data], [piece] * n, aux_shapes

    def _from_outputs(self, data, axis, out_shapes):
        """The data's unknown dims filled in from the outputs known so far (backwards)."""
        piece = None
        for s in out_shapes:
            piece = merge(self, piece, norm(s), 'the outputs')
        if piece is None:
            return data
        if self.p['squeeze_axis']:
            piece = piece[:axis] + (self.p['num_outputs'],) + piece[axis:]
        else:
            piece = piece[:axis] + (piece[axis] * self.p['num_outputs'],) + piece[axis + 1:]
        return merge(self, data, piece, 'the data and the outputs')

    def _pieces(self, x):
        """The num_outputs views of x, shaped like the outputs."""
        axis = self.p['axis'] % x.ndim
        k = x.shape[axis] // self.p['num_outputs']
        views = []
        for i in range(self.p['num_outputs']):
            v = x[(slice(None),) * axis + (slice(i * k, (i + 1) * k),)]
            views.append(v.squeeze(axis) if self.p['squeeze_axis'] else v)
        return views

    def forward(self, is_train, inputs, outputs, aux, state):
        for piece, y in zip(self._pieces(inputs[0]), outputs):
            np.copyto(y, piece)

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        dx = in_grads[0]
        if dx is None or req[0] == 'null':
            return
        for piece, dy in zip(self._pieces(dx), out_grads):
            write_grad(piece, req[0], 0 if dy is None else dy)
