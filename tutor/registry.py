"""One registry for metrics, initializers and optimizers (MXNet's ``mxnet/registry.py``).

Each base class (EvalMetric, Initializer, Optimizer) has its own table of lower-cased names:

    register = get_register_func(EvalMetric, 'metric')    # @register: the class's name
    alias = get_alias_func(EvalMetric, 'metric')          # @alias('acc'): more names
    create = get_create_func(EvalMetric, 'metric')        # create('acc'), a JSON string, ...
"""
import json
import warnings

_REGISTRY = {}


def registry_of(base_class):
    """The live table {name: class} of ``base_class`` (MXNet's get_registry gives a copy)."""
    return _REGISTRY.setdefault(base_class, {})


def get_registry(base_class):
    return dict(registry_of(base_class))


def get_register_func(base_class, nickname):
    """``register(klass, name=None)``: known under ``name`` (default: the class name)."""
    registry = registry_of(base_class)

    def register(klass, name=None):
        assert issubclass(klass, base_class), \
            'Can only register subclass of %s' % base_class.__name__
        name = (klass.__name__ if name is None else name).lower()
        if name in registry:
            warnings.warn('New %s %s.%s registered with name %s is overriding existing %s %s.%s'
                          % (nickname, klass.__module__, klass.__name__, name, nickname,
                             registry[name].__module__, registry[name].__name__),
                          UserWarning, stacklevel=2)
        registry[name] = klass
        return klass

    register.__doc__ = 'Register a subclass of %s (a class decorator).' % base_class.__name__
    return register


def get_alias_func(base_class, nickname):
    """``@alias('a', 'b')``: the class is known under those names too."""
    register = get_register_func(base_class, nickname)

    def alias(*aliases):
        def reg(klass):
            for name in aliases:
                register(klass, name)
            return klass
        return reg
    return alias


def get_create_func(base_class, nickname):
    """``create(name, *args, **kwargs)``: from a registered name, ``'["name", {kwargs}]'``,
    ``'{"nickname": name, ...}'``, a dict of those, or an instance (returned as it is)."""
    registry = registry_of(base_class)

    def create(*args, **kwargs):
        if args:
            name, args = args[0], args[1:]
        else:
            name = kwargs.pop(nickname)
        if isinstance(name, base_class):
            assert not args and not kwargs, \
                '%s is already an instance. Additional arguments are invalid' % nickname
            return name
        if isinstance(name, dict):
            return create(**name)
        assert isinstance(name, str), '%s must be of string type' % nickname
        if name.startswith('['):
            assert not args and not kwargs
            name, kwargs = json.loads(name)
            return create(name, **kwargs)
        if name.startswith('{'):
            assert not args and not kwargs
            return create(**json.loads(name))
        name = name.lower()
        if name not in registry:   # MXNet's message, then the names that would have worked
            raise AssertionError('%s is not registered. Please register with %s.register first '
                                 '(registered %ss: %s)'
                                 % (name, nickname, nickname, ', '.join(sorted(registry))))
        return registry[name](*args, **kwargs)
    return create
