"""Optimizers that scale each weight's step by running statistics of its gradients: Adam,
Adamax, Nadam, RMSProp, AdaGrad, AdaDelta, Ftrl, FTML.

G below is ``rescale_grad*grad + wd*w`` (then clipped) unless a docstring says otherwise.
"""
import math

import numpy as np

from .base import Optimizer, register, _zeros_like, _clip_inplace, _kernel_clip


@register
class Adam(Optimizer):
    """Adam. With t = this weight's update count:
    ``m <- b1*m + (1-b1)*G;  v <- b2*v + (1-b2)*G^2;
    w <- w - lr*sqrt(1-b2^t)/(1-b1^t) * m/(sqrt(v) + epsilon)``. State: (m, v)."""

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8,
                 lazy_update=True, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.lazy_update = lazy_update

    def create_state(self, index, weight):
        return (_zeros_like(weight), _zeros_like(weight))

    def update(self, index, weight, grad, state):
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        t = self._index_update_count[index]
        lr *= math.sqrt(1. - self.beta2 ** t) / (1. - self.beta1 ** t)
        mean, var = state
        g, tmp = self._buffers(index, weight, 2)
        self._prepared_grad(g, grad, weight, wd, _kernel_clip(self), tmp)
        mean *= self.beta1
        np.multiply(g, 1. - self.beta1, out=tmp)
        mean += tmp
        var *= self.beta2
        np.square(g, out=g)
        g *= 1. - self.beta2
        var += g
        np.sqrt(var, out=g)
        g += self.epsilon
        np.divide(mean, g, out=g)
        g *= lr
        weight -= g


@register
class AdaGrad(Optimizer):
    """AdaGrad. With g = clip(rescale_grad*grad): ``h <- h + g^2;
    w <- w - lr*(g/sqrt(h + eps) + wd*w)``. State: h (float32)."""

    def __init__(self, eps=1e-7, **kwargs):
        super().__init__(**kwargs)
        self.float_stable_eps = eps

    def create_state(self, index, weight):
        return _zeros_like(weight, np.float32)

    def update(self, index, weight, grad, state):
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        g, tmp = self._buffers(index, weight, 2)
        self._prepared_grad(g, grad, clip=self.clip_gradient)
        np.square(g, out=tmp)
        state += tmp
        np.add(state, self.float_stable_eps, out=tmp)
        np.sqrt(tmp, out=tmp)
        g /= tmp
        if wd:
            np.multiply(weight, wd, out=tmp)
            g += tmp
        g *= -lr
        weight += g


