"""Dropout and BatchNorm: layers that behave differently in training and in inference."""
import numpy as np

from ... import random as _random
from ..op import Op, Param, register
from ._common import (Scratch, assign_shape, grad_finish, grad_target, out_finish, out_target,
                      prod, read_as, write_grad, zero_grad)


@register
class Dropout(Op):
    """Training (or mode='always'): y = x·mask, mask = 1/(1−p) with probability 1−p, else 0,
    drawn afresh on every forward; backward: dx = dy·mask. Inference: y = x, dx = dy.
    ``axes`` shares one mask value along those axes (variational dropout).
    The mask is the op's second, hidden output."""
    name = 'Dropout'
    hint = 'dropout'
    params = {'p': Param('float', 0.5),
              'mode': Param('enum', 'training', choices=('always', 'training')),
              'axes': Param('tuple', ()),
              'cudnn_off': Param('str', 'False')}

    def num_outputs(self):
        return 2

    def infer_shape(self, in_shapes, aux_shapes):
        data = in_shapes[0]
        if data is None:
            return in_shapes, [None, None], aux_shapes
        mask = list(data)
        for a in self.p['axes']:
            if not -len(data) <= a < len(data):
                raise self.shape_error('Dropout axes=%s has axis %d but the data %s has only '
                                       '%d axes' % (self.p['axes'], a, tuple(data), len(data)))
            mask[a] = 1
        return in_shapes, [tuple(data), tuple(mask)], aux_shapes

    def create_state(self, in_shapes, out_shapes):
        state = Scratch()
        state.dropped = False           # did the last forward apply a mask?
        return state

    def forward(self, is_train, inputs, outputs, aux, state):
        x, y, mask = inputs[0], outputs[0], outputs[1]
        p = self.p['p']
        state.dropped = (is_train or self.p['mode'] == 'always') and p > 0
        if not state.dropped:
            np.copyto(y, x)
            return
        keep = 1.0 - p
        u = _random.generator().random_sample(mask.shape)
        np.less(u, keep, out=mask)      # 1 where kept
        if keep > 0:
            mask *= 1.0 / keep
        np.multiply(x, mask, out=y)

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        dx = grad_target(state, 'ddata', in_grads[0], req[0])
        if dx is None:
            return
        if state.dropped:
            np.multiply(out_grads[0], outputs[1], out=dx)
        else:
            np.copyto(dx, out_grads[0])
        grad_finish(in_grads[0], req[0], dx)


