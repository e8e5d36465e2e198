"""tutor's random numbers (initializers, Dropout, ``mx.random`` / ``mx.nd.random``).
``seed`` makes runs repeatable.

MXNet keeps its own generator apart from NumPy's; so does tutor. Random values differ from
MXNet's for the same seed (the generators differ), but each is repeatable on its own.
Every sampler takes MXNet's ``shape`` (an int n is (n,); nothing gives (1,)), ``dtype``
(float32 unless said), ``ctx`` (one device: ignored) and ``out`` (written into, returned).
"""
import numpy as np

_rng = np.random.RandomState(0)


def seed(seed_state, ctx='all'):
    """Reset tutor's generator (MXNet: ``mx.random.seed``)."""
    if not isinstance(seed_state, (int, np.integer)):
        raise ValueError('sd must be int')
    _rng.seed(int(seed_state) % (2 ** 32))


def generator():
    """The RandomState every tutor component draws from."""
    return _rng


def _size(shape, out):
    if out is not None and shape is None:
        return out.shape
    if shape is None or shape == ():
        return (1,)
    return (int(shape),) if isinstance(shape, (int, np.integer)) else tuple(shape)


def _deliver(values, dtype, out, default='float32'):
    from .ndarray import NDArray
    if out is not None:
        np.copyto(out, values, casting='unsafe')
        return out
    return np.asarray(values, dtype=dtype or default).view(NDArray)


def uniform(low=0, high=1, shape=None, dtype=None, ctx=None, out=None, **kwargs):
    """Samples from [low, high)."""
    return _deliver(_rng.uniform(low, high, size=_size(shape, out)), dtype, out)


def normal(loc=0, scale=1, shape=None, dtype=None, ctx=None, out=None, **kwargs):
    """Samples from N(loc, scale²)."""
    return _deliver(_rng.normal(loc, scale, size=_size(shape, out)), dtype, out)


def randn(*shape, **kwargs):
    """``randn(2, 3)``: standard normal samples of shape (2, 3) (loc/scale keywords too)."""
    return normal(kwargs.pop('loc', 0), kwargs.pop('scale', 1), shape or None, **kwargs)


def randint(low, high, shape=None, dtype=None, ctx=None, out=None, **kwargs):
    """Integers from [low, high), int32 unless ``dtype`` says otherwise."""
    return _deliver(_rng.randint(low, high, size=_size(shape, out)), dtype, out, 'int32')


def exponential(scale=1, shape=None, dtype=None, ctx=None, out=None, **kwargs):
    return _deliver(_rng.exponential(scale, size=_size(shape, out)), dtype, out)


def gamma(alpha=1, beta=1, shape=None, dtype=None, ctx=None, out=None, **kwargs):
    """Gamma with shape ``alpha`` and scale ``beta``."""
    return _deliver(_rng.gamma(alpha, beta, size=_size(shape, out)), dtype, out)


def poisson(lam=1, shape=None, dtype=None, ctx=None, out=None, **kwargs):
    """Poisson counts, as floats (float32) like MXNet."""
    return _deliver(_rng.poisson(lam, size=_size(shape, out)), dtype, out)


def shuffle(data, **kwargs):
    """A copy of ``data`` with its rows (first axis) in random order."""
    from .ndarray import NDArray
    out = np.array(data, copy=True).view(NDArray)
    _rng.shuffle(out.view(np.ndarray))
    out = out if kwargs.get('out') is None else _deliver(out, None, kwargs['out'])
    return out


def multinomial(data, shape=None, get_prob=False, out=None, dtype='int32', **kwargs):
    """One draw (or ``shape`` draws) per row of probabilities ``data``: class indices."""
    p = np.asarray(data, dtype=np.float64)
    rows = p.reshape(-1, p.shape[-1])
    n = int(np.prod(_size(shape, None))) if shape is not None else 1
    draws = np.array([[_rng.choice(p.shape[-1], p=r / r.sum()) for _ in range(n)]
                      for r in rows])
    tail = () if shape is None else _size(shape, None)
    idx = draws.reshape(p.shape[:-1] + tail) if p.ndim > 1 or shape is not None \
        else draws.reshape(1)
    result = _deliver(idx, dtype, out)
    if get_prob:
        logp = np.log(np.take_along_axis(rows, draws, axis=1)).reshape(idx.shape)
        return [result, _deliver(logp, 'float32', None)]
    return result
