"""log_softmax and softmin: softmax's siblings (activation.py), same parameters.

log_softmax  y = x/T − log Σⱼ exp(xⱼ/T)       dx = (dy − softmax(x/T)·Σ dy)/T
softmin      y = softmax(−x/T)                dx = −y·(dy − Σ dy·y)/T
(sums along ``axis``; T = temperature, 1 by default)."""
import numpy as np

from ..op import register
from .activation import Softmax, axis_view, softmax_backward_into, softmax_into
from .binary import write_grad


class _SoftmaxSibling(Softmax):
    inputs = ('data',)      # MXNet's signature has no length input here

    def arguments(self):
        return ['data']

    def infer_shape(self, in_shapes, aux_shapes):
        if self.p['use_length']:
            raise self.shape_error('%s with use_length=True is not implemented in tutor; '
                                   'mask the data yourself or use softmax(use_length=True)'
                                   % self.name)
        return super().infer_shape(in_shapes, aux_shapes)


@register
class LogSoftmax(_SoftmaxSibling):
    __doc__ = __doc__
    name = hint = 'log_softmax'

    def forward(self, is_train, inputs, outputs, aux, state):
        axis = self.p['axis']
        x3, y3 = axis_view(inputs[0], axis), axis_view(outputs[0], axis)
        z = x3 / self.temperature
        top = z.max(axis=1, keepdims=True)      # subtract the max: exp() cannot overflow
        np.copyto(y3, z - top - np.log(np.exp(z - top).sum(axis=1, keepdims=True)))

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        if in_grads[0] is None or req[0] == 'null':
            return
        axis = self.p['axis']
        dy3, y3 = axis_view(out_grads[0], axis), axis_view(outputs[0], axis)
        dx3 = (dy3 - np.exp(y3) * dy3.sum(axis=1, keepdims=True)) / self.temperature
        write_grad(in_grads[0], req[0], dx3.reshape(in_grads[0].shape))


@register
class Softmin(_SoftmaxSibling):
    __doc__ = __doc__
    name = hint = 'softmin'

    def forward(self, is_train, inputs, outputs, aux, state):
        axis = self.p['axis']
        y3 = axis_view(outputs[0], axis)
        softmax_into(axis_view(-inputs[0] / self.temperature, axis), y3, state)

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        if in_grads[0] is None or req[0] == 'null':
            return
        axis = self.p['axis']
        y3 = axis_view(outputs[0], axis)
        dx3 = np.empty_like(y3)
        softmax_backward_into(y3, axis_view(out_grads[0], axis), dx3, state)
        write_grad(in_grads[0], req[0], (-dx3 / self.temperature).reshape(in_grads[0].shape))
