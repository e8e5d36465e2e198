"""reverse (``flip``), stack, squeeze, tile, repeat and reshape_like: the data copied into
another arrangement. Each backward gathers the head gradient back to where each value
came from (summing over the copies tile and repeat made)."""
import numpy as np

from ...base import MXNetError
from ..op import Op, Param, register
from ._common import mx_list, prod, write_grad, zero_grad
from ._partial import axis_of, complete, merge, norm
from .index import optional_axis
from .reduce import parse_axes


@register
class Reverse(Op):
    """y = x with the order of the entries along each of ``axis`` reversed; dx = dy reversed
    back."""
    name = 'reverse'
    hint = 'reverse'
    aliases = ('flip',)
    params = {'axis': Param('str', required=True)}

    def __init__(self, attrs=None, node_name=''):
        super().__init__(attrs, node_name)
        self.axes = parse_axes(self, self.p['axis'])

    def infer_shape(self, in_shapes, aux_shapes):
        data = norm(in_shapes[0])
        if data is not None:
            for a in self.axes:
                axis_of(self, a, len(data))
        return in_shapes, [data], aux_shapes

    def forward(self, is_train, inputs, outputs, aux, state):
        np.copyto(outputs[0], np.flip(inputs[0], self.axes))

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        write_grad(in_grads[0], req[0], np.flip(out_grads[0], self.axes))


@register
class Stack(Op):
    """y = the inputs (all of one shape) stacked along a new axis ``axis``; each input's
    gradient is its slice of dy."""
    name = 'stack'
    hint = 'stack'
    variadic = 'num_args'
    params = {'axis': Param('int', 0), 'num_args': Param('int', required=True)}

    def __init__(self, attrs=None, node_name=''):
        super().__init__(attrs, node_name)
        if self.p['num_args'] < 1:
            raise MXNetError('value %d for Parameter num_args should be greater equal to 1'
                             % self.p['num_args'])

    def arguments(self):
        return ['arg%d' % i for i in range(self.p['num_args'])]

    def infer_shape(self, in_shapes, aux_shapes):
        shape = None
        for s in in_shapes:
            shape = merge(self, shape, norm(s), 'the inputs')
        if shape is None:
            return in_shapes, [None], aux_shapes
        axis = axis_of(self, self.p['axis'], len(shape) + 1)
        # like MXNet, the inputs are left as given: only the output is inferred
        return in_shapes, [shape[:axis] + (self.p['num_args'],) + shape[axis:]], aux_shapes

    def forward(self, is_train, inputs, outputs, aux, state):
        np.copyto(outputs[0], np.stack(inputs, axis=self.p['axis']))

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        axis = self.p['axis'] % outputs[0].ndim
        for i, (dx, r) in enumerate(zip(in_grads, req)):
            write_grad(dx, r, np.take(out_grads[0], i, axis=axis))


@register
class Squeeze(Op):
    """y = x without its axes of size 1 (only those in ``axis`` when given; at least one axis
    is kept); dx = dy reshaped back."""
    name = 'squeeze'
    hint = 'squeeze'
    params = {'axis': Param('str', 'None')}

    def __init__(self, attrs=None, node_name=''):
        super().__init__(attrs, node_name)
        self.axes = parse_axes(self, self.p['axis'])

    def infer_shape(self, in_shapes, aux_shapes):
        data = norm(in_shapes[0])
        if not complete(data):   # MXNet waits for the whole shape
            return in_shapes, [None], aux_shapes
        axes = [axis_of(self, a, len(data)) for a in self.axes]
        for a in axes:
            if data[a] != 1:
                raise self.shape_error('cannot select an axis to squeeze out which has size=%d '
                                       'not equal to one (axis %d of %s)' % (data[a], a, data))
        gone = axes or [i for i, d in enumerate(data) if d == 1]
        out = tuple(d for i, d in enumerate(data) if i not in gone) or (1,)
        return in_shapes, [out], aux_shapes

    def forward(self, is_train, inputs, outputs, aux, state):
        np.copyto(outputs[0], inputs[0].reshape(outputs[0].shape))

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        write_grad(in_grads[0], req[0], out_grads[0].reshape(inputs[0].shape))


def _tile_layout(shape, reps):
    """shape and reps padded with leading 1s to the same length, as numpy.tile does."""
    n = max(len(shape), len(reps))
    return (1,) * (n - len(shape)) + tuple(shape), (1,) * (n - len(reps)) + tuple(reps)


