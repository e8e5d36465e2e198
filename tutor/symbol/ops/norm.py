"""Normalisations that use only the sample itself (no moving statistics, so training and
inference agree): LayerNorm, InstanceNorm and L2Normalization.

LayerNorm and InstanceNorm share one piece of maths: over some axes, x̂ = (x − μ)/σ with
σ = √(var + eps), then y = γ·x̂ + β. Its backward, with g = dy·γ and means over those axes:
dx = (g − mean(g) − x̂·mean(g·x̂))/σ, dγ = Σ dy·x̂, dβ = Σ dy (sums over the other axes)."""
import numpy as np

from ..op import Op, Param, register
from ._common import Scratch, known
from .binary import write_grad


def normalise(x, axes, eps):
    """(x̂, μ, σ) of x over ``axes``, μ and σ kept with length-1 axes."""
    mean = x.mean(axis=axes, keepdims=True)
    centred = x - mean
    std = np.sqrt((centred * centred).mean(axis=axes, keepdims=True) + eps)
    return centred / std, mean, std


def normalise_backward(g, xhat, std, axes):
    """dx from g = dL/dx̂, for x̂ = (x − μ)/σ over ``axes``."""
    return (g - g.mean(axis=axes, keepdims=True)
            - xhat * (g * xhat).mean(axis=axes, keepdims=True)) / std


def fill(shapes, index, expected):
    """Propose ``expected`` for an input whose shape is not given; a shape with an unknown
    (0) length is proposed too, as MXNet's partial inference shows it."""
    if shapes[index] is None or not known(shapes[index]):
        shapes[index] = tuple(expected)


class _AffineNorm(Op):
    """y = γ·x̂ + β, x̂ normalised over ``_axes(ndim)``; γ, β along ``_channel(ndim)``."""
    inputs = ('data', 'gamma', 'beta')

    def num_outputs(self):
        return 3

    def create_state(self, in_shapes, out_shapes):
        return Scratch()

    def _param_view(self, a, ndim):
        shape = [1] * ndim
        shape[self._channel(ndim)] = a.size
        return a.reshape(shape)

    def forward(self, is_train, inputs, outputs, aux, state):
        x, gamma, beta = inputs
        axes = self._axes(x.ndim)
        state.xhat, mean, state.std = normalise(x, axes, self.p['eps'])
        np.copyto(outputs[0], self._param_view(gamma, x.ndim) * state.xhat
                  + self._param_view(beta, x.ndim), casting='unsafe')
        self._hidden(outputs, mean, state.std)

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        x, gamma, _ = inputs
        dy, ndim = out_grads[0], x.ndim
        others = tuple(i for i in range(ndim) if i != self._channel(ndim))
        if in_grads[0] is not None and req[0] != 'null':
            g = dy * self._param_view(gamma, ndim)
            write_grad(in_grads[0], req[0],
                       normalise_backward(g, state.xhat, state.std, self._axes(ndim)))
        if in_grads[1] is not None and req[1] != 'null':
            write_grad(in_grads[1], req[1], np.sum(dy * state.xhat, axis=others))
        if in_grads[2] is not None and req[2] != 'null':
            write_grad(in_grads[2], req[2], np.sum(dy, axis=others))


@register
class LayerNorm(_AffineNorm):
    """Normalise each sample along ``axis`` (default the last): μ, σ over that axis alone;
    γ and β have its length. output_mean_var=True also shows the mean and the std
    (σ = √(var + eps)), shaped like the data with ``axis`` of length 1."""
    name = 'LayerNorm'
    hint = 'layernorm'
    params = {'axis': Param('int', -1), 'eps': Param('float', 1e-5),
              'output_mean_var': Param('bool', False)}

    def outputs(self):
        return ['output', 'mean', 'std'] if self.p['output_mean_var'] else ['output']

    def _channel(self, ndim):
        return self.p['axis'] % ndim

    def _axes(self, ndim):
        return (self._channel(ndim),)

    def infer_shape(self, in_shapes, aux_shapes):
        data = in_shapes[0]
        if data is None:
            return in_shapes, [None] * 3, aux_shapes
        data = tuple(data)
        if not -len(data) <= self.p['axis'] < len(data):
            raise self.shape_error('LayerNorm axis=%d does not exist for data of shape %s; '
                                   'use an axis between %d and %d'
                                   % (self.p['axis'], data, -len(data), len(data) - 1))
        axis = self._channel(len(data))
        for i in (1, 2):
            fill(in_shapes, i, (data[axis],))
        stats = data[:axis] + (1,) + data[axis + 1:]
        return in_shapes, [data, stats, stats], aux_shapes

    def _hidden(self, outputs, mean, std):
        np.copyto(outputs[1], mean, casting='unsafe')
        np.copyto(outputs[2], std, casting='unsafe')


