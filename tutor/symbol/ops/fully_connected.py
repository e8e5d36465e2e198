"""FullyConnected: ``y = x·Wᵀ + b``, the layer every MLP is made of."""
import numpy as np

from ..op import Op, Param, register
from ._common import Scratch, assign_shape, dot_into, grad_finish, grad_target, prod


@register
class FullyConnected(Op):
    """y = x·Wᵀ + b with W of shape (num_hidden, in) and b of shape (num_hidden,).

    ``flatten=True`` first reshapes x from (N, d1, d2, ...) to (N, d1·d2·...);
    ``flatten=False`` applies the layer to the last axis only: (N, T, in) -> (N, T, num_hidden).

    Backward: dx = dy·W, dW = dyᵀ·x, db = sum of dy over the rows.
    """
    name = 'FullyConnected'
    hint = 'fullyconnected'
    params = {'num_hidden': Param('int', required=True),
              'no_bias': Param('bool', False),
              'flatten': Param('bool', True)}
    inputs = ('data', 'weight', 'bias')

    def arguments(self):
        return ['data', 'weight'] if self.p['no_bias'] else ['data', 'weight', 'bias']

    def _in_units(self, dshape):
        return prod(dshape[1:]) if self.p['flatten'] else dshape[-1]

    def infer_shape(self, in_shapes, aux_shapes):
        nh = self.p['num_hidden']
        data = in_shapes[0]
        if data is None:  # like MXNet, nothing is decided before the data shape is known
            return in_shapes, [None], aux_shapes
        if len(data) == 0:
            raise self.shape_error('FullyConnected needs data with at least one axis, got a '
                                   'scalar; give data a shape like (batch, features)')
        n_in = self._in_units(data)
        why = 'num_hidden=%d, and the data %s has %d input units%s' % (
            nh, tuple(data), n_in, ' per sample' if self.p['flatten'] else ' on its last axis')
        assign_shape(self, in_shapes, 1, (nh, n_in), 'weight', why)
        if not self.p['no_bias']:
            bias = in_shapes[2]
            # MXNet also accepts a (num_hidden, 1) bias.
            if not (bias is not None and tuple(bias) == (nh, 1)):
                assign_shape(self, in_shapes, 2, (nh,), 'bias', 'num_hidden=%d' % nh)
        if self.p['flatten']:
            out = (data[0], nh)
        else:
            out = tuple(data[:-1]) + (nh,)
        return in_shapes, [out], aux_shapes

    def infer_inputs(self, in_shapes, out_shapes):
        data, weight, out = in_shapes[0], in_shapes[1], out_shapes[0]
        if out is None or (data is not None and all(data)) or len(out) != 2:
            return in_shapes
        if data is not None and len(data) == 2:    # (0, in): only the batch was unknown
            in_shapes[0] = (out[0], data[1])
        elif weight is not None and all(weight):   # 2-D data: (batch, weight's columns)
            in_shapes[0] = (out[0], weight[1])
        return in_shapes

    def create_state(self, in_shapes, out_shapes):
        return Scratch()

    def _rows(self, x, y):
        """x and y as 2-D views: (rows, in) and (rows, num_hidden)."""
        nh = self.p['num_hidden']
        if x.ndim == 1 and not self.p['flatten']:
            return x.reshape(1, -1), y.reshape(1, nh)
        rows = x.shape[0] if self.p['flatten'] else prod(x.shape[:-1])
        return x.reshape(rows, -1), y.reshape(rows, nh)

    def _views(self, state, inputs, y, key):
        """The 2-D views, made once: the executor passes the same arrays on every call.
        (Kept in a tuple so Executor.allocations() does not count views as memory.)"""
        cached = getattr(state, key, None)
        if cached is None or cached[0] is not inputs[0] or cached[1] is not y:
            if not (inputs[0].flags.c_contiguous and y.flags.c_contiguous):
                return self._rows(inputs[0], y)   # reshape may copy: never keep those
            cached = (inputs[0], y) + self._rows(inputs[0], y)
            setattr(state, key, cached)
        return cached[2:]

    def forward(self, is_train, inputs, outputs, aux, state):
        x, y = self._views(state, inputs, outputs[0], 'fwd_views')
        dot_into(x, inputs[1].T, y)
        if not self.p['no_bias']:
            y += inputs[2].reshape(-1)

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        x, dy = self._views(state, inputs, out_grads[0], 'bwd_views')
        w = inputs[1]
        dw = grad_target(state, 'dweight', in_grads[1], req[1])
        if dw is not None:
            dot_into(dy.T, x, dw)
            grad_finish(in_grads[1], req[1], dw)
        dx = grad_target(state, 'ddata', in_grads[0], req[0])
        if dx is not None:
            dot_into(dy, w, dx.reshape(x.shape))
            grad_finish(in_grads[0], req[0], dx)
        if not self.p['no_bias']:
            db = grad_target(state, 'dbias', in_grads[2], req[2])
            if db is not None:
                np.add.reduce(dy, axis=0, out=db.reshape(-1))
                grad_finish(in_grads[2], req[2], db)
