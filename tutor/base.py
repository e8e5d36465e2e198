"""Errors and small helpers shared by every part of tutor."""


def __getattr__(attr):
    if attr == 'mx_real_t':  # MXNet's default dtype; NumPy loads on first use, not at import
        import numpy as np
        return np.float32
    raise AttributeError("module 'tutor.base' has no attribute %r" % attr)


class MXNetError(RuntimeError):
    """The error type real MXNet raises from its C++ core (a RuntimeError there too)."""


def _as_list(obj):
    """A single item becomes a one-item list; lists and tuples become lists."""
    if obj is None:
        return []
    if isinstance(obj, (list, tuple)):
        return list(obj)
    return [obj]


class NotImplementedForSymbol(MXNetError):
    """An NDArray operation asked of a Symbol, which only describes a computation (MXNet's
    ``base.NotImplementedForSymbol``, with its message)."""

    def __init__(self, function, alias, *args):
        super().__init__()
        self.function = function.__name__
        self.alias = alias
        self.args = [str(type(a)) for a in args]

    def __str__(self):
        msg = 'Function {}'.format(self.function)
        if self.alias:
            msg += ' (namely operator "{}")'.format(self.alias)
        if self.args:
            msg += ' with arguments ({})'.format(', '.join(self.args))
        return msg + ' is not implemented for Symbol and only available in NDArray.'

