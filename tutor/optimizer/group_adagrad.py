"""GroupAdaGrad: AdaGrad with one accumulated step size per row of a 2-D weight (MXNet
registers it from ``mxnet.optimizer.contrib``; made for embedding tables)."""
import numpy as np

from ..ndarray import zeros
from .base import Optimizer, register, _clip_inplace


@register
class GroupAdaGrad(Optimizer):
    """With g = clip(rescale_grad*grad): ``h <- h + mean(g², axis=1);
    w <- w - lr*g/sqrt(h + eps)``, h one value per row. State: h of shape (rows, 1).
    Weight decay is not supported (MXNet asserts wd == 0)."""

    def __init__(self, eps=1e-5, **kwargs):
        super().__init__(**kwargs)
        self.float_stable_eps = eps

    def create_state(self, index, weight):
        if len(weight.shape) != 2:
            raise AssertionError('GroupAdaGrad updates 2-D weights (one rate per row); '
                                 'index %r has shape %s' % (index, weight.shape))
        return zeros((weight.shape[0], 1))

    def update(self, index, weight, grad, state):
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        if wd != 0:
            raise AssertionError('Weight decay is not supported for GroupAdaGrad (wd=%s for '
                                 'index %r); create it with wd=0' % (wd, index))
        g = grad.view(np.ndarray) * self.rescale_grad
        if self.clip_gradient is not None:   # MXNet's Python path clips whenever it is set
            _clip_inplace(g, self.clip_gradient)
        history = state.view(np.ndarray)
        history += np.mean(np.square(g), axis=1, keepdims=True)
        weight.view(np.ndarray)[...] -= lr * g / np.sqrt(history + self.float_stable_eps)
