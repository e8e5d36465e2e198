"""The base class and MXNet's rules for which array gets which values.

``init(InitDesc(name, attrs), arr)`` decides in this order:

1. the variable's ``__init__`` attribute (``mx.sym.Variable(init=...)``; BatchNorm gives its
   moving_mean ``["zero", {}]`` and moving_var ``["one", {}]``) -> that initializer;
2. else the name's ending: ``weight`` -> the random part (``_init_weight``), ``bias`` -> 0,
   ``gamma`` -> 1, ``beta`` -> 0, ``min`` -> 0, ``max`` -> 1;
3. else ``ValueError('Unknown initialization pattern for <name>. ...')``.

A plain ``str`` name instead of an ``InitDesc`` takes MXNet's older (deprecated) path, which
also knows ``moving_mean`` -> 0 and ``moving_var`` -> 1. Which rule fired is recorded as an
:class:`InitDecision` (decision.py). Random values differ from MXNet's for the same seed
(different generators); which array is zero, one or random does not.
"""
import json
import logging
import warnings
from math import sqrt

import numpy as np

from .. import random as _random
from .. import registry
from .decision import InitDecision


class InitDesc(str):
    """A parameter's name (it *is* that ``str``) plus its symbol attributes (``attrs``) and
    the initializer to fall back on (``global_init``)."""

    def __new__(cls, name, attrs=None, global_init=None):
        ret = super().__new__(cls, name)
        ret.attrs = attrs or {}
        ret.global_init = global_init
        return ret


# --- the base class ----------------------------------------------------------------------

# Name endings MXNet checks, in its order, with the method that handles each.
_SUFFIX_RULES = (('weight', '_init_weight'), ('bias', '_init_bias'), ('gamma', '_init_gamma'),
                 ('beta', '_init_beta'), ('min', '_init_zero'), ('max', '_init_one'),
                 ('weight_quantize', '_init_quantized_weight'),
                 ('bias_quantize', '_init_quantized_bias'))
_LEGACY_RULES = (('bias', '_init_bias'), ('gamma', '_init_gamma'), ('beta', '_init_beta'),
                 ('weight', '_init_weight'), ('moving_mean', '_init_zero'),
                 ('moving_var', '_init_one'), ('moving_inv_var', '_init_zero'),
                 ('moving_avg', '_init_zero'), ('min', '_init_zero'), ('max', '_init_one'))
# What the base class's fixed-value methods write (a subclass may override them).
_FIXED = {'_init_bias': 'zero', '_init_gamma': 'one', '_init_beta': 'zero',
          '_init_zero': 'zero', '_init_one': 'one'}


