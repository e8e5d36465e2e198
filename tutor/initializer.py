"""Weight initializers (``mx.init`` = ``mx.initializer``): which array gets which values.

``init(InitDesc(name, attrs), arr)`` decides by MXNet's rules, in this order:

1. the variable's ``__init__`` attribute (``mx.sym.Variable(init=...)``; BatchNorm gives its
   moving_mean ``["zero", {}]`` and moving_var ``["one", {}]``) -> that initializer;
2. else the name's ending: ``weight`` -> the random part (``_init_weight``), ``bias`` -> 0,
   ``gamma`` -> 1, ``beta`` -> 0, ``min`` -> 0, ``max`` -> 1;
3. else ``ValueError('Unknown initialization pattern for <name>. ...')``.

A plain ``str`` name instead of an ``InitDesc`` takes MXNet's older (deprecated) path, which
also knows ``moving_mean`` -> 0 and ``moving_var`` -> 1.

Which rule fired: after every call, ``init.last_decision`` is an :class:`InitDecision`
``(name, rule, init)`` and ``init.last_rule`` its ``rule`` key, for lenses to explain:

* ``'attr:__init__'`` - the variable's ``__init__`` attribute chose ``init``;
* ``'suffix:weight'``, ``'suffix:bias'``, ``'suffix:gamma'``, ``'suffix:beta'``,
  ``'suffix:min'``, ``'suffix:max'`` (and ``'suffix:weight_quantize'``,
  ``'suffix:bias_quantize'``) - the name's ending;
* ``'legacy:<ending>'`` (e.g. ``'legacy:moving_mean'``) - the plain-string path;
* ``'load:loaded'`` / ``'load:default'`` - :class:`Load` found the name / fell back;
* ``'mixed:<pattern>'`` - :class:`Mixed` matched that pattern (the inner initializer's own
  decision is in ``decision.inner``).

``init`` says what was written: ``'zero'``, ``'one'``, or the initializer with its arguments
such as ``'uniform(scale=0.07)'`` or ``'xavier(factor_type=in, magnitude=2, ...)'``.
``decision.explain()`` gives one English sentence. Random values differ from MXNet's for the
same seed (different generators); which array is zero, one or random does not.
"""
import json
import logging
import re
import warnings
from math import sqrt

import numpy as np

from . import random as _random
from . import registry

__all__ = ['InitDesc', 'InitDecision', 'Initializer', 'register', 'alias', 'create', 'Load',
           'Mixed', 'Zero', 'One', 'Constant', 'Uniform', 'Normal', 'Orthogonal', 'Xavier',
           'MSRAPrelu', 'Bilinear', 'LSTMBias', 'FusedRNN']


class InitDesc(str):
    """A parameter's name (it *is* that ``str``) plus its symbol attributes (``attrs``) and
    the initializer to fall back on (``global_init``)."""

    def __new__(cls, name, attrs=None, global_init=None):
        ret = super().__new__(cls, name)
        ret.attrs = attrs or {}
        ret.global_init = global_init
        return ret


class InitDecision(tuple):
    """What an initializer did to one array: ``(name, rule, init)``; see the module doc."""

    __slots__ = ()

    def __new__(cls, name, rule, init, inner=None):
        return tuple.__new__(cls, (str(name), rule, init, inner))

    name = property(lambda self: self[0])
    rule = property(lambda self: self[1])
    init = property(lambda self: self[2])
    inner = property(lambda self: self[3])

    def __repr__(self):
        return 'InitDecision(name=%r, rule=%r, init=%r)' % (self.name, self.rule, self.init)

    def explain(self):
        """One English sentence, e.g. "fc1_bias was set to zero because its name ends in
        'bias'"."""
        kind, _, what = self.rule.partition(':')
        if kind == 'mixed':
            head = '%s matched the pattern %r, and ' % (self.name, what)
            return head + (self.inner.explain() if self.inner else 'was set to ' + self.init)
        if kind == 'load' and what == 'default':
            head = '%s was not in the loaded parameters, so the default initializer ran: ' \
                % self.name
            return head + (self.inner.explain() if self.inner else 'set to ' + self.init)
        why = {'attr': 'its variable has an __init__ attribute (%s)' % self.init,
               'suffix': "its name ends in '%s'" % what,
               'legacy': "its name ends in '%s' (plain-string call)" % what,
               'load': 'it was found in the loaded parameters'}.get(kind, self.rule)
        return '%s was set to %s because %s' % (self.name, self.init, why)


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


