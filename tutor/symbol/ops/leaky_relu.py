"""LeakyReLU: the ReLU family that lets some signal through for x < 0. act_type:

leaky  y = x if x > 0 else slope·x                        dx = dy·(1 if y > 0 else slope)
prelu  y = x if x > 0 else γ·x, γ learnt (one per channel) dx = dy·(1 if x > 0 else γ),
                                                            dγ = Σ dy·(0 if x > 0 else x)
elu    y = x if x > 0 else slope·(eˣ − 1)                 dx = dy·(1 if y > 0 else y + slope)
selu   y = λ·(x if x > 0 else α·(eˣ − 1))                 dx = dy·(λ if y > 0 else y + λα)
gelu   y = x·Φ(x) = ½x·(1 + erf(x/√2))                    dx = dy·(Φ(x) + x·φ(x))
rrelu  y = x if x > 0 else s·x, with s drawn from U[lower_bound, upper_bound) for every
       value in training, s = (lower_bound + upper_bound)/2 in inference; the second,
       visible output ``mask`` holds the s used;            dx = dy·(1 if x > 0 else s)
"""
import math

import numpy as np

from ... import random as _random
from ..op import Op, Param, register
from .binary import write_grad
from .unary import erf

SELU_LAMBDA = 1.0507009873554804934193349852946
SELU_ALPHA = 1.6732632423543772848170429916717
def gamma_view_shape(op, gamma, data):
    """Where prelu's γ sits in the data: aligned from the right onto axes 0 and 1 (MXNet's
    expand_shape), so a (C,) γ is one slope per channel and a (1,) γ one for all."""
    out, s = [1] * len(data), len(gamma) - 1
    for i in range(len(data) - 1, -1, -1):
        if s >= 0 and i <= 1 and gamma[s] in (data[i], 1):
            out[i] = gamma[s]
            s -= 1
    if s != -1:
        raise op.shape_error('Cannot broadcast gamma to data. gamma: %s, data: %s. Give gamma '
                             'the shape (channels,) = (%d,) or (1,)'
                             % (tuple(gamma), tuple(data), data[1]))
    return tuple(out)


@register
class LeakyReLU(Op):
    __doc__ = __doc__
    name = 'LeakyReLU'
    hint = 'leakyrelu'
    inputs = ('data', 'gamma')     # MXNet's signature; gamma is an argument only for prelu
    params = {'act_type': Param('enum', 'leaky',
                                choices=('elu', 'gelu', 'leaky', 'prelu', 'rrelu', 'selu')),
              'slope': Param('float', 0.25),
              'lower_bound': Param('float', 0.125),
              'upper_bound': Param('float', 0.334)}

    def arguments(self):
        return ['data', 'gamma'] if self.p['act_type'] == 'prelu' else ['data']

    def outputs(self):
        return ['output', 'mask'] if self.p['act_type'] == 'rrelu' else ['output']

    def infer_shape(self, in_shapes, aux_shapes):
        data = in_shapes[0]
        if data is None:
            return in_shapes, [None] * self.num_outputs(), aux_shapes
        data = tuple(data)
        if self.p['act_type'] == 'prelu':
            if len(data) < 2:
                raise self.shape_error('prelu needs data with a channel axis (at least 2 axes:'
                                       ' batch, channels, ...); the data has shape %s'
                                       % (data,))
            if in_shapes[1] is None or not len(in_shapes[1]):
                in_shapes[1] = (data[1],)       # one slope per channel (0: not known yet)
        return in_shapes, [data] * self.num_outputs(), aux_shapes

    def forward(self, is_train, inputs, outputs, aux, state):
        x, y, act = inputs[0], outputs[0], self.p['act_type']
        positive = x > 0
        if act == 'leaky':
            np.copyto(y, np.where(positive, x, self.p['slope'] * x))
        elif act == 'prelu':
            gamma = inputs[1].reshape(gamma_view_shape(self, inputs[1].shape, x.shape))
            np.copyto(y, np.where(positive, x, gamma * x))
        elif act == 'elu':
            np.copyto(y, np.where(positive, x, self.p['slope'] * np.expm1(x)))
        elif act == 'selu':
            np.copyto(y, SELU_LAMBDA * np.where(positive, x, SELU_ALPHA * np.expm1(x)))
        elif act == 'gelu':
            np.copyto(y, 0.5 * x * (1 + erf(x / math.sqrt(2))))
        else:
            self._rrelu_forward(is_train, x, y, outputs[1], positive)

    def _rrelu_forward(self, is_train, x, y, mask, positive):
        lo, hi = self.p['lower_bound'], self.p['upper_bound']
        if is_train:
            mask[...] = _random.generator().uniform(lo, hi, mask.shape)
        else:
            mask.fill((lo + hi) / 2)
        np.copyto(y, np.where(positive, x, mask * x))

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        dy, x, y, act = out_grads[0], inputs[0], outputs[0], self.p['act_type']
        if act == 'prelu':
            self._prelu_backward(dy, x, inputs[1], in_grads, req)
            return
        if act == 'leaky':
            slope = np.where(y > 0, 1, self.p['slope'])
        elif act == 'elu':
            slope = np.where(y > 0, 1, y + self.p['slope'])
        elif act == 'selu':
            slope = np.where(y > 0, SELU_LAMBDA, y + SELU_LAMBDA * SELU_ALPHA)
        elif act == 'gelu':
            phi = np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)
            slope = 0.5 * (1 + erf(x / math.sqrt(2))) + x * phi
        else:
            slope = np.where(x > 0, 1, outputs[1])
        write_grad(in_grads[0], req[0], dy * slope)

    def _prelu_backward(self, dy, x, gamma, in_grads, req):
        view = gamma_view_shape(self, gamma.shape, x.shape)
        positive = x > 0
        write_grad(in_grads[0], req[0], dy * np.where(positive, 1, gamma.reshape(view)))
        if in_grads[1] is not None and req[1] != 'null':
            axes = tuple(i for i, d in enumerate(view) if d == 1)
            dgamma = np.sum(dy * np.where(positive, 0, x), axis=axes)
            write_grad(in_grads[1], req[1], dgamma.reshape(gamma.shape))
