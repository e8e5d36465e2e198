"""tutor's random numbers (initializers, Dropout). ``seed`` makes runs repeatable.

MXNet keeps its own generator apart from NumPy's; so does tutor. Random values differ from
MXNet's for the same seed (the generators differ), but each is repeatable on its own.
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


def uniform(low=0.0, high=1.0, shape=(1,), dtype=np.float32, ctx=None, out=None):
    from .ndarray import NDArray
    a = _rng.uniform(low, high, size=shape).astype(dtype)
    if out is not None:
        out[...] = a
        return out
    return a.view(NDArray)


def normal(loc=0.0, scale=1.0, shape=(1,), dtype=np.float32, ctx=None, out=None):
    from .ndarray import NDArray
    a = _rng.normal(loc, scale, size=shape).astype(dtype)
    if out is not None:
        out[...] = a
        return out
    return a.view(NDArray)
