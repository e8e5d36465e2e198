"""Deconvolution (transposed convolution) on NCHW images and NCW signals: the map whose
matrix is the transpose of Convolution's, so it spreads each input value over a kernel-sized
window of a larger output. Convolution's im2col machinery (conv.py) runs the other way round:
forward scatters windows (col2im), backward gathers them (im2col)."""
import numpy as np

from ..op import Param, register
from ._common import Scratch, assign_shape, grad_finish, grad_target
from .conv import _as_4d, _pair, _Spatial, scatter_windows, windows


@register
class Deconvolution(_Spatial):
    """y[n, f] = Σ_c W[c, f] ⋆ x[n, c]: every x[n, c, i, j] adds x·W[c, f] into the output
    window at (i·stride − pad, j·stride − pad) (dilated), per group of channels; + b[f].
    Output size per axis: stride·(H − 1) + dilate·(kernel − 1) + 1 − 2·pad + adj. With
    target_shape, pad and adj are chosen to give that size. Weight: (C, num_filter/num_group,
    kernel...). No bias unless no_bias=False (MXNet's default is True here).
    Backward: dx = Convolution(dy, W) (same stride, pad, dilate); dW = Σ x·windows(dy);
    db = Σ dy."""
    name = 'Deconvolution'
    hint = 'deconvolution'
    params = {'kernel': Param('tuple', required=True),
              'stride': Param('tuple', ()),
              'dilate': Param('tuple', ()),
              'pad': Param('tuple', ()),
              'adj': Param('tuple', ()),
              'target_shape': Param('tuple', ()),
              'num_filter': Param('int', required=True),
              'num_group': Param('int', 1),
              'workspace': Param('int', 512),
              'no_bias': Param('bool', True),
              'cudnn_tune': Param('str', 'None'),
              'cudnn_off': Param('bool', False),
              'layout': Param('str', 'None')}
    inputs = ('data', 'weight', 'bias')

    def arguments(self):
        return ['data', 'weight'] if self.p['no_bias'] else ['data', 'weight', 'bias']

    def _pad_adj(self, hw, k, s, d):
        """(pad, adj) as 2-D pairs; from target_shape when it is given (MXNet's InferPad)."""
        n = len(self.p['kernel'])
        pad, adj = _pair(self.p['pad'], 0, n), _pair(self.p['adj'], 0, n)
        target = self.p['target_shape']
        if not target:
            return pad, adj
        target = _pair(target, 1, n)
        pad, adj = [], []
        for i in range(2):
            full = s[i] * (hw[i] - 1) + d[i] * (k[i] - 1) + 1
            if full < target[i]:
                raise self.shape_error('too big target shape: target_shape=%s but this '
                                       'deconvolution reaches at most %d on that axis'
                                       % (tuple(self.p['target_shape']), full))
            extra = full - target[i]
            pad.append((extra + 1) // 2)
            adj.append(extra % 2)
        return tuple(pad), tuple(adj)

    def _out_hw(self, hw, k, s, d, pad, adj):
        return tuple(s[i] * (hw[i] - 1) + d[i] * (k[i] - 1) + 1 - 2 * pad[i] + adj[i]
                     if hw[i] > 0 else 0 for i in range(2))

    def infer_shape(self, in_shapes, aux_shapes):
        data = in_shapes[0]
        if data is None:
            return in_shapes, [None], aux_shapes
        data = tuple(data)
        k, s, _, d = self._geometry(data)
        f, g = self.p['num_filter'], self.p['num_group']
        if f % g or (data[1] and data[1] % g):
            raise self.shape_error('num_group=%d must divide both the %d input channels and '
                                   'num_filter=%d' % (g, data[1], f))
        kernel = tuple(self.p['kernel'])
        if data[1]:
            assign_shape(self, in_shapes, 1, (data[1], f // g) + kernel, 'weight',
                         '%d input channels, num_filter=%d, kernel=%s' % (data[1], f, kernel))
        elif in_shapes[1] is None:
            in_shapes[1] = (0, f // g) + kernel       # the channels are not known yet
        if not self.p['no_bias']:
            assign_shape(self, in_shapes, 2, (f,), 'bias', 'num_filter=%d' % f)
        hw = (1,) * (4 - len(data)) + data[2:]
        out = self._out_hw(hw, k, s, d, *self._pad_adj(hw, k, s, d))
        if min(o for o, h in zip(out, hw) if h > 0) < 1:
            raise self.shape_error('pad %s is too large for the output %s of this '
                                   'deconvolution' % (tuple(self.p['pad']), out))
        return in_shapes, [data[:1] + (f,) + out[4 - len(data):]], aux_shapes

    def create_state(self, in_shapes, out_shapes):
        state = Scratch()
        x_shape = tuple(in_shapes[0])
        k, s, _, d = self._geometry(x_shape)
        hw = (1,) * (4 - len(x_shape)) + x_shape[2:]
        pad, adj = self._pad_adj(hw, k, s, d)
        state.plan = (k, s, d, pad, hw, self._out_hw(hw, k, s, d, pad, adj))
        return state

    def _padded_out_shape(self, n, f, plan):
        k, s, d, pad, hw, out_hw = plan
        return (n, f, out_hw[0] + 2 * pad[0], out_hw[1] + 2 * pad[1])

    def forward(self, is_train, inputs, outputs, aux, state):
        k, s, d, pad, hw, out_hw = state.plan
        x4, y4 = _as_4d(inputs[0]), _as_4d(outputs[0])
        n, c = x4.shape[:2]
        g, f = self.p['num_group'], self.p['num_filter']
        w = inputs[1].reshape(g, c // g, -1)                       # (g, C/g, F/g·kh·kw)
        xg = x4.reshape(n, g, c // g, hw[0] * hw[1])
        cols = np.matmul(w.transpose(0, 2, 1), xg)                 # (n, g, F/g·kh·kw, H·W)
        yp = state.get('ypad', self._padded_out_shape(n, f, state.plan), x4.dtype)
        yp.fill(0)
        scatter_windows(yp, cols.reshape((n, f) + k + hw), k, s, d, hw)
        np.copyto(y4, yp[:, :, pad[0]:pad[0] + out_hw[0], pad[1]:pad[1] + out_hw[1]])
        if not self.p['no_bias']:
            y4 += inputs[2].reshape(1, -1, 1, 1)

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        k, s, d, pad, hw, out_hw = state.plan
        x4, dy4 = _as_4d(inputs[0]), _as_4d(out_grads[0])
        n, c = x4.shape[:2]
        g, f = self.p['num_group'], self.p['num_filter']
        dyp = state.get('dypad', self._padded_out_shape(n, f, state.plan), dy4.dtype)
        dyp.fill(0)
        dyp[:, :, pad[0]:pad[0] + out_hw[0], pad[1]:pad[1] + out_hw[1]] = dy4
        cols = np.ascontiguousarray(windows(dyp, k, s, d, hw)).reshape(
            n, g, -1, hw[0] * hw[1])                               # (n, g, F/g·kh·kw, H·W)
        dx = grad_target(state, 'ddata', in_grads[0], req[0])
        if dx is not None:
            w = inputs[1].reshape(g, c // g, -1)
            np.copyto(_as_4d(dx), np.matmul(w, cols).reshape(x4.shape))
            grad_finish(in_grads[0], req[0], dx)
        dw = grad_target(state, 'dweight', in_grads[1], req[1])
        if dw is not None:
            xg = x4.reshape(n, g, c // g, -1)
            np.copyto(dw, np.einsum('ngcl,ngkl->gck', xg, cols).reshape(dw.shape))
            grad_finish(in_grads[1], req[1], dw)
        if not self.p['no_bias']:
            db = grad_target(state, 'dbias', in_grads[2], req[2])
            if db is not None:
                np.copyto(db, dy4.sum(axis=(0, 2, 3)))
                grad_finish(in_grads[2], req[2], db)
