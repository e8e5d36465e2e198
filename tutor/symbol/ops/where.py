"""where: pick each element from ``x`` or from ``y`` by a condition (ZoneoutCell keeps a
unit's previous value this way)."""
import numpy as np

from ..op import Op, register
from ._common import Scratch, assign_shape, grad_finish, grad_target, known, zero_grad


@register
class Where(Op):
    """y = x where condition ≠ 0, else y. ``condition`` has the shape of x, or is 1-D and
    picks whole rows (its length is x's first axis). dx = dy where taken from x, else 0;
    dy likewise; the condition gets no gradient."""
    name = 'where'
    hint = 'where'
    params = {}
    inputs = ('condition', 'x', 'y')

    def infer_shape(self, in_shapes, aux_shapes):
        cond, x, y = in_shapes
        shape = tuple(x) if x is not None else (tuple(y) if y is not None else None)
        if shape is None:
            return in_shapes, [None], aux_shapes
        assign_shape(self, in_shapes, 1, shape, 'x', 'x and y must have the same shape')
        assign_shape(self, in_shapes, 2, shape, 'y', 'x and y must have the same shape')
        if known(cond) and known(shape) and tuple(cond) not in (shape, shape[:1]):
            raise self.shape_error('where: condition has shape %s but must have the shape of '
                                   'x %s or be 1-D of length %d' % (tuple(cond), shape,
                                                                    shape[0]))
        return in_shapes, [shape], aux_shapes

    def create_state(self, in_shapes, out_shapes):
        return Scratch()

    @staticmethod
    def _taken(cond, like):
        """A boolean array broadcastable to ``like``: True where x is taken."""
        taken = cond != 0
        return taken.reshape(taken.shape + (1,) * (like.ndim - taken.ndim))

    def forward(self, is_train, inputs, outputs, aux, state):
        cond, x, y = inputs
        outputs[0][...] = np.where(self._taken(cond, x), x, y)

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        zero_grad(in_grads[0], req[0])
        taken = self._taken(inputs[0], out_grads[0])
        for i, keep in ((1, taken), (2, ~taken)):
            g = grad_target(state, 'd%d' % i, in_grads[i], req[i])
            if g is not None:
                g[...] = np.where(keep, out_grads[0], 0)
                grad_finish(in_grads[i], req[i], g)
