"""Operators that order values: topk, argmax, argmin and argmax_channel. Indices come out
as floats (MXNet's default dtype); argmax and friends pass no gradient back."""
import numpy as np

from ...base import MXNetError
from ..op import Op, Param, register
from ._common import write_grad, prod, zero_grad
from ._partial import axis_of, complete, norm
from .index import optional_axis

INDEX_DTYPES = ('float16', 'float32', 'float64', 'int32', 'int64', 'uint8')


@register
class TopK(Op):
    """The k largest (is_ascend: smallest) entries along ``axis`` (None: of the flattened
    array), largest first. ret_typ: 'indices' (their positions), 'value', 'both' (values,
    then positions) or 'mask' (1 where an entry is among them, else 0). k < 1 means all.

    Backward (value, both): dx = dy at the places the values came from, 0 elsewhere.
    """
    name = 'topk'
    hint = 'topk'
    params = {'axis': Param('str', '-1'),
              'k': Param('int', 1),
              'ret_typ': Param('enum', 'indices', choices=('both', 'indices', 'mask', 'value')),
              'is_ascend': Param('bool', False),
              'dtype': Param('enum', 'float32', choices=INDEX_DTYPES)}

    def __init__(self, attrs=None, node_name=''):
        super().__init__(attrs, node_name)
        self.axis = optional_axis(self, self.p['axis'])

    def outputs(self):
        return ['output0', 'output1'] if self.p['ret_typ'] == 'both' else \
            ['output0'] if self.p['ret_typ'] == 'value' else ['output']

    def num_outputs(self):
        return 2 if self.p['ret_typ'] in ('both', 'value') else 1

    def infer_type(self, in_types):
        index = np.dtype(self.p['dtype'])
        if self.p['ret_typ'] in ('both', 'value'):
            return in_types, [in_types[0], index]
        return in_types, [index if self.p['ret_typ'] == 'indices' else in_types[0]]

    def passes_grad(self):
        return self.p['ret_typ'] in ('value', 'both')

    def _k(self, size):
        k = self.p['k']
        if k > size:
            raise self.shape_error('k must be smaller than %d, get k = %d' % (size, k))
        return size if k < 1 else k

    def infer_shape(self, in_shapes, aux_shapes):
        data = norm(in_shapes[0])
        if not complete(data):   # MXNet needs the whole shape
            return in_shapes, [None] * self.num_outputs(), aux_shapes
        if self.axis is None:
            picked = (self._k(prod(data)),)
        else:
            axis = axis_of(self, self.axis, len(data))
            picked = data[:axis] + (self._k(data[axis]),) + data[axis + 1:]
        out = data if self.p['ret_typ'] == 'mask' else picked
        return in_shapes, [out] * self.num_outputs(), aux_shapes

    def _order(self, x):
        """(x as sorted, axis, positions of the top k along axis), with x flattened for
        axis=None."""
        if self.axis is None:
            x = x.reshape(-1)
        axis = self.axis % x.ndim if self.axis is not None else 0
        k = self._k(x.shape[axis])
        # a stable sort of −x keeps equal values in their order, as MXNet does for ties
        order = np.argsort(x if self.p['is_ascend'] else -x, axis=axis, kind='stable')
        return x, axis, np.take(order, np.arange(k), axis=axis)

    def forward(self, is_train, inputs, outputs, aux, state):
        x, axis, top = self._order(inputs[0])
        kind = self.p['ret_typ']
        if kind == 'mask':
            mask = np.zeros(x.shape, dtype=outputs[0].dtype)
            np.put_along_axis(mask, top, 1, axis)
            np.copyto(outputs[0], mask.reshape(outputs[0].shape))
            return
        if kind in ('value', 'both'):
            np.copyto(outputs[0], np.take_along_axis(x, top, axis))
            np.copyto(outputs[1], top, casting='unsafe')
        else:
            np.copyto(outputs[0], top, casting='unsafe')

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        dx = in_grads[0]
        if self.p['ret_typ'] in ('indices', 'mask') or out_grads[0] is None:
            zero_grad(dx, req[0])
            return
        if dx is None or req[0] == 'null':
            return
        x, axis, top = self._order(inputs[0])
        full = np.zeros(x.shape, dtype=dx.dtype)
        np.put_along_axis(full, top, out_grads[0], axis)
        write_grad(dx, req[0], full.reshape(dx.shape))


