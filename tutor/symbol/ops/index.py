"""Operators that read by index: Embedding, take, batch_take, pick and one_hot.
Indices arrive as float arrays (MXNet's default type) and are truncated like C's int cast."""
import numpy as np

from ...base import MXNetError
from ..op import Op, Param, register
from ._common import mx_list, prod, write_grad, zero_grad
from ._partial import axis_of, complete, merge, norm

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
                'input_dim/output_dim' % (mx_list(have), weight[0], weight[1], weight))
        return [data, weight], [data + (self.p['output_dim'],)], aux_shapes

    def forward(self, is_train, inputs, outputs, aux, state):
        index, weight, y = as_index(inputs[0]), inputs[1], outputs[0]
        if weight.dtype == y.dtype and y.flags.c_contiguous:
            np.take(weight, index, axis=0, mode='clip', out=y)
        else:   # dtype='float16' with a float32 weight bound: take, then cast
            np.copyto(y, np.take(weight, index, axis=0, mode='clip'), casting='unsafe')

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


def fit_index(op, index, size, mode):
    """Integer indices into an axis of ``size``: 'clip' to [0, size − 1], 'wrap' around
    (−1 is the last), or 'raise' on anything outside [0, size − 1]."""
    if mode == 'raise':
        if np.any(index < 0) or np.any(index > size - 1):
            raise MXNetError('Check failed: is_valid: take operator contains indices out of '
                             'bound (%s, name="%s": every index must be in [0, %d]; '
                             "mode='clip' or 'wrap' accept any)" % (op.name, op.node_name,
                                                                    size - 1))
        return as_index(index)
    index = as_index(index)
    return np.mod(index, size) if mode == 'wrap' else np.clip(index, 0, size - 1)


def optional_axis(op, raw):
    """'None' -> None, '1' -> 1 (an axis that may be absent)."""
    text = str(raw).strip()
    if text == 'None':
        return None
    try:
        return int(text)
    except ValueError:
        raise MXNetError('Invalid Parameter format for axis expect int or None but value=%r, '
                         'in operator %s(name="%s")' % (raw, op.name, op.node_name)) from None


@register
class Take(Op):
    """y = a taken at ``indices`` along ``axis``: y.shape = a.shape[:axis] + indices.shape +
    a.shape[axis+1:], as numpy.take. Backward: d a[i] = Σ dy over the positions that took i;
    the indices get no gradient."""
    name = 'take'
    hint = 'take'
    params = {'axis': Param('int', 0),
              'mode': Param('enum', 'clip', choices=('clip', 'raise', 'wrap'))}
    inputs = ('a', 'indices')

    def infer_shape(self, in_shapes, aux_shapes):
        data, index = norm(in_shapes[0]), norm(in_shapes[1])
        if data is None or not complete(index):   # MXNet needs the whole index shape
            return in_shapes, [None], aux_shapes
        axis = axis_of(self, self.p['axis'], len(data))
        return in_shapes, [data[:axis] + index + data[axis + 1:]], aux_shapes

    def _index(self, inputs):
        axis = self.p['axis'] % inputs[0].ndim
        return axis, fit_index(self, inputs[1], inputs[0].shape[axis], self.p['mode'])

    def forward(self, is_train, inputs, outputs, aux, state):
        axis, index = self._index(inputs)
        np.copyto(outputs[0], np.take(inputs[0], index, axis=axis))

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        if req[1] == 'add' and in_grads[1] is not None:
            raise MXNetError("Check failed: req[take_::kIdx] != kAddTo: take layer doesn't "
                             "support gradient of req type kAddTo to index (%s): bind the "
                             "indices with grad_req 'null' or 'write'" % self.node_name)
        zero_grad(in_grads[1], req[1])
        if in_grads[0] is None or req[0] == 'null':
            return
        axis, index = self._index(inputs)
        moved = list(range(axis, axis + index.ndim))   # dy's index axes, moved to the front
        rows = np.moveaxis(out_grads[0], moved, list(range(index.ndim)))
        if req[0] == 'write':
            in_grads[0].fill(0)
        np.add.at(np.moveaxis(in_grads[0], axis, 0), index, rows)


@register
class BatchTake(Op):
    """y[i] = a[i, indices[i]] for a viewed as (rows, last axis): one value per row.
    MXNet gives it no gradient (use pick, which has one)."""
    name = 'batch_take'
    hint = 'batch_take'
    params = {}
    inputs = ('a', 'indices')

    def infer_shape(self, in_shapes, aux_shapes):
        data, index = norm(in_shapes[0]), norm(in_shapes[1])
        if data is None or index is None:
            return in_shapes, [None], aux_shapes
        rows = prod(data) // data[-1] if all(data) else 0
        if rows and all(index) and prod(index) != rows:
            raise self.shape_error("Index array's size must be the same as data array's size "
                                   'excluding the first dimension: a %s has %d rows of %d, '
                                   'indices %s has %d entries' % (data, rows, data[-1], index,
                                                                  prod(index)))
        return in_shapes, [index], aux_shapes

    def forward(self, is_train, inputs, outputs, aux, state):
        a = inputs[0].reshape(-1, inputs[0].shape[-1])
        index = np.clip(as_index(inputs[1]).reshape(-1), 0, a.shape[1] - 1)
        np.copyto(outputs[0], a[np.arange(a.shape[0]), index].reshape(outputs[0].shape))

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        raise MXNetError('Operator batch_take is non-differentiable because it didn\'t register '
                         "FGradient attribute (%s). Bind its inputs with grad_req 'null', or "
                         'use pick, which has a gradient' % self.node_name)


