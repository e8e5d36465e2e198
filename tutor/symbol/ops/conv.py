"""Convolution and Pooling on NCHW images (and NCW signals, as images of height 1).

Both read windows through a strided view of the (padded) input, im2col style: convolution
then becomes one batched matrix product, and its backward scatters the window gradients
back (col2im)."""
import numpy as np
from numpy.lib.stride_tricks import as_strided

from ..op import Op, Param, register
from ._common import (Scratch, assign_shape, grad_finish, grad_target, out_finish,
                      out_target)


def _pair(values, default, n):
    """A per-axis parameter for 1-D or 2-D, as (height, width); () means ``default``.
    1-D data is an image of height 1, so its height parameter is ``default`` too."""
    values = tuple(values) or (default,) * n
    return (default,) + values if n == 1 else values


def _as_4d(a):
    """NCW as NC1W, so 1-D and 2-D share one code path."""
    return a.reshape(a.shape[0], a.shape[1], 1, a.shape[2]) if a.ndim == 3 else a


def windows(xp, kernel, stride, dilate, out_hw):
    """View (N, C, kh, kw, OH, OW) of a padded NCHW array: every window, no copy."""
    s = xp.strides
    return as_strided(xp, shape=xp.shape[:2] + tuple(kernel) + tuple(out_hw),
                      strides=(s[0], s[1], s[2] * dilate[0], s[3] * dilate[1],
                               s[2] * stride[0], s[3] * stride[1]), writeable=False)


def scatter_windows(dxp, cols, kernel, stride, dilate, out_hw):
    """col2im: add each window's gradient (N, C, kh, kw, OH, OW) back where it was read."""
    for i in range(kernel[0]):
        for j in range(kernel[1]):
            h0, w0 = i * dilate[0], j * dilate[1]
            dxp[:, :, h0:h0 + stride[0] * (out_hw[0] - 1) + 1:stride[0],
                w0:w0 + stride[1] * (out_hw[1] - 1) + 1:stride[1]] += cols[:, :, i, j]


class _Spatial(Op):
    """Shared geometry: kernel, stride, pad (and dilate) as 2-D pairs."""

    def _geometry(self, data_shape):
        n = len(data_shape) - 2
        if n not in (1, 2):
            raise self.shape_error('%s in tutor handles NCW or NCHW data (3 or 4 axes); the '
                                   'data has shape %s' % (self.name, tuple(data_shape)))
        kernel = tuple(self.p['kernel'])
        if len(kernel) != n:
            raise self.shape_error('kernel=%s has %d axes but the data %s has %d spatial axes'
                                   % (kernel, len(kernel), tuple(data_shape), n))
        k = (1,) + kernel if n == 1 else kernel
        s = _pair(self.p['stride'], 1, n)
        p = _pair(self.p['pad'], 0, n)
        d = _pair(self.p.get('dilate', ()), 1, n)
        return k, s, p, d

    def _padded(self, state, x4, pad, fill, extra=(0, 0)):
        """x copied into a buffer with ``pad`` (+``extra`` at the bottom/right) of ``fill``."""
        if not any(pad) and not any(extra):
            return x4
        n, c, h, w = x4.shape
        shape = (n, c, h + 2 * pad[0] + extra[0], w + 2 * pad[1] + extra[1])
        xp = getattr(state, 'xpad', None)
        if xp is None or xp.shape != shape or xp.dtype != x4.dtype:
            xp = np.full(shape, fill, dtype=x4.dtype)
            state.xpad = xp
        xp[:, :, pad[0]:pad[0] + h, pad[1]:pad[1] + w] = x4
        return xp


