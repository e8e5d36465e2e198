"""ModuleView: a module as lenses, widgets and ``explain`` see it, read-only.

    v = mod.view
    v.data_names, v.label_names, v.state_names      the inputs (named when the Module was made)
    v.param_names, v.fixed_param_names, v.aux_names  the arrays a checkpoint keeps
    v.role(name)         'data' | 'label' | 'state' | 'param' | 'aux' | 'output' | None
    v.executor           the executor forward runs now (None before bind); v.executors: all
    v.contexts, v.slices  the devices, and the rows of the batch each executor gets
    v.kvstore, v.update_on_kvstore   the store that sums the devices' gradients (or None)
    v.arg_dict, v.grad_dict, v.aux_dict, v.outputs   its arrays by name (live: do not write)
    v.arg_params, v.aux_params   the module's own copy (what get_params returns), or None
    v.init_rules         how init_params gave each array its first value
    v.optimizer, v.updater, v.optimizer_states       None before init_optimizer

Nothing outside ``tutor/module/`` reads a module's ``_`` attributes (a test checks); what a
hook needs to know, it asks here. Answers are fresh lists and dicts, so changing them
changes nothing in the module.
"""


class ModuleView:
    def __init__(self, module):
        self._m = module

    # --- the state machine ---
    @property
    def symbol(self):
        return self._m.symbol

    @property
    def binded(self):
        return bool(self._m.binded)

    @property
    def params_initialized(self):
        return bool(self._m.params_initialized)

    @property
    def optimizer_initialized(self):
        return bool(self._m.optimizer_initialized)

    @property
    def for_training(self):
        return bool(self._m.for_training)

    # --- roles of the symbol's arguments ---
    def _names(self, attr):
        return list(getattr(self._m, attr, None) or [])

    @property
    def data_names(self):
        return self._names('_data_names')

    @property
    def label_names(self):
        return self._names('_label_names')

    @property
    def state_names(self):
        return self._names('_state_names')

    @property
    def param_names(self):
        """Every parameter, in the symbol's argument order: the optimizer's indices."""
        return self._names('_param_names')

    @property
    def fixed_param_names(self):
        return self._names('_fixed_param_names')

    @property
    def aux_names(self):
        return self._names('_aux_names')

    @property
    def output_names(self):
        return self._names('_output_names')

    def role(self, name):
        for role, names in (('data', self.data_names), ('label', self.label_names),
                            ('state', self.state_names), ('param', self.param_names),
                            ('aux', self.aux_names), ('output', self.output_names)):
            if name in names:
                return role
        return None

    @property
    def label_shapes(self):
        """The label shapes bound (None when bound without labels, e.g. to predict)."""
        return getattr(self._m, '_label_shapes', None) if self.binded else None

    # --- the bound arrays ---
    @property
    def executors(self):
        group = getattr(self._m, '_exec_group', None)
        return list(group.execs) if group is not None else []

    @property
    def executor(self):
        return getattr(self._m, '_exec', None)

    @property
    def contexts(self):
        return list(getattr(self._m, '_context', None) or [])

    @property
    def slices(self):
        """Per executor, the rows of the batch it computes (a slice); [] before bind."""
        group = getattr(self._m, '_exec_group', None)
        return list(group.slices) if group is not None else []

    @property
    def kvstore(self):
        return getattr(self._m, '_kvstore', None) if self.optimizer_initialized else None

    @property
    def update_on_kvstore(self):
        return bool(getattr(self._m, '_update_on_kvstore', False)) and self.kvstore is not None

    def _exec_dict(self, attr):
        exe = self.executor
        return dict(getattr(exe, attr)) if exe is not None else {}

    @property
    def arg_dict(self):
        return self._exec_dict('arg_dict')

    @property
    def grad_dict(self):
        return self._exec_dict('grad_dict')

    @property
    def aux_dict(self):
        return self._exec_dict('aux_dict')

    @property
    def grad_req(self):
        return self._exec_dict('grad_req')

    @property
    def outputs(self):
        exe = self.executor
        return list(exe.outputs) if exe is not None else []

    def trained(self):
        """(name, weight, gradient) of each parameter the optimizer updates."""
        exe = self.executor
        if exe is None:
            return []
        args, grads = exe.arg_dict, exe.grad_dict
        return [(n, args[n], grads[n]) for n in self.param_names if grads.get(n) is not None]

    # --- the module's own copy of the parameters ---
    @property
    def arg_params(self):
        return getattr(self._m, '_arg_params', None)

    @property
    def aux_params(self):
        return getattr(self._m, '_aux_params', None)

    def owns(self, params):
        """Is ``params`` this module's own arg_params dict (e.g. the one a checkpoint saved)?"""
        return params is not None and params is self.arg_params

    @property
    def init_rules(self):
        return dict(getattr(self._m, '_init_rules', None) or {})

    # --- the optimizer ---
    @property
    def optimizer(self):
        return getattr(self._m, '_optimizer', None) if self.optimizer_initialized else None

    @property
    def updater(self):
        """The updater that keeps the optimizer's states: the module's, or with several
        devices and the update on the KVStore, the store's (its indices are names)."""
        if not self.optimizer_initialized:
            return None
        if self.update_on_kvstore:
            return getattr(self.kvstore, '_updater', None)
        return getattr(self._m, '_updater', None)

    @property
    def optimizer_states(self):
        """{index: state} of the updater (an array, a tuple of them, or None per index)."""
        updater = self.updater
        return dict(updater.states) if updater is not None else {}

    def param_name(self, index):
        """The parameter the optimizer knows by ``index`` (idx2name), else the index."""
        opt = self.optimizer
        return (getattr(opt, 'idx2name', None) or {}).get(index, index)

    # --- BucketingModule: one Module per bucket, sharing the default bucket's parameters ---
    @property
    def buckets(self):
        """{bucket_key: that bucket's Module}; {} for a module without buckets."""
        return dict(getattr(self._m, '_buckets', None) or {})

    @property
    def default_bucket_key(self):
        return getattr(self._m, '_default_bucket_key', None)
