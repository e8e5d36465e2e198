"""Activation: an element-wise non-linearity between layers."""
import numpy as np

from ..op import Op, Param, register
from ._common import Scratch, grad_finish, grad_target


def sigmoid_into(x, out):
    """σ(x) = 1/(1+e⁻ˣ), computed as ½(1+tanh(x/2)): no overflow for large |x|."""
    np.multiply(x, 0.5, out=out)
    np.tanh(out, out=out)
    out *= 0.5
    out += 0.5


def softmax_into(x, y, state, key='rowmax'):
    """Softmax of a 2-D (rows, K) or 3-D (rows, K, positions) view along axis 1, into y.
    Subtracting the row maximum first keeps exp() from overflowing."""
    m = state.get(key, x.shape[:1] + (1,) + x.shape[2:], x.dtype)
    np.maximum.reduce(x, axis=1, keepdims=True, out=m)
    np.subtract(x, m, out=y)
    np.exp(y, out=y)
    np.add.reduce(y, axis=1, keepdims=True, out=m)
    y /= m


def axis_view(a, axis):
    """``a`` as a 3-D (before, axis, after) view, or 2-D (before, axis) when nothing follows."""
    axis = axis % a.ndim
    before = int(np.prod(a.shape[:axis], dtype=np.int64))
    after = int(np.prod(a.shape[axis + 1:], dtype=np.int64))
    if after == 1:
        return a.reshape(before, a.shape[axis])
    return a.reshape(before, a.shape[axis], after)


def same_shape(op, in_shapes, n_out=1):
    """Element-wise ops: the output has the data's shape."""
    data = in_shapes[0]
    return in_shapes, [None if data is None else tuple(data)] * n_out


@register
class Activation(Op):
    """y = f(x) element-wise. act_type:

    relu     f(x) = max(x, 0)            f' = 1 if x > 0 else 0
    sigmoid  f(x) = 1 / (1 + e⁻ˣ)        f' = y·(1 − y)
    tanh     f(x) = tanh(x)              f' = 1 − y²
    softrelu f(x) = log(1 + eˣ)          f' = σ(x) = 1 − e⁻ʸ
    softsign f(x) = x / (1 + |x|)        f' = 1 / (1 + |x|)²
    """
    name = 'Activation'
    hint = 'activation'
    params = {'act_type': Param('enum', required=True,
                                choices=('relu', 'sigmoid', 'softrelu', 'softsign', 'tanh'))}

    def infer_shape(self, in_shapes, aux_shapes):
        in_shapes, outs = same_shape(self, in_shapes)
        return in_shapes, outs, aux_shapes

    def create_state(self, in_shapes, out_shapes):
        return Scratch()

    def forward(self, is_train, inputs, outputs, aux, state):
        x, y = inputs[0], outputs[0]
        act = self.p['act_type']
        if act == 'relu':
            np.maximum(x, 0, out=y)
        elif act == 'sigmoid':
            sigmoid_into(x, y)
        elif act == 'tanh':
            np.tanh(x, out=y)
        elif act == 'softrelu':
            np.logaddexp(x, 0, out=y)          # log(1 + eˣ) without overflow
        else:  # softsign
            np.abs(x, out=y)
            y += 1
            np.divide(x, y, out=y)

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        dx = grad_target(state, 'ddata', in_grads[0], req[0])
        if dx is None:
            return
        dy, x, y = out_grads[0], inputs[0], outputs[0]
        act = self.p['act_type']
        if act == 'relu':
            mask = state.get('mask', y.shape, np.bool_)
            np.greater(y, 0, out=mask)
            np.multiply(dy, mask, out=dx)
        elif act == 'sigmoid':           # dy·y·(1 − y)
            np.subtract(1, y, out=dx)
            dx *= y
            dx *= dy
        elif act == 'tanh':              # dy·(1 − y²)
            np.multiply(y, y, out=dx)
            np.subtract(1, dx, out=dx)
            dx *= dy
        elif act == 'softrelu':          # dy·(1 − e⁻ʸ)
            np.negative(y, out=dx)
            np.expm1(dx, out=dx)
            np.negative(dx, out=dx)
            dx *= dy
        else:                            # dy / (1 + |x|)²
            np.abs(x, out=dx)
            dx += 1
            np.multiply(dx, dx, out=dx)
            np.divide(dy, dx, out=dx)
        grad_finish(in_grads[0], req[0], dx)
