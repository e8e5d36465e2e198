"""Element-wise maths on one array: ``mx.sym.exp(x)``, ``mx.sym.sqrt(x)``, ``mx.sym.relu(x)``...
Each op states y = f(x) and its gradient dx = dy·f'(x), written with x or y, whichever is
cheaper (MXNet's choice, so float32 results agree)."""
import math

import numpy as np

from ..op import Op, Param, register
from ._common import Scratch, grad_finish, grad_target
from .activation import sigmoid_into


def same_shape_or_partial(shape):
    """Element-wise: the output has the input's shape, known or not."""
    return None if shape is None else tuple(shape)


class _Unary(Op):
    """y = f(x) element by element. Subclasses give ``f(x, y)`` (writes y) and
    ``df(dy, x, y, g)`` (writes g = dy·f'(x))."""
    params = {}

    def infer_shape(self, in_shapes, aux_shapes):
        return in_shapes, [same_shape_or_partial(in_shapes[0])], aux_shapes

    def create_state(self, in_shapes, out_shapes):
        return Scratch()

    def forward(self, is_train, inputs, outputs, aux, state):
        self.f(inputs[0], outputs[0])

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        g = grad_target(state, 'ddata', in_grads[0], req[0])
        if g is not None:
            self.df(out_grads[0], inputs[0], outputs[0], g)
            grad_finish(in_grads[0], req[0], g)


class _Flat(_Unary):
    """A step function (sign, floor, ...): its derivative is 0 wherever it exists."""

    def df(self, dy, x, y, g):
        g.fill(0)


def _times(dy, factor, g):
    np.multiply(dy, factor, out=g)


# --- signs and powers --------------------------------------------------------------------

@register
class Abs(_Unary):
    """y = |x|; dx = dy·sign(x) (0 at x = 0)."""
    name = hint = 'abs'

    def f(self, x, y):
        np.abs(x, out=y)

    def df(self, dy, x, y, g):
        np.sign(x, out=g)
        g *= dy


@register
class Sign(_Flat):
    """y = sign(x) ∈ {−1, 0, 1}; dx = 0."""
    name = hint = 'sign'

    def f(self, x, y):
        np.sign(x, out=y)


@register
class Negative(_Unary):
    """y = −x; dx = −dy."""
    name = hint = 'negative'

    def f(self, x, y):
        np.negative(x, out=y)

    def df(self, dy, x, y, g):
        np.negative(dy, out=g)


@register
class Reciprocal(_Unary):
    """y = 1/x; dx = −dy/x²."""
    name = hint = 'reciprocal'

    def f(self, x, y):
        np.reciprocal(x, out=y)

    def df(self, dy, x, y, g):
        np.multiply(x, x, out=g)
        np.divide(dy, g, out=g)
        np.negative(g, out=g)


@register
class Square(_Unary):
    """y = x²; dx = 2x·dy."""
    name = hint = 'square'

    def f(self, x, y):
        np.multiply(x, x, out=y)

    def df(self, dy, x, y, g):
        np.multiply(x, 2, out=g)
        g *= dy


@register
class Sqrt(_Unary):
    """y = √x; dx = dy/(2y)."""
    name = hint = 'sqrt'

    def f(self, x, y):
        np.sqrt(x, out=y)

    def df(self, dy, x, y, g):
        np.multiply(y, 2, out=g)
        np.divide(dy, g, out=g)


@register
class Rsqrt(_Unary):
    """y = 1/√x; dx = −dy/(2x√x)."""
    name = hint = 'rsqrt'

    def f(self, x, y):
        np.sqrt(x, out=y)
        np.reciprocal(y, out=y)

    def df(self, dy, x, y, g):
        np.sqrt(x, out=g)
        g *= x
        g *= -2
        np.divide(dy, g, out=g)


@register
class Cbrt(_Unary):
    """y = ∛x; dx = dy/(3y²)."""
    name = hint = 'cbrt'

    def f(self, x, y):
        np.cbrt(x, out=y)

    def df(self, dy, x, y, g):
        np.multiply(y, y, out=g)
        g *= 3
        np.divide(dy, g, out=g)


@register
class Rcbrt(_Unary):
    """y = 1/∛x; dx = −dy·y/(3x)."""
    name = hint = 'rcbrt'

    def f(self, x, y):
        np.cbrt(x, out=y)
        np.reciprocal(y, out=y)

    def df(self, dy, x, y, g):
        np.multiply(x, -3, out=g)
        np.divide(y, g, out=g)
        g *= dy


# --- exponentials and logarithms ---------------------------------------------------------

@register
class Exp(_Unary):
    """y = eˣ; dx = dy·y."""
    name = hint = 'exp'

    def f(self, x, y):
        np.exp(x, out=y)

    def df(self, dy, x, y, g):
        _times(dy, y, g)


@register
class Expm1(_Unary):
    """y = eˣ − 1 (exact for small x); dx = dy·eˣ."""
    name = hint = 'expm1'

    def f(self, x, y):
        np.expm1(x, out=y)

    def df(self, dy, x, y, g):
        np.exp(x, out=g)
        g *= dy


class _Log(_Unary):
    """y = log_b(x); dx = dy/(x·ln b)."""
    ln_base = 1.0

    def df(self, dy, x, y, g):
        np.multiply(x, self.ln_base, out=g)
        np.divide(dy, g, out=g)


@register
class Log(_Log):
    """y = ln x; dx = dy/x."""
    name = hint = 'log'

    def f(self, x, y):
        np.log(x, out=y)


@register
class Log2(_Log):
    """y = log₂ x; dx = dy/(x·ln 2)."""
    name = hint = 'log2'
    ln_base = math.log(2.0)

    def f(self, x, y):
        np.log2(x, out=y)


@register
class Log10(_Log):
    """y = log₁₀ x; dx = dy/(x·ln 10)."""
    name = hint = 'log10'
    ln_base = math.log(10.0)

    def f(self, x, y):
        np.log10(x, out=y)


@register
class Log1p(_Unary):
    """y = ln(1 + x) (exact for small x); dx = dy/(1 + x)."""
    name = hint = 'log1p'

    def f(self, x, y):
        np.log1p(x, out=y)

    def df(self, dy, x, y, g):
        np.add(x, 1, out=g)
        np.divide(dy, g, out=g)


# --- activations (the same maths as Activation's act_type, as separate ops) ---------------

@register
class Relu(_Unary):
    """y = max(x, 0); dx = dy where y > 0, else 0."""
    name = hint = 'relu'

    def f(self, x, y):
        np.maximum(x, 0, out=y)

    def df(self, dy, x, y, g):
        np.greater(y, 0, out=g, casting='unsafe')
        g *= dy


@register
class Sigmoid(_Unary):
    """y = 1/(1 + e⁻ˣ); dx = dy·y·(1 − y)."""
    name = hint = 'sigmoid'

    def f(self, x, y):
        sigmoid_into(x, y)

    def df(self, dy, x, y, g):
        np.subtract(1, y, out=g)
        g *= y
        g *= dy


@register
class Softsign(_Unary):
    """y = x/(1 + |x|); dx = dy/(1 + |x|)²."""
    name = hint = 'softsign'

    def f(self, x, y):
        np.abs(x, out=y)
        y += 1
        np.divide(x, y, out=y)

    def df(self, dy, x, y, g):
        np.abs(x, out=g)
        g += 1
        np.multiply(g, g, out=g)
        np.divide(dy, g, out=g)


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


# --- clipping and rounding ---------------------------------------------------------------

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
