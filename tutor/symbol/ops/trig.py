"""Trigonometric and hyperbolic functions, element by element (see unary.py for the
pattern: y = f(x), dx = dy·f'(x))."""
import math

import numpy as np

from ..op import register
from .unary import _Unary


# --- trigonometry ------------------------------------------------------------------------

@register
class Sin(_Unary):
    """y = sin x; dx = dy·cos x."""
    name = hint = 'sin'

    def f(self, x, y):
        np.sin(x, out=y)

    def df(self, dy, x, y, g):
        np.cos(x, out=g)
        g *= dy


@register
class Cos(_Unary):
    """y = cos x; dx = −dy·sin x."""
    name = hint = 'cos'

    def f(self, x, y):
        np.cos(x, out=y)

    def df(self, dy, x, y, g):
        np.sin(x, out=g)
        np.negative(g, out=g)
        g *= dy


@register
class Tan(_Unary):
    """y = tan x; dx = dy·(1 + y²)."""
    name = hint = 'tan'

    def f(self, x, y):
        np.tan(x, out=y)

    def df(self, dy, x, y, g):
        np.multiply(y, y, out=g)
        g += 1
        g *= dy


@register
class Tanh(_Unary):
    """y = tanh x; dx = dy·(1 − y²)."""
    name = hint = 'tanh'

    def f(self, x, y):
        np.tanh(x, out=y)

    def df(self, dy, x, y, g):
        np.multiply(y, y, out=g)
        np.subtract(1, g, out=g)
        g *= dy


@register
class Arctan(_Unary):
    """y = arctan x; dx = dy/(1 + x²)."""
    name = hint = 'arctan'

    def f(self, x, y):
        np.arctan(x, out=y)

    def df(self, dy, x, y, g):
        np.multiply(x, x, out=g)
        g += 1
        np.divide(dy, g, out=g)


@register
class Arcsin(_Unary):
    """y = arcsin x; dx = dy/√(1 − x²)."""
    name = hint = 'arcsin'

    def f(self, x, y):
        np.arcsin(x, out=y)

    def df(self, dy, x, y, g):
        np.multiply(x, x, out=g)
        np.subtract(1, g, out=g)
        np.sqrt(g, out=g)
        np.divide(dy, g, out=g)


@register
class Arccos(_Unary):
    """y = arccos x; dx = −dy/√(1 − x²)."""
    name = hint = 'arccos'

    def f(self, x, y):
        np.arccos(x, out=y)

    def df(self, dy, x, y, g):
        np.multiply(x, x, out=g)
        np.subtract(1, g, out=g)
        np.sqrt(g, out=g)
        np.divide(dy, g, out=g)
        np.negative(g, out=g)


@register
class Sinh(_Unary):
    """y = sinh x; dx = dy·cosh x."""
    name = hint = 'sinh'

    def f(self, x, y):
        np.sinh(x, out=y)

    def df(self, dy, x, y, g):
        np.cosh(x, out=g)
        g *= dy


@register
class Cosh(_Unary):
    """y = cosh x; dx = dy·sinh x."""
    name = hint = 'cosh'

    def f(self, x, y):
        np.cosh(x, out=y)

    def df(self, dy, x, y, g):
        np.sinh(x, out=g)
        g *= dy


@register
class Arcsinh(_Unary):
    """y = arcsinh x; dx = dy/√(x² + 1)."""
    name = hint = 'arcsinh'

    def f(self, x, y):
        np.arcsinh(x, out=y)

    def df(self, dy, x, y, g):
        np.multiply(x, x, out=g)
        g += 1
        np.sqrt(g, out=g)
        np.divide(dy, g, out=g)


@register
class Arccosh(_Unary):
    """y = arccosh x (x ≥ 1); dx = dy/√(x² − 1)."""
    name = hint = 'arccosh'

    def f(self, x, y):
        np.arccosh(x, out=y)

    def df(self, dy, x, y, g):
        np.multiply(x, x, out=g)
        g -= 1
        np.sqrt(g, out=g)
        np.divide(dy, g, out=g)


@register
class Arctanh(_Unary):
    """y = arctanh x (|x| < 1); dx = dy/(1 − x²)."""
    name = hint = 'arctanh'

    def f(self, x, y):
        np.arctanh(x, out=y)

    def df(self, dy, x, y, g):
        np.multiply(x, x, out=g)
        np.subtract(1, g, out=g)
        np.divide(dy, g, out=g)


@register
class Degrees(_Unary):
    """y = x·180/π (radians to degrees); dx = dy·180/π."""
    name = hint = 'degrees'

    def f(self, x, y):
        np.multiply(x, 180 / math.pi, out=y)

    def df(self, dy, x, y, g):
        np.multiply(dy, 180 / math.pi, out=g)


@register
class Radians(_Unary):
    """y = x·π/180 (degrees to radians); dx = dy·π/180."""
    name = hint = 'radians'

    def f(self, x, y):
        np.multiply(x, math.pi / 180, out=y)

    def df(self, dy, x, y, g):
        np.multiply(dy, math.pi / 180, out=g)
