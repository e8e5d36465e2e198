"""add_n (also ``ElementWiseSum``): y = Σᵢ argᵢ over any number of same-shape inputs;
every input's gradient is dy."""
import numpy as np

from ..op import Op, Param, register
from ._common import ShapeError, merge_shapes, mx_list
from .binary import write_grad


@register
class AddN(Op):
    __doc__ = __doc__
    name = hint = 'add_n'
    aliases = ('ElementWiseSum',)
    params = {'num_args': Param('int', required=True)}
    inputs = ('args',)      # MXNet's signature: add_n(*args, **kwargs)
    variadic = 'num_args'

    def arguments(self):
        return ['arg%d' % i for i in range(self.p['num_args'])]

    def infer_shape(self, in_shapes, aux_shapes, out_shapes=None):
        shape = out_shapes[0] if out_shapes else None
        for i, s in enumerate(in_shapes):
            try:  # every input, and the output, has one shape (0 = unknown)
                shape = merge_shapes(shape, s)
            except ShapeError:
                raise self.shape_error(
                    'Incompatible attr in node %s at %d-th input: expected %s, got %s. add_n '
                    'adds arrays of one shape; reshape the inputs or use broadcast_add'
                    % (self.node_name, i, mx_list(shape), mx_list(s))) from None
        return [shape] * len(in_shapes), [shape], aux_shapes

    def forward(self, is_train, inputs, outputs, aux, state):
        y = outputs[0]
        np.copyto(y, inputs[0])
        for x in inputs[1:]:
            y += x

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        for dst, r in zip(in_grads, req):
            write_grad(dst, r, out_grads[0])
