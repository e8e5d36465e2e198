"""``mx.nd``: NDArrays, the functions that make them, MXNet's ``.params`` files, and every
registered operator as a function on NDArrays (``mx.nd.FullyConnected(x, w, b, ...)``,
``mx.nd.Activation(x, 'relu')``), found in the operator registry when first asked for, so
operators added later appear here too. Names starting with ``_`` live in ``nd._internal``.
"""
from . import _internal, random  # noqa: F401
from .arith import (add, divide, equal, greater, greater_equal, hypot, lesser,  # noqa: F401
                    lesser_equal, logical_and, logical_or, logical_xor, maximum, minimum,
                    modulo, moveaxis, multiply, not_equal, onehot_encode, power, subtract,
                    true_divide)
from .ndarray import (NDArray, arange, array, concatenate, empty, full, ones,  # noqa: F401
                      waitall, zeros)
from .ndarray import _wrap
from .params_file import (DTYPE_TO_FLAG, LIST_MAGIC, TYPE_FLAGS, V1_MAGIC,  # noqa: F401
                          V2_MAGIC, V3_MAGIC, NDArrayFileNotFoundError, NDArrayFormatError,
                          atomic_write, load, load_frombuffer, save, save_to_bytes)
from . import ndarray as _nd


def _zeros_like(data, **kwargs):
    return _nd.np.zeros_like(_wrap(data))


def _ones_like(data, **kwargs):
    return _nd.np.ones_like(_wrap(data))


# MXNet operators tutor also has in plain NumPy, used while no registered op has the name
# (a registered op, with its parity tests, always wins).
_FALLBACKS = {'sum': _nd.sum, 'mean': _nd.mean, 'norm': _nd.norm, 'argmax': _nd.argmax,
              'dot': _nd.dot, 'concat': _nd.concat, 'zeros_like': _zeros_like,
              'ones_like': _ones_like}
_FALLBACKS.update({'uniform': random.uniform, 'normal': random.normal,
                   'shuffle': random.shuffle, 'random_uniform': random.uniform,
                   'random_normal': random.normal, 'random_randint': random.randint})
_UNARY = ('negative', 'squeeze', 'repeat', 'nansum', 'nanprod', 'abs', 'sign', 'exp', 'log',
          'sqrt', 'square', 'relu', 'sigmoid', 'tanh', 'sin', 'cos', 'floor', 'ceil', 'reciprocal', 'max', 'min', 'prod', 'argmin', 'flatten',
          'transpose', 'expand_dims', 'clip', 'log_softmax', 'one_hot', 'tile',
          'slice_axis')
_FALLBACKS.update({n: (lambda name: lambda data, *a, **k: getattr(_wrap(data), name)(*a, **k))
                   (n) for n in _UNARY})


def __getattr__(attr):
    from .imperative import make_nd_function, registered
    op_name = registered(attr) if not attr.startswith('__') else None
    if op_name is not None and not attr.startswith('_'):
        fn = make_nd_function(op_name)
    elif attr in _FALLBACKS:
        fn = _FALLBACKS[attr]
    else:
        raise AttributeError("module 'tutor.ndarray' has no attribute %r" % attr)
    globals()[attr] = fn
    return fn


def __dir__():
    from ..symbol.op import OPS
    return sorted(set(globals()) | set(_FALLBACKS) | {n for n in OPS if not n.startswith('_')})
