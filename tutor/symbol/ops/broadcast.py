"""Broadcasting: ``broadcast_add(a, b)`` and friends stretch axes of length 1 (and missing
leading axes) to the other input's length, as NumPy does; ``broadcast_to``,
``broadcast_axis`` and ``broadcast_like`` stretch one array. The gradient of a stretched
input is the head gradient summed over the axes it was stretched along."""
import numpy as np

from ..op import Op, Param, register
from . import binary
from ._common import known, mx_list
from .binary import write_grad


def sum_to(value, shape):
    """``value`` summed over the axes broadcasting added or stretched, so it has ``shape``."""
    if value is None or value.shape == tuple(shape):
        return value
    lead = value.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(lead + i for i, d in enumerate(shape)
                                      if d == 1 and value.shape[lead + i] != 1)
    return value.sum(axis=axes).reshape(shape)


def _dim_known(d):
    return d is not None and d > 0


def broadcast_shape(op, lhs, rhs):
    """NumPy's rule, axes aligned on the right; an unknown (0) length stays unknown."""
    n = max(len(lhs), len(rhs))
    lhs1 = (1,) * (n - len(lhs)) + tuple(lhs)
    rhs1 = (1,) * (n - len(rhs)) + tuple(rhs)
    out = []
    for l, r in zip(lhs1, rhs1):
        if not (_dim_known(l) and _dim_known(r)):
            out.append(0)
        elif l != r and 1 not in (l, r):
            raise op.shape_error(
                'operands could not be broadcast together with shapes %s %s: axis lengths '
                '%d and %d differ and neither is 1. Reshape one input (an axis of length 1 '
                'is stretched) or use inputs whose lengths agree'
                % (mx_list(lhs), mx_list(rhs), l, r))
        else:
            out.append(r if l == 1 else l)
    return tuple(out)


class _Broadcast(Op):
    """Two inputs whose shapes broadcast together; maths from a binary.*Math class."""
    params = {}
    inputs = ('lhs', 'rhs')

    def infer_shape(self, in_shapes, aux_shapes):
        lhs, rhs = in_shapes
        if lhs is None or rhs is None:
            return in_shapes, [None], aux_shapes
        return in_shapes, [broadcast_shape(self, lhs, rhs)], aux_shapes

    def forward(self, is_train, inputs, outputs, aux, state):
        self.f(inputs[0], inputs[1], outputs[0])

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        if all(g is None or r == 'null' for g, r in zip(in_grads, req)):
            return
        grads = self.grads(out_grads[0], inputs[0], inputs[1], outputs[0])
        for dst, r, value, x in zip(in_grads, req, grads, inputs):
            if value is not None:
                value = sum_to(np.broadcast_to(value, outputs[0].shape), x.shape)
            write_grad(dst, r, value)


def _broadcast(name, math, aliases=()):
    cls = type(name.title().replace('_', ''), (math, _Broadcast),
               {'name': name, 'hint': name, 'aliases': aliases,
                '__doc__': '%s(lhs, rhs) with NumPy broadcasting: %s'
                % (name, math.__doc__ or binary._Compare.__doc__)})
    return register(cls)


BroadcastAdd = _broadcast('broadcast_add', binary.AddMath, ('broadcast_plus',))
BroadcastSub = _broadcast('broadcast_sub', binary.SubMath, ('broadcast_minus',))
BroadcastMul = _broadcast('broadcast_mul', binary.MulMath)
BroadcastDiv = _broadcast('broadcast_div', binary.DivMath)
BroadcastMod = _broadcast('broadcast_mod', binary.ModMath)
BroadcastPower = _broadcast('broadcast_power', binary.PowerMath)
BroadcastMaximum = _broadcast('broadcast_maximum', binary.MaximumMath)
BroadcastMinimum = _broadcast('broadcast_minimum', binary.MinimumMath)
BroadcastHypot = _broadcast('broadcast_hypot', binary.HypotMath)
BroadcastEqual = _broadcast('broadcast_equal', binary.EqualMath)
BroadcastNotEqual = _broadcast('broadcast_not_equal', binary.NotEqualMath)
BroadcastGreater = _broadcast('broadcast_greater', binary.GreaterMath)
BroadcastGreaterEqual = _broadcast('broadcast_greater_equal', binary.GreaterEqualMath)
BroadcastLesser = _broadcast('broadcast_lesser', binary.LesserMath)
BroadcastLesserEqual = _broadcast('broadcast_lesser_equal', binary.LesserEqualMath)
BroadcastLogicalAnd = _broadcast('broadcast_logical_and', binary.LogicalAndMath)
BroadcastLogicalOr = _broadcast('broadcast_logical_or', binary.LogicalOrMath)
BroadcastLogicalXor = _broadcast('broadcast_logical_xor', binary.LogicalXorMath)