class Initializer:
    """Base class. Subclasses implement ``_init_weight(name, arr)``; the fixed rules for
    bias/gamma/beta/min/max live here. Arrays are filled in place, keeping their dtype."""

    def __init__(self, **kwargs):
        self._kwargs = kwargs
        self._verbose = False
        self._print_func = None
        self.last_decision = None

    @property
    def last_rule(self):
        """The rule key of the last array this initializer set (see the module doc)."""
        return self.last_decision.rule if self.last_decision else None

    def set_verbosity(self, verbose=False, print_func=None):
        """Log ``Initialized <name> as <pattern>: <stat>`` for each array (stat defaults to
        norm(x)/sqrt(size))."""
        self._verbose = verbose
        if print_func is None:
            def print_func(x):
                return str(np.float32(np.linalg.norm(np.asarray(x, np.float64).ravel())
                                      / sqrt(x.size)))
        self._print_func = print_func
        return self

    def _verbose_print(self, desc, init, arr):
        if self._verbose and self._print_func:
            logging.info('Initialized %s as %s: %s', desc, init, self._print_func(arr))

    def dumps(self):
        """This initializer as JSON, e.g. ``'["normal", {"sigma": 0.5}]'``."""
        return json.dumps([self.__class__.__name__.lower(), self._kwargs])

    def describe(self):
        """Short text for what ``_init_weight`` writes, e.g. ``'uniform(scale=0.07)'``."""
        name = self.__class__.__name__.lower()
        args = ', '.join('%s=%s' % kv for kv in sorted(self._kwargs.items()))
        return '%s(%s)' % (name, args) if args else name

    def _what(self, method):
        if method == '_init_weight':
            return self.describe()
        if method in _FIXED and getattr(type(self), method) is getattr(Initializer, method):
            return _FIXED[method]
        return '%s.%s' % (type(self).__name__, method)

    def __call__(self, desc, arr):
        """Fill ``arr`` following MXNet's rules for the name/attributes in ``desc``."""
        if not isinstance(desc, InitDesc):
            self._legacy_init(desc, arr)
            return
        if desc.global_init is None:
            desc.global_init = self
        init = desc.attrs.get('__init__', '')
        if init:
            chosen = create(init)
            chosen._init_weight(desc, arr)
            self.last_decision = InitDecision(desc, 'attr:__init__', chosen.describe())
            self._verbose_print(desc, init, arr)
            return
        for suffix, method in _SUFFIX_RULES:
            if desc.endswith(suffix):
                getattr(self, method)(desc, arr)
                self.last_decision = InitDecision(desc, 'suffix:' + suffix, self._what(method))
                self._verbose_print(desc, suffix, arr)
                return
        self._init_default(desc, arr)

    def _legacy_init(self, name, arr):
        warnings.warn("\033[91mCalling initializer with init(str, NDArray) has been "
                      "deprecated.please use init(mx.init.InitDesc(...), NDArray) "
                      "instead.\033[0m", DeprecationWarning, stacklevel=3)
        if not isinstance(name, str):
            raise TypeError('name must be string')
        if not isinstance(arr, np.ndarray):
            raise TypeError('arr must be NDArray')
        if name.startswith('upsampling'):
            rule, method = 'legacy:upsampling', '_init_bilinear'
        elif name.startswith('stn_loc') and name.endswith('weight'):
            rule, method = 'legacy:stn_loc_weight', '_init_zero'
        elif name.startswith('stn_loc') and name.endswith('bias'):
            rule, method = 'legacy:stn_loc_bias', '_init_loc_bias'
        else:
            match = [(s, m) for s, m in _LEGACY_RULES if name.endswith(s)]
            if not match:
                self._init_default(name, arr)
            rule, method = 'legacy:' + match[0][0], match[0][1]
        getattr(self, method)(name, arr)
        self.last_decision = InitDecision(name, rule, self._what(method))

    def _init_bilinear(self, _, arr):
        arr[...] = _bilinear(arr.shape)

    def _init_loc_bias(self, _, arr):
        assert arr.shape[0] == 6
        arr[...] = np.array([1.0, 0, 0, 0, 1.0, 0])

    def _init_zero(self, _, arr):
        arr[...] = 0.0

    def _init_one(self, _, arr):
        arr[...] = 1.0

    def _init_bias(self, _, arr):
        arr[...] = 0.0

    def _init_quantized_bias(self, _, arr):
        arr[...] = 0

    def _init_gamma(self, _, arr):
        arr[...] = 1.0

    def _init_beta(self, _, arr):
        arr[...] = 0.0

    def _init_weight(self, name, arr):
        raise NotImplementedError("Must override it")

    def _init_quantized_weight(self, _, arr):
        arr[...] = _random.generator().randint(-127, 127, size=arr.shape).astype(np.int8)

    def _init_default(self, name, _):
        raise ValueError(
            'Unknown initialization pattern for %s. Default initialization is now limited to '
            '"weight", "bias", "gamma" (1.0), and "beta" (0.0).Please use '
            'mx.sym.Variable(init=mx.init.*) to set initialization pattern. (If %s is an '
            'input such as a label, list it in the Module\'s data_names or label_names so it '
            'is not treated as a parameter.)' % (name, name))

    def __eq__(self, other):
        if not isinstance(other, Initializer):
            return NotImplemented
        return type(self) is type(other) and self._kwargs == other._kwargs

    __hash__ = object.__hash__


def _bilinear(shape):
    """MXNet's bilinear up-sampling kernel, vectorised."""
    f = np.ceil(shape[3] / 2.)
    c = (2 * f - 1 - f % 2) / (2. * f)
    x = np.arange(shape[3])
    y = np.arange(shape[2])[:, None]
    plane = (1 - np.abs(x / f - c)) * (1 - np.abs(y / f - c))
    return np.broadcast_to(plane.astype(np.float32), shape)


# --- registry (tutor/registry.py, shared with metrics and optimizers) ----------------------

_register = registry.get_register_func(Initializer, 'initializer')
alias = registry.get_alias_func(Initializer, 'initializer')
create = registry.get_create_func(Initializer, 'initializer')
create.__doc__ = """An initializer from a name (``'xavier'``), a ``dumps()`` string
    (``'["uniform", {"scale": 0.1}]'``), a dict, or an instance (returned as is)."""
_REGISTRY = registry.registry_of(Initializer)


def register(klass):
    """Register an Initializer subclass under its lower-cased class name, so ``create`` and
    ``Variable(init='name')`` find it."""
    return _register(klass)
