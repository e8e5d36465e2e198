"""``mx.sym``: build computation graphs. Every registered operator is a function here."""
from .symbol import Symbol, load, load_json
from .compose import Variable, var, Group, apply_op as _apply_op, make_op_function
from .op import OPS
from . import ops as _ops  # noqa: F401 - registers every operator
from .ops.creation import zeros, ones  # noqa: F401 - MXNet's Python helpers for _zeros, _ones

# MXNet's lowercase aliases for some operators.
_ALIASES = {'flatten': 'Flatten'}


def _apply(op_name, *args, **kwargs):
    return _apply_op(op_name, *args, **kwargs)


for _name in list(OPS):
    globals()[_name] = make_op_function(_name)
    for _alias in OPS[_name].aliases:   # split for SliceChannel, named split0
        globals()[_alias] = make_op_function(_name, _alias)
for _alias, _target in _ALIASES.items():
    if _target in OPS:
        globals()[_alias] = make_op_function(_target)
from .numeric import maximum, minimum, hypot, pow, power  # noqa: E402,F401,A001


def __getattr__(attr):
    # Operators registered after import (a learner's own op, chapter 7) appear here too.
    if attr in OPS:
        fn = make_op_function(attr)
        globals()[attr] = fn
        return fn
    raise AttributeError("module 'tutor.symbol' has no attribute %r" % attr)
