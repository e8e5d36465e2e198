"""Plain gradient steps: SGD (with momentum), NAG, Signum, SGLD, DCASGD, Test.

g below is the prepared gradient: ``clip(rescale_grad * grad)``.
"""
import math

import numpy as np

from .. import random as _random
from .base import Optimizer, register, _zeros_like, _clip_inplace, _kernel_clip


def _lr_times_grad(opt, out, grad, lr, clip):
    """out = lr * clip(rescale_grad * grad), in one pass over the data when not clipping."""
    if clip is None:
        np.multiply(grad, lr * opt.rescale_grad, out=out)
    else:
        opt._prepared_grad(out, grad, clip=clip)
        out *= lr


@register
class SGD(Optimizer):
    """Stochastic gradient descent, optionally with momentum.

    Without momentum: ``w <- w - lr*wd*w - lr*g``.
    With momentum:    ``m <- momentum*m - lr*wd*w - lr*g;  w <- w + m``.

    State: the momentum buffer (zeros), or None when ``momentum`` is 0. ``lazy_update`` only
    matters for sparse arrays, which tutor does not have; it is accepted for compatibility.
    """

    def __init__(self, momentum=0.0, lazy_update=True, **kwargs):
        super().__init__(**kwargs)
        self.momentum = momentum
        self.lazy_update = lazy_update
        self.aggregate_num = 4  # MXNet updates up to 4 weights per call (same maths)

    def create_state_multi_precision(self, index, weight):
        if self.multi_precision and weight.dtype == np.float16:
            master = weight.astype(np.float32)
            return (self.create_state(index, master), master)
        return super().create_state_multi_precision(index, weight)

    def create_state(self, index, weight):
        return _zeros_like(weight) if self.momentum != 0.0 else None

    def update(self, index, weight, grad, state):
        self._update_impl(index, weight, grad, state)

    def update_multi_precision(self, index, weight, grad, state):
        if not self.multi_precision:
            return self._update_impl(index, weight, grad, state)
        w0 = weight[0] if isinstance(index, (tuple, list)) else weight
        if w0.dtype != np.float16:
            return self._update_impl(index, weight, grad, state)
        if not isinstance(index, (tuple, list)):
            index, weight, grad, state = [index], [weight], [grad], [state]
        masters = [s[1] for s in state]
        self._update_impl(index, masters, [g.astype(np.float32) for g in grad],
                          [s[0] for s in state])
        for w, m in zip(weight, masters):
            w[...] = m

    def _update_impl(self, indices, weights, grads, states):
        if not isinstance(indices, (tuple, list)):   # one weight: a group of one
            indices, weights, grads, states = (indices,), (weights,), (grads,), (states,)
        self._update_count(indices)   # all counts first, then the rates (as MXNet)
        lrs = self._get_lrs(indices)
        wds = self._get_wds(indices)
        momentum = self.momentum if self.momentum > 0 else 0.0
        clip = _kernel_clip(self)
        for index, weight, grad, mom, lr, wd in zip(indices, weights, grads, states, lrs, wds):
            self._step(index, weight, grad, mom, lr, wd, momentum, clip)

    def _step(self, index, weight, grad, mom, lr, wd, momentum, clip):
        weight, grad, step = self._operands(index, weight, grad)
        if mom is None:
            _lr_times_grad(self, step, grad, lr, clip)
            if wd:
                weight *= 1.0 - lr * wd
            weight -= step
            return
        mom = mom.view(np.ndarray)
        mom *= momentum
        if wd:
            np.multiply(weight, lr * wd, out=step)
            mom -= step
        _lr_times_grad(self, step, grad, lr, clip)
        mom -= step
        weight += mom


    def _operands(self, index, weight, grad):
        """Plain-ndarray views of weight and grad (same memory, so the updates land in
        place; ufuncs skip the NDArray subclass's overhead) and a scratch array like the
        weight. Made once per index: Module passes the same arrays every batch."""
        key = ('operands', index)
        cached = self._scratch.get(key)
        if cached is None or cached[0] is not weight or cached[1] is not grad:
            (step,) = self._buffers(index, weight)
            cached = self._scratch[key] = (weight, grad, weight.view(np.ndarray),
                                           grad.view(np.ndarray), step)
        return cached[2:]


@register
class ccSGD(SGD):  # noqa: N801 - MXNet's name
    """[DEPRECATED] Same as SGD."""


