"""Initializers made of others (not registered, as in MXNet): Load takes saved values,
Mixed picks an initializer by a regular expression on the name."""
import logging
import re

from ..ndarray import load
from .base import Initializer
from .decision import InitDecision


class Load:
    """Set arrays from a dict name -> array or a ``.params`` file (``arg:``/``aux:``
    prefixes dropped); names not found go to ``default_init``."""

    def __init__(self, param, default_init=None, verbose=False):
        if isinstance(param, str):
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
