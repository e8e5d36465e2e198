"""``mx.util``: MXNet's switch for NumPy shape semantics. tutor keeps MXNet 1.x's default
(legacy) semantics, where 0 in a shape means "unknown dimension" and () means "unknown"."""
import functools

_NP_SHAPE = False


def is_np_shape():
    """False: tutor uses MXNet 1.x's default shape semantics."""
    return _NP_SHAPE


def set_np_shape(active):
    """Only the default (False) is supported; returns the previous state, like MXNet."""
    if active:
        raise NotImplementedError('tutor keeps MXNet 1.x legacy shape semantics (0 = unknown '
                                  'dimension); NumPy shape semantics are not supported')
    return _NP_SHAPE


class _NumpyShapeScope:
    def __init__(self, is_np_shape=True):   # noqa: A002 - MXNet's argument name
        self._enter = is_np_shape
        self._prev = None

    def __enter__(self):
        self._prev = set_np_shape(self._enter)
        return self

    def __exit__(self, *exc):
        set_np_shape(self._prev)


def np_shape(active=True):
    """``with mx.util.np_shape(False):`` works; turning NumPy semantics on is refused."""
    return _NumpyShapeScope(active)


def use_np_shape(func):
    """MXNet's decorator that runs ``func`` under NumPy shape semantics: refused in tutor."""
    @functools.wraps(func)
    def wrapped(*args, **kwargs):
        with np_shape(True):
            return func(*args, **kwargs)
    return wrapped
