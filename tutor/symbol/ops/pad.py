"""Pad (``pad``): a border around the last two (4-D data) or three (5-D) axes, filled with a
constant, the edge values or their reflection. Backward sends each border value's gradient
back to the entry it was copied from (nowhere for a constant)."""
import numpy as np

from ..op import Op, Param, register
from ._common import write_grad
from ._partial import norm


@register
class Pad(Op):
    """y = x padded by pad_width = (before₀, after₀, before₁, after₁, ...), one pair per axis
    (MXNet: 4-D or 5-D data, no padding on the first two axes), as numpy.pad with mode
    'constant' (constant_value), 'edge' or 'reflect'."""
    name = 'Pad'
    hint = 'pad'
    aliases = ('pad',)
    params = {'mode': Param('enum', 'constant', choices=('constant', 'edge', 'reflect')),
              'pad_width': Param('tuple', required=True),
              'constant_value': Param('float', 0.0)}

    def _pairs(self, ndim):
        pw = self.p['pad_width']
        if ndim not in (4, 5):
            raise self.shape_error('Current implementation only supports 4-D or 5-D input '
                                   '(got %d-D data): pad images (N, C, H, W)' % ndim)
        if len(pw) != 2 * ndim:
            raise self.shape_error('pad_width=%s needs 2 values per axis: %d for %d-D data'
                                   % (pw, 2 * ndim, ndim))
        if any(pw[:4]):
            raise self.shape_error('Current implementation expects padding on the first two '
                                   'axes to be zero (pad_width=%s)' % (pw,))
        return [(pw[2 * i], pw[2 * i + 1]) for i in range(ndim)]

    def infer_shape(self, in_shapes, aux_shapes):
        data = norm(in_shapes[0])
        if data is None:
            return in_shapes, [None], aux_shapes
        pairs = self._pairs(len(data))
        out = tuple(d + b + a if d else 0 for d, (b, a) in zip(data, pairs))
        return in_shapes, [out], aux_shapes

    def forward(self, is_train, inputs, outputs, aux, state):
        x, mode = inputs[0], self.p['mode']
        extra = {'constant_values': self.p['constant_value']} if mode == 'constant' else {}
        np.copyto(outputs[0], np.pad(x, self._pairs(x.ndim), mode=mode, **extra))

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        g = out_grads[0]
        for axis, (before, after) in enumerate(self._pairs(inputs[0].ndim)):
            if before or after:
                g = self._gather(g, axis, inputs[0].shape[axis], before, after)
        write_grad(in_grads[0], req[0], g)

    def _gather(self, g, axis, size, before, after):
        """Sum g along ``axis`` back onto the ``size`` entries each position was copied from."""
        mode = self.p['mode']
        source = np.pad(np.arange(size), (before, after), mode=mode,
                        **({'constant_values': -1} if mode == 'constant' else {}))
        kept = source >= 0
        shape = list(g.shape)
        shape[axis] = size
        back = np.zeros(shape, dtype=g.dtype)
        np.add.at(np.moveaxis(back, axis, 0), source[kept], np.moveaxis(g, axis, 0)[kept])
        return back
