"""NDArray's fluent methods where MXNet's conventions differ from NumPy's: reductions give
shape (1,) (MXNet 1.x has no 0-d arrays) and take ``exclude``; ``reshape`` knows MXNet's
special values; ``flatten`` keeps the batch axis; and the element-wise maths MXNet offers
as methods (``x.exp()``, ``x.relu()``...)."""
import numpy as np


def reshape_target(src, shape, reverse=False):
    """MXNet's Reshape: the output shape for ``src`` from ``shape`` with its special values
    0 (copy this axis), -1 (infer), -2 (copy all remaining axes), -3 (merge two axes) and
    -4 (split one axis in two, one of them may be -1). ``reverse`` reads both right to left."""
    src, shape = list(src), list(shape)
    if reverse:  # MXNet simply reverses both lists (a -4 then reads its two sizes reversed)
        src, shape = src[::-1], shape[::-1]
    out, i, k, infer = [], 0, 0, None
    while k < len(shape):
        s = shape[k]
        if s == 0:
            out.append(src[i])
            i += 1
        elif s == -1:
            infer = len(out)
            out.append(1)
            i += 1
        elif s == -2:
            out.extend(src[i:])
            i = len(src)
        elif s == -3:
            out.append(src[i] * src[i + 1])
            i += 2
        elif s == -4:
            a, b = shape[k + 1], shape[k + 2]
            a = src[i] // b if a == -1 else a
            b = src[i] // a if b == -1 else b
            out += [a, b]
            i += 1
            k += 2
        else:
            out.append(s)
            i += 1
        k += 1
    if infer is not None:
        known = int(np.prod([d for j, d in enumerate(out) if j != infer]))
        out[infer] = int(np.prod(src)) // max(known, 1)
    return tuple(out[::-1] if reverse else out)


def _axes(ndim, axis, exclude):
    if axis is None or axis == ():
        axes = tuple(range(ndim))
    else:
        axes = tuple(a % ndim for a in ((axis,) if np.isscalar(axis) else axis))
    if exclude:
        axes = tuple(a for a in range(ndim) if a not in axes)
    return axes


def reduce(fn, data, axis=None, keepdims=False, exclude=False):
    """A reduction as MXNet does it: over ``axis`` (or all but it with exclude), shape (1,)
    when everything is reduced away."""
    a = np.asarray(data)
    out = fn(a, axis=_axes(a.ndim, axis, exclude), keepdims=keepdims)
    out = np.asarray(out, dtype=a.dtype)
    return (out.reshape(1) if out.ndim == 0 else out).view(type(data) if isinstance(
        data, np.ndarray) else np.ndarray)


def _norm(a, axis=None, keepdims=False, ord=2):  # noqa: A002 - MXNet's name
    a64 = a.astype(np.float64)
    if ord == 1:
        return np.sum(np.abs(a64), axis=axis, keepdims=keepdims)
    return np.sqrt(np.sum(np.square(a64), axis=axis, keepdims=keepdims))


def _unary(fn):
    def method(self, *args, **kwargs):
        return np.asarray(fn(self.view(np.ndarray), *args, **kwargs),
                          dtype=self.dtype).view(type(self))
    method.__name__ = getattr(fn, '__name__', 'unary')
    return method


def _sigmoid(x):
    return 0.5 * (1 + np.tanh(0.5 * x))


def _softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def _log_softmax(x, axis=-1):
    m = x - np.max(x, axis=axis, keepdims=True)
    return m - np.log(np.sum(np.exp(m), axis=axis, keepdims=True))


def _reduction(fn):
    def method(self, axis=None, keepdims=False, exclude=False, dtype=None, out=None, **kw):
        if dtype is not None or out is not None:  # NumPy's np.sum(x, out=...) calls us so
            return getattr(np.ndarray, fn.__name__)(self, axis=axis, dtype=dtype, out=out,
                                                    keepdims=keepdims)
        return reduce(fn, self, axis, keepdims, exclude)
    method.__name__ = fn.__name__
    return method


