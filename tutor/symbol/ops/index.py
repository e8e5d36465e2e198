"""Operators that read rows by index: Embedding, take, batch_take, pick and one_hot.
Indices arrive as float arrays (MXNet's default type) and are truncated like C's int cast."""
import numpy as np

from ...base import MXNetError
from ..op import Op, Param, assign, register
from ._partial import norm

DTYPES = ('bfloat16', 'float16', 'float32', 'float64', 'int32', 'int64', 'int8', 'uint8')


def as_index(a):
    """Float indices to integers, truncated toward zero (C++ static_cast<int>)."""
    return a.astype(np.int64)


def scatter_rows(dst, req, index, rows):
    """dst[index[k]] += rows[k] for every k (repeated indices add up), as req asks."""
    if dst is None or req == 'null':
        return
    if req == 'write':
        dst.fill(0)
    np.add.at(dst, index, rows)


@register
class Embedding(Op):
    """y[..., :] = weight[clip(int(x[...]), 0, input_dim − 1), :]: one row of the
    (input_dim, output_dim) weight per index, so y has shape x.shape + (output_dim,).

    Backward: d weight[i] = Σ dy over every position whose index is i; the indices get no
    gradient (MXNet refuses to compute one).
    """
    name = 'Embedding'
    hint = 'embedding'
    params = {'input_dim': Param('int', required=True),
              'output_dim': Param('int', required=True),
              'dtype': Param('enum', 'float32', choices=DTYPES),
              'sparse_grad': Param('bool', False)}
    inputs = ('data', 'weight')

    def infer_type(self, in_types):
        dtype = np.dtype(self.p['dtype'] if self.p['dtype'] != 'bfloat16' else 'float32')
        return [in_types[0], dtype], [dtype]

    def infer_shape(self, in_shapes, aux_shapes):
        data = norm(in_shapes[0])
        if data is None:   # like MXNet: nothing is decided before the indices' shape
            return in_shapes, [None], aux_shapes
        weight = (self.p['input_dim'], self.p['output_dim'])
        have = norm(in_shapes[1])
        if have is not None and have != weight:
            raise self.shape_error(
                'Shape inconsistent, Provided = %s, inferred shape=(%d,%d): the weight of '
                'Embedding has shape (input_dim, output_dim) = %s; give it that shape or change '
                'input_dim/output_dim' % (list(have), weight[0], weight[1], weight))
        return [data, weight], [data + (self.p['output_dim'],)], aux_shapes

    def forward(self, is_train, inputs, outputs, aux, state):
        index = as_index(inputs[0])
        np.take(inputs[1], index, axis=0, mode='clip', out=outputs[0])

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        if in_grads[0] is not None and req[0] != 'null':
            raise MXNetError(
                "Check failed: req[embedding::kData] == kNullOp: Embedding layer doesn't "
                "support calculate data gradient. The indices of %s get no gradient: bind its "
                "data with grad_req 'null' (Module does so for data unless inputs_need_grad)"
                % self.node_name)
        index = np.clip(as_index(inputs[0]), 0, self.p['input_dim'] - 1).reshape(-1)
        rows = out_grads[0].reshape(-1, self.p['output_dim'])
        scatter_rows(in_grads[1], req[1], index, rows)
