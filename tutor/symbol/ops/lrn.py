"""LRN, local response normalisation across channels (AlexNet):

    y[:, c] = x[:, c] / n[:, c]^β,   n[:, c] = knorm + α/nsize · Σ_{c' in window(c)} x[:, c']²

window(c) = the nsize (odd) channels centred on c (cut at the edges). Backward:
dx[c] = dy[c]·n[c]^−β − 2αβ/nsize · x[c] · Σ_{c' : c in window(c')} dy[c']·x[c']·n[c']^(−β−1).
The hidden second output holds n."""
import numpy as np

from ..op import Op, Param, register
from ._common import Scratch, known
from .binary import write_grad


def channel_window_sum(a, lo, hi):
    """Σ of a[:, c + lo .. c + hi] (both ends included, cut at the edges) for every c."""
    c = a.shape[1]
    pad = [(0, 0)] * a.ndim
    pad[1] = (1, 0)
    csum = np.cumsum(np.pad(a, pad), axis=1)            # csum[:, i] = Σ a[:, :i]
    idx = np.arange(c)
    top = np.clip(idx + hi + 1, 0, c)
    bottom = np.clip(idx + lo, 0, c)
    return np.take(csum, top, axis=1) - np.take(csum, bottom, axis=1)


@register
class LRN(Op):
    __doc__ = __doc__
    name = 'LRN'
    hint = 'lrn'
    params = {'alpha': Param('float', 1e-4), 'beta': Param('float', 0.75),
              'knorm': Param('float', 2.0), 'nsize': Param('int', required=True)}

    def num_outputs(self):
        return 2

    def infer_shape(self, in_shapes, aux_shapes):
        data = in_shapes[0]
        if not known(data):     # MXNet waits for the whole input shape here
            return in_shapes, [None, None], aux_shapes
        if len(data) < 2:
            raise self.shape_error('LRN normalises across channels: the data needs at least 2 '
                                   'axes (batch, channels, ...); it has shape %s' % (tuple(data),))
        return in_shapes, [tuple(data), tuple(data)], aux_shapes

    def create_state(self, in_shapes, out_shapes):
        # MXNet infers shapes for any data with channels but runs only on 4-D: so does tutor
        if len(in_shapes[0]) != 4:
            raise self.shape_error('LRN runs on 4-D (batch, channels, height, width) data; '
                                   'this data has shape %s. Reshape it to 4-D first'
                                   % (tuple(in_shapes[0]),))
        if self.p['nsize'] % 2 != 1:
            raise self.shape_error('LRN only supports odd values for local_size: nsize=%d; '
                                   'use %d or %d' % (self.p['nsize'], self.p['nsize'] - 1,
                                                     self.p['nsize'] + 1))
        return Scratch()

    def _window(self):
        first = -(self.p['nsize'] // 2)
        return first, first + self.p['nsize'] - 1

    def forward(self, is_train, inputs, outputs, aux, state):
        x, p = inputs[0], self.p
        lo, hi = self._window()
        norm = p['knorm'] + p['alpha'] / p['nsize'] * channel_window_sum(x * x, lo, hi)
        np.copyto(outputs[1], norm, casting='unsafe')
        np.copyto(outputs[0], x * norm ** -p['beta'], casting='unsafe')

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        if in_grads[0] is None or req[0] == 'null':
            return
        dy, x, norm, p = out_grads[0], inputs[0], outputs[1], self.p
        lo, hi = self._window()
        inner = dy * x * norm ** (-p['beta'] - 1)
        spread = channel_window_sum(inner, -hi, -lo)      # the windows that contain c
        dx = dy * norm ** -p['beta'] - 2 * p['alpha'] * p['beta'] / p['nsize'] * x * spread
        write_grad(in_grads[0], req[0], dx)
