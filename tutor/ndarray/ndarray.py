"""NDArray: a NumPy array that also speaks MXNet's NDArray API (methods, fluent operators,
MXNet's reduction and reshape conventions), and the functions that make one."""
import numpy as np

from ..base import MXNetError
from ..context import Context, cpu
from .fluent import Fluent, reduce


class NDArray(Fluent, np.ndarray):
    """A NumPy array with MXNet's NDArray methods (``asnumpy``, ``context``, ``copyto``...).

    Being a NumPy array, it works with every NumPy function; ``asnumpy()`` gives a plain copy.
    Where MXNet and NumPy differ (``sum()`` gives shape (1,), ``reshape`` knows 0 and -1,
    ``flatten`` keeps the batch axis), it follows MXNet (fluent.py). Comparisons stay NumPy's
    booleans (MXNet gives 0/1 floats): NumPy's own functions (``np.allclose``) rely on them.
    """
    __array_priority__ = 1000.0   # 2 - x, and x + numpy array, stay NDArrays

    @property
    def context(self):
        return getattr(self, '_ctx', None) or cpu()   # _ctx: set by an executor group

    ctx = context

    @property
    def stype(self):
        return 'default'

    @property
    def grad(self):
        """Autograd is out of tutor's scope: no array has a gradient buffer attached."""
        return None

    def __getitem__(self, key):
        out = super().__getitem__(key)
        if isinstance(out, np.ndarray) and out.ndim:
            return out
        # MXNet 1.x has no 0-d arrays: indexing down to one element gives shape (1,),
        # a view like any basic index (x[0][2] = 5 writes into x).
        return _one_element(self, key)

    def asnumpy(self):
        return np.array(self.view(np.ndarray), copy=True)

    def asscalar(self):
        if self.size != 1:
            raise ValueError("The current array is not a scalar")
        return self.view(np.ndarray).reshape(-1)[0]

    def copyto(self, other):
        if isinstance(other, np.ndarray):
            if other.shape != self.shape:
                raise MXNetError('copyto: shape %s does not match the target shape %s'
                                 % (self.shape, other.shape))
            other[...] = self
            return other
        if isinstance(other, Context):
            return self.copy()
        raise TypeError('copyto does not support type ' + str(type(other)))

    def as_in_context(self, context):
        return self

    def wait_to_write(self):
        """MXNet runs asynchronously and needs this; NumPy has already finished."""

    def as_np_ndarray(self):
        return self.view(np.ndarray)

    def wait_to_read(self):
        """MXNet runs asynchronously and needs this; NumPy has already finished."""

    def __repr__(self):
        body = np.array2string(self.view(np.ndarray), separator=' ')
        return '\n%s\n<NDArray %s @%s>' % (body, 'x'.join(str(d) for d in self.shape),
                                          self.context)

    __str__ = __repr__

    def __reduce__(self):
        """Pickled as MXNet does it, through the array's .params bytes (read back by tutor's
        own checked reader, never by unpickling anything inside)."""
        from .params_file import save_to_bytes
        return _from_params_bytes, (save_to_bytes([self]),)


def _from_params_bytes(payload):
    from .params_file import load_frombuffer
    return load_frombuffer(payload, source='a pickled NDArray')[0]


def _one_element(arr, key):
    keys = key if isinstance(key, tuple) else (key,)
    if len(keys) == arr.ndim and all(isinstance(k, (int, np.integer)) for k in keys):
        slices = tuple(slice(k, k + 1 if k != -1 else None) for k in keys)
        return np.ndarray.__getitem__(arr, slices).reshape(1)
    return np.reshape(np.ndarray.__getitem__(arr, key), (1,)).view(NDArray)


def _wrap(a):
    return np.asarray(a).view(NDArray)


def array(source_array, ctx=None, dtype=None):
    """A new NDArray holding a copy of ``source_array``. Like MXNet, NumPy arrays and lists
    become float32 unless ``dtype`` is given; an NDArray keeps its dtype."""
    if dtype is None:
        dtype = source_array.dtype if isinstance(source_array, NDArray) else np.float32
    return np.array(source_array, dtype=dtype).view(NDArray)


def empty(shape, ctx=None, dtype=np.float32):
    return np.empty(shape, dtype=dtype).view(NDArray)


def zeros(shape, ctx=None, dtype=np.float32, **kwargs):
    return np.zeros(shape, dtype=dtype).view(NDArray)


def ones(shape, ctx=None, dtype=np.float32, **kwargs):
    return np.ones(shape, dtype=dtype).view(NDArray)


def full(shape, val, ctx=None, dtype=np.float32):
    return np.full(shape, val, dtype=dtype).view(NDArray)


def arange(start, stop=None, step=1.0, repeat=1, ctx=None, dtype=np.float32):
    a = np.arange(start, stop, step, dtype=dtype)
    return np.repeat(a, repeat).view(NDArray)


def concat(*data, dim=1):
    return _wrap(np.concatenate([np.asarray(d) for d in data], axis=dim))


def concatenate(arrays, axis=0, always_copy=True):
    return _wrap(np.concatenate([np.asarray(d) for d in arrays], axis=axis))


def argmax(data, axis=None, keepdims=False):
    return _wrap(data).argmax(axis, keepdims)


def sum(data, axis=None, keepdims=False, exclude=False):  # noqa: A001 - MXNet's name
    return reduce(np.sum, _wrap(data), axis, keepdims, exclude)


def mean(data, axis=None, keepdims=False, exclude=False):
    return reduce(np.mean, _wrap(data), axis, keepdims, exclude)


def norm(data, ord=2, axis=None, keepdims=False):  # noqa: A002 - MXNet's name
    return _wrap(data).norm(ord, axis, keepdims)


def dot(lhs, rhs, transpose_a=False, transpose_b=False):
    a, b = np.asarray(lhs), np.asarray(rhs)
    return _wrap(np.dot(a.T if transpose_a else a, b.T if transpose_b else b))


def waitall():
    """MXNet waits for its asynchronous engine here; NumPy is always done."""
