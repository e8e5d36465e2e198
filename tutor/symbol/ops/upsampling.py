"""UpSampling: make NCHW images ``scale`` times taller and wider.

nearest   y[n, c, i, j] = x[n, c, ⌊i/s⌋, ⌊j/s⌋]: every value copied into an s×s block;
          dx = the sum of dy over each block. Several inputs are each scaled to the first
          one's output size and concatenated along the channels (multi_input_mode='concat')
          or added (='sum').
bilinear  a Deconvolution with one learnt (k×k) filter per channel, k = 2s − s mod 2,
          stride s, pad ⌈(s − 1)/2⌉ (initialise the weight with mx.init.Bilinear()).
"""
import math

import numpy as np

from ...base import MXNetError
from ..op import Op, Param, register
from .binary import write_grad
from .deconv import Deconvolution


@register
class UpSampling(Op):
    __doc__ = __doc__
    name = 'UpSampling'
    hint = 'upsampling'
    params = {'scale': Param('int', required=True),
              'num_filter': Param('int', 0),
              'sample_type': Param('enum', required=True, choices=('bilinear', 'nearest')),
              'multi_input_mode': Param('enum', 'concat', choices=('concat', 'sum')),
              'num_args': Param('int', required=True),
              'workspace': Param('int', 512)}
    variadic = 'num_args'

    def __init__(self, attrs=None, node_name=''):
        super().__init__(attrs, node_name)
        self.deconv = None
        if self.p['sample_type'] == 'bilinear':
            s, f = self.p['scale'], self.p['num_filter']
            if f < 1:
                raise MXNetError('UpSampling(name="%s"): sample_type=\'bilinear\' needs '
                                 'num_filter= the number of channels of the data' % node_name)
            self.deconv = Deconvolution(
                {'kernel': str((2 * s - s % 2,) * 2), 'stride': str((s, s)),
                 'pad': str((math.ceil((s - 1) / 2),) * 2), 'num_filter': str(f),
                 'num_group': str(self.p['num_filter']), 'no_bias': 'True'}, node_name)

    def arguments(self):
        if self.deconv is not None:
            return ['data', 'weight']
        return ['arg%d' % i for i in range(self.p['num_args'])]

    def _check(self, shape, what):
        if len(shape) != 4:
            raise self.shape_error('UpSampling: Input data should be 4D in (batch, channel, y, '
                                   'x); %s has shape %s' % (what, tuple(shape)))

    def infer_shape(self, in_shapes, aux_shapes):
        if self.deconv is not None:
            if in_shapes[0] is not None:
                self._check(in_shapes[0], 'data')
            return self.deconv.infer_shape(in_shapes, aux_shapes)
        if any(s is None for s in in_shapes):
            return in_shapes, [None], aux_shapes
        for i, shape in enumerate(in_shapes):
            self._check(shape, 'input %d' % i)
        first, s = tuple(in_shapes[0]), self.p['scale']
        out_hw = (first[2] * s, first[3] * s)
        channels = 0
        for i, shape in enumerate(in_shapes):
            for axis, what in ((2, 'height'), (3, 'width')):
                if shape[axis] and out_hw[axis - 2] % shape[axis]:
                    raise self.shape_error(
                        'UpSamplingNearest: input %s of %d does not divide output %s of %d '
                        '(input %d has shape %s; every input is scaled to the first one\'s '
                        'output size)' % (what, shape[axis], what, out_hw[axis - 2], i,
                                          tuple(shape)))
            if self.p['multi_input_mode'] == 'sum':
                if channels and shape[1] != channels:
                    raise self.shape_error('Number of channels must be the same when '
                                           'multi_input_mode==sum; input %d has %d, not %d'
                                           % (i, shape[1], channels))
                channels = shape[1]
            else:
                channels += shape[1]
        return in_shapes, [(first[0], channels) + out_hw], aux_shapes

    def create_state(self, in_shapes, out_shapes):
        if self.deconv is not None:
            return self.deconv.create_state(in_shapes, out_shapes)
        return None

    def _slices(self, inputs, out_shape):
        """(input index, output channel slice, scale of that input) for the nearest mode."""
        c0 = 0
        for i, x in enumerate(inputs):
            s = out_shape[2] // x.shape[2]
            if self.p['multi_input_mode'] == 'sum':
                yield i, slice(0, x.shape[1]), s
            else:
                yield i, slice(c0, c0 + x.shape[1]), s
                c0 += x.shape[1]

    def forward(self, is_train, inputs, outputs, aux, state):
        if self.deconv is not None:
            self.deconv.forward(is_train, inputs, outputs, aux, state)
            return
        y = outputs[0]
        if self.p['multi_input_mode'] == 'sum':
            y.fill(0)
        for i, chans, s in self._slices(inputs, y.shape):
            big = np.repeat(np.repeat(inputs[i], s, axis=2), s, axis=3)
            if self.p['multi_input_mode'] == 'sum':
                y += big
            else:
                y[:, chans] = big

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        if self.deconv is not None:
            self.deconv.backward(out_grads, inputs, outputs, in_grads, req, aux, state)
            return
        dy = out_grads[0]
        for i, chans, s in self._slices(inputs, dy.shape):
            if in_grads[i] is None or req[i] == 'null':
                continue
            n, c, h, w = inputs[i].shape
            blocks = dy[:, chans].reshape(n, c, h, s, w, s)
            write_grad(in_grads[i], req[i], blocks.sum(axis=(3, 5)))
