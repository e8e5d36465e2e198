"""Reshape, SwapAxis, transpose and expand_dims: the same numbers, read in another shape or
order. Each backward is the inverse rearrangement of the head gradient."""
import numpy as np

from ..op import Op, Param, register
from ._common import write_grad, mx_list, prod
from ._partial import axis_of, complete, norm


def _reshape_target(op, spec, dshape):
    """MXNet's special values, applied left to right (unknown dims are -1 while working):
    0 copies the next input dim, -1 is inferred from the size, -2 copies all remaining dims,
    -3 merges the next two dims, -4 splits the next dim into the two values that follow."""
    out, src, infer_at = [], 0, -1
    i = 0
    while i < len(spec):
        d = spec[i]
        if d == 0:
            if src >= len(dshape):
                raise op.shape_error('shape=%s: a 0 copies an input dim, but the input %s has '
                                     'only %d dims' % (spec, dshape, len(dshape)))
            out.append(dshape[src])
            src += 1
        elif d == -1:
            if infer_at >= 0:
                raise op.shape_error('One and only one dim can be inferred: shape=%s has more '
                                     'than one -1' % (spec,))
            infer_at = len(out)
            out.append(1)
            src += 1
        elif d == -2:
            out.extend(dshape[src:])
            src = len(dshape)
        elif d == -3:
            if src + 1 >= len(dshape):
                raise op.shape_error('shape=%s: -3 merges two input dims, but the input %s has '
                                     'none left to merge' % (spec, dshape))
            d1, d2 = dshape[src], dshape[src + 1]
            out.append(d1 * d2 if d1 > 0 and d2 > 0 else -1)
            src += 2
        elif d == -4:
            out.extend(_split_dim(op, spec, i, dshape, src))
            src += 1
            i += 2
        else:
            out.append(d)
            src += 1
        i += 1
    if infer_at >= 0:
        known = all(d > 0 for d in dshape)
        out[infer_at] = prod(dshape) // prod(out) if known else -1
    return tuple(out)


def _split_dim(op, spec, i, dshape, src):
    """-4, d1, d2: the input dim d0 becomes (d1, d2); one of them may be -1."""
    if i + 2 >= len(spec):
        raise op.shape_error('shape=%s: -4 must be followed by the two dims to split into'
                             % (spec,))
    if src >= len(dshape):
        raise op.shape_error('shape=%s: -4 splits an input dim, but the input %s has none left'
                             % (spec, dshape))
    d0, d1, d2 = dshape[src], spec[i + 1], spec[i + 2]
    if d1 == -1 and d2 == -1:
        raise op.shape_error('Split dims cannot both be -1 (shape=%s)' % (spec,))
    if d1 == -1:
        d1 = d0 // d2 if d0 > 0 else -1
    elif d2 == -1:
        d2 = d0 // d1 if d0 > 0 else -1
    if d0 > 0 and d1 * d2 != d0:
        raise op.shape_error('Split dims %d, %d do not divide original dim %d' % (d1, d2, d0))
    return [d1, d2]


