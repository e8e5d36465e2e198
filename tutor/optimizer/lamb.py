"""LAMB (You et al., 2019): Adam's direction, with each weight's step rescaled by the ratio
of the weight's norm to the step's norm ("layer-wise trust ratio")."""
import numpy as np

from .base import Optimizer, register, _zeros_like, _kernel_clip, _clip_inplace


@register
class LAMB(Optimizer):
    """LAMB. With t = this weight's update count and g = clip(rescale_grad*grad):
    ``m <- b1*m + (1-b1)*g;  v <- b2*v + (1-b2)*g^2;
    r = m_hat/(sqrt(v_hat) + epsilon) + wd*w`` (m_hat = m/(1-b1^t), v_hat = v/(1-b2^t)
    with bias_correction, else m and v); ``w <- w - lr * (|w|/|r|) * r``, where |w| is
    clipped to [lower_bound, upper_bound] when given and the ratio is 1 if a norm is 0.
    State: (m, v)."""

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-6,
                 lower_bound=None, upper_bound=None, bias_correction=True, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.lower_bound = lower_bound
        self.upper_bound = upper_bound
        self.bias_correction = bias_correction
        self.aggregate_num = 45   # MXNet's default group size (counts a group first)

    def create_state(self, index, weight):
        return (_zeros_like(weight), _zeros_like(weight))

    def update(self, index, weight, grad, state):
        self._update_impl(index, weight, grad, state)

    def update_multi_precision(self, index, weight, grad, state):
        group = isinstance(index, (tuple, list))
        w0 = weight[0] if group else weight
        if not (self.multi_precision and w0.dtype == np.float16):
            return self._update_impl(index, weight, grad, state)
        if not group:
            index, weight, grad, state = [index], [weight], [grad], [state]
        masters = [s[0] for s in state]   # float32 master copies, as MXNet keeps them
        self._update_impl(index, masters, [g.astype(np.float32) for g in grad],
                          [s[1] for s in state])
        for w, m in zip(weight, masters):
            w[...] = m

    def _update_impl(self, indices, weights, grads, states):
        if not isinstance(indices, (tuple, list)):
            indices, weights, grads, states = [indices], [weights], [grads], [states]
        self._update_count(indices)   # a group is counted before its rates are read
        lrs, wds = self._get_lrs(indices), self._get_wds(indices)
        for index, weight, grad, state, lr, wd in zip(indices, weights, grads, states, lrs,
                                                      wds):
            self._step(index, weight.view(np.ndarray), grad.view(np.ndarray), state, lr, wd)

    def _step(self, index, weight, grad, state, lr, wd):
        t = self._index_update_count[index]
        mean, var = (s.view(np.ndarray) for s in state)
        g, r = self._buffers(index, weight, 2)
        np.multiply(grad, self.rescale_grad, out=g)
        clip = _kernel_clip(self)
        if clip is not None:
            _clip_inplace(g, clip)
        mean *= self.beta1
        mean += (1. - self.beta1) * g
        var *= self.beta2
        var += (1. - self.beta2) * np.square(g)
        if self.bias_correction:
            np.divide(mean, 1. - self.beta1 ** t, out=r)
            np.sqrt(var / (1. - self.beta2 ** t), out=g)
        else:
            np.copyto(r, mean)
            np.sqrt(var, out=g)
        g += self.epsilon
        r /= g
        r += wd * weight
        self._trust_step(weight, r, lr)

    def _trust_step(self, weight, r, lr):
        w_norm = float(np.linalg.norm(weight.astype(np.float32).ravel()))
        r_norm = float(np.linalg.norm(r.astype(np.float32).ravel()))
        if self.lower_bound:   # MXNet passes the bounds only when they are truthy
            w_norm = max(w_norm, self.lower_bound)
        if self.upper_bound:
            w_norm = min(w_norm, self.upper_bound)
        ratio = 1.0 if w_norm == 0.0 or r_norm == 0.0 else w_norm / r_norm
        r *= lr * ratio
        weight -= r
