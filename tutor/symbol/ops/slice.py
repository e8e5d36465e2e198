"""slice (``crop``) and slice_axis: a rectangular piece of the data. Backward puts the head
gradient back where the piece came from; everywhere else the gradient is 0."""
import numpy as np

from ...base import MXNetError
from ..op import Op, Param, register
from ._common import mx_list, zero_grad
from ._partial import axis_of, norm


def parse_optional_ints(op, key, raw):
    """'(0, None)' -> (0, None): MXNet's tuple of optional ints."""
    if isinstance(raw, (tuple, list)):
        items = list(raw)
    else:
        items = [t.strip() for t in str(raw).strip().strip('()[]').split(',') if t.strip()]
    try:
        return tuple(None if v in (None, 'None') else int(v) for v in items)
    except ValueError:
        raise MXNetError('Invalid Parameter format for %s expect tuple of <int or None> but '
                         'value=%r, in operator %s(name="%s")' % (key, raw, op.name,
                                                                  op.node_name)) from None


def slice_backward(dx, req, region, dy):
    """dx = 0 outside ``region`` and dy inside it (req 'write'), or += dy there ('add')."""
    if dx is None or req == 'null':
        return
    if req == 'write':
        dx.fill(0)
        dx[region] = dy
    else:
        dx[region] += dy


@register
class Slice(Op):
    """y = x[begin[0]:end[0]:step[0], begin[1]:end[1]:step[1], ...] for the first len(begin)
    axes, Python's rules (negative values count from the end, None is the whole axis);
    the other axes are kept whole."""
    name = 'slice'
    hint = 'slice'
    aliases = ('crop',)
    params = {'begin': Param('str', required=True),
              'end': Param('str', required=True),
              'step': Param('str', '()')}

    def __init__(self, attrs=None, node_name=''):
        super().__init__(attrs, node_name)
        self.begin = parse_optional_ints(self, 'begin', self.p['begin'])
        self.end = parse_optional_ints(self, 'end', self.p['end'])
        self.step = parse_optional_ints(self, 'step', self.p['step'])

    def _steps(self):
        return [(self.step[i] if self.step and self.step[i] is not None else 1)
                for i in range(len(self.begin))]

    def region(self):
        """The piece, as Python slices of the first len(begin) axes."""
        return tuple(slice(b, e, s) for b, e, s in zip(self.begin, self.end, self._steps()))

    def infer_shape(self, in_shapes, aux_shapes):
        data = norm(in_shapes[0])
        if data is None:
            return in_shapes, [None], aux_shapes
        if len(self.begin) > len(data):
            raise self.shape_error('Slicing axis exceeds data dimensions: begin=%s has %d '
                                   'entries, the data %s has %d axes'
                                   % (self.begin, len(self.begin), data, len(data)))
        if len(self.begin) != len(self.end) or (self.step and len(self.step) != len(self.begin)):
            raise self.shape_error('begin and end must have the same length (and step too, if '
                                   'given): begin=%s end=%s step=%s'
                                   % (self.begin, self.end, self.step))
        steps = self._steps()
        if 0 in steps:
            raise self.shape_error('slice op step[%d] cannot be 0' % steps.index(0))
        out = list(data)
        for i, piece in enumerate(self.region()):
            out[i] = len(range(*piece.indices(data[i]))) if data[i] else 0
        return in_shapes, [tuple(out)], aux_shapes

    def forward(self, is_train, inputs, outputs, aux, state):
        np.copyto(outputs[0], inputs[0][self.region()])

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        slice_backward(in_grads[0], req[0], self.region(), out_grads[0])


@register
class SliceAxis(Op):
    """y = x[..., begin:end, ...] along ``axis`` (negative begin/end count from the end;
    end=None is the end of the axis). Unlike slice, the piece must not be empty."""
    name = 'slice_axis'
    hint = 'slice_axis'
    params = {'axis': Param('int', required=True),
              'begin': Param('int', required=True),
              'end': Param('str', required=True)}

    def __init__(self, attrs=None, node_name=''):
        super().__init__(attrs, node_name)
        self.end = parse_optional_ints(self, 'end', '(%s)' % self.p['end'])[0]

    def _range(self, size):
        """(begin, end) as non-negative indices into an axis of ``size``, checked as MXNet."""
        b, e = self.p['begin'], size if self.end is None else self.end
        b, e = b + size if b < 0 else b, e + size if e < 0 else e
        if b < 0:
            raise self.shape_error('Invalid begin for begin=%d (axis size %d)'
                                   % (self.p['begin'], size))
        if e > size:
            raise self.shape_error('Invalid end for end=%d as axis_size is %d' % (e, size))
        if not b < e:
            raise self.shape_error('Invalid begin, end, get begin=%d, end=%d: slice_axis needs '
                                   'begin < end (a non-empty piece)' % (b, e))
        return b, e

    def region(self, shape):
        axis = self.p['axis'] % len(shape)
        return (slice(None),) * axis + (slice(*self._range(shape[axis])),)

    def infer_shape(self, in_shapes, aux_shapes):
        data = norm(in_shapes[0])
        if data is None:
            return in_shapes, [None], aux_shapes
        axis = axis_of(self, self.p['axis'], len(data))
        out = list(data)
        if data[axis]:
            b, e = self._range(data[axis])
            out[axis] = e - b
        return in_shapes, [tuple(out)], aux_shapes

    def forward(self, is_train, inputs, outputs, aux, state):
        np.copyto(outputs[0], inputs[0][self.region(inputs[0].shape)])

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        slice_backward(in_grads[0], req[0], self.region(inputs[0].shape), out_grads[0])


@register
class SliceLike(Op):
    """y = data[:n0, :n1, ...] with nᵢ = shape_like.shape[i] on ``axes`` (all of
    shape_like's axes when not given): data cut to shape_like's size from the start.
    d data = dy in that corner, 0 elsewhere; shape_like gets 0."""
    name = 'slice_like'
    hint = 'slice_like'
    params = {'axes': Param('tuple', ())}
    inputs = ('data', 'shape_like')

    def _axes(self, data, like):
        if not self.p['axes']:
            if len(like) > len(data):
                raise self.shape_error('Operand shape_like %s has more axes than data %s'
                                       % (mx_list(like), mx_list(data)))
            return list(range(len(like)))
        axes = []
        for a in self.p['axes']:
            axis = axis_of(self, a, len(data))
            if axis >= len(like):
                raise self.shape_error('Slice axis: %d exceeds second input: %d'
                                       % (axis, len(like)))
            axes.append(axis)
        return axes

    def infer_shape(self, in_shapes, aux_shapes):
        data, like = norm(in_shapes[0]), norm(in_shapes[1])
        if data is None or like is None:
            return in_shapes, [None], aux_shapes
        out = list(data)
        for a in self._axes(data, like):
            if data[a] and like[a] and like[a] > data[a]:
                raise self.shape_error('Slice axis %d with size %d exceeds limit of input with '
                                       'size %d' % (a, like[a], data[a]))
            out[a] = like[a]
        return in_shapes, [tuple(out)], aux_shapes

    def region(self, data, like):
        region = [slice(None)] * len(data)
        for a in self._axes(data, like):
            region[a] = slice(0, like[a])
        return tuple(region)

    def forward(self, is_train, inputs, outputs, aux, state):
        np.copyto(outputs[0], inputs[0][self.region(inputs[0].shape, inputs[1].shape)])

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        slice_backward(in_grads[0], req[0], self.region(inputs[0].shape, inputs[1].shape),
                       out_grads[0])
        zero_grad(in_grads[1], req[1])
