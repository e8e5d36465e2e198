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
        """Merge the scope's attributes (as ``__key__``) under the user's ``attr``."""
        out = {'__%s__' % k if not k.startswith('__') else k: v for k, v in self._attr.items()}
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
