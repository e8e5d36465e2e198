"""Element-wise arithmetic: what ``a + b``, ``a * 2``, ``1 - a``... on symbols create."""
import numpy as np

from ..op import Op, Param, register
from ._common import ShapeError, Scratch, grad_finish, grad_target, merge_shapes, mx_list


class _Binary(Op):
    """Two inputs of the same shape, one output of that shape."""
    params = {}
    inputs = ('lhs', 'rhs')

    def infer_shape(self, in_shapes, aux_shapes, out_shapes=None):
        lhs, rhs = in_shapes
        try:  # each side may know dimensions the other does not (0 = unknown)
            shape = merge_shapes(lhs, rhs)
        except ShapeError:
            raise self.shape_error(
                'Incompatible attr in node %s at 1-th input: expected %s, got %s. %s works '
                'element by element, so lhs %s and rhs %s must have the same shape; use '
                'broadcast_%s for broadcasting or reshape one of them'
                % (self.node_name, mx_list(lhs), mx_list(rhs), self.name, tuple(lhs),
                   tuple(rhs), self.name.split('_', 1)[1])) from None
        try:  # a known output shape tells the inputs' (MXNet infers backwards too)
            shape = merge_shapes(shape, out_shapes[0] if out_shapes else None)
        except ShapeError:  # the solver reports the disagreement where it finds it
            pass
        return [shape, shape], [shape], aux_shapes

    def create_state(self, in_shapes, out_shapes):
        return Scratch()

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        for i in (0, 1):
            g = grad_target(state, 'd' + self.inputs[i], in_grads[i], req[i])
            if g is not None:
                self._grad(i, out_grads[0], inputs, outputs[0], g)
                grad_finish(in_grads[i], req[i], g)


@register
class ElemwiseAdd(_Binary):
    """y = lhs + rhs; d lhs = dy, d rhs = dy."""
    name, hint = 'elemwise_add', 'elemwise_add'

    def forward(self, is_train, inputs, outputs, aux, state):
        np.add(inputs[0], inputs[1], out=outputs[0])

    def _grad(self, i, dy, inputs, y, g):
        np.copyto(g, dy)


@register
class ElemwiseSub(_Binary):
    """y = lhs − rhs; d lhs = dy, d rhs = −dy."""
    name, hint = 'elemwise_sub', 'elemwise_sub'

    def forward(self, is_train, inputs, outputs, aux, state):
        np.subtract(inputs[0], inputs[1], out=outputs[0])

    def _grad(self, i, dy, inputs, y, g):
        if i == 0:
            np.copyto(g, dy)
        else:
            np.negative(dy, out=g)


@register
class ElemwiseMul(_Binary):
    """y = lhs·rhs; d lhs = dy·rhs, d rhs = dy·lhs."""
    name, hint = 'elemwise_mul', 'elemwise_mul'

    def forward(self, is_train, inputs, outputs, aux, state):
        np.multiply(inputs[0], inputs[1], out=outputs[0])

    def _grad(self, i, dy, inputs, y, g):
        np.multiply(dy, inputs[1 - i], out=g)


@register
class ElemwiseDiv(_Binary):
    """y = lhs/rhs; d lhs = dy/rhs, d rhs = −dy·lhs/rhs²."""
    name, hint = 'elemwise_div', 'elemwise_div'

    def forward(self, is_train, inputs, outputs, aux, state):
        np.divide(inputs[0], inputs[1], out=outputs[0])

    def _grad(self, i, dy, inputs, y, g):
        np.divide(dy, inputs[1], out=g)
        if i == 1:
            g *= inputs[0]
            g /= inputs[1]
            np.negative(g, out=g)


class _Scalar(Op):
    """One input and a constant ``scalar``; the output has the input's shape."""
    params = {'scalar': Param('float', 1.0), 'is_int': Param('bool', True)}

    def infer_shape(self, in_shapes, aux_shapes, out_shapes=None):
        try:  # the output has the input's shape, so either tells the other
            data = merge_shapes(in_shapes[0], out_shapes[0] if out_shapes else None)
        except ShapeError:
            data = in_shapes[0]
        return [data], [data], aux_shapes

    def create_state(self, in_shapes, out_shapes):
        return Scratch()

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        g = grad_target(state, 'ddata', in_grads[0], req[0])
        if g is not None:
            self._grad(out_grads[0], inputs[0], outputs[0], g)
            grad_finish(in_grads[0], req[0], g)

    def _grad(self, dy, x, y, g):       # dy·1: plus and minus
        np.copyto(g, dy)


@register
class PlusScalar(_Scalar):
    """y = x + scalar."""
    name, hint = '_plus_scalar', '_plusscalar'

    def forward(self, is_train, inputs, outputs, aux, state):
        np.add(inputs[0], self.p['scalar'], out=outputs[0])


@register
class MinusScalar(_Scalar):
    """y = x − scalar."""
    name, hint = '_minus_scalar', '_minusscalar'

    def forward(self, is_train, inputs, outputs, aux, state):
        np.subtract(inputs[0], self.p['scalar'], out=outputs[0])


@register
class RMinusScalar(_Scalar):
    """y = scalar − x; dx = −dy."""
    name, hint = '_rminus_scalar', '_rminusscalar'

    def forward(self, is_train, inputs, outputs, aux, state):
        np.subtract(self.p['scalar'], inputs[0], out=outputs[0])

    def _grad(self, dy, x, y, g):
        np.negative(dy, out=g)


@register
class MulScalar(_Scalar):
    """y = x·scalar; dx = dy·scalar."""
    name, hint = '_mul_scalar', '_mulscalar'

    def forward(self, is_train, inputs, outputs, aux, state):
        np.multiply(inputs[0], self.p['scalar'], out=outputs[0])

    def _grad(self, dy, x, y, g):
        np.multiply(dy, self.p['scalar'], out=g)


@register
class DivScalar(_Scalar):
    """y = x/scalar; dx = dy/scalar."""
    name, hint = '_div_scalar', '_divscalar'

    def forward(self, is_train, inputs, outputs, aux, state):
        np.divide(inputs[0], self.p['scalar'], out=outputs[0])

    def _grad(self, dy, x, y, g):
        np.divide(dy, self.p['scalar'], out=g)


@register
class RDivScalar(_Scalar):
    """y = scalar/x; dx = −dy·scalar/x² = −dy·y/x."""
    name, hint = '_rdiv_scalar', '_rdivscalar'

    def forward(self, is_train, inputs, outputs, aux, state):
        np.divide(self.p['scalar'], inputs[0], out=outputs[0])

    def _grad(self, dy, x, y, g):
        np.divide(y, x, out=g)
        g *= dy
        np.negative(g, out=g)
