"""tutor: MXNet's symbolic Module API rebuilt in NumPy, with lenses that show what it hides.

    import tutor as mx        # then write MXNet 1.x Module code as usual

Submodules load on first use, so ``import tutor`` stays fast.
"""
import importlib

from .base import MXNetError
from .attribute import AttrScope
from .context import Context, cpu, gpu, cpu_pinned, current_context

__version__ = '0.1.0'

# MXNet's names (and aliases) for each part, and the tutor-only parts.
_SUBMODULES = {
    'sym': 'symbol', 'symbol': 'symbol', 'nd': 'ndarray', 'ndarray': 'ndarray',
    'io': 'io', 'mod': 'module', 'module': 'module', 'init': 'initializer',
    'initializer': 'initializer', 'optimizer': 'optimizer', 'lr_scheduler': 'lr_scheduler',
    'metric': 'metric', 'callback': 'callback', 'model': 'model', 'viz': 'viz',
    'visualization': 'viz', 'mon': 'monitor', 'monitor': 'monitor', 'random': 'random',
    'name': 'name', 'context': 'context', 'base': 'base', 'attribute': 'attribute',
    'executor': 'executor', 'test_utils': 'test_utils', 'util': 'util', 'rnn': 'rnn',
    'kv': 'kvstore', 'kvstore': 'kvstore',
    'lens': 'lens', 'data': 'data', 'widgets': 'widgets', 'i18n': 'i18n',
    'exercises': 'exercises',
}
_FUNCTIONS = {'set_language': ('i18n', 'set_language'), 'get_language': ('i18n', 'get_language'),
              'explain': ('lens', 'explain')}


def __getattr__(attr):
    if attr in _SUBMODULES:
        mod = importlib.import_module('.' + _SUBMODULES[attr], __name__)
        globals()[attr] = mod
        return mod
    if attr in _FUNCTIONS:
        modname, fname = _FUNCTIONS[attr]
        fn = getattr(importlib.import_module('.' + modname, __name__), fname)
        globals()[attr] = fn
        return fn
    raise AttributeError("module 'tutor' has no attribute %r" % attr)


def __dir__():
    return sorted(set(globals()) | set(_SUBMODULES) | set(_FUNCTIONS))
