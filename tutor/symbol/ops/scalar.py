"""An array and a constant: ``x ** 2`` makes ``_power_scalar``, ``2 ** x`` makes
``_rpower_scalar``, ``x > 0`` makes ``_greater_scalar``, ``maximum(x, 0)`` makes
``_maximum_scalar``... The maths is binary.py's with the constant as one of the two
inputs (``_r*`` ops put it on the left); plus ``smooth_l1``, whose constant is sigma."""
import numpy as np

from ..op import Param, register
from . import binary
from .binary import write_grad
from .elementwise import _Scalar


class _ScalarMath(_Scalar):
    """y = f(x, scalar), or f(scalar, x) when ``reverse``; dx from the maths class."""
    reverse = False

    def _pair(self, x):
        s = np.asarray(self.p['scalar'], dtype=x.dtype)
        return (s, x) if self.reverse else (x, s)

    def forward(self, is_train, inputs, outputs, aux, state):
        self.f(*self._pair(inputs[0]), outputs[0])

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        if in_grads[0] is None or req[0] == 'null':
            return
        grads = self.grads(out_grads[0], *self._pair(inputs[0]), outputs[0])
        write_grad(in_grads[0], req[0], grads[1] if self.reverse else grads[0])


def _scalar(name, math, reverse=False):
    where = 'scalar, x' if reverse else 'x, scalar'
    cls = type(name.title().replace('_', ''), (math, _ScalarMath),
               {'name': name, 'hint': name, 'reverse': reverse,
                '__doc__': 'f(%s) with f: %s' % (where, math.__doc__ or
                                                 binary._Compare.__doc__)})
    return register(cls)


# Auto names as mx.sym._internal.<name> gives them; Symbol's operators pass their own
# (a ** 2 is _powerscalar0, a > 2 is _greater_scalar0: symbol.py).
PowerScalar = _scalar('_power_scalar', binary.PowerMath)
RPowerScalar = _scalar('_rpower_scalar', binary.PowerMath, reverse=True)
ModScalar = _scalar('_mod_scalar', binary.ModMath)
RModScalar = _scalar('_rmod_scalar', binary.ModMath, reverse=True)
MaximumScalar = _scalar('_maximum_scalar', binary.MaximumMath)
MinimumScalar = _scalar('_minimum_scalar', binary.MinimumMath)
HypotScalar = _scalar('_hypot_scalar', binary.HypotMath)
EqualScalar = _scalar('_equal_scalar', binary.EqualMath)
NotEqualScalar = _scalar('_not_equal_scalar', binary.NotEqualMath)
GreaterScalar = _scalar('_greater_scalar', binary.GreaterMath)
GreaterEqualScalar = _scalar('_greater_equal_scalar', binary.GreaterEqualMath)
LesserScalar = _scalar('_lesser_scalar', binary.LesserMath)
LesserEqualScalar = _scalar('_lesser_equal_scalar', binary.LesserEqualMath)


@register
class SmoothL1(_Scalar):
    """Huber-like loss term, σ = scalar: y = 0.5·(σx)² if |x| < 1/σ², else |x| − 0.5/σ²;
    dx = dy·σ²x inside, dy·sign(x) outside. (Not a loss head: it needs a head gradient.)"""
    name = hint = 'smooth_l1'
    params = {'scalar': Param('float', 1.0)}   # MXNet's smooth_l1 has no is_int

    def _inside(self, x):
        return np.abs(x) < 1.0 / (self.p['scalar'] ** 2)

    def forward(self, is_train, inputs, outputs, aux, state):
        x, s2 = inputs[0], self.p['scalar'] ** 2
        np.copyto(outputs[0], np.where(self._inside(x), 0.5 * s2 * x * x,
                                       np.abs(x) - 0.5 / s2), casting='unsafe')

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        if in_grads[0] is None or req[0] == 'null':
            return
        x, s2 = inputs[0], self.p['scalar'] ** 2
        slope = np.where(self._inside(x), s2 * x, np.sign(x))
        write_grad(in_grads[0], req[0], out_grads[0] * slope)
