"""Reading a learner's answer and comparing it with the expected one.

Every ``read_*`` turns the forms a person might type into one canonical value, or raises
``ValueError`` saying what it could not read; every ``same_*`` compares two canonical values.
A wrong answer must never pass, so the readers are lenient about *form* only: 0.5, 1/2, '1/2',
'50%' and Fraction(1, 2) are one number; (32, 16), [32, 16] and '32x16' are one shape;
' Softmax_Label ' and 'softmax_label' are one name; a function is right when it gives the
expected function's arrays on the exercise's inputs, however it is written.
"""
import fractions
import math
import numbers
import re
import unicodedata

import numpy as np

# an answer cell still holding its placeholder
UNANSWERED = (Ellipsis, None)


class Unreadable(ValueError):
    """An answer that could not be compared, with the catalogue ``key`` and ``fields`` that say
    why in the course's language (``str()`` gives the English)."""

    def __init__(self, english, key, **fields):
        super().__init__(english)
        self.key, self.fields = key, fields


def _text(value):
    """NFKC (full-width digits and letters from a Chinese keyboard become ASCII), stripped."""
    return unicodedata.normalize('NFKC', str(value)).strip()


def _scalar(value):
    """A one-element array or NDArray as its number; anything else unchanged."""
    if isinstance(value, np.ndarray) or hasattr(value, 'asnumpy'):
        arr = np.asarray(value.asnumpy() if hasattr(value, 'asnumpy') else value)
        if arr.size != 1:
            raise ValueError('an array of shape %s is not one number' % (arr.shape,))
        return arr.reshape(()).item()
    return value


_NUMBER = re.compile(r'^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$', re.I)


def _parse_number(text):
    t = text.replace('_', '').replace(' ', '')
    if re.fullmatch(r'[+-]?\d{1,3}(,\d{3})+(\.\d*)?', t):    # 16,000
        t = t.replace(',', '')
    if t.endswith('%'):
        return _parse_number(t[:-1]) / 100
    if '/' in t:
        num, _, den = t.partition('/')
        den_value = _parse_number(den)
        if den_value == 0:
            raise ValueError('%r divides by zero' % text)
        return _parse_number(num) / den_value
    if not _NUMBER.match(t):
        raise ValueError('%r is not a number' % text)
    return float(t)


def read_number(value):
    """A float from an int, float, NumPy number, Fraction, Decimal, one-element array, or text
    such as '0.5', '1/2', '50%', '1e-3', '16,000'. Booleans are not numbers here."""
    value = _scalar(value)
    if isinstance(value, (bool, np.bool_)):
        raise ValueError('%r is a yes/no value, not a number' % (value,))
    if isinstance(value, numbers.Number) and not isinstance(value, complex):
        return float(value)
    if isinstance(value, str):
        return _parse_number(_text(value))
    raise ValueError('%r is not a number' % (value,))


def same_number(answer, expected, rel=1e-6, abs_tol=0.0):
    """|answer - expected| within ``abs_tol`` or ``rel`` times |expected| (NaN never equal)."""
    a, e = read_number(answer), read_number(expected)
    if math.isnan(a) or math.isnan(e):
        return False
    if math.isinf(a) or math.isinf(e):
        return a == e
    return abs(a - e) <= max(abs_tol, rel * abs(e))


def read_shape(value):
    """A tuple of ints from a tuple, list, array, TShape-like, one int (a 1-D shape), or text
    such as '(32, 16)', '[32,16]', '32x16', '32×16', '32 16'."""
    value = _scalar(value) if not isinstance(value, (tuple, list)) and \
        getattr(value, 'ndim', 1) == 0 else value
    if isinstance(value, str):
        t = _text(value).strip('()[] ')
        parts = [p for p in re.split(r'[,x×*\s]+', t, flags=re.I) if p]
        if not parts and t == '':
            return ()
        value = parts
    elif isinstance(value, (numbers.Integral, np.integer)) and not isinstance(value, bool):
        value = [value]
    try:
        items = list(value)
    except TypeError:
        raise ValueError('%r is not a shape' % (value,)) from None
    dims = []
    for item in items:
        if isinstance(item, bool):
            raise ValueError('%r is not a shape' % (value,))
        n = read_number(item)
        if n != int(n) or n < 0:
            raise ValueError('%r is not a size (a whole number >= 0)' % (item,))
        dims.append(int(n))
    return tuple(dims)