@register
class BatchNorm(Op):
    """Training: normalise each channel (axis ``axis``) with the batch mean μ and biased
    variance σ², x̂ = (x − μ)/√(σ² + eps), then y = γ·x̂ + β. Inference (or
    use_global_stats): the same with the moving averages instead of μ and σ².

    Backward: dβ = Σ dy, dγ = Σ dy·x̂, and (use_global_stats off: μ, σ² depend on x)
    dx = γ/√(σ² + eps) · (dy − dβ/M − x̂·dγ/M), M = values per channel; with
    use_global_stats dx = γ·dy/√(moving_var + eps). Backward of a training pass also updates
    moving_mean ← momentum·moving_mean + (1 − momentum)·μ (and moving_var with σ²): MXNet's
    CPU BatchNorm does this in backward, so a forward alone leaves them unchanged.
    fix_gamma=True uses γ = 1 (writing 1 into gamma) and gives γ no gradient.
    Outputs: output, then the hidden mean and inverse std (visible if output_mean_var).
    """
    name = 'BatchNorm'
    hint = 'batchnorm'
    params = {'eps': Param('float', 1e-3),
              'momentum': Param('float', 0.9),
              'fix_gamma': Param('bool', True),
              'use_global_stats': Param('bool', False),
              'output_mean_var': Param('bool', False),
              'axis': Param('int', 1),
              'cudnn_off': Param('bool', False),
              'min_calib_range': Param('str', 'None'),
              'max_calib_range': Param('str', 'None')}
    inputs = ('data', 'gamma', 'beta')
    mutable_inputs = ('moving_mean', 'moving_var')

    def aux_states(self):
        return ['moving_mean', 'moving_var']

    def outputs(self):
        return ['output', 'mean', 'var'] if self.p['output_mean_var'] else ['output']

    def num_outputs(self):
        return 3

    def infer_shape(self, in_shapes, aux_shapes):
        data = in_shapes[0]
        if data is None:
            return in_shapes, [None] * 3, aux_shapes
        axis = self.p['axis']
        if not -len(data) <= axis < len(data):
            raise self.shape_error(
                'Channel axis out of range: axis=%d but the data %s has %d axes; BatchNorm '
                'needs data of shape (batch, channels, ...) or an axis= that exists'
                % (axis, tuple(data), len(data)))
        c = (data[axis],)
        why = 'one value per channel: the data %s has %d channels on axis %d' % (
            tuple(data), c[0], axis)
        for i, slot in ((1, 'gamma'), (2, 'beta')):
            assign_shape(self, in_shapes, i, c, slot, why)
        for i, slot in ((0, 'moving_mean'), (1, 'moving_var')):
            assign_shape(self, aux_shapes, i, c, slot, why)
        return in_shapes, [tuple(data), c, c], aux_shapes

    def create_state(self, in_shapes, out_shapes):
        state = Scratch()
        state.trained = False           # was the last forward a training pass?
        dshape = in_shapes[0]
        axis = self.p['axis'] % len(dshape)
        # (before, C, after): reductions over axes 0 and 2 are per channel.
        state.shape = (prod(dshape[:axis]), dshape[axis], prod(dshape[axis + 1:]))
        return state

    def forward(self, is_train, inputs, outputs, aux, state):
        x, gamma, beta = inputs
        _, mean, invstd = outputs
        moving_mean, moving_var = aux
        if self.p['fix_gamma']:
            gamma.fill(1)
        x3 = read_as(state, 'x', x, state.shape)
        y3 = out_target(state, 'y', outputs[0], state.shape)
        xhat = state.get('xhat', x3.shape, x.dtype)
        state.trained = is_train and not self.p['use_global_stats']
        if state.trained:
            np.mean(x3, axis=(0, 2), out=mean)
            np.subtract(x3, mean[:, None], out=xhat)
            np.multiply(xhat, xhat, out=y3)
            var = state.get('var', mean.shape, mean.dtype)
            np.mean(y3, axis=(0, 2), out=var)       # biased: divides by M
            np.add(var, self.p['eps'], out=invstd)
        else:
            np.copyto(mean, moving_mean, casting='unsafe')
            np.subtract(x3, mean[:, None], out=xhat)
            np.add(moving_var, self.p['eps'], out=invstd, casting='unsafe')
        np.sqrt(invstd, out=invstd)
        np.reciprocal(invstd, out=invstd)
        xhat *= invstd[:, None]
        np.multiply(xhat, gamma[:, None], out=y3)
        y3 += beta[:, None]
        out_finish(outputs[0], y3)

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        x, gamma, _ = inputs
        _, mean, invstd = outputs
        dy3 = read_as(state, 'dy', out_grads[0], state.shape)
        xhat = state.xhat
        dbeta = state.get('dbeta', mean.shape, mean.dtype)
        dgamma = state.get('dgamma', mean.shape, mean.dtype)
        np.sum(dy3, axis=(0, 2), out=dbeta)
        tmp = state.get('tmp', xhat.shape, xhat.dtype)
        np.multiply(dy3, xhat, out=tmp)
        np.sum(tmp, axis=(0, 2), out=dgamma)
        dx3 = grad_target(state, 'ddata', in_grads[0], req[0], state.shape)
        if dx3 is not None:
            scale = gamma * invstd      # γ is 1 when fix_gamma (forward wrote it)
            # MXNet differentiates through μ and σ² whenever use_global_stats is off, even
            # after an inference forward (then with the moving statistics in their place).
            if not self.p['use_global_stats']:
                m = xhat.size // xhat.shape[1]
                np.multiply(xhat, (dgamma / m)[:, None], out=tmp)
                np.subtract(dy3, tmp, out=dx3)
                dx3 -= (dbeta / m)[:, None]
                dx3 *= scale[:, None]
            else:
                np.multiply(dy3, scale[:, None], out=dx3)
            grad_finish(in_grads[0], req[0], dx3)
        if self.p['fix_gamma']:
            zero_grad(in_grads[1], req[1])
        else:
            write_grad(in_grads[1], req[1], dgamma)
        write_grad(in_grads[2], req[2], dbeta)
        if state.trained:
            self._update_moving(aux, mean, state.var)

    def _update_moving(self, aux, mean, var):
        mom = self.p['momentum']
        for moving, batch in zip(aux, (mean, var)):
            moving *= mom
            moving += (1 - mom) * batch

