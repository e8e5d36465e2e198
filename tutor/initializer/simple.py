"""Initializers whose values do not depend on the array's shape: a fixed value (Zero, One,
Constant) or draws from one distribution (Uniform, Normal)."""
import json

import numpy as np

from .. import random as _random
from .base import Initializer, alias, register


@register
@alias("zeros")
class Zero(Initializer):
    """Weights (and anything it is asked for by ``__init__``) set to 0."""

    def _init_weight(self, _, arr):
        arr[...] = 0


@register
@alias("ones")
class One(Initializer):
    """Weights set to 1."""

    def _init_weight(self, _, arr):
        arr[...] = 1


@register
class Constant(Initializer):
    """Weights set to ``value`` (a number, or an array of the weight's shape)."""

    def __init__(self, value):
        super().__init__(value=value)
        self.value = value

    def _init_weight(self, _, arr):
        arr[...] = self.value

    def dumps(self):
        val = self._kwargs['value']
        if not np.isscalar(val):
            self._kwargs['value'] = np.asarray(val).tolist()
        return json.dumps([self.__class__.__name__.lower(), self._kwargs])

    def describe(self):
        val = self.value
        return 'constant(value=%s)' % (val if np.isscalar(val) else
                                       'array of shape %s' % (np.shape(val),))


@register
class Uniform(Initializer):
    """Weights drawn uniformly from [-scale, scale]."""

    def __init__(self, scale=0.07):
        super().__init__(scale=scale)
        self.scale = scale

    def _init_weight(self, _, arr):
        arr[...] = _random.generator().uniform(-self.scale, self.scale, size=arr.shape)


@register
class Normal(Initializer):
    """Weights drawn from N(0, sigma^2)."""

    def __init__(self, sigma=0.01):
        super().__init__(sigma=sigma)
        self.sigma = sigma

    def _init_weight(self, _, arr):
        arr[...] = _random.generator().normal(0, self.sigma, size=arr.shape)
