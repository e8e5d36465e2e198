"""Automatic names for symbols: ``fullyconnected0``, ``fullyconnected1``... as MXNet gives.

The counters are per hint and process-global, like MXNet's; ``with NameManager():`` starts
fresh counters and ``with Prefix('mlp_'):`` puts a prefix on every name, explicit ones too.
"""


class NameManager:
    _current = None

    def __init__(self):
        self._counter = {}
        self._old = None

    def get(self, name, hint):
        if name:
            return name
        hint = hint.lower()
        n = self._counter.get(hint, 0)
        self._counter[hint] = n + 1
        return '%s%d' % (hint, n)

    def __enter__(self):
        self._old = NameManager._current
        NameManager._current = self
        return self

    def __exit__(self, *exc):
        NameManager._current = self._old

    @classmethod
    def current(cls):
        return cls._current


class Prefix(NameManager):
    """Prefix every name made inside the ``with`` block (``name='fc1'`` → ``mlp_fc1``)."""

    def __init__(self, prefix):
        super().__init__()
        self._prefix = prefix

    def get(self, name, hint):
        return self._prefix + super().get(name, hint)


NameManager._current = NameManager()
current = NameManager.current
