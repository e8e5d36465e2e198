"""The maths of two-input element-wise ops, written once and used three ways: by the
same-shape ops here (``a ** b`` makes ``_power``, ``maximum(a, b)`` makes ``_maximum``,
``a == b`` makes ``_equal``), by ``broadcast_*`` (broadcast.py) and by the ``*_scalar`` ops
(scalar.py).

A maths class gives ``f(a, b, out)`` and ``grads(dy, a, b, y)`` -> (da, db), full-size
arrays (or None for a gradient that is 0 everywhere, as for comparisons)."""
import numpy as np

from ..op import register
from ._common import write_grad as store_grad, zero_grad
from .elementwise import _Binary


def write_grad(dst, req, value):
    """Gradient ``value`` into the caller's array as ``req`` asks; None: 0 everywhere."""
    if value is None:
        zero_grad(dst, req)
    else:
        store_grad(dst, req, value)


class AddMath:
    """y = a + b; da = dy, db = dy."""
    def f(self, a, b, out):
        np.add(a, b, out=out)

    def grads(self, dy, a, b, y):
        return dy, dy


class SubMath:
    """y = a − b; da = dy, db = −dy."""
    def f(self, a, b, out):
        np.subtract(a, b, out=out)

    def grads(self, dy, a, b, y):
        return dy, -dy


class MulMath:
    """y = a·b; da = dy·b, db = dy·a."""
    def f(self, a, b, out):
        np.multiply(a, b, out=out)

    def grads(self, dy, a, b, y):
        return dy * b, dy * a


class DivMath:
    """y = a/b; da = dy/b, db = −dy·a/b²."""
    def f(self, a, b, out):
        np.divide(a, b, out=out)

    def grads(self, dy, a, b, y):
        return dy / b, -dy * a / (b * b)


class ModMath:
    """y = a mod b with the sign of b, as Python's %, and 0 where b = 0;
    da = dy, db = −dy·⌊a/b⌋."""
    def f(self, a, b, out):
        with np.errstate(divide='ignore', invalid='ignore'):
            np.mod(a, b, out=out)
        out[...] = np.where(np.broadcast_to(b, out.shape) == 0, 0, out)

    def grads(self, dy, a, b, y):
        with np.errstate(divide='ignore', invalid='ignore'):
            return dy + 0 * b, -dy * np.floor(a / b)


class PowerMath:
    """y = aᵇ; da = dy·b·aᵇ⁻¹, db = dy·y·ln a."""
    def f(self, a, b, out):
        np.power(a, b, out=out)

    def grads(self, dy, a, b, y):
        with np.errstate(divide='ignore', invalid='ignore'):
            return dy * b * np.power(a, b - 1), dy * y * np.log(a)


class MaximumMath:
    """y = max(a, b); the gradient goes to a where a ≥ b (ties: to a), else to b."""
    def f(self, a, b, out):
        np.maximum(a, b, out=out)

    def grads(self, dy, a, b, y):
        return dy * (a >= b), dy * (a < b)


class MinimumMath:
    """y = min(a, b); the gradient goes to a where a ≤ b (ties: to a), else to b."""
    def f(self, a, b, out):
        np.minimum(a, b, out=out)

    def grads(self, dy, a, b, y):
        return dy * (a <= b), dy * (a > b)


class HypotMath:
    """y = √(a² + b²); da = dy·a/y, db = dy·b/y."""
    def f(self, a, b, out):
        np.hypot(a, b, out=out)

    def grads(self, dy, a, b, y):
        return dy * a / y, dy * b / y


class _Compare:
    """y = 1 where the comparison holds, else 0 (in the data's dtype); no gradient."""
    test = None

    def f(self, a, b, out):
        type(self).test(a, b, out=out, casting='unsafe')

    def grads(self, dy, a, b, y):
        return None, None


class EqualMath(_Compare):
    test = np.equal


class NotEqualMath(_Compare):
    test = np.not_equal


class GreaterMath(_Compare):
    test = np.greater


class GreaterEqualMath(_Compare):
    test = np.greater_equal


class LesserMath(_Compare):
    test = np.less


class LesserEqualMath(_Compare):
    test = np.less_equal


class LogicalAndMath(_Compare):
    test = np.logical_and


class LogicalOrMath(_Compare):
    test = np.logical_or


class LogicalXorMath(_Compare):
    test = np.logical_xor


# --- the same-shape ops (what Symbol's operators and mx.sym.maximum(a, b) build) -----------

class _SameShape(_Binary):
    """Two inputs of one shape (elementwise.py's checks); maths from a *Math class."""

    def forward(self, is_train, inputs, outputs, aux, state):
        self.f(inputs[0], inputs[1], outputs[0])

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        if all(g is None or r == 'null' for g, r in zip(in_grads, req)):
            return
        grads = self.grads(out_grads[0], inputs[0], inputs[1], outputs[0])
        for dst, r, value in zip(in_grads, req, grads):
            write_grad(dst, r, value)


def _same_shape(name, math, doc_name):
    cls = type(name.title().replace('_', ''), (math, _SameShape),
               {'name': name, 'hint': name, '__doc__': '%s (same shapes): %s'
                % (doc_name, math.__doc__ or _Compare.__doc__)})
    return register(cls)


Power = _same_shape('_power', PowerMath, 'a ** b')
Maximum = _same_shape('_maximum', MaximumMath, 'maximum(a, b)')
Minimum = _same_shape('_minimum', MinimumMath, 'minimum(a, b)')
Hypot = _same_shape('_hypot', HypotMath, 'hypot(a, b)')
Mod = _same_shape('_mod', ModMath, 'a % b')
Equal = _same_shape('_equal', EqualMath, 'a == b')
NotEqual = _same_shape('_not_equal', NotEqualMath, 'a != b')
Greater = _same_shape('_greater', GreaterMath, 'a > b')
GreaterEqual = _same_shape('_greater_equal', GreaterEqualMath, 'a >= b')
Lesser = _same_shape('_lesser', LesserMath, 'a < b')
LesserEqual = _same_shape('_lesser_equal', LesserEqualMath, 'a <= b')
