"""Activation (element-wise non-linearities) and the plain softmax ops (not losses)."""
import numpy as np

from ..op import Op, Param, register
from ._common import (ShapeError, Scratch, assign_shape, grad_finish, grad_target, merge_shapes,
                      out_finish, out_target, prod, read_as, zero_grad)


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
    row_sums_into(y, m, state)
    y /= m


def row_sums_into(y, out, state):
    """out = y summed along axis 1 (keepdims). For a 2-D float array that is y·1, one BLAS
    matrix-vector product: faster than NumPy's add.reduce, which loops row by row."""
    if not (y.ndim == 2 and y.dtype in (np.float32, np.float64) and y.flags.c_contiguous):
        np.add.reduce(y, axis=1, keepdims=True, out=out)
        return
    ones = getattr(state, 'ones', None)
    if ones is None or ones.shape != y.shape[1:] or ones.dtype != y.dtype:
        ones = state.ones = np.ones(y.shape[1:], y.dtype)
    y.dot(ones, out=out.reshape(-1))


def axis_shape(shape, axis):
    """``shape`` as 3-D (before, axis, after), or 2-D (before, axis) when nothing follows:
    a softmax along ``axis`` is then one along axis 1."""
    axis = axis % len(shape)
    before, after = prod(shape[:axis]), prod(shape[axis + 1:])
    return (before, shape[axis]) if after == 1 else (before, shape[axis], after)


def axis_view(a, axis):
    """``a`` reshaped to axis_shape (a copy if its strides allow no view: read only)."""
    return a.reshape(axis_shape(a.shape, axis))


def same_shape(op, in_shapes, n_out=1, out_shapes=None):
    """Element-wise ops: the output has the data's shape (and tells it, when known first)."""
    data = in_shapes[0]
    if out_shapes and out_shapes[0] is not None:
        try:
            data = in_shapes[0] = merge_shapes(data, out_shapes[0])
        except ShapeError:  # the solver reports the disagreement where it finds it
            pass
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

    def infer_shape(self, in_shapes, aux_shapes, out_shapes=None):
        in_shapes, outs = same_shape(self, in_shapes, out_shapes=out_shapes)
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


def softmax_backward_into(y, dy, dx, scratch):
    """dx = y·(dy − Σ dy·y) along axis 1 of the (rows, K[, after]) views."""
    np.multiply(dy, y, out=dx)
    s = scratch.get('dot', y.shape[:1] + (1,) + y.shape[2:], y.dtype)
    np.add.reduce(dx, axis=1, keepdims=True, out=s)
    np.subtract(dy, s, out=dx)
    dx *= y


@register
class Softmax(Op):
    """y = softmax(x / temperature) along ``axis``: exp(xᵢ/T) / Σⱼ exp(xⱼ/T). Not a loss:
    backward needs the head gradient, dx = y·(dy − Σ dy·y)/T. With use_length, only the first
    ``length`` entries along the axis take part; the rest output 0."""
    name = 'softmax'
    hint = 'softmax'
    params = {'axis': Param('int', -1),
              'temperature': Param('str', 'None'),
              'dtype': Param('str', 'None'),
              'use_length': Param('bool', False)}
    inputs = ('data', 'length')

    def __init__(self, attrs=None, node_name=''):
        super().__init__(attrs, node_name)
        t = self.p['temperature']
        self.temperature = 1.0 if t in (None, 'None') else float(t)

    def arguments(self):
        return ['data', 'length'] if self.p['use_length'] else ['data']

    def infer_shape(self, in_shapes, aux_shapes):
        data = in_shapes[0]
        if data is None:
            return in_shapes, [None], aux_shapes
        axis = self.p['axis']
        if not -len(data) <= axis < len(data):
            raise self.shape_error('softmax axis=%d does not exist for data of shape %s'
                                   % (axis, tuple(data)))
        if self.p['use_length']:
            lshape = tuple(d for i, d in enumerate(data) if i != axis % len(data))
            assign_shape(self, in_shapes, 1, lshape, 'length',
                         'one length per softmax along axis %d' % axis)
        return in_shapes, [tuple(data)], aux_shapes

    def create_state(self, in_shapes, out_shapes):
        return Scratch()

    def _mask(self, x3, length):
        k = x3.shape[1]
        lens = length.reshape(x3.shape[:1] + (1,) + x3.shape[2:])
        shape = (1, k) + (1,) * (x3.ndim - 2)
        return np.arange(k).reshape(shape) < lens

    def forward(self, is_train, inputs, outputs, aux, state):
        shape = axis_shape(inputs[0].shape, self.p['axis'])
        x3, y3 = axis_view(inputs[0], self.p['axis']), out_target(state, 'y', outputs[0], shape)
        if self.temperature != 1.0:
            np.divide(x3, self.temperature, out=y3)
            x3 = y3
        if not self.p['use_length']:
            softmax_into(x3, y3, state)
        else:
            mask = self._mask(x3, inputs[1])
            np.copyto(y3, x3)
            y3[~np.broadcast_to(mask, y3.shape)] = -np.inf
            with np.errstate(invalid='ignore'):
                softmax_into(y3, y3, state)
            np.nan_to_num(y3, copy=False)    # a length of 0 leaves a row of zeros
        out_finish(outputs[0], y3)

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        if self.p['use_length']:
            zero_grad(in_grads[1], req[1])
        dx = grad_target(state, 'ddata', in_grads[0], req[0],
                         axis_shape(outputs[0].shape, self.p['axis']))
        if dx is None:
            return
        axis = self.p['axis']
        softmax_backward_into(axis_view(outputs[0], axis), axis_view(out_grads[0], axis),
                              dx, state)
        if self.temperature != 1.0:
            dx /= self.temperature
        grad_finish(in_grads[0], req[0], dx)


@register
class SoftmaxActivation(Op):
    """Softmax, not a loss. mode='instance': over the last axis (MXNet flattens the data to
    (rows, last axis)); mode='channel': over axis 1 at each position, for data with 3+ axes."""
    name = 'SoftmaxActivation'
    hint = 'softmaxactivation'
    params = {'mode': Param('enum', 'instance', choices=('channel', 'instance'))}

    def infer_shape(self, in_shapes, aux_shapes, out_shapes=None):
        data = in_shapes[0]
        if data is not None and self.p['mode'] == 'channel' and len(data) < 3:
            raise self.shape_error(
                'Input need to have a least 3 dimensions when mode=channel; the data has shape '
                '%s. Use mode=\'instance\' (or softmax(axis=1)) for (batch, classes) data'
                % (tuple(data),))
        in_shapes, outs = same_shape(self, in_shapes, out_shapes=out_shapes)
        return in_shapes, outs, aux_shapes

    def create_state(self, in_shapes, out_shapes):
        return Scratch()

    def _shape(self, shape):
        if self.p['mode'] == 'channel':
            return axis_shape(shape, 1)
        return (prod(shape[:-1]), shape[-1])

    def forward(self, is_train, inputs, outputs, aux, state):
        shape = self._shape(inputs[0].shape)
        y = out_target(state, 'y', outputs[0], shape)
        softmax_into(read_as(state, 'x', inputs[0], shape), y, state)
        out_finish(outputs[0], y)

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        shape = self._shape(outputs[0].shape)
        dx = grad_target(state, 'ddata', in_grads[0], req[0], shape)
        if dx is not None:
            softmax_backward_into(read_as(state, 'out', outputs[0], shape),
                                  read_as(state, 'dy', out_grads[0], shape), dx, state)
            grad_finish(in_grads[0], req[0], dx)
