"""Errors and small helpers shared by every part of tutor."""


class MXNetError(RuntimeError):
    """The error type real MXNet raises from its C++ core (a RuntimeError there too)."""


def _as_list(obj):
    """A single item becomes a one-item list; lists and tuples become lists."""
    if obj is None:
        return []
    if isinstance(obj, (list, tuple)):
        return list(obj)
    return [obj]