def same_shape(answer, expected):
    return read_shape(answer) == read_shape(expected)


def read_name(value):
    """A name compared without case, surrounding quotes or spaces: ' "FC1_Weight" ' is
    'fc1_weight'; inner spaces count once ('batch  size' is 'batch size')."""
    if not isinstance(value, str):
        raise ValueError('%r is not a name (text)' % (value,))
    t = _text(value).strip('\'"`“”‘’ ')
    return re.sub(r'\s+', ' ', t).casefold()


def same_name(answer, expected, aliases=()):
    a = read_name(answer)
    return any(a == read_name(e) for e in (expected,) + tuple(aliases))


def read_names(value):
    """A list of names from a list, tuple, set, or text with commas ('fc1_weight, fc1_bias')."""
    if isinstance(value, str):
        value = [p for p in re.split(r'[,，、;]', _text(value).strip('()[]{} ')) if p.strip()]
    if not isinstance(value, (list, tuple, set, frozenset)):
        raise ValueError('%r is not a list of names' % (value,))
    return [read_name(v) for v in value]


def same_names(answer, expected, ordered=True):
    a, e = read_names(answer), read_names(expected)
    return a == e if ordered else sorted(a) == sorted(e)


_YES = {'yes', 'y', 'true', 't', '1', '是', '对', '正确', '会', '能'}
_NO = {'no', 'n', 'false', 'f', '0', '否', '不', '不是', '错', '不会', '不能'}


def read_bool(value):
    """True/False from a bool, 1/0, or yes/no words in English or Chinese."""
    value = _scalar(value)
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (numbers.Integral, np.integer)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        t = read_name(value).rstrip('.!。！')
        if t in _YES:
            return True
        if t in _NO:
            return False
    raise ValueError('%r is not a yes/no answer' % (value,))


def same_bool(answer, expected):
    return read_bool(answer) == read_bool(expected)


def _array(value):
    return np.asarray(value.asnumpy() if hasattr(value, 'asnumpy') else value, dtype=float)


def _fresh(args):
    return [np.array(a, copy=True) for a in args]


def same_function(answer, expected, inputs, rel=1e-5, abs_tol=1e-6):
    """``answer(*args)`` equals ``expected(*args)`` (shape and values) for every ``args`` that
    ``inputs()`` makes. Each call gets fresh arrays, so an answer that changes its inputs in
    place cannot change what it is compared with."""
    if not callable(answer):
        raise ValueError('%r is not a function' % (answer,))
    for args in inputs():
        want = _array(expected(*_fresh(args)))
        try:
            got = _array(answer(*_fresh(args)))
        except Exception as err:                    # the learner's code: report, don't crash
            shapes = ', '.join(str(np.shape(a)) for a in args)
            error = '%s: %s' % (type(err).__name__, err)
            raise Unreadable('called with arrays of shapes %s it raised %s' % (shapes, error),
                             'ex.raised', shapes=shapes, error=error) from None
        if got.shape != want.shape or not np.allclose(got, want, rtol=rel, atol=abs_tol):
            return False
    return True


def kind_of(expected):
    """The comparison an expected value calls for: bool, number, shape, names, name or
    function."""
    if callable(expected):
        return 'function'
    if isinstance(expected, (bool, np.bool_)):
        return 'bool'
    if isinstance(expected, (numbers.Number, fractions.Fraction)):
        return 'number'
    if isinstance(expected, (tuple, list)) and expected and \
            all(isinstance(v, str) for v in expected):
        return 'names'
    if isinstance(expected, (tuple, list)):
        return 'shape'
    if isinstance(expected, str):
        try:
            read_number(expected)
            return 'number'                            # '1/2' is a number, not a name
        except ValueError:
            return 'name'
    raise TypeError('no comparison for an expected answer of type %s; give kind= one of '
                    'number, shape, name, names, bool' % type(expected).__name__)


COMPARE = {'number': same_number, 'shape': same_shape, 'name': same_name,
           'names': same_names, 'bool': same_bool, 'function': same_function}
