"""Element-wise maths on one array: ``mx.sym.exp(x)``, ``mx.sym.sqrt(x)``, ``mx.sym.relu(x)``...
Each op states y = f(x) and its gradient dx = dy·f'(x), written with x or y, whichever is
cheaper (MXNet's choice, so float32 results agree)."""
import math

import numpy as np

from ..op import Op, Param, register
from ._common import ShapeError, Scratch, grad_finish, grad_target, merge_shapes
from .activation import sigmoid_into


def erf(x):
    """NumPy has no erf; Python's math.erf, value by value, is exact in float64."""
    return _erf(x).astype(x.dtype)


_erf = np.frompyfunc(math.erf, 1, 1)


class _Unary(Op):
    """y = f(x) element by element. Subclasses give ``f(x, y)`` (writes y) and
    ``df(dy, x, y, g)`` (writes g = dy·f'(x))."""
    params = {}

    def infer_shape(self, in_shapes, aux_shapes, out_shapes=None):
        try:  # the output has the input's shape, so either tells the other (0 = unknown)
            data = merge_shapes(in_shapes[0], out_shapes[0] if out_shapes else None)
        except ShapeError:  # the solver reports the disagreement where it finds it
            data = in_shapes[0]
        return [data], [data], aux_shapes

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


# --- more activations and logic ---------------------------------------------------------

@register
class HardSigmoid(_Unary):
    """y = clip(alpha·x + beta, 0, 1); dx = dy·alpha where 0 < alpha·x + beta < 1, else 0."""
    name = hint = 'hard_sigmoid'
    params = {'alpha': Param('float', 0.2), 'beta': Param('float', 0.5)}

    def f(self, x, y):
        np.multiply(x, self.p['alpha'], out=y)
        y += self.p['beta']
        np.clip(y, 0, 1, out=y)

    def df(self, dy, x, y, g):
        np.multiply(dy, ((y > 0) & (y < 1)) * self.p['alpha'], out=g)


@register
class Erf(_Unary):
    """y = erf(x) = 2/√π ∫₀ˣ e^(−t²) dt; dx = dy·2/√π·e^(−x²)."""
    name = hint = 'erf'

    def f(self, x, y):
        np.copyto(y, erf(x), casting='unsafe')

    def df(self, dy, x, y, g):
        np.multiply(x, x, out=g)
        np.negative(g, out=g)
        np.exp(g, out=g)
        g *= 2 / math.sqrt(math.pi)
        g *= dy


@register
class LogicalNot(_Flat):
    """y = 1 where x = 0, else 0; dx = 0."""
    name = hint = 'logical_not'

    def f(self, x, y):
        np.equal(x, 0, out=y, casting='unsafe')


@register
class Copy(_Unary):
    """y = x; dx = dy. (``mx.sym.identity`` makes this op.)"""
    name = hint = '_copy'
    aliases = ('identity',)

    def f(self, x, y):
        np.copyto(y, x)

    def df(self, dy, x, y, g):
        np.copyto(g, dy)
