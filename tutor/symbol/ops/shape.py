"""Flatten: (N, d1, d2, ...) -> (N, d1·d2·...), e.g. between convolutions and FC layers."""
import numpy as np

from ..op import Op, register
from ._common import prod


@register
class Flatten(Op):
    """y = x reshaped to (N, everything else); dx = dy reshaped back. (``mx.sym.flatten``
    is the same operator.)"""
    name = 'Flatten'
    hint = 'flatten'
    params = {}

    def infer_shape(self, in_shapes, aux_shapes):
        data = in_shapes[0]
        if data is None:
            return in_shapes, [None], aux_shapes
        if len(data) == 0:
            raise self.shape_error('Flatten needs data with a batch axis, got a scalar')
        return in_shapes, [(data[0], prod(data[1:]))], aux_shapes

    def forward(self, is_train, inputs, outputs, aux, state):
        np.copyto(outputs[0], inputs[0].reshape(outputs[0].shape))

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        dx = in_grads[0]
        if dx is None or req[0] == 'null':
            return
        dy = out_grads[0].reshape(dx.shape)
        if req[0] == 'add':
            dx += dy
        else:
            np.copyto(dx, dy)
