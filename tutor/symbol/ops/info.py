"""shape_array and size_array: the data's shape, or its number of elements, as an int64
array. Their inputs get no gradient."""
import numpy as np

from ..op import Op, register
from ._common import prod, zero_grad
from ._partial import norm


class _Info(Op):
    params = {}

    def infer_type(self, in_types):
        return in_types, [np.dtype(np.int64)]

    def passes_grad(self):
        return False

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        zero_grad(in_grads[0], req[0])


@register
class ShapeArray(_Info):
    """y = x.shape, as a 1-D int64 array of x.ndim values."""
    name = hint = 'shape_array'

    def infer_shape(self, in_shapes, aux_shapes):
        data = norm(in_shapes[0])
        return in_shapes, [None if data is None else (len(data),)], aux_shapes

    def forward(self, is_train, inputs, outputs, aux, state):
        np.copyto(outputs[0], inputs[0].shape, casting='unsafe')


@register
class SizeArray(_Info):
    """y = [x.size], a 1-element int64 array."""
    name = hint = 'size_array'

    def infer_shape(self, in_shapes, aux_shapes):
        data = norm(in_shapes[0])
        return in_shapes, [None if data is None else (1,)], aux_shapes

    def forward(self, is_train, inputs, outputs, aux, state):
        outputs[0][0] = prod(inputs[0].shape)