@register
class Reshape(Op):
    """y = x with a new shape (same numbers, same order); dy reshaped back is dx.

    ``shape`` may use MXNet's special values (0 copy, -1 infer, -2 copy the rest, -3 merge two,
    -4 split one); ``reverse=True`` applies them from the right. ``target_shape`` and
    ``keep_highest`` are the deprecated older form (0 there means: infer this dim).
    """
    name = 'Reshape'
    hint = 'reshape'
    aliases = ('reshape',)
    params = {'shape': Param('tuple', ()),
              'reverse': Param('bool', False),
              'target_shape': Param('tuple', ()),
              'keep_highest': Param('bool', False)}

    def _target(self, dshape):
        """The output shape from the (partial) input shape; -1 marks an unknown dim."""
        if self.p['shape']:
            spec, d = self.p['shape'], dshape
            if self.p['reverse']:
                return _reshape_target(self, spec[::-1], d[::-1])[::-1]
            return _reshape_target(self, spec, d)
        out = list(self.p['target_shape'])
        start = 1 if self.p['keep_highest'] else 0
        if self.p['keep_highest']:
            out[0] = dshape[0]
        free = [i for i in range(start, len(out)) if out[i] == 0]
        if len(free) == 1:   # the one 0 is inferred
            out[free[0]] = 1
            out[free[0]] = prod(dshape) // prod(out) if complete(dshape) else -1
        return tuple(out)

    def infer_shape(self, in_shapes, aux_shapes):
        data = norm(in_shapes[0])
        if data is None or not (self.p['shape'] or self.p['target_shape']):
            return in_shapes, [None], aux_shapes
        unknown = tuple(d if d > 0 else -1 for d in data)
        out = tuple(max(d, 0) for d in self._target(unknown))
        if complete(data) and complete(out) and prod(out) != prod(data):
            raise self.shape_error(
                'Target shape size is different to source. Target: %s\nSource: %s\nReshape '
                'keeps the number of elements: %s has %d, %s has %d; check shape=%s'
                % (mx_list(out), mx_list(data), data, prod(data), out, prod(out),
                   self.p['shape'] or self.p['target_shape']))
        if complete(out) and sum(d == 0 for d in data) == 1:   # one unknown input dim
            rest = prod(d for d in data if d)
            data = tuple(d or prod(out) // rest for d in data)
        return [data], [out], aux_shapes

    def forward(self, is_train, inputs, outputs, aux, state):
        np.copyto(outputs[0], inputs[0].reshape(outputs[0].shape))

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        write_grad(in_grads[0], req[0], out_grads[0].reshape(inputs[0].shape))


@register
class SwapAxis(Op):
    """y = x with axes dim1 and dim2 exchanged; dx = dy with them exchanged back."""
    name = 'SwapAxis'
    hint = 'swapaxis'
    aliases = ('swapaxes',)
    params = {'dim1': Param('int', 0), 'dim2': Param('int', 0)}

    def infer_shape(self, in_shapes, aux_shapes):
        data = norm(in_shapes[0])
        if data is None:
            return in_shapes, [None], aux_shapes
        a = axis_of(self, self.p['dim1'], len(data), 'dim1')
        b = axis_of(self, self.p['dim2'], len(data), 'dim2')
        out = list(data)
        out[a], out[b] = out[b], out[a]
        return in_shapes, [tuple(out)], aux_shapes

    def forward(self, is_train, inputs, outputs, aux, state):
        np.copyto(outputs[0], np.swapaxes(inputs[0], self.p['dim1'], self.p['dim2']))

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        write_grad(in_grads[0], req[0], np.swapaxes(out_grads[0], self.p['dim1'], self.p['dim2']))


@register
class Transpose(Op):
    """y = x with its axes permuted: y.shape[i] = x.shape[axes[i]] (no axes: reversed).
    dx = dy permuted back by the inverse permutation."""
    name = 'transpose'
    hint = 'transpose'
    params = {'axes': Param('tuple', ())}

    def _axes(self, ndim):
        axes = self.p['axes'] or tuple(range(ndim))[::-1]
        if len(axes) != ndim:
            raise self.shape_error('transpose axes=%s has %d entries but the data has %d axes: '
                                   'give one entry per axis' % (axes, len(axes), ndim))
        if sorted(axes) != list(range(ndim)):
            raise self.shape_error('transpose axes=%s must be a permutation of 0..%d (each axis '
                                   'once, no negative values)' % (axes, ndim - 1))
        return axes

    def infer_shape(self, in_shapes, aux_shapes, out_shapes=(None,)):
        data, out = norm(in_shapes[0]), norm(out_shapes[0])
        if data is None and out is not None and self.p['axes']:   # backwards, as MXNet
            back = np.argsort(self._axes(len(out)))
            return [tuple(out[a] for a in back)], out_shapes, aux_shapes
        if data is None:
            return in_shapes, [None], aux_shapes
        return in_shapes, [tuple(data[a] for a in self._axes(len(data)))], aux_shapes

    def forward(self, is_train, inputs, outputs, aux, state):
        np.copyto(outputs[0], np.transpose(inputs[0], self._axes(inputs[0].ndim)))

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        back = np.argsort(self._axes(inputs[0].ndim))
        write_grad(in_grads[0], req[0], np.transpose(out_grads[0], back))


@register
class ExpandDims(Op):
    """y = x with a new axis of size 1 at position ``axis`` (negative: counted from the end
    of the output); dx = dy without it."""
    name = 'expand_dims'
    hint = 'expand_dims'
    params = {'axis': Param('int', required=True)}

    def infer_shape(self, in_shapes, aux_shapes, out_shapes=(None,)):
        data, out = norm(in_shapes[0]), norm(out_shapes[0])
        if data is None and out is not None:   # backwards: the output without the new axis
            axis = self.p['axis'] % len(out)
            return [out[:axis] + out[axis + 1:]], out_shapes, aux_shapes
        if data is None:
            return in_shapes, [None], aux_shapes
        axis, n = self.p['axis'], len(data)
        if not -n - 1 <= axis <= n:
            raise self.shape_error('axis must be in the range [%d, %d] (%d provided): the new '
                                   'axis goes before one of the %d axes or after the last'
                                   % (-n - 1, n, axis, n))
        axis = axis % (n + 1)
        return in_shapes, [data[:axis] + (1,) + data[axis:]], aux_shapes

    def forward(self, is_train, inputs, outputs, aux, state):
        np.copyto(outputs[0], inputs[0].reshape(outputs[0].shape))

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        write_grad(in_grads[0], req[0], out_grads[0].reshape(inputs[0].shape))
