"""Initializers that read the layer from the weight's shape: Xavier and MSRAPrelu scale by
fan-in/fan-out, Orthogonal by the matrix, Bilinear writes an up-sampling kernel, LSTMBias
opens the forget gate."""
import numpy as np

from .. import random as _random
from .base import Initializer, _bilinear, register


@register
class Orthogonal(Initializer):
    """Weights set to ``scale`` times an orthogonal matrix (SVD of a random one)."""

    def __init__(self, scale=1.414, rand_type="uniform"):
        super().__init__(scale=scale, rand_type=rand_type)
        self.scale = scale
        self.rand_type = rand_type

    def _init_weight(self, _, arr):
        nout = arr.shape[0]
        nin = int(np.prod(arr.shape[1:]))
        gen = _random.generator()
        if self.rand_type == "uniform":
            tmp = gen.uniform(-1.0, 1.0, size=(nout, nin)).astype(np.float32)
        elif self.rand_type == "normal":
            tmp = gen.normal(0.0, 1.0, size=(nout, nin)).astype(np.float32)
        else:
            raise ValueError('Orthogonal rand_type must be "uniform" or "normal", not %r'
                             % (self.rand_type,))
        u, _, v = np.linalg.svd(tmp, full_matrices=False)
        res = u if u.shape == tmp.shape else v
        arr[...] = self.scale * res.reshape(arr.shape)


@register
class Xavier(Initializer):
    """Weights drawn with a scale set by the fan-in/fan-out: uniform on [-c, c] or normal
    with sd c, where c = sqrt(magnitude / factor) and factor is (fan_in+fan_out)/2 ('avg'),
    fan_in ('in') or fan_out ('out'); fan_in = shape[1]*prod(shape[2:]),
    fan_out = shape[0]*prod(shape[2:])."""

    def __init__(self, rnd_type="uniform", factor_type="avg", magnitude=3):
        super().__init__(rnd_type=rnd_type, factor_type=factor_type, magnitude=magnitude)
        self.rnd_type = rnd_type
        self.factor_type = factor_type
        self.magnitude = float(magnitude)

    def scale_for(self, shape, name=''):
        """The bound c (uniform) or standard deviation (gaussian) for a weight of ``shape``."""
        if len(shape) < 2:
            raise ValueError('Xavier initializer cannot be applied to vector {0}. It requires at'
                             ' least 2D.'.format(name))
        hw_scale = np.prod(shape[2:]) if len(shape) > 2 else 1.
        fan_in, fan_out = shape[1] * hw_scale, shape[0] * hw_scale
        factors = {'avg': (fan_in + fan_out) / 2.0, 'in': fan_in, 'out': fan_out}
        if self.factor_type not in factors:
            raise ValueError("Incorrect factor type")
        return np.sqrt(self.magnitude / factors[self.factor_type])

    def _init_weight(self, name, arr):
        scale = self.scale_for(arr.shape, name)
        if self.rnd_type == "uniform":
            arr[...] = _random.generator().uniform(-scale, scale, size=arr.shape)
        elif self.rnd_type == "gaussian":
            arr[...] = _random.generator().normal(0, scale, size=arr.shape)
        else:
            raise ValueError("Unknown random type")


@register
class MSRAPrelu(Xavier):
    """He/MSRA initialisation: gaussian Xavier with magnitude 2/(1+slope^2)."""

    def __init__(self, factor_type="avg", slope=0.25):
        magnitude = 2. / (1 + slope ** 2)
        super().__init__("gaussian", factor_type, magnitude)
        self._kwargs = {'factor_type': factor_type, 'slope': slope}


@register
class Bilinear(Initializer):
    """Weights for an up-sampling deconvolution (bilinear interpolation kernel)."""

    def _init_weight(self, _, arr):
        arr[...] = _bilinear(arr.shape)


@register
class LSTMBias(Initializer):
    """LSTM biases: 0, except the forget gate (second quarter) set to ``forget_bias``."""

    def __init__(self, forget_bias=1.0):
        super().__init__(forget_bias=forget_bias)
        self.forget_bias = forget_bias

    def _init_weight(self, name, arr):
        arr[...] = 0.0
        num_hidden = int(arr.shape[0] / 4)
        arr[num_hidden:2 * num_hidden] = self.forget_bias