@register
class Pick(Op):
    """y = x picked at one index per position along ``axis``: y[i, j] = x[i, index[i, j], j]
    (index has x's shape without that axis; 'clip' or 'wrap' out-of-range indices).
    Backward: dx = dy at the picked places, 0 elsewhere; the index gets no gradient."""
    name = 'pick'
    hint = 'pick'
    params = {'axis': Param('str', '-1'),
              'keepdims': Param('bool', False),
              'mode': Param('enum', 'clip', choices=('clip', 'wrap'))}
    inputs = ('data', 'index')

    def __init__(self, attrs=None, node_name=''):
        super().__init__(attrs, node_name)
        self.axis = optional_axis(self, self.p['axis'])

    def infer_shape(self, in_shapes, aux_shapes):
        data = norm(in_shapes[0])
        if data is None:
            return in_shapes, [None], aux_shapes
        if self.axis is None:
            raise self.shape_error('axis=None is not supported by pick yet. Must specify an '
                                   'axis.')
        axis = axis_of(self, self.axis, len(data))
        index = merge(self, norm(in_shapes[1]), data[:axis] + data[axis + 1:],
                      'the index (the data without axis %d) and the data' % axis)
        out = data[:axis] + (1,) + data[axis + 1:] if self.p['keepdims'] else index
        return [data, index], [out], aux_shapes

    def _where(self, inputs):
        """The picked positions, as an index array with a size-1 axis at ``axis``."""
        x = inputs[0]
        axis = self.axis % x.ndim
        index = fit_index(self, inputs[1], x.shape[axis], self.p['mode'])
        return axis, np.expand_dims(index.reshape(x.shape[:axis] + x.shape[axis + 1:]), axis)

    def forward(self, is_train, inputs, outputs, aux, state):
        axis, where = self._where(inputs)
        picked = np.take_along_axis(inputs[0], where, axis)
        np.copyto(outputs[0], picked.reshape(outputs[0].shape))

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        zero_grad(in_grads[1], req[1])
        if in_grads[0] is None or req[0] == 'null':
            return
        axis, where = self._where(inputs)
        full = np.zeros(inputs[0].shape, dtype=in_grads[0].dtype)
        np.put_along_axis(full, where, out_grads[0].reshape(where.shape), axis)
        write_grad(in_grads[0], req[0], full)


@register
class OneHot(Op):
    """y[..., j] = on_value where j = int(indices[...]), off_value elsewhere (an index
    outside [0, depth) gives a row of off_value); y has shape indices.shape + (depth,).
    The indices get no gradient."""
    name = 'one_hot'
    hint = 'one_hot'
    params = {'depth': Param('int', required=True),
              'on_value': Param('float', 1.0),
              'off_value': Param('float', 0.0),
              'dtype': Param('enum', 'float32', choices=DTYPES[1:])}
    inputs = ('indices',)

    def infer_type(self, in_types):
        return in_types, [np.dtype(self.p['dtype'])]

    def passes_grad(self):
        return False

    def infer_shape(self, in_shapes, aux_shapes):
        index = norm(in_shapes[0])
        if index is None or not all(index):   # MXNet waits for the whole shape
            return in_shapes, [None], aux_shapes
        return in_shapes, [index + (self.p['depth'],)], aux_shapes

    def forward(self, is_train, inputs, outputs, aux, state):
        y = outputs[0]
        y.fill(self.p['off_value'])
        index = as_index(inputs[0])
        inside = (index >= 0) & (index < self.p['depth'])
        where = np.expand_dims(np.where(inside, index, 0), -1)
        on = np.where(inside, self.p['on_value'], self.p['off_value'])[..., None]
        np.put_along_axis(y, where, on.astype(y.dtype), -1)

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        zero_grad(in_grads[0], req[0])


@register
class Where(Op):
    """y = x where condition ≠ 0, else y (condition has x's shape, or is 1-D and picks whole
    rows). Backward: dx = dy where condition ≠ 0, dy_y = dy elsewhere; the condition gets 0."""
    name = 'where'
    hint = 'where'
    params = {}
    inputs = ('condition', 'x', 'y')

    def infer_shape(self, in_shapes, aux_shapes):
        cond = norm(in_shapes[0])
        shape = merge(self, norm(in_shapes[1]), norm(in_shapes[2]), 'x and y')
        if shape is None or not complete(cond):   # MXNet waits for condition, and x or y
            return in_shapes, [None], aux_shapes
        if cond is not None and len(cond) == 1 and len(shape) > 1:
            if cond[0] and shape[0] and cond[0] != shape[0]:
                raise self.shape_error('a 1-D condition picks rows: it needs %d entries (x has '
                                       'shape %s), got %d' % (shape[0], shape, cond[0]))
        else:
            cond = merge(self, cond, shape, 'condition and x')
        return [cond, shape, shape], [shape], aux_shapes

    def _mask(self, cond, shape):
        mask = cond != 0
        return mask.reshape(mask.shape + (1,) * (len(shape) - mask.ndim))

    def forward(self, is_train, inputs, outputs, aux, state):
        cond, x, y = inputs
        np.copyto(outputs[0], np.where(self._mask(cond, x.shape), x, y))

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        mask, dy = self._mask(inputs[0], inputs[1].shape), out_grads[0]
        zero_grad(in_grads[0], req[0])
        write_grad(in_grads[1], req[1], np.where(mask, dy, 0))
        write_grad(in_grads[2], req[2], np.where(mask, 0, dy))