class _ArgReduce(Op):
    """The position of the extreme value along ``axis`` (None: of the flattened array,
    giving shape (1,)), as a float; the first one on ties. No gradient flows back."""
    params = {'axis': Param('str', 'None'), 'keepdims': Param('bool', False)}
    pick = None

    def __init__(self, attrs=None, node_name=''):
        super().__init__(attrs, node_name)
        self.axis = optional_axis(self, self.p['axis'])

    def passes_grad(self):
        return False

    def infer_shape(self, in_shapes, aux_shapes):
        data = norm(in_shapes[0])
        if not complete(data):   # MXNet waits for the whole shape
            return in_shapes, [None], aux_shapes
        if self.axis is None:
            out = (1,) * len(data) if self.p['keepdims'] else (1,)
        else:
            axis = axis_of(self, self.axis, len(data))
            out = data[:axis] + ((1,) if self.p['keepdims'] else ()) + data[axis + 1:]
        return in_shapes, [out], aux_shapes

    def forward(self, is_train, inputs, outputs, aux, state):
        x = inputs[0]
        if self.axis is None:
            found = type(self).pick(x.reshape(-1))
        else:
            found = type(self).pick(x, axis=self.axis)
        np.copyto(outputs[0], np.reshape(found, outputs[0].shape), casting='unsafe')

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        zero_grad(in_grads[0], req[0])


@register
class ArgMax(_ArgReduce):
    __doc__ = _ArgReduce.__doc__.replace('extreme', 'largest')
    name = 'argmax'
    hint = 'argmax'
    pick = np.argmax


@register
class ArgMin(_ArgReduce):
    __doc__ = _ArgReduce.__doc__.replace('extreme', 'smallest')
    name = 'argmin'
    hint = 'argmin'
    pick = np.argmin


@register
class ArgMaxChannel(_ArgReduce):
    """The position of the largest value along axis 1 (the channels), as a float. MXNet
    gives it no gradient at all (argmax has a zero one)."""
    name = 'argmax_channel'
    hint = 'argmax_channel'
    params = {}
    pick = np.argmax

    def __init__(self, attrs=None, node_name=''):
        Op.__init__(self, attrs, node_name)
        self.axis = 1
        self.p['keepdims'] = False

    def passes_grad(self):
        return True   # MXNet has no gradient for it at all: backward says so

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        raise MXNetError("Operator argmax_channel is non-differentiable because it didn't "
                         "register FGradient attribute (%s). Bind its input with grad_req "
                         "'null', or use argmax(axis=1)" % self.node_name)


class _Sort(Op):
    """Sorting along ``axis`` (None: the flattened array), ascending unless is_ascend=False;
    equal values keep their order."""

    def __init__(self, attrs=None, node_name=''):
        super().__init__(attrs, node_name)
        self.axis = optional_axis(self, self.p['axis'])

    def infer_shape(self, in_shapes, aux_shapes):
        data = norm(in_shapes[0])
        if not complete(data):
            return in_shapes, [None] * self.num_outputs(), aux_shapes
        if self.axis is not None:
            axis_of(self, self.axis, len(data))
        out = data if self.axis is not None else (prod(data),)
        return in_shapes, [out] * self.num_outputs(), aux_shapes

    def _order(self, x):
        if self.axis is None:
            x = x.reshape(-1)
        axis = 0 if self.axis is None else self.axis % x.ndim
        key = x if self.p['is_ascend'] else -x
        return x, axis, np.argsort(key, axis=axis, kind='stable')


@register
class Sort(_Sort):
    __doc__ = _Sort.__doc__ + """ y = the sorted values; dx = dy put back where each value
    came from. (MXNet 1.9.1 cannot bind sort with a gradient; tutor can.)"""
    name = 'sort'
    hint = 'sort'
    params = {'axis': Param('str', '-1'), 'is_ascend': Param('bool', True)}

    def outputs(self):
        return ['output0']      # MXNet's sort has a hidden second output (the indices)

    def num_outputs(self):
        return 2

    def forward(self, is_train, inputs, outputs, aux, state):
        x, axis, order = self._order(inputs[0])
        np.copyto(outputs[0], np.take_along_axis(x, order, axis))
        np.copyto(outputs[1], order, casting='unsafe')

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        if in_grads[0] is None or req[0] == 'null':
            return
        x, axis, order = self._order(inputs[0])
        full = np.zeros(x.shape, dtype=in_grads[0].dtype)
        np.put_along_axis(full, order, out_grads[0], axis)
        write_grad(in_grads[0], req[0], full.reshape(in_grads[0].shape))


@register
class ArgSort(_Sort):
    __doc__ = _Sort.__doc__ + """ y = the positions that would sort x, in ``dtype``; no
    gradient flows back (dx = 0)."""
    name = 'argsort'
    hint = 'argsort'
    params = {'axis': Param('str', '-1'), 'is_ascend': Param('bool', True),
              'dtype': Param('enum', 'float32', choices=INDEX_DTYPES)}

    def infer_type(self, in_types):
        return in_types, [np.dtype(self.p['dtype'])]

    def passes_grad(self):
        return False

    def forward(self, is_train, inputs, outputs, aux, state):
        np.copyto(outputs[0], self._order(inputs[0])[2], casting='unsafe')

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        zero_grad(in_grads[0], req[0])