# --- stretching one array ----------------------------------------------------------------

class _Stretch(Op):
    """y = x stretched to ``target`` (axes of length 1 repeated); dx = dy summed back."""

    def forward(self, is_train, inputs, outputs, aux, state):
        np.copyto(outputs[0], np.broadcast_to(inputs[0], outputs[0].shape))

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        write_grad(in_grads[0], req[0], sum_to(out_grads[0], inputs[0].shape))
        for dst, r in zip(in_grads[1:], req[1:]):    # broadcast_like's rhs: only its shape
            write_grad(dst, r, None)

    def _stretched(self, data, target, what):
        """``data`` stretched to ``target`` (0 in target: keep the data's length)."""
        if len(target) != len(data):
            raise self.shape_error(
                'Operand of shape %s cannot be broadcasted to %s: %s has %d axes, the data '
                '%d. Give one length per axis (0 keeps the data\'s length)'
                % (mx_list(data), mx_list(target), what, len(target), len(data)))
        out = []
        for d, t in zip(data, target):
            if t == 0 or t == d:
                out.append(d)
            elif d == 1 or d == 0:     # stretched, or unknown so far: the target says
                out.append(t)
            else:
                raise self.shape_error(
                    'Array cannot be broadcasted from %s to %s: only axes of length 1 can be '
                    'stretched, and this one has length %d' % (mx_list(data), mx_list(target), d))
        return tuple(out)


@register
class BroadcastTo(_Stretch):
    """y = x stretched to ``shape`` (a 0 in shape keeps x's length on that axis)."""
    name = hint = 'broadcast_to'
    params = {'shape': Param('tuple', ())}

    def infer_shape(self, in_shapes, aux_shapes):
        data = in_shapes[0]
        if data is None:
            return in_shapes, [None], aux_shapes
        return in_shapes, [self._stretched(data, self.p['shape'], 'shape')], aux_shapes


@register
class BroadcastAxis(_Stretch):
    """y = x with each axis in ``axis`` (of length 1) repeated ``size`` times."""
    name = hint = 'broadcast_axis'
    aliases = ('broadcast_axes',)
    params = {'axis': Param('tuple', ()), 'size': Param('tuple', ())}

    def infer_shape(self, in_shapes, aux_shapes):
        data = in_shapes[0]
        if not known(data):     # MXNet waits for the whole input shape here
            return in_shapes, [None], aux_shapes
        axes, sizes = self.p['axis'], self.p['size']
        if len(axes) != len(sizes):
            raise self.shape_error('broadcast_axis: axis=%s and size=%s must have the same '
                                   'length (one size per axis)' % (axes, sizes))
        target = [0] * len(data)
        for a, s in zip(axes, sizes):
            if not 0 <= a < len(data):   # MXNet 1.9.1 takes no negative axis here
                raise self.shape_error(
                    'index = %d must be in range [0, %d): broadcast_axis needs axis between 0 '
                    'and %d for data of shape %s' % (a, len(data), len(data) - 1, tuple(data)))
            if data[a] != 1:
                raise self.shape_error(
                    'Broadcasting axis must have size 1: axis %d of the data %s has length %d'
                    % (a, tuple(data), data[a]))
            target[a] = s
        return in_shapes, [self._stretched(data, target, 'size')], aux_shapes


@register
class BroadcastLike(_Stretch):
    """y = lhs stretched to rhs's shape (or, with lhs_axes/rhs_axes, those axes only);
    rhs gives only its shape, so its gradient is 0."""
    name = hint = 'broadcast_like'
    params = {'lhs_axes': Param('str', 'None'), 'rhs_axes': Param('str', 'None')}
    inputs = ('lhs', 'rhs')

    def infer_shape(self, in_shapes, aux_shapes):
        lhs, rhs = in_shapes
        if lhs is None or rhs is None:
            return in_shapes, [None], aux_shapes
        if self.p['lhs_axes'] in (None, 'None'):
            return in_shapes, [self._stretched(lhs, rhs, 'rhs')], aux_shapes
        from ..op import parse_tuple
        la, ra = parse_tuple(self.p['lhs_axes']), parse_tuple(self.p['rhs_axes'])
        if len(la) != len(ra):
            raise self.shape_error('broadcast_like: lhs_axes=%s and rhs_axes=%s must have '
                                   'the same length' % (la, ra))
        target = [0] * len(lhs)
        for a, b in zip(la, ra):
            target[a] = rhs[b]
        return in_shapes, [self._stretched(lhs, target, 'the target')], aux_shapes
