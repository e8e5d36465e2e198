"""Clipping and rounding, element by element (the pattern of unary.py). Rounding is flat
wherever its derivative exists, so its gradient is 0."""
import numpy as np

from ..op import Param, register
from .unary import _Flat, _Unary


@register
class Clip(_Unary):
    """y = min(max(x, a_min), a_max); dx = dy inside [a_min, a_max], else 0."""
    name = hint = 'clip'
    params = {'a_min': Param('float', required=True), 'a_max': Param('float', required=True)}

    def f(self, x, y):
        np.clip(x, self.p['a_min'], self.p['a_max'], out=y)

    def df(self, dy, x, y, g):
        inside = (x >= self.p['a_min']) & (x <= self.p['a_max'])
        np.multiply(dy, inside, out=g)


@register
class Floor(_Flat):
    """y = ⌊x⌋; dx = 0."""
    name = hint = 'floor'

    def f(self, x, y):
        np.floor(x, out=y)


@register
class Ceil(_Flat):
    """y = ⌈x⌉; dx = 0."""
    name = hint = 'ceil'

    def f(self, x, y):
        np.ceil(x, out=y)


@register
class Round(_Flat):
    """y = x rounded to the nearest integer, halves away from zero (C's round); dx = 0."""
    name = hint = 'round'

    def f(self, x, y):
        np.abs(x, out=y)
        y += 0.5
        np.floor(y, out=y)
        y *= np.sign(x)


@register
class Rint(_Flat):
    """y = x rounded to the nearest integer, halves down (MXNet's rint: 1.5 → 1, −1.5 → −2,
    unlike NumPy's halves to even); dx = 0."""
    name = hint = 'rint'

    def f(self, x, y):
        floor = np.floor(x)
        np.copyto(y, np.where(x - floor <= 0.5, floor, floor + 1), casting='unsafe')


@register
class Fix(_Flat):
    """y = x rounded towards zero; dx = 0."""
    name = hint = 'fix'

    def f(self, x, y):
        np.trunc(x, out=y)


@register
class Trunc(_Flat):
    """y = the integer part of x; dx = 0."""
    name = hint = 'trunc'

    def f(self, x, y):
        np.trunc(x, out=y)
