"""Reductions: sum (``sum_axis``), mean, prod, max (``max_axis``), min (``min_axis``) over
some axes. Backward spreads the head gradient back over the axes that were reduced."""
import numpy as np

from ...base import MXNetError
from ..op import Op, Param, register
from ._common import write_grad
from ._partial import norm


def parse_axes(op, raw):
    """'None' / '()' -> () (every axis), '1' -> (1,), '(0, 2)' or '[0, 2]' -> (0, 2)."""
    text = str(raw).strip()
    if text == 'None':
        return ()
    try:
        return tuple(int(v) for v in text.strip('()[]').split(',') if v.strip())
    except ValueError:
        raise MXNetError('Invalid Parameter format for axis expect Shape(tuple) or None but '
                         'value=%r, in operator %s(name="%s")' % (raw, op.name,
                                                                  op.node_name)) from None


class _Reduce(Op):
    """y = the reduction of x over ``axis`` (all axes when not given); ``exclude`` reduces
    over every axis *but* those; ``keepdims`` keeps the reduced axes with size 1."""
    params = {'axis': Param('str', 'None'),
              'keepdims': Param('bool', False),
              'exclude': Param('bool', False)}

    def __init__(self, attrs=None, node_name=''):
        super().__init__(attrs, node_name)
        self.axis = parse_axes(self, self.p['axis'])

    def reduced(self, ndim):
        """The reduced axes, sorted and non-negative (checked as MXNet checks them)."""
        if not self.axis:
            return tuple(range(ndim))
        for a in self.axis:
            if not -ndim <= a < ndim:
                raise self.shape_error('Reduction axis %d Exceeds input dimensions %d: the '
                                       'data has axes 0..%d' % (a, ndim, ndim - 1))
        axes = sorted(a % ndim for a in self.axis)
        if len(set(axes)) != len(axes):
            raise self.shape_error('Reduction axes have duplicates %s' % list(axes))
        if self.p['exclude']:
            axes = [a for a in range(ndim) if a not in axes]
        return tuple(axes)

    def infer_shape(self, in_shapes, aux_shapes):
        data = norm(in_shapes[0])
        if data is None:
            return in_shapes, [None], aux_shapes
        axes = self.reduced(len(data))
        if self.p['keepdims']:
            out = tuple(1 if i in axes else d for i, d in enumerate(data))
        else:
            out = tuple(d for i, d in enumerate(data) if i not in axes) or (1,)
        return in_shapes, [out], aux_shapes

    def forward(self, is_train, inputs, outputs, aux, state):
        axes = self.reduced(inputs[0].ndim)
        y = self.reduce(inputs[0], axes)
        np.copyto(outputs[0], y.reshape(outputs[0].shape))

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        if in_grads[0] is None or req[0] == 'null':
            return
        x = inputs[0]
        axes = self.reduced(x.ndim)
        kept = tuple(1 if i in axes else d for i, d in enumerate(x.shape))
        dy, y = out_grads[0].reshape(kept), outputs[0].reshape(kept)
        write_grad(in_grads[0], req[0], np.broadcast_to(self.grad(x, y, dy, axes), x.shape))


@register
class Sum(_Reduce):
    """y = Σ x over the axes; dx = dy (spread over the summed axes)."""
    name, hint, aliases = 'sum', 'sum', ('sum_axis',)

    def reduce(self, x, axes):
        return np.sum(x, axis=axes)

    def grad(self, x, y, dy, axes):
        return dy


@register
class Mean(_Reduce):
    """y = the mean of x over the axes; dx = dy / n, n = the number of values averaged."""
    name, hint = 'mean', 'mean'

    def reduce(self, x, axes):
        return np.mean(x, axis=axes)

    def grad(self, x, y, dy, axes):
        return dy / max(1, int(np.prod([x.shape[a] for a in axes])))


@register
class Prod(_Reduce):
    """y = Π x over the axes; dx = dy·y / x (as MXNet computes it: NaN where x = 0 and
    y = 0)."""
    name, hint = 'prod', 'prod'

    def reduce(self, x, axes):
        return np.prod(x, axis=axes)

    def grad(self, x, y, dy, axes):
        with np.errstate(divide='ignore', invalid='ignore'):
            return dy * y / x


@register
class Max(_Reduce):
    """y = the largest x over the axes; dx = dy wherever x equals that maximum (every tied
    place gets it, as in MXNet), 0 elsewhere."""
    name, hint, aliases = 'max', 'max', ('max_axis',)

    def reduce(self, x, axes):
        return np.max(x, axis=axes)

    def grad(self, x, y, dy, axes):
        return dy * (x == y)


@register
class Min(Max):
    """y = the smallest x over the axes; dx = dy wherever x equals that minimum, else 0."""
    name, hint, aliases = 'min', 'min', ('min_axis',)

    def reduce(self, x, axes):
        return np.min(x, axis=axes)


@register
class Norm(_Reduce):
    """y = the L2 norm √Σx² (ord=2) or the L1 norm Σ|x| (ord=1) over the axes (all: shape
    (1,)); dx = dy·x/y (L2) or dy·sign(x) (L1)."""
    name, hint = 'norm', 'norm'
    params = {'ord': Param('int', 2), 'axis': Param('str', 'None'),
              'out_dtype': Param('str', 'None'), 'keepdims': Param('bool', False)}

    def __init__(self, attrs=None, node_name=''):
        super().__init__(attrs, node_name)
        self.p['exclude'] = False

    def infer_type(self, in_types):
        out = self.p['out_dtype']
        return in_types, [in_types[0] if out == 'None' else np.dtype(out)]

    def infer_shape(self, in_shapes, aux_shapes):
        if not all(d > 0 for d in (norm(in_shapes[0]) or (0,))):   # MXNet: whole shapes only
            return in_shapes, [None], aux_shapes
        return super().infer_shape(in_shapes, aux_shapes)

    def reduce(self, x, axes):
        if self.p['ord'] not in (1, 2):   # checked when it runs, as MXNet does
            raise MXNetError('Check failed: param.ord == 1 || param.ord == 2: norm only '
                             'supports ord=1 and ord=2, got ord=%d (%s)'
                             % (self.p['ord'], self.node_name))
        if self.p['ord'] == 1:
            return np.sum(np.abs(x), axis=axes)
        return np.sqrt(np.sum(np.square(x), axis=axes))

    def grad(self, x, y, dy, axes):
        if self.p['ord'] == 1:
            return dy * np.sign(x)
        with np.errstate(divide='ignore', invalid='ignore'):
            return np.where(y == 0, 0, dy * x / y)


@register
class NanSum(_Reduce):
    """y = Σ x over the axes, NaN counted as 0; dx = dy where x is a number, 0 at NaN."""
    name, hint = 'nansum', 'nansum'

    def reduce(self, x, axes):
        return np.nansum(x, axis=axes)

    def grad(self, x, y, dy, axes):
        return np.where(np.isnan(x), 0, dy)


@register
class NanProd(_Reduce):
    """y = Π x over the axes, NaN counted as 1; dx = dy·y/x where x is a number, 0 at NaN."""
    name, hint = 'nanprod', 'nanprod'

    def reduce(self, x, axes):
        return np.nanprod(x, axis=axes)

    def grad(self, x, y, dy, axes):
        with np.errstate(divide='ignore', invalid='ignore'):
            return np.where(np.isnan(x), 0, dy * y / x)