# --- composite initializers (not registered, as in MXNet) ----------------------------------

class Load:
    """Set arrays from a dict name -> array or a ``.params`` file (``arg:``/``aux:``
    prefixes dropped); names not found go to ``default_init``."""

    def __init__(self, param, default_init=None, verbose=False):
        if isinstance(param, str):
            from .ndarray import load
            param = load(param)
        assert isinstance(param, dict), \
            'Load needs a dict name -> array or a file saved from a dict (got a %s)' \
            % type(param).__name__
        self.param = {}
        for name, arr in param.items():
            if name.startswith('arg:') or name.startswith('aux:'):
                self.param[name[4:]] = arr
            else:
                self.param[name] = arr
        self.default_init = default_init
        self.verbose = verbose
        self.last_decision = None

    last_rule = Initializer.last_rule

    def __call__(self, name, arr):
        if name in self.param:
            assert arr.shape == self.param[name].shape, \
                'Parameter %s cannot be initialized from loading. ' % name + \
                'Shape mismatch, target %s vs loaded %s' % (str(arr.shape),
                                                            self.param[name].shape)
            arr[...] = self.param[name]
            self.last_decision = InitDecision(name, 'load:loaded', 'the loaded values')
            if self.verbose:
                logging.info('Initialized %s by loading', name)
        else:
            assert self.default_init is not None, \
                "Cannot Initialize %s. Not found in loaded param " % name + \
                "and no default Initializer is provided."
            self.default_init(name, arr)
            inner = getattr(self.default_init, 'last_decision', None)
            self.last_decision = InitDecision(name, 'load:default',
                                              inner.init if inner else 'the default', inner)
            if self.verbose:
                logging.info('Initialized %s by default', name)


class Mixed:
    """The first initializer whose regular expression matches (``re.match``) the name."""

    def __init__(self, patterns, initializers):
        assert len(patterns) == len(initializers)
        self.map = list(zip([re.compile(p) for p in patterns], initializers))
        self.last_decision = None

    last_rule = Initializer.last_rule

    def __call__(self, name, arr):
        for prog, init in self.map:
            if prog.match(name):
                init(name, arr)
                inner = getattr(init, 'last_decision', None)
                self.last_decision = InitDecision(name, 'mixed:' + prog.pattern,
                                                  inner.init if inner else repr(init), inner)
                return
        raise ValueError('Parameter name %s did not match any pattern. Consider adding a ".*" '
                         'pattern at the end with a default Initializer.' % name)


# --- the registered initializers ----------------------------------------------------------

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


@register
class FusedRNN(Initializer):
    """A FusedRNNCell's one flat ``parameters`` vector, initialised as if its pieces were
    separate arrays: each piece (``l0_i2h_f_weight``...) by its name's ending with ``init``
    (None: the Module's initializer), LSTM forget-gate biases set to ``forget_bias``. The
    other arguments must be the cell's."""

    def __init__(self, init, num_hidden, num_layers, mode, bidirectional=False,
                 forget_bias=1.0):
        if isinstance(init, str):
            klass, kwargs = json.loads(init)
            init = _REGISTRY[klass.lower()](**kwargs)
        super().__init__(init=init.dumps() if init is not None else None,
                         num_hidden=num_hidden, num_layers=num_layers, mode=mode,
                         bidirectional=bidirectional, forget_bias=forget_bias)
        self._init = init
        self._num_hidden, self._num_layers, self._mode = num_hidden, num_layers, mode
        self._bidirectional, self._forget_bias = bidirectional, forget_bias

    def _init_weight(self, desc, arr):
        from .symbol.ops.rnn import named_pieces, parameter_count   # the vector's layout
        h, layers, bi = self._num_hidden, self._num_layers, self._bidirectional
        # the input size I that makes the vector this long (the count is linear in I)
        per_input = parameter_count(self._mode, layers, bi, 1, h) - \
            parameter_count(self._mode, layers, bi, 0, h)
        num_input = (arr.size - parameter_count(self._mode, layers, bi, 0, h)) // per_input
        for name, piece in named_pieces(arr, self._mode, layers, bi, num_input, h).items():
            piece_desc = InitDesc(name, global_init=desc.global_init)
            if self._mode == 'lstm' and name.endswith('_f_bias'):
                piece[...] = self._forget_bias        # start with the forget gate open
            elif self._init is None:
                desc.global_init(piece_desc, piece)
            else:
                self._init(piece_desc, piece)