class Fluent:
    """Mixed into NDArray before numpy.ndarray, so these win over NumPy's methods."""

    sum = _reduction(np.sum)
    nansum = _reduction(np.nansum)
    mean = _reduction(np.mean)
    max = _reduction(np.max)
    min = _reduction(np.min)
    prod = _reduction(np.prod)
    nanprod = _reduction(np.nanprod)

    def norm(self, ord=2, axis=None, keepdims=False, **kwargs):  # noqa: A002
        return reduce(lambda a, axis, keepdims: _norm(a, axis, keepdims, ord), self, axis,
                      keepdims)

    def argmax(self, axis=None, keepdims=False, out=None):
        return _arg(np.argmax, self, axis, keepdims, out)

    def argmin(self, axis=None, keepdims=False, out=None):
        return _arg(np.argmin, self, axis, keepdims, out)

    def reshape(self, *shape, **kwargs):
        """A view with the new shape (MXNet's special values 0, -1, -2, -3, -4 work)."""
        if len(shape) == 1 and isinstance(shape[0], (list, tuple)):
            shape = shape[0]
        shape = kwargs.pop('shape', shape)
        reverse = kwargs.pop('reverse', False)
        if kwargs.get('order', 'C') != 'C':   # NumPy's own functions may ask for an order
            return np.ndarray.reshape(self, shape, order=kwargs['order'])
        kwargs.pop('order', None)
        if kwargs:
            raise TypeError('Got unknown keywords in reshape: %s. Accepted keyword arguments '
                            'are shape and reverse.' % ', '.join(kwargs))
        target = reshape_target(self.shape, shape, reverse)
        if int(np.prod(target)) != self.size:
            from ..base import MXNetError
            raise MXNetError('cannot reshape array of shape %s into %s (from %s): the sizes '
                             'differ' % (self.shape, target, tuple(shape)))
        return np.ndarray.reshape(self, target)

    def flatten(self, inplace=False):
        """(N, d1, d2, ...) -> (N, d1·d2·...), like the Flatten operator."""
        return np.ndarray.reshape(self, (self.shape[0], -1) if self.ndim else (1, 1))

    def transpose(self, *axes, **kwargs):
        axes = kwargs.pop('axes', axes[0] if len(axes) == 1 and not np.isscalar(axes[0])
                          else axes) or None
        return np.ndarray.transpose(self, axes).copy()

    def swapaxes(self, dim1=0, dim2=0):
        return np.ndarray.swapaxes(self, dim1, dim2).copy()

    def expand_dims(self, axis):
        return np.expand_dims(self, axis)

    def astype(self, dtype, copy=True):
        return np.ndarray.astype(self, dtype, copy=copy)

    def zeros_like(self, **kwargs):
        return np.zeros_like(self)

    def ones_like(self, **kwargs):
        return np.ones_like(self)

    def split(self, num_outputs, axis=1, squeeze_axis=False):
        parts = np.split(self, num_outputs, axis=axis)
        parts = [np.squeeze(p, axis=axis) if squeeze_axis else p for p in parts]
        return parts[0] if num_outputs == 1 else list(parts)

    def slice_axis(self, axis, begin, end):
        index = [slice(None)] * self.ndim
        index[axis] = slice(begin, end)
        return np.ndarray.__getitem__(self, tuple(index)).copy()

    def one_hot(self, depth, on_value=1.0, off_value=0.0, dtype='float32'):
        idx = self.view(np.ndarray).astype(np.int64)[..., None]
        hit = idx == np.arange(depth)   # indices outside [0, depth) give a row of off_value
        return np.where(hit, on_value, off_value).astype(dtype).view(type(self))

    def tile(self, reps):
        return np.tile(self, reps)

    def squeeze(self, axis=None, inplace=False):
        return np.ndarray.squeeze(self, axis=axis).copy()

    abs = _unary(np.abs)
    negative = _unary(np.negative)
    sign = _unary(np.sign)
    exp = _unary(np.exp)
    expm1 = _unary(np.expm1)
    log = _unary(np.log)
    log2 = _unary(np.log2)
    log10 = _unary(np.log10)
    log1p = _unary(np.log1p)
    sqrt = _unary(np.sqrt)
    rsqrt = _unary(lambda x: 1 / np.sqrt(x))
    square = _unary(np.square)
    reciprocal = _unary(np.reciprocal)
    sin, cos, tan = _unary(np.sin), _unary(np.cos), _unary(np.tan)
    tanh = _unary(np.tanh)
    floor, ceil, trunc = _unary(np.floor), _unary(np.ceil), _unary(np.trunc)
    rint = _unary(np.rint)
    fix = _unary(np.fix)
    relu = _unary(lambda x: np.maximum(x, 0))
    sigmoid = _unary(_sigmoid)
    softmax = _unary(_softmax)
    log_softmax = _unary(_log_softmax)


def _arg(fn, data, axis, keepdims, out=None):
    if out is not None:  # NumPy's np.argmax(x, out=...) calls the method like this
        return fn(data.view(np.ndarray), axis=axis, out=out)
    a = np.asarray(data)
    out = fn(a, axis=axis)
    if keepdims and axis is not None:
        out = np.expand_dims(out, axis)
    out = np.asarray(out, dtype=np.float32)   # MXNet returns indices as floats
    return (out.reshape(1) if out.ndim == 0 else out).view(type(data))
