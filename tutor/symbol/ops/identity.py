"""Operators whose output is their input, or shaped like it: BlockGrad (``stop_gradient``),
Cast (``cast``), zeros_like and ones_like. (identity, MXNet's _copy, is in unary.py.)"""
import numpy as np

from ..op import Op, Param, register
from ._common import write_grad, zero_grad
from ._partial import merge, norm

CAST_DTYPES = ('bfloat16', 'bool', 'float16', 'float32', 'float64', 'int32', 'int64', 'int8',
               'uint8')


class _SameShape(Op):
    """One input; the output has its shape (and so, backwards, the input the output's)."""
    params = {}

    def infer_shape(self, in_shapes, aux_shapes, out_shapes=(None,)):
        shape = merge(self, norm(in_shapes[0]), norm(out_shapes[0]), 'the input and output')
        return [shape], [shape], aux_shapes


@register
class BlockGrad(_SameShape):
    """y = x, but no gradient flows back: dx = 0 (the head gradient stops here)."""
    name = 'BlockGrad'
    hint = 'blockgrad'
    aliases = ('stop_gradient',)

    def passes_grad(self):
        return False

    def forward(self, is_train, inputs, outputs, aux, state):
        np.copyto(outputs[0], inputs[0])

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        zero_grad(in_grads[0], req[0])


@register
class ZerosLike(_SameShape):
    """y = 0 with x's shape; x gets no gradient (dx = 0)."""
    name = 'zeros_like'
    hint = 'zeros_like'
    fill = 0

    def passes_grad(self):
        return False

    def forward(self, is_train, inputs, outputs, aux, state):
        outputs[0].fill(self.fill)

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        zero_grad(in_grads[0], req[0])


@register
class OnesLike(ZerosLike):
    """y = 1 with x's shape; x gets no gradient (dx = 0)."""
    name = 'ones_like'
    hint = 'ones_like'
    fill = 1


def cast_into(x, dtype, out):
    """x converted to ``dtype`` as C++ does: floats to integers truncate toward zero and wrap
    around (300 as uint8 is 44), to bool is x != 0; then written into ``out``."""
    dtype = np.dtype(dtype)
    if dtype.kind in 'iu' and x.dtype.kind == 'f':
        value = np.trunc(x).astype(np.int64).astype(dtype)
    else:
        value = x.astype(dtype)
    np.copyto(out, value, casting='unsafe')


@register
class Cast(_SameShape):
    """y = x converted to ``dtype``; dx = dy converted back to x's type."""
    name = 'Cast'
    hint = 'cast'
    aliases = ('cast',)
    params = {'dtype': Param('enum', required=True, choices=CAST_DTYPES)}

    def infer_type(self, in_types):
        out = 'float32' if self.p['dtype'] == 'bfloat16' else self.p['dtype']
        return in_types, [np.dtype(out)]

    def forward(self, is_train, inputs, outputs, aux, state):
        if self.p['dtype'] == 'bfloat16':   # NumPy has no bfloat16: keep float32's values
            np.copyto(outputs[0], inputs[0], casting='unsafe')
            return
        cast_into(inputs[0], self.p['dtype'], outputs[0])

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        if in_grads[0] is not None and req[0] != 'null':
            write_grad(in_grads[0], req[0], out_grads[0].astype(in_grads[0].dtype))
