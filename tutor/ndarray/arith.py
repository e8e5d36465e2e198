"""MXNet's element-wise functions of two operands (``nd.add``, ``nd.divide``, ...): NDArray
or scalar on either side, NumPy broadcasting, the NDArray's dtype kept (comparisons give
0/1 in that dtype, not booleans)."""
import numpy as np

from .ndarray import NDArray


def _binary(fn):
    def apply(lhs, rhs):
        arrays = [a for a in (lhs, rhs) if isinstance(a, np.ndarray)]
        if not arrays:
            return fn(lhs, rhs)   # two scalars: a scalar, as in MXNet
        dtype = arrays[0].dtype
        out = fn(np.asarray(lhs), np.asarray(rhs))
        return np.asarray(out, dtype=dtype).view(NDArray)
    apply.__name__ = fn.__name__
    return apply


add = _binary(np.add)
subtract = _binary(np.subtract)
multiply = _binary(np.multiply)
divide = _binary(np.divide)
true_divide = divide
modulo = _binary(np.mod)
power = _binary(np.power)
maximum = _binary(np.maximum)
minimum = _binary(np.minimum)
equal = _binary(np.equal)
not_equal = _binary(np.not_equal)
greater = _binary(np.greater)
greater_equal = _binary(np.greater_equal)
lesser = _binary(np.less)
lesser_equal = _binary(np.less_equal)
logical_and = _binary(np.logical_and)
logical_or = _binary(np.logical_or)
logical_xor = _binary(np.logical_xor)
hypot = _binary(np.hypot)


def negative(arr):
    return np.negative(arr)


def onehot_encode(indices, out):
    """MXNet's old one-hot helper: fills ``out`` (batch, classes) from ``indices``."""
    out[...] = 0
    out.view(np.ndarray)[np.arange(out.shape[0]), np.asarray(indices).astype(int)] = 1
    return out


def moveaxis(tensor, source, destination):
    return np.moveaxis(tensor, source, destination).copy()
