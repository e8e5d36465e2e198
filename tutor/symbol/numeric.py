"""``mx.sym.maximum``, ``minimum``, ``hypot``, ``pow``/``power``: two symbols give the
same-shape op (``_maximum``), a symbol and a number the scalar op (``_maximum_scalar``),
two numbers the plain Python answer, as MXNet's functions of the same names."""
import math
import numbers

from .compose import apply_op
from .symbol import Symbol


def _pick(left, right, same, scalar, rscalar, numbers_fn):
    """``same``/``scalar``/``rscalar``: (op name, auto-name hint) for symbol-symbol,
    symbol-number and number-symbol."""
    if isinstance(left, Symbol) and isinstance(right, Symbol):
        return apply_op(same[0], left, right, _hint=same[1])
    if isinstance(left, Symbol) and isinstance(right, numbers.Number):
        return apply_op(scalar[0], left, scalar=right, _hint=scalar[1])
    if isinstance(left, numbers.Number) and isinstance(right, Symbol):
        return apply_op(rscalar[0], right, scalar=left, _hint=rscalar[1])
    if isinstance(left, numbers.Number) and isinstance(right, numbers.Number):
        return numbers_fn(left, right)
    raise TypeError('types (%s, %s) not supported' % (type(left), type(right)))


def maximum(left, right):
    """Element-wise max(left, right); either may be a number."""
    scalar = ('_maximum_scalar', '_maximumscalar')
    return _pick(left, right, ('_maximum', '_maximum'), scalar, scalar,
                 lambda a, b: a if a > b else b)


def minimum(left, right):
    """Element-wise min(left, right); either may be a number."""
    scalar = ('_minimum_scalar', '_minimumscalar')
    return _pick(left, right, ('_minimum', '_minimum'), scalar, scalar,
                 lambda a, b: b if a > b else a)


def hypot(left, right):
    """Element-wise √(left² + right²); either may be a number."""
    scalar = ('_hypot_scalar', '_hypotscalar')
    return _pick(left, right, ('_hypot', '_hypot'), scalar, scalar, math.hypot)


def pow(base, exp):  # noqa: A001 - MXNet's name
    """Element-wise base ** exp; either may be a number (a number base: _rpower_scalar)."""
    return _pick(base, exp, ('_power', '_power'), ('_power_scalar', '_powerscalar'),
                 ('_rpower_scalar', '_rpowerscalar'), lambda a, b: a ** b)


def power(base, exp):
    """The same as ``pow``."""
    return pow(base, exp)
