"""``AttrScope``: attributes given to every symbol made inside a ``with`` block."""


class AttrScope:
    _current = None

    def __init__(self, **kwargs):
        for v in kwargs.values():
            if not isinstance(v, str):
                raise ValueError('Attributes need to be string')
        self._attr = kwargs
        self._old = None

    def get(self, attr):
        """The scope's attributes (keys as given, like MXNet) under the user's ``attr``."""
        out = dict(self._attr)
        out.update(attr or {})
        return out

    def __enter__(self):
        self._old = AttrScope._current
        merged = dict(self._old._attr) if self._old else {}
        merged.update(self._attr)
        self._attr = merged
        AttrScope._current = self
        return self

    def __exit__(self, *exc):
        AttrScope._current = self._old


AttrScope._current = AttrScope()
