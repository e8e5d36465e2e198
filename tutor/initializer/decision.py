"""What an initializer did to one array, for lenses to explain.

After every call, ``init.last_decision`` is an :class:`InitDecision` ``(name, rule, init)``
and ``init.last_rule`` its ``rule`` key:

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
``decision.explain()`` gives one English sentence.
"""


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