@register
class RMSProp(Optimizer):
    """RMSProp. Plain (Tieleman & Hinton): ``n <- (1-g1)*G^2 + g1*n;
    w <- w - lr*G/sqrt(n + epsilon)``. Centered (Graves): also ``c <- (1-g1)*G + g1*c;
    d <- g2*d - lr*G/sqrt(n - c^2 + epsilon);  w <- w + d``. ``clip_weights`` clips w.
    State: (n,) or (n, c, d)."""

    def __init__(self, learning_rate=0.001, gamma1=0.9, gamma2=0.9,
                 epsilon=1e-8, centered=False, clip_weights=None, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.gamma1 = gamma1
        self.gamma2 = gamma2
        self.centered = centered
        self.epsilon = epsilon
        self.clip_weights = clip_weights

    def create_state(self, index, weight):
        n = 3 if self.centered else 1
        return tuple(_zeros_like(weight, np.float32) for _ in range(n))

    def update(self, index, weight, grad, state):
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        g, tmp = self._buffers(index, weight, 2)
        self._prepared_grad(g, grad, weight, wd, _kernel_clip(self), tmp)
        g1 = self.gamma1
        n = state[0]
        n *= g1
        np.square(g, out=tmp)
        tmp *= 1. - g1
        n += tmp
        if not self.centered:
            np.add(n, self.epsilon, out=tmp)
            np.sqrt(tmp, out=tmp)
            g /= tmp
            g *= lr
            weight -= g
        else:
            _, c, delta = state
            c *= g1
            np.multiply(g, 1. - g1, out=tmp)
            c += tmp
            np.square(c, out=tmp)
            np.subtract(n, tmp, out=tmp)
            tmp += self.epsilon
            np.sqrt(tmp, out=tmp)
            g /= tmp
            g *= lr
            delta *= self.gamma2
            delta -= g
            weight += delta
        if self.clip_weights and self.clip_weights >= 0:
            _clip_inplace(weight, self.clip_weights)


@register
class AdaDelta(Optimizer):
    """AdaDelta (no learning rate). With g = clip(rescale_grad*grad):
    ``a <- rho*a + (1-rho)*g^2;  d = sqrt(b + eps)/sqrt(a + eps)*g;
    b <- rho*b + (1-rho)*d^2;  w <- w - d - wd*w``. State: (a, b).

    Like MXNet, this multiplies the caller's ``grad`` array by rescale_grad in place.
    """

    def __init__(self, rho=0.90, epsilon=1e-5, **kwargs):
        super().__init__(**kwargs)
        self.rho = rho
        self.epsilon = epsilon

    def create_state(self, index, weight):
        return (_zeros_like(weight, np.float32), _zeros_like(weight, np.float32))

    def update(self, index, weight, grad, state):
        wd = self._get_wd(index)
        self._update_count(index)
        grad *= self.rescale_grad          # in place, as MXNet does
        g, tmp = self._buffers(index, weight, 2)
        g[...] = grad
        if self.clip_gradient is not None:
            _clip_inplace(g, self.clip_gradient)
        acc_g, acc_delta = state
        acc_g *= self.rho
        np.square(g, out=tmp)
        tmp *= 1. - self.rho
        acc_g += tmp
        np.add(acc_delta, self.epsilon, out=tmp)
        np.sqrt(tmp, out=tmp)
        g *= tmp
        np.add(acc_g, self.epsilon, out=tmp)
        np.sqrt(tmp, out=tmp)
        g /= tmp                           # g is now the step d
        acc_delta *= self.rho
        np.square(g, out=tmp)
        tmp *= 1. - self.rho
        acc_delta += tmp
        if wd:
            np.multiply(weight, wd, out=tmp)
            g += tmp
        weight -= g


@register
class Adamax(Optimizer):
    """Adamax (Adam with the infinity norm): ``m <- b1*m + (1-b1)*G;
    u <- max(b2*u, |G|);  w <- w - lr/(1-b1^t) * m/u``. State: (m, u)."""

    def __init__(self, learning_rate=0.002, beta1=0.9, beta2=0.999, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta1 = beta1
        self.beta2 = beta2

    def create_state(self, index, weight):
        return (_zeros_like(weight), _zeros_like(weight))

    def update(self, index, weight, grad, state):
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        t = self._index_update_count[index]
        lr /= (1. - self.beta1 ** t)
        g, tmp = self._buffers(index, weight, 2)
        self._prepared_grad(g, grad, weight, wd, self.clip_gradient, tmp)
        m_t, u_t = state
        m_t *= self.beta1
        np.multiply(g, 1. - self.beta1, out=tmp)
        m_t += tmp
        u_t *= self.beta2
        np.abs(g, out=g)
        np.maximum(u_t, g, out=u_t)
        np.divide(m_t, u_t, out=g)
        g *= lr
        weight -= g


@register
class Nadam(Optimizer):
    """Nesterov Adam with a momentum schedule. As in MXNet, ``m_schedule`` is one number
    on the optimizer, advanced at every update of *any* weight. State: (m, v)."""

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8,
                 schedule_decay=0.004, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.schedule_decay = schedule_decay
        self.m_schedule = 1.

    def create_state(self, index, weight):
        return (_zeros_like(weight), _zeros_like(weight))

    def update(self, index, weight, grad, state):
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        t = self._index_update_count[index]
        g, tmp = self._buffers(index, weight, 2)
        self._prepared_grad(g, grad, weight, wd, self.clip_gradient, tmp)
        momentum_t = self.beta1 * (1. - 0.5 * (pow(0.96, t * self.schedule_decay)))
        momentum_t_1 = self.beta1 * (1. - 0.5 * (pow(0.96, (t + 1) * self.schedule_decay)))
        self.m_schedule = self.m_schedule * momentum_t
        m_schedule_next = self.m_schedule * momentum_t_1
        m_t, v_t = state
        m_t *= self.beta1
        np.multiply(g, 1. - self.beta1, out=tmp)
        m_t += tmp
        v_t *= self.beta2
        np.square(g, out=tmp)
        tmp *= 1. - self.beta2
        v_t += tmp
        # m_bar = (1-mu_t)/(1-m_sched) * g + mu_t1/(1-m_sched_next) * m
        g *= (1. - momentum_t) / (1. - self.m_schedule)
        np.multiply(m_t, momentum_t_1 / (1. - m_schedule_next), out=tmp)
        g += tmp
        np.divide(v_t, 1. - pow(self.beta2, t), out=tmp)
        np.sqrt(tmp, out=tmp)
        tmp += self.epsilon
        g /= tmp
        g *= lr
        weight -= g


@register
class Ftrl(Optimizer):
    """FTRL-proximal. With g = clip(rescale_grad*grad):
    ``z <- z + g - (sqrt(n + g^2) - sqrt(n))*w/lr;  n <- n + g^2;
    w <- (sign(z)*lamda1 - z) / ((beta + sqrt(n))/lr + wd)`` where |z| > lamda1, else 0.
    State: (z, n). Default learning_rate 0.1."""

    def __init__(self, lamda1=0.01, learning_rate=0.1, beta=1, **kwargs):
        super().__init__(**kwargs)
        self.lamda1 = lamda1
        self.beta = beta
        self.lr = learning_rate

    def create_state(self, index, weight):
        return (_zeros_like(weight, np.float32), _zeros_like(weight, np.float32))

    def update(self, index, weight, grad, state):
        self._update_count(index)
        wd, lr = self._get_wd(index), self._get_lr(index)
        g, tmp = self._buffers(index, weight, 2)
        self._prepared_grad(g, grad, clip=_kernel_clip(self))
        z, n = state
        z += g
        np.sqrt(n, out=tmp)                # sqrt(n_old)
        np.square(g, out=g)
        n += g
        np.sqrt(n, out=g)                  # g = sqrt(n_new) from here on
        np.subtract(g, tmp, out=tmp)
        tmp *= weight
        tmp /= lr
        z -= tmp
        np.sign(z, out=weight)
        weight *= self.lamda1
        weight -= z
        np.add(g, self.beta, out=tmp)
        tmp /= lr
        tmp += wd
        weight /= tmp
        np.abs(z, out=tmp)
        np.greater(tmp, self.lamda1, out=tmp)
        weight *= tmp


@register
class FTML(Optimizer):
    """Follow the Moving Leader. With t = this weight's update count:
    ``v <- b2*v + (1-b2)*G^2;  d_t = (1-b1^t)/lr * (sqrt(v/(1-b2^t)) + epsilon);
    z <- b1*z + (1-b1)*G - (d_t - b1*d)*w;  d <- d_t;  w <- -z/d_t``. State: (d, v, z)."""

    def __init__(self, beta1=0.6, beta2=0.999, epsilon=1e-8, **kwargs):
        super().__init__(**kwargs)
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon

    def create_state(self, index, weight):
        return (_zeros_like(weight), _zeros_like(weight), _zeros_like(weight))

    def update(self, index, weight, grad, state):
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        t = self._index_update_count[index]
        b1, b2 = self.beta1, self.beta2
        g, tmp = self._buffers(index, weight, 2)
        self._prepared_grad(g, grad, weight, wd, _kernel_clip(self), tmp)
        prev_d, v, z = state
        v *= b2
        np.square(g, out=tmp)
        tmp *= 1. - b2
        v += tmp
        z *= b1
        g *= 1. - b1
        z += g
        np.divide(v, 1. - b2 ** t, out=g)
        np.sqrt(g, out=g)
        g += self.epsilon
        g *= (1. - b1 ** t) / lr                  # g = d_t
        prev_d *= -b1
        prev_d += g                               # d_t - b1*d
        prev_d *= weight
        z -= prev_d
        prev_d[...] = g
        np.divide(z, g, out=weight)
        np.negative(weight, out=weight)
