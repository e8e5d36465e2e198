"""dot and batch_dot: matrix products. Each input is read as a matrix (or a stack of them),
so backward is two more products: dA = dY·Bᵀ and dB = Aᵀ·dY."""
import numpy as np

from ..op import Op, Param, register
from ._common import mx_list, prod, write_grad
from ._partial import norm


def _known_equal(a, b):
    return not (a and b) or a == b


@register
class Dot(Op):
    """y = A·B with a read as a matrix A: (all axes but the last, last axis), or with
    transpose_a (first axis, the other axes)ᵀ; b likewise as B: (first axis, the others), or
    with transpose_b (all but the last, last)ᵀ. Two vectors give their inner product, (1,).
    The output's shape is a's kept axes, then b's kept axes."""
    name = 'dot'
    hint = 'dot'
    params = {'transpose_a': Param('bool', False),
              'transpose_b': Param('bool', False),
              'forward_stype': Param('str', 'None')}
    inputs = ('lhs', 'rhs')

    def _split(self, lhs, rhs):
        """(a's kept axes, a's summed size, b's summed size, b's kept axes)."""
        ta, tb = self.p['transpose_a'], self.p['transpose_b']
        a_keep, a_sum = (lhs[1:], lhs[:1]) if ta else (lhs[:-1], lhs[-1:])
        b_sum, b_keep = (rhs[-1:], rhs[:-1]) if tb else (rhs[:1], rhs[1:])
        return a_keep, prod(a_sum), prod(b_sum), b_keep

    def infer_shape(self, in_shapes, aux_shapes):
        lhs, rhs = norm(in_shapes[0]), norm(in_shapes[1])
        if lhs is None or rhs is None:
            return in_shapes, [None], aux_shapes
        if len(lhs) == 1 and len(rhs) == 1:
            if self.p['transpose_a'] or self.p['transpose_b']:
                raise self.shape_error('Cannot transpose vectors: dot of two 1-D arrays takes '
                                       'no transpose_a/transpose_b')
            out = (1,)
        else:
            a_keep, a_sum, b_sum, b_keep = self._split(lhs, rhs)
            out = (a_keep if len(lhs) > 1 else ()) + (b_keep if len(rhs) > 1 else ())
        a_sum, b_sum = self._split(lhs, rhs)[1:3]
        if not _known_equal(a_sum, b_sum):
            raise self.shape_error('dot shape error: %s X %s (transpose_a=%s, transpose_b=%s): '
                                   'the summed sizes %d and %d differ'
                                   % (mx_list(lhs), mx_list(rhs), self.p['transpose_a'],
                                      self.p['transpose_b'], a_sum, b_sum))
        return in_shapes, [out], aux_shapes

    def _matrices(self, a, b):
        """a and b as the 2-D A and B of y = A·B (views when they can be)."""
        ta, tb = self.p['transpose_a'], self.p['transpose_b']
        A = a.reshape(a.shape[0], -1).T if ta else a.reshape(-1, a.shape[-1])
        B = b.reshape(-1, b.shape[-1]).T if tb else b.reshape(b.shape[0], -1)
        return A, B

    def forward(self, is_train, inputs, outputs, aux, state):
        A, B = self._matrices(inputs[0], inputs[1])
        np.copyto(outputs[0], np.dot(A, B).reshape(outputs[0].shape))

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        a, b = inputs
        A, B = self._matrices(a, b)
        dY = out_grads[0].reshape(A.shape[0], B.shape[1])
        if in_grads[0] is not None and req[0] != 'null':
            dA = np.dot(dY, B.T)
            dA = dA.T if self.p['transpose_a'] else dA
            write_grad(in_grads[0], req[0], dA.reshape(a.shape))
        if in_grads[1] is not None and req[1] != 'null':
            dB = np.dot(A.T, dY)
            dB = dB.T if self.p['transpose_b'] else dB
            write_grad(in_grads[1], req[1], dB.reshape(b.shape))


def _last2(x, t):
    """The stack of matrices in x, transposed when t."""
    return np.swapaxes(x, -1, -2) if t else x


@register
class BatchDot(Op):
    """y[i] = A[i]·B[i] for every i of the leading (batch) axes: (..., M, K)·(..., K, N)
    -> (..., M, N); transpose_a / transpose_b transpose each A[i] / B[i] first."""
    name = 'batch_dot'
    hint = 'batch_dot'
    params = {'transpose_a': Param('bool', False),
              'transpose_b': Param('bool', False),
              'forward_stype': Param('str', 'None')}
    inputs = ('lhs', 'rhs')

    def infer_shape(self, in_shapes, aux_shapes):
        lhs, rhs = norm(in_shapes[0]), norm(in_shapes[1])
        if lhs is None or rhs is None:
            return in_shapes, [None], aux_shapes
        if len(lhs) < 3 or len(rhs) < 3 or len(lhs) != len(rhs):
            raise self.shape_error('batch_dot currently only support N-D*N-D array (N >= 3)%s '
                                   'v.s. %s: give both a batch axis, e.g. (batch, M, K) and '
                                   '(batch, K, N)' % (mx_list(lhs), mx_list(rhs)))
        if not (lhs[-1] and rhs[-2]):   # MXNet infers only once these two are known
            return in_shapes, [None], aux_shapes
        ta, tb = self.p['transpose_a'], self.p['transpose_b']
        m, ka = (lhs[-1], lhs[-2]) if ta else (lhs[-2], lhs[-1])
        kb, n = (rhs[-1], rhs[-2]) if tb else (rhs[-2], rhs[-1])
        if not all(_known_equal(x, y) for x, y in zip(lhs[:-2], rhs[:-2])):
            raise self.shape_error('batch_dot shape error (the leading batch dimensions must be '
                                   'equal): %s X %s' % (mx_list(lhs), mx_list(rhs)))
        if not _known_equal(ka, kb):
            raise self.shape_error('batch_dot shape error (shape mismatch): %s X %s trans_a=%d '
                                   'trans_b=%d' % (mx_list(lhs), mx_list(rhs), ta, tb))
        batch = tuple(x or y for x, y in zip(lhs[:-2], rhs[:-2]))
        return in_shapes, [batch + (m, n)], aux_shapes

    def forward(self, is_train, inputs, outputs, aux, state):
        np.matmul(_last2(inputs[0], self.p['transpose_a']),
                  _last2(inputs[1], self.p['transpose_b']), out=outputs[0])

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        ta, tb = self.p['transpose_a'], self.p['transpose_b']
        A, B, dY = _last2(inputs[0], ta), _last2(inputs[1], tb), out_grads[0]
        if in_grads[0] is not None and req[0] != 'null':
            write_grad(in_grads[0], req[0], _last2(np.matmul(dY, np.swapaxes(B, -1, -2)), ta))
        if in_grads[1] is not None and req[1] != 'null':
            write_grad(in_grads[1], req[1], _last2(np.matmul(np.swapaxes(A, -1, -2), dY), tb))