@register
class Convolution(_Spatial):
    """y[n, f] = Σ_c Σ_window W[f, c]·x[n, c, window] + b[f], with stride, zero padding,
    dilation and num_group groups (each filter sees C/num_group channels). Output size per
    axis: ⌊(H + 2·pad − dilate·(kernel − 1) − 1)/stride⌋ + 1."""
    name = 'Convolution'
    hint = 'convolution'
    params = {'kernel': Param('tuple', required=True),
              'stride': Param('tuple', ()),
              'dilate': Param('tuple', ()),
              'pad': Param('tuple', ()),
              'num_filter': Param('int', required=True),
              'num_group': Param('int', 1),
              'workspace': Param('int', 1024),
              'no_bias': Param('bool', False),
              'cudnn_tune': Param('str', 'None'),
              'cudnn_off': Param('bool', False),
              'layout': Param('str', 'None')}
    inputs = ('data', 'weight', 'bias')

    def arguments(self):
        return ['data', 'weight'] if self.p['no_bias'] else ['data', 'weight', 'bias']

    def infer_shape(self, in_shapes, aux_shapes, out_shapes=None):
        data = in_shapes[0]
        if data is None:
            return in_shapes, [None], aux_shapes
        k, s, p, d = self._geometry(data)
        if out_shapes and out_shapes[0] is not None and len(out_shapes[0]) == len(data):
            data = in_shapes[0] = self._data_from_output(data, out_shapes[0], k, s, p, d)
        f, g = self.p['num_filter'], self.p['num_group']
        if data[1] % g or f % g:
            raise self.shape_error('num_group=%d must divide both the %d input channels and '
                                   'num_filter=%d' % (g, data[1], f))
        kernel = tuple(self.p['kernel'])
        assign_shape(self, in_shapes, 1, (f, data[1] // g) + kernel, 'weight',
                     'num_filter=%d, %d input channels, kernel=%s' % (f, data[1], kernel))
        if not self.p['no_bias']:
            assign_shape(self, in_shapes, 2, (f,), 'bias', 'num_filter=%d' % f)
        hw = (1,) * (4 - len(data)) + tuple(data[2:])
        out = [(hw[i] + 2 * p[i] - d[i] * (k[i] - 1) - 1) // s[i] + 1 if hw[i] else 0
               for i in range(2)]   # an unknown (0) size stays unknown
        out = out[4 - len(data):]
        if any(h and o < 1 for h, o in zip(hw[4 - len(data):], out)):
            raise self.shape_error('the kernel %s (dilate %s) is larger than the padded data '
                                   '%s; use a smaller kernel or more padding'
                                   % (kernel, tuple(self.p['dilate']), tuple(data)))
        return in_shapes, [(data[0], f) + tuple(out)], aux_shapes

    @staticmethod
    def _data_from_output(data, out, k, s, p, d):
        """MXNet's backward inference: the batch always, a spatial size where stride is 1
        (size = out + dilate·(kernel − 1) − 2·pad)."""
        data = list(data)
        data[0] = data[0] or out[0]
        first = 4 - len(data)   # 1-D data is an image of height 1
        for i in range(first, 2):
            j = i + 2 - first
            if not data[j] and out[j] and s[i] == 1:
                data[j] = out[j] + d[i] * (k[i] - 1) - 2 * p[i]
        return tuple(data)

    def create_state(self, in_shapes, out_shapes):
        state = Scratch()
        state.geometry = self._geometry(in_shapes[0])
        return state

    def _cols(self, state, x4, out_hw):
        """Every window of x as a contiguous (N, C, kh, kw, OH, OW) array."""
        k, s, p, d = state.geometry
        xp = self._padded(state, x4, p, 0)
        cols = state.get('cols', x4.shape[:2] + k + tuple(out_hw), x4.dtype)
        np.copyto(cols, windows(xp, k, s, d, out_hw))
        return cols

    def forward(self, is_train, inputs, outputs, aux, state):
        x4, y4 = _as_4d(inputs[0]), _as_4d(outputs[0])
        n, g = x4.shape[0], self.p['num_group']
        out_hw = y4.shape[2:]
        cols = self._cols(state, x4, out_hw).reshape(n, g, -1, out_hw[0] * out_hw[1])
        w = inputs[1].reshape(g, -1, cols.shape[2])
        # (g, F/g, K) @ (N, g, K, L): each group's filters times its windows
        y = out_target(state, 'y', outputs[0], (n, g, w.shape[1], cols.shape[3]))
        np.matmul(w, cols, out=y)
        if not self.p['no_bias']:
            y += inputs[2].reshape(1, g, -1, 1)
        out_finish(outputs[0], y)

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        x4, dy4 = _as_4d(inputs[0]), _as_4d(out_grads[0])
        n, f, oh, ow = dy4.shape
        g = self.p['num_group']
        cols = state.cols.reshape(n, g, -1, oh * ow)   # still holds this batch's windows
        dy = dy4.reshape(n, g, f // g, oh * ow)
        dw = grad_target(state, 'dweight', in_grads[1], req[1], (g, f // g, cols.shape[2]))
        if dw is not None:
            # Σ over the batch and positions: (g, F/g, N·L) @ (g, N·L, K)
            dyt = state.get('dy_t', (g, f // g, n, oh * ow), dy.dtype)
            np.copyto(dyt, dy.transpose(1, 2, 0, 3))
            colt = state.get('cols_t', (g, cols.shape[2], n, oh * ow), dy.dtype)
            np.copyto(colt, cols.transpose(1, 2, 0, 3))
            np.matmul(dyt.reshape(g, f // g, -1), colt.reshape(g, cols.shape[2], -1).transpose(
                0, 2, 1), out=dw)
            grad_finish(in_grads[1], req[1], dw)
        if not self.p['no_bias']:
            db = grad_target(state, 'dbias', in_grads[2], req[2])
            if db is not None:
                np.add.reduce(dy4, axis=(0, 2, 3), out=db)
                grad_finish(in_grads[2], req[2], db)
        if in_grads[0] is not None and req[0] != 'null':
            self._data_grad(state, inputs[1], dy, in_grads[0], req[0], x4.shape, (oh, ow))

    def _data_grad(self, state, weight, dy, dx, req, x_shape, out_hw):
        k, s, p, d = state.geometry
        n, g = dy.shape[:2]
        w = weight.reshape(g, dy.shape[2], -1)
        dcols = state.get('dcols', state.cols.shape, dy.dtype)
        np.matmul(w.transpose(0, 2, 1), dy, out=dcols.reshape(n, g, w.shape[2], -1))
        hp, wp = x_shape[2] + 2 * p[0], x_shape[3] + 2 * p[1]
        dxp = state.get('dxpad', x_shape[:2] + (hp, wp), dy.dtype)
        dxp.fill(0)
        scatter_windows(dxp, dcols, k, s, d, out_hw)
        inner = dxp[:, :, p[0]:p[0] + x_shape[2], p[1]:p[1] + x_shape[3]]
        dx4 = _as_4d(dx)
        if req == 'add':
            dx4 += inner
        else:
            np.copyto(dx4, inner)


@register
class Pooling(_Spatial):
    """Max, average or sum over each kernel window. pooling_convention 'valid' drops a last
    partial window, 'full' keeps it. avg divides by the window size including padding
    (count_include_pad, default True) or by the values actually inside the data.
    global_pool pools each whole feature map to 1×1."""
    name = 'Pooling'
    hint = 'pooling'
    params = {'kernel': Param('tuple', ()),
              'pool_type': Param('enum', 'max', choices=('avg', 'lp', 'max', 'sum')),
              'global_pool': Param('bool', False),
              'cudnn_off': Param('bool', False),
              'pooling_convention': Param('enum', 'valid', choices=('full', 'same', 'valid')),
              'stride': Param('tuple', ()),
              'pad': Param('tuple', ()),
              'p_value': Param('str', 'None'),
              'count_include_pad': Param('str', 'None'),
              'layout': Param('str', 'None')}

    def _geometry(self, data_shape):
        if self.p['pool_type'] == 'lp':
            raise self.shape_error("pool_type='lp' is not implemented in tutor; use 'max', "
                                   "'avg' or 'sum'")
        if self.p['global_pool']:
            if len(data_shape) not in (3, 4):
                return super()._geometry(data_shape)
            hw = (1,) * (4 - len(data_shape)) + tuple(data_shape[2:])
            return hw, (1, 1), (0, 0), (1, 1)
        if self.p['pooling_convention'] == 'same':
            raise self.shape_error("pooling_convention='same' is only for 1-D max pooling in "
                                   "MXNet and is not implemented in tutor; use 'valid' or "
                                   "'full'")
        return super()._geometry(data_shape)

    def _out_hw(self, hw, k, s, p):
        full = self.p['pooling_convention'] == 'full' and not self.p['global_pool']
        out = []
        for i in range(2):
            span = hw[i] + 2 * p[i] - k[i]
            out.append(0 if not hw[i] else   # an unknown (0) size stays unknown
                       1 + (-(-span // s[i]) if full else span // s[i]))
        return tuple(out)

    def num_outputs(self):
        # MXNet 1.9.1's pip (MKLDNN) build gives max pooling a hidden workspace output, which
        # shows in the JSON's node_row_ptr; tutor keeps the count so files stay identical.
        return 2 if self.p['pool_type'] == 'max' else 1

    def infer_shape(self, in_shapes, aux_shapes):
        data = in_shapes[0]
        if data is None:
            return in_shapes, [None] * self.num_outputs(), aux_shapes
        k, s, p, _ = self._geometry(data)
        hw = (1,) * (4 - len(data)) + tuple(data[2:])
        out = self._out_hw(hw, k, s, p)
        if any(hw[i] and (out[i] < 1 or k[i] > hw[i] + 2 * p[i]) for i in range(2)):
            raise self.shape_error('kernel %s is larger than the padded data %s; use a smaller '
                                   'kernel, more padding or global_pool=True'
                                   % (tuple(self.p['kernel']), tuple(data)))
        return (in_shapes, [tuple(data[:2]) + out[4 - len(data):]] * self.num_outputs(),
                aux_shapes)

    def create_state(self, in_shapes, out_shapes):
        state = Scratch()
        x_shape = in_shapes[0]
        hw = (1,) * (4 - len(x_shape)) + tuple(x_shape[2:])
        k, s, p, _ = self._geometry(x_shape)
        out_hw = self._out_hw(hw, k, s, p)
        state.plan = (k, s, p, hw, out_hw)
        # The last window of 'full' may reach past the padding: pad more, with the fill value.
        state.extra = tuple(max(0, (out_hw[i] - 1) * s[i] + k[i] - hw[i] - 2 * p[i])
                            for i in range(2))
        if self.p['pool_type'] == 'avg':
            state.divisor = self._divisor(k, s, p, hw, out_hw)
        return state

    def _divisor(self, k, s, p, hw, out_hw):
        """Window sizes for avg: MXNet clips windows at data + pad, and also at the data when
        count_include_pad is False."""
        include = self.p['count_include_pad'] in (None, 'None', 'True', 'true', '1')
        sizes = []
        for i in range(2):
            start = np.arange(out_hw[i]) * s[i] - p[i]
            end = np.minimum(start + k[i], hw[i] + p[i])
            if not include:
                start, end = np.maximum(start, 0), np.minimum(end, hw[i])
            sizes.append(end - start)
        return np.outer(sizes[0], sizes[1]).astype(np.float64)

    def _offsets(self, arr, state):
        """For each kernel offset, the (N, C, OH, OW) strided slice of ``arr`` it reads."""
        k, s, p, hw, out_hw = state.plan
        for i in range(k[0]):
            for j in range(k[1]):
                yield arr[:, :, i:i + s[0] * (out_hw[0] - 1) + 1:s[0],
                          j:j + s[1] * (out_hw[1] - 1) + 1:s[1]]

    def forward(self, is_train, inputs, outputs, aux, state):
        p = state.plan[2]
        x4, y4 = _as_4d(inputs[0]), _as_4d(outputs[0])
        is_max = self.p['pool_type'] == 'max'
        xp = self._padded(state, x4, p, -np.inf if is_max else 0, state.extra)
        combine = np.maximum if is_max else np.add
        for n, part in enumerate(self._offsets(xp, state)):
            if n == 0:
                np.copyto(y4, part)
            else:
                combine(y4, part, out=y4)
        if self.p['pool_type'] == 'avg':
            y4 /= state.divisor

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        dx = grad_target(state, 'ddata', in_grads[0], req[0])
        if dx is None:
            return
        k, s, p, hw, out_hw = state.plan
        dy4 = _as_4d(out_grads[0])
        n, c = dy4.shape[:2]
        shape = (n, c, hw[0] + 2 * p[0] + state.extra[0], hw[1] + 2 * p[1] + state.extra[1])
        dxp = state.get('dxpad', shape, dy4.dtype)
        dxp.fill(0)
        if self.p['pool_type'] == 'max':
            self._max_backward(state, _as_4d(inputs[0]), _as_4d(outputs[0]), dy4, dxp)
        else:
            g = dy4
            if self.p['pool_type'] == 'avg':
                g = state.get('dy_avg', dy4.shape, dy4.dtype)
                np.divide(dy4, state.divisor, out=g)
            for part in self._offsets(dxp, state):
                part += g
        np.copyto(_as_4d(dx), dxp[:, :, p[0]:p[0] + hw[0], p[1]:p[1] + hw[1]])
        grad_finish(in_grads[0], req[0], dx)

    def _max_backward(self, state, x4, y4, dy4, dxp):
        """Each window's gradient goes to its first maximum (MXNet's choice on ties)."""
        xp = self._padded(state, x4, state.plan[2], -np.inf, state.extra)
        taken = state.get('taken', y4.shape, np.bool_)
        taken.fill(False)
        hit = state.get('hit', y4.shape, np.bool_)
        for part, dpart in zip(self._offsets(xp, state), self._offsets(dxp, state)):
            np.equal(part, y4, out=hit)
            hit &= ~taken
            taken |= hit
            dpart += dy4 * hit