@register
class InstanceNorm(_AffineNorm):
    """Normalise each channel of each sample over its spatial axes (data (N, C, ...) with at
    least 3 axes); γ and β have one value per channel. Hidden outputs: mean and variance
    per (sample, channel)."""
    name = 'InstanceNorm'
    hint = 'instancenorm'
    params = {'eps': Param('float', 1e-3)}

    def _channel(self, ndim):
        return 1

    def _axes(self, ndim):
        return tuple(range(2, ndim))

    def infer_shape(self, in_shapes, aux_shapes):
        data = in_shapes[0]
        if data is None:
            return in_shapes, [None] * 3, aux_shapes
        data = tuple(data)
        if len(data) < 2:
            raise self.shape_error('InstanceNorm needs data (batch, channels, spatial...); '
                                   'the data has shape %s' % (data,))
        for i in (1, 2):
            fill(in_shapes, i, (data[1],))
        return in_shapes, [data, data[:2], data[:2]], aux_shapes

    def create_state(self, in_shapes, out_shapes):
        # MXNet infers shapes for 2-D data too, and fails when it runs: so does tutor (bind)
        if len(in_shapes[0]) < 3:
            raise self.shape_error(
                'InstanceNorm only supports input tensors of rank >= 3: (batch, channels, '
                'spatial...); the data has shape %s. For (batch, features) data use LayerNorm'
                % (tuple(in_shapes[0]),))
        return Scratch()

    def _hidden(self, outputs, mean, std):
        np.copyto(outputs[1], mean.reshape(outputs[1].shape), casting='unsafe')
        np.copyto(outputs[2], (std * std).reshape(outputs[2].shape) - self.p['eps'],
                  casting='unsafe')


@register
class L2Normalization(Op):
    """y = x/‖x‖ with ‖x‖ = √(Σx² + eps), the sum over: mode='instance' every axis but the
    first (each sample), 'channel' axis 1 (each position), 'spatial' the axes after 1 (each
    channel of each sample). dx = (dy − y·Σ dy·y)/‖x‖. Hidden output: the norms."""
    name = 'L2Normalization'
    hint = 'l2normalization'
    params = {'eps': Param('float', 1e-10),
              'mode': Param('enum', 'instance', choices=('channel', 'instance', 'spatial'))}

    def num_outputs(self):
        return 2

    def _axes(self, ndim):
        mode = self.p['mode']
        if mode == 'instance':
            return tuple(range(1, ndim))
        if mode == 'channel':
            return (1,)
        return tuple(range(2, ndim))

    def infer_shape(self, in_shapes, aux_shapes):
        data = in_shapes[0]
        if data is None:
            return in_shapes, [None, None], aux_shapes
        data = tuple(data)
        need = {'instance': 2, 'channel': 2, 'spatial': 3}[self.p['mode']]
        if len(data) < need:
            raise self.shape_error('L2Normalization mode=%s needs data with at least %d axes;'
                                   ' the data has shape %s' % (self.p['mode'], need, data))
        axes = self._axes(len(data))
        norm = tuple(d for i, d in enumerate(data) if i not in axes)
        return in_shapes, [data, norm], aux_shapes

    def create_state(self, in_shapes, out_shapes):
        return Scratch()

    def forward(self, is_train, inputs, outputs, aux, state):
        x = inputs[0]
        axes = self._axes(x.ndim)
        state.norm = np.sqrt(np.sum(x * x, axis=axes, keepdims=True) + self.p['eps'])
        np.copyto(outputs[0], x / state.norm, casting='unsafe')
        np.copyto(outputs[1], state.norm.reshape(outputs[1].shape), casting='unsafe')

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        if in_grads[0] is None or req[0] == 'null':
            return
        dy, y = out_grads[0], outputs[0]
        along = np.sum(dy * y, axis=self._axes(y.ndim), keepdims=True)
        write_grad(in_grads[0], req[0], (dy - y * along) / state.norm)