@register
class Tile(Op):
    """y = x repeated ``reps[i]`` times along axis i (as numpy.tile); dx = the sum of dy over
    the copies."""
    name = 'tile'
    hint = 'tile'
    params = {'reps': Param('tuple', required=True)}

    def infer_shape(self, in_shapes, aux_shapes):
        data = norm(in_shapes[0])
        if not complete(data):
            return in_shapes, [None], aux_shapes
        shape, reps = _tile_layout(data, self.p['reps'])
        return in_shapes, [tuple(d * r for d, r in zip(shape, reps))], aux_shapes

    def forward(self, is_train, inputs, outputs, aux, state):
        np.copyto(outputs[0], np.tile(inputs[0], self.p['reps']))

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        shape, reps = _tile_layout(inputs[0].shape, self.p['reps'])
        pairs = [v for r, d in zip(reps, shape) for v in (r, d)]   # (r0, d0, r1, d1, ...)
        summed = out_grads[0].reshape(pairs).sum(axis=tuple(range(0, len(pairs), 2)))
        write_grad(in_grads[0], req[0], summed.reshape(inputs[0].shape))


@register
class Repeat(Op):
    """y = each entry of x repeated ``repeats`` times along ``axis`` (no axis: of the
    flattened x), as numpy.repeat; dx = the sum of dy over each entry's copies."""
    name = 'repeat'
    hint = 'repeat'
    params = {'repeats': Param('int', required=True), 'axis': Param('str', 'None')}

    def __init__(self, attrs=None, node_name=''):
        super().__init__(attrs, node_name)
        self.axis = optional_axis(self, self.p['axis'])

    def infer_shape(self, in_shapes, aux_shapes):
        data, n = norm(in_shapes[0]), self.p['repeats']
        if data is None:
            return in_shapes, [None], aux_shapes
        if self.axis is None:
            return in_shapes, [(prod(data) * n,) if complete(data) else None], aux_shapes
        axis = axis_of(self, self.axis, len(data))
        return in_shapes, [data[:axis] + (data[axis] * n,) + data[axis + 1:]], aux_shapes

    def forward(self, is_train, inputs, outputs, aux, state):
        np.copyto(outputs[0], np.repeat(inputs[0], self.p['repeats'], axis=self.axis))

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        x, n = inputs[0], self.p['repeats']
        if self.axis is None:
            summed = out_grads[0].reshape(-1, n).sum(axis=1)
        else:
            axis = self.axis % x.ndim
            split = x.shape[:axis + 1] + (n,) + x.shape[axis + 1:]
            summed = out_grads[0].reshape(split).sum(axis=axis + 1)
        write_grad(in_grads[0], req[0], summed.reshape(x.shape))


@register
class ReshapeLike(Op):
    """y = lhs reshaped to rhs's shape (or: lhs's axes [lhs_begin, lhs_end) replaced by rhs's
    axes [rhs_begin, rhs_end)); d lhs = dy reshaped back, rhs gets 0."""
    name = 'reshape_like'
    hint = 'reshape_like'
    params = {'lhs_begin': Param('str', 'None'), 'lhs_end': Param('str', 'None'),
              'rhs_begin': Param('str', 'None'), 'rhs_end': Param('str', 'None')}
    inputs = ('lhs', 'rhs')

    def _range(self, key, ndim):
        b = optional_axis(self, self.p[key + '_begin'])
        e = optional_axis(self, self.p[key + '_end'])
        b = 0 if b is None else b % ndim if b < 0 else b
        e = ndim if e is None else e % ndim if e < 0 else e
        return b, e

    def infer_shape(self, in_shapes, aux_shapes):
        lhs, rhs = norm(in_shapes[0]), norm(in_shapes[1])
        if not (complete(lhs) and complete(rhs)):
            return in_shapes, [None], aux_shapes
        lb, le = self._range('lhs', len(lhs))
        rb, re = self._range('rhs', len(rhs))
        out = lhs[:lb] + rhs[rb:re] + lhs[le:]
        if prod(out) != prod(lhs):
            raise self.shape_error('Cannot reshape lhs with shape %s to new shape %s because '
                                   'they have different size' % (mx_list(lhs), mx_list(out)))
        return in_shapes, [out], aux_shapes

    def forward(self, is_train, inputs, outputs, aux, state):
        np.copyto(outputs[0], inputs[0].reshape(outputs[0].shape))

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        write_grad(in_grads[0], req[0], out_grads[0].reshape(inputs[0].shape))
        zero_grad(in_grads[1], req[1])
