"""ParameterLens and ``roles(module)``: answers "how does it know which arrays are model
parameters and which are not?" for every array of a bound module.

Module sorts the symbol's arguments when it is created: the names given in ``data_names`` and
``label_names`` (and ``state_names``) are inputs, every other argument is a parameter. Arrays
an op keeps for itself (BatchNorm's moving mean and variance) are auxiliary states. Then bind
adds a gradient for every parameter, and the optimizer its own state.
"""
from .base import Lens
from .report import Report


def _aux_owners(symbol):
    """aux name -> (node name, op name) of the op that keeps it."""
    owners = {}
    for node in symbol._nodes():
        if node.op is not None:
            nargs = len(node.op.arguments())
            for child, _ in node.inputs[nargs:]:
                owners[child.name] = (node.name, node.op_name)
    return owners


def _shape(module, name, where='arg'):
    exe = getattr(module, '_exec', None)
    if exe is None:
        return ''
    arr = (exe.arg_dict if where == 'arg' else exe.aux_dict).get(name)
    return tuple(arr.shape) if arr is not None else ''


def rule_text(rule, t):
    """How init_params set an array, from Module._init_rules (see tutor/initializer.py)."""
    if rule is None:
        return '—'
    kind, sep, what = str(rule).partition(':')
    if not sep:
        return t('init.rule.' + kind) if kind in ('given', 'kept') else \
            t('init.rule.initializer', init=kind)
    from .. import i18n
    for key in ('init.rule.%s.%s' % (kind, what), 'init.rule.%s' % kind):
        if i18n.has(key):
            return t(key, what=what)
    return str(rule)


def roles(module, language=None, rules=None):
    """One dict per array: name, role, shape, why, init, grad, updated, saved.
    ``rules`` overrides the module's record of how each array got its first value."""
    from .. import i18n
    t = lambda key, **fmt: i18n.text(key, language, **fmt)
    yes, no, na = t('yes'), t('no'), '—'
    sym = module.symbol
    rules = rules if rules is not None else (getattr(module, '_init_rules', {}) or {})
    exe = getattr(module, '_exec', None)
    grads = exe.grad_dict if exe is not None else {}
    rows = []

    def add(name, role, why, shape='', init='—', grad=no, updated=no, saved=no):
        rows.append(dict(name=name, role=role, role_text=t('role.' + role), why=why,
                         shape=shape, init=init, grad=grad, updated=updated, saved=saved))

    trained = set(n for n in module._param_names if grads.get(n) is not None)
    for name in sym.list_arguments():
        shape = _shape(module, name)
        if name in module._data_names:
            add(name, 'data', t('why.data'), shape,
                grad=yes if grads.get(name) is not None else no)
        elif name in module._label_names:
            add(name, 'label', t('why.label'), shape)
        elif name in module._state_names:
            add(name, 'state', t('why.state'), shape)
        else:
            why = t('why.param')
            if name in module._fixed_param_names:
                why += ' ' + t('why.fixed')
            elif name.endswith('_label'):
                why += ' ' + t('why.label_as_param')
            add(name, 'param', why, shape, rule_text(rules.get(name), t),
                grad=yes if grads.get(name) is not None else no,
                updated=yes if name in trained else no, saved=t('saved.arg', name=name))
    owners = _aux_owners(sym)
    for name in sym.list_auxiliary_states():
        node, op = owners.get(name, ('?', '?'))
        add(name, 'aux', t('why.aux', node=node, op=op), _shape(module, name, 'aux'),
            rule_text(rules.get(name), t), updated=t('updated.by_op', op=op),
            saved=t('saved.aux', name=name))
    outputs = exe.outputs if exe is not None else [None] * len(sym.list_outputs())
    for name, arr in zip(sym.list_outputs(), outputs):
        add(name, 'output', t('why.output'), tuple(arr.shape) if arr is not None else '')
    for name in sym.list_arguments():
        if grads.get(name) is not None:
            add(t('name.grad', name=name), 'grad', t('why.grad', name=name),
                tuple(grads[name].shape), grad=na, updated=na)
    _optimizer_rows(module, add, t)
    return rows


def _optimizer_rows(module, add, t):
    updater = getattr(module, '_updater', None)
    if updater is None:
        return
    idx2name = dict(getattr(module._optimizer, 'idx2name', {}) or {})
    for index, state in sorted(updater.states.items(), key=lambda kv: str(kv[0])):
        arrays = [state] if not isinstance(state, (tuple, list)) else list(state)
        arrays = [a for a in arrays if a is not None and hasattr(a, 'shape')]
        name = idx2name.get(index, index)
        for k, arr in enumerate(arrays):
            label = t('name.opt_state', name=name) + ('' if len(arrays) == 1 else ' [%d]' % k)
            add(label, 'opt_state', t('why.opt_state', opt=type(module._optimizer).__name__),
                tuple(arr.shape), grad='—', updated=t('updated.by_optimizer'),
                saved=t('saved.states'))


def roles_report(module, language=None, title=None, rules=None):
    from .. import i18n
    t = lambda key, **fmt: i18n.text(key, language, **fmt)
    rep = Report(title if title is not None else t('params.title'))
    rep.text(t('params.how', data=module._data_names, label=module._label_names))
    rows = roles(module, language, rules)
    rep.table([t('col.name'), t('col.role'), t('col.shape'), t('params.col.why'),
               t('params.col.init'), t('params.col.grad'), t('params.col.updated'),
               t('params.col.saved')],
              [[r['name'], r['role_text'], r['shape'], r['why'], r['init'], r['grad'],
                r['updated'], r['saved']] for r in rows])
    if not getattr(module, 'binded', False):
        rep.text(t('lens.not_bound'))
    elif getattr(module, '_updater', None) is not None and \
            not any(r['role'] == 'opt_state' for r in rows):
        rep.text(t('params.no_opt_state', opt=type(module._optimizer).__name__))
    if module.symbol.list_auxiliary_states():
        rep.text(t('params.aux_note'))
    return rep


class ParameterLens(Lens):
    """Records how each array got its role and first value; shows ``roles`` as a table."""
    title_key = 'params.title'

    def __init__(self, language=None):
        super().__init__(language)
        self.rules = None   # how init_params set each array, first time (not fit's refresh)

    def on_attach(self, module):
        if module.params_initialized and self.rules is None:
            self.rules = dict(getattr(module, '_init_rules', {}) or {})

    def on_bound(self, module, info):
        self.record(kind='bound', for_training=info['for_training'],
                    params=list(module._param_names), aux=list(module._aux_names))

    def on_params_initialized(self, module, info):
        # fit copies the parameters back with set_params after every epoch; that says
        # nothing about where their values came from, so it does not replace the rules
        if not self.clock.in_fit:
            self.rules = dict(info['rules'])
        self.record(kind='params_initialized', rules=dict(info['rules']),
                    in_fit=self.clock.in_fit)

    def on_optimizer_initialized(self, module, info):
        opt = info['optimizer']
        self.record(kind='optimizer_initialized', optimizer=type(opt).__name__,
                    rescale_grad=opt.rescale_grad)

    def roles(self):
        return roles(self.module, self.language, self.rules) if self.module is not None else []

    def report(self):
        if self.module is None:
            return Report(self.t(self.title_key)).text(self.t('lens.not_attached'))
        from . import buckets   # a BucketingModule: one set of weights behind all buckets
        if buckets.is_bucketing(self.module) and self.module.binded:
            return buckets.parameter_report(self, self.module)
        return roles_report(self.module, self.language, rules=self.rules)