@register
class NAG(Optimizer):
    """Nesterov accelerated gradient. With G = g + wd*w:
    ``w <- w + momentum*(momentum*m - lr*G) - lr*G;  m <- momentum*m - lr*(g + wd*w_new)``
    (MXNet's in-place kernel decays the momentum with the already-updated weight). Plain SGD
    when momentum is 0.
    """

    def __init__(self, momentum=0.0, **kwargs):
        super().__init__(**kwargs)
        self.momentum = momentum

    def create_state_multi_precision(self, index, weight):
        if self.multi_precision and weight.dtype == np.float16:
            master = weight.astype(np.float32)
            return (self.create_state(index, master), master)
        return super().create_state_multi_precision(index, weight)

    def update_multi_precision(self, index, weight, grad, state):
        if self.multi_precision and weight.dtype == np.float16 and isinstance(state, tuple):
            self.update(index, state[1], grad.astype(np.float32), state[0])
            weight[...] = state[1]
        else:
            self.update(index, weight, grad, state)

    def create_state(self, index, weight):
        return _zeros_like(weight) if self.momentum != 0.0 else None

    def update(self, index, weight, grad, state):
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        step, tmp = self._buffers(index, weight, 2)
        self._prepared_grad(step, grad, clip=_kernel_clip(self))
        if state is None:
            step *= lr
            if wd:
                weight *= 1.0 - lr * wd
            weight -= step
            return
        momentum = self.momentum if self.momentum > 0 else 0.0
        np.multiply(weight, wd, out=tmp)
        tmp += step
        tmp *= lr                           # lr*G
        state *= momentum                   # m' = momentum*m
        weight -= state
        tmp -= state
        tmp *= momentum + 1
        weight -= tmp                       # w - m' + (momentum+1)*(m' - lr*G)
        np.multiply(weight, wd, out=tmp)    # MXNet's kernel writes w first and then reads
        tmp += step                         # the *new* w for the momentum's decay term
        tmp *= lr
        state -= tmp


@register
class Signum(Optimizer):
    """signSGD / Signum: steps of size lr in the direction of the gradient's sign (or of the
    sign of its momentum average).

    momentum 0: ``w <- (1 - lr*wd)*w - lr*sign(g)``;
    else ``m <- momentum*m - (1-momentum)*(wd*w + g);  w <- (1 - lr*wd_lh)*w + lr*sign(m)``.
    """

    def __init__(self, learning_rate=0.01, momentum=0.9, wd_lh=0.0, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.momentum = momentum
        self.wd_lh = wd_lh

    def create_state(self, index, weight):
        return _zeros_like(weight) if self.momentum != 0.0 else None

    def update(self, index, weight, grad, state):
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        step, tmp = self._buffers(index, weight, 2)
        self._prepared_grad(step, grad, clip=_kernel_clip(self))
        if state is None:
            np.sign(step, out=step)
            step *= lr
            if wd:
                weight *= 1.0 - lr * wd
            weight -= step
            return
        momentum = self.momentum if self.momentum > 0 else 0.0
        if wd:
            np.multiply(weight, wd, out=tmp)
            step += tmp
        step *= 1.0 - momentum
        state *= momentum
        state -= step
        if self.wd_lh:
            weight *= 1.0 - lr * self.wd_lh
        np.sign(state, out=step)
        step *= lr
        weight += step


@register
class SGLD(Optimizer):
    """Stochastic gradient Langevin dynamics: ``w <- w - lr/2*(g + wd*w) + N(0, lr)`` noise
    (drawn from tutor's generator, so the noise differs from MXNet's)."""

    def create_state(self, index, weight):
        return None

    def update(self, index, weight, grad, state):
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        step, tmp = self._buffers(index, weight, 2)
        self._prepared_grad(step, grad, clip=self.clip_gradient)  # clipped before wd*w
        if wd:
            np.multiply(weight, wd, out=tmp)
            step += tmp
        step *= -lr / 2
        weight += step
        weight += _random.generator().normal(0, math.sqrt(lr), size=weight.shape) \
            .astype(weight.dtype, copy=False)


@register
class DCASGD(Optimizer):
    """Delay-compensated asynchronous SGD:
    ``step = -lr*(g + wd*w + lamda*g*g*(w - w_prev))``; with momentum ``m <- momentum*m +
    step``; ``w_prev <- w;  w <- w + (m or step)``. State: (momentum or None, w_prev)."""

    def __init__(self, momentum=0.0, lamda=0.04, **kwargs):
        super().__init__(**kwargs)
        self.momentum = momentum
        self.weight_previous = {}
        self.lamda = lamda

    def create_state(self, index, weight):
        mom = None if self.momentum == 0.0 else _zeros_like(weight)
        return (mom, weight.copy())

    def update(self, index, weight, grad, state):
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        step, tmp = self._buffers(index, weight, 2)
        self._prepared_grad(step, grad)
        if self.clip_gradient is not None:
            _clip_inplace(step, self.clip_gradient)
        mom, previous = state
        np.subtract(weight, previous, out=tmp)
        tmp *= step
        tmp *= step
        tmp *= self.lamda
        tmp += step
        if wd:
            np.multiply(weight, wd, out=step)
            tmp += step
        tmp *= -lr
        if mom is not None:
            mom *= self.momentum
            mom += tmp
            tmp = mom
        previous[...] = weight
        weight += tmp


@register
class Test(Optimizer):
    """``w <- w + rescale_grad*grad`` (MXNet's test optimizer); state: a copy of w."""

    def create_state(self, index, weight):
        return _zeros_like(weight, np.float32)

    def update(self, index, weight, grad, state):
        weight += grad * self.rescale_grad
        state[...] = weight
