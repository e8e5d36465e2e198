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


def _shape(view, name, where='arg'):
    arr = (view.arg_dict if where == 'arg' else view.aux_dict).get(name)
    return tuple(arr.shape) if arr is not None else ''


def rule_text(rule, t):
    """How init_params set an array, from Module._init_rules (see tutor/initializer/decision.py)."""
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
    view = module.view
    sym = view.symbol
    rules = rules if rules is not None else view.init_rules
    grads = view.grad_dict
    rows = []

    def add(name, role, why, shape='', init='—', grad=no, updated=no, saved=no):
        rows.append(dict(name=name, role=role, role_text=t('role.' + role), why=why,
                         shape=shape, init=init, grad=grad, updated=updated, saved=saved))

    trained = set(n for n in view.param_names if grads.get(n) is not None)
    for name in sym.list_arguments():
        shape = _shape(view, name)
        role = view.role(name)
        if role == 'data':
            add(name, 'data', t('why.data'), shape,
                grad=yes if grads.get(name) is not None else no)
        elif role == 'label':
            add(name, 'label', t('why.label'), shape)
        elif role == 'state':
            add(name, 'state', t('why.state'), shape)
        else:
            why = t('why.param')
            if name in view.fixed_param_names:
                why += ' ' + t('why.fixed')
            elif name.endswith('_label'):
                why += ' ' + t('why.label_as_param')
            add(name, 'param', why, shape, rule_text(rules.get(name), t),
                grad=yes if grads.get(name) is not None else no,
                updated=yes if name in trained else no, saved=t('saved.arg', name=name))
    owners = _aux_owners(sym)
    for name in sym.list_auxiliary_states():
        node, op = owners.get(name, ('?', '?'))
        add(name, 'aux', t('why.aux', node=node, op=op), _shape(view, name, 'aux'),
            rule_text(rules.get(name), t), updated=t('updated.by_op', op=op),
            saved=t('saved.aux', name=name))
    outputs = view.outputs or [None] * len(sym.list_outputs())
    for name, arr in zip(sym.list_outputs(), outputs):
        add(name, 'output', t('why.output'), tuple(arr.shape) if arr is not None else '')
    for name in sym.list_arguments():
        if grads.get(name) is not None:
            add(t('name.grad', name=name), 'grad', t('why.grad', name=name),
                tuple(grads[name].shape), grad=na, updated=na)
    _optimizer_rows(view, add, t)
    return rows


def _optimizer_rows(view, add, t):
    if view.updater is None:
        return
    for index, state in sorted(view.optimizer_states.items(), key=lambda kv: str(kv[0])):
        arrays = [state] if not isinstance(state, (tuple, list)) else list(state)
        arrays = [a for a in arrays if a is not None and hasattr(a, 'shape')]
        name = view.param_name(index)
        for k, arr in enumerate(arrays):
            label = t('name.opt_state', name=name) + ('' if len(arrays) == 1 else ' [%d]' % k)
            add(label, 'opt_state', t('why.opt_state', opt=type(view.optimizer).__name__),
                tuple(arr.shape), grad='—', updated=t('updated.by_optimizer'),
                saved=t('saved.states'))


def roles_report(module, language=None, title=None, rules=None):
    from .. import i18n
    t = lambda key, **fmt: i18n.text(key, language, **fmt)
    rep = Report(title if title is not None else t('params.title'))
    view = module.view
    rep.text(t('params.how', data=view.data_names, label=view.label_names))
    rows = roles(module, language, rules)
    rep.table([t('col.name'), t('col.role'), t('col.shape'), t('params.col.why'),
               t('params.col.init'), t('params.col.grad'), t('params.col.updated'),
               t('params.col.saved')],
              [[r['name'], r['role_text'], r['shape'], r['why'], r['init'], r['grad'],
                r['updated'], r['saved']] for r in rows])
    if not view.binded:
        rep.text(t('lens.not_bound'))
    elif view.updater is not None and not any(r['role'] == 'opt_state' for r in rows):
        rep.text(t('params.no_opt_state', opt=type(view.optimizer).__name__))
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
            self.rules = module.view.init_rules

    def on_bound(self, module, info):
        self.record(kind='bound', for_training=info['for_training'],
                    params=module.view.param_names, aux=module.view.aux_names)

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
