"""_zeros and _ones: arrays made from nothing but a shape (``mx.sym.zeros((0, 8))``).

An RNN cell's first state is one: ``begin_state`` asks for zeros of shape (0, num_hidden),
where 0 is the batch size nobody knows yet; shape inference fills it in from the layer that
reads the state, so the same graph binds for any batch size.
"""
import numpy as np

from ..op import Op, Param, register


class _Filled(Op):
    """No inputs; one output of ``shape`` filled with ``fill``."""
    params = {'shape': Param('tuple', ()),
              'ctx': Param('str', ''),
              'dtype': Param('enum', 'float32', choices=('float16', 'float32', 'float64',
                                                         'int32', 'int64', 'int8', 'uint8',
                                                         'bool'))}
    inputs = ()
    fill = 0.0

    def infer_shape(self, in_shapes, aux_shapes):
        shape = self.p['shape']
        return in_shapes, [tuple(shape) if shape else None], aux_shapes

    def infer_type(self, in_types):
        return [], [np.dtype(self.p['dtype'])]

    def forward(self, is_train, inputs, outputs, aux, state):
        outputs[0].fill(self.fill)

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        pass   # no inputs: nothing to pass a gradient to


@register
class Zeros(_Filled):
    """y = 0 everywhere."""
    name, hint = '_zeros', '_zeros'


@register
class Ones(_Filled):
    """y = 1 everywhere."""
    name, hint = '_ones', '_ones'
    fill = 1.0


def _filled(op_name, shape, dtype, kwargs):
    from ..compose import apply_op
    shape = int(shape) if isinstance(shape, (int, np.integer)) else tuple(shape)  # as str()
    dtype = np.dtype(dtype if dtype is not None else np.float32).name
    return apply_op(op_name, shape=shape, dtype=dtype, **kwargs)


def zeros(shape, dtype=None, **kwargs):
    """A symbol of ``shape`` filled with zeros (float32 unless ``dtype`` says otherwise);
    a 0 in ``shape`` is a dimension shape inference decides."""
    return _filled('_zeros', shape, dtype, kwargs)


def ones(shape, dtype=None, **kwargs):
    """A symbol of ``shape`` filled with ones."""
    return _filled('_ones', shape, dtype, kwargs)
