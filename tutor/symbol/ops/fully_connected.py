"""FullyConnected: ``y = x·Wᵀ + b``, the layer every MLP is made of."""
import numpy as np

from ..op import Op, Param, register
from ._common import (ShapeError, Scratch, assign_shape, dot_into, grad_finish, grad_target,
                      merge_shapes, out_finish, out_target, prod, read_as)


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

    def infer_shape(self, in_shapes, aux_shapes, out_shapes=None):
        nh = self.p['num_hidden']
        data = in_shapes[0]
        out = out_shapes[0] if out_shapes else None
        if data is not None and out is not None and len(out) == (2 if self.p['flatten']
                                                                 else len(data)):
            lead = out[:1] if self.p['flatten'] else out[:-1]   # the rows y shares with x
            try:
                data = in_shapes[0] = merge_shapes(data, lead + tuple(data[len(lead):]))
            except ShapeError:  # the solver reports the disagreement where it finds it
                pass
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

    def create_state(self, in_shapes, out_shapes):
        state = Scratch()
        state.x2, state.y2 = self._rows(in_shapes[0])
        return state

    def _rows(self, dshape):
        """The 2-D shapes the maths works in: x as (rows, in), y as (rows, num_hidden)."""
        nh = self.p['num_hidden']
        if self.p['flatten']:
            rows = dshape[0]
        else:
            rows = prod(dshape[:-1])      # (N, T, in): every position is a row
        return (rows, self._in_units(dshape)), (rows, nh)

    def forward(self, is_train, inputs, outputs, aux, state):
        x = read_as(state, 'x', inputs[0], state.x2)
        y = out_target(state, 'y', outputs[0], state.y2)
        dot_into(x, inputs[1].T, y)                  # y = x·Wᵀ
        if not self.p['no_bias']:
            y += inputs[2].reshape(-1)               # + b
        out_finish(outputs[0], y)

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        x = read_as(state, 'x', inputs[0], state.x2)
        dy = read_as(state, 'dy', out_grads[0], state.y2)
        dw = grad_target(state, 'dweight', in_grads[1], req[1])
        if dw is not None:
            dot_into(dy.T, x, dw)                    # dW = dyᵀ·x
            grad_finish(in_grads[1], req[1], dw)
        dx = grad_target(state, 'ddata', in_grads[0], req[0], state.x2)
        if dx is not None:
            dot_into(dy, inputs[1], dx)              # dx = dy·W
            grad_finish(in_grads[0], req[0], dx)
        if not self.p['no_bias']:
            db = grad_target(state, 'dbias', in_grads[2], req[2], state.y2[1:])
            if db is not None:
                np.add.reduce(dy, axis=0, out=db)    # db = Σ dy over the rows
                grad_finish(in_grads[2], req[2], db)
