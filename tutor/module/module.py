"""Module: trains one symbol. Its parameters are the symbol's arguments minus the inputs
named in ``data_names``, ``label_names`` and ``state_names``; its auxiliary states are what
ops such as BatchNorm keep for themselves."""
import logging
import warnings

import numpy as np

from .. import model
from .. import optimizer as opt
from ..base import MXNetError
from ..context import Context, cpu
from ..initializer import InitDesc, Uniform
from ..io import DataDesc
from ..i18n import text as _
from ..ndarray import NDArray, atomic_write
from ..optimizer import states_io
from ..optimizer.states_io import StatesFormatError
from ..symbol.shape import InferShapeKeyError
from .base_module import BaseModule, _as_list
from .executor_group import DataParallelExecutorGroup


def _check_input_names(symbol, names, typename, throw):
    args = symbol.list_arguments()
    for name in names:
        if name in args:
            continue
        candidates = [a for a in args if not a.endswith(('_weight', '_bias', '_gamma',
                                                         '_beta'))]
        msg = ("\033[91mYou created Module with Module(..., %s_names=%s) but input with name "
               "'%s' is not found in symbol.list_arguments(). Did you mean one of:\n\t%s\033[0m"
               % (typename, names, name, '\n\t'.join(candidates)))
        if throw:
            raise ValueError(msg)
        warnings.warn(msg)


def _to_desc(item, what):
    if isinstance(item, DataDesc):
        return item
    if not isinstance(item, (tuple, list)) or len(item) < 2:
        raise TypeError('%s_shapes items must be DataDesc or (name, shape) pairs, got %r'
                        % (what, item))
    shape = item[1]
    if isinstance(shape, np.ndarray) or not isinstance(shape, (tuple, list)) or \
            not all(isinstance(d, (int, np.integer)) for d in shape):
        raise TypeError(_('err.shape_is_array', what=what, name=item[0],
                          kind=type(shape).__name__))
    return DataDesc(item[0], tuple(int(d) for d in shape), *item[2:])


def _check_ndarrays(data, label):
    """MXNet copies each batch array with NDArray.copyto, so a numpy array (or a list) fails
    there with AttributeError; tutor fails the same way, with the fix in the message."""
    for arr in list(data or []) + list(label or []):
        if not isinstance(arr, NDArray):
            kind = type(arr)
            kind = kind.__name__ if kind.__module__ == 'builtins' else '%s.%s' % (
                kind.__module__, kind.__name__)
            raise AttributeError("'%s' object has no attribute 'copyto': the arrays of a "
                                 "DataBatch must be NDArrays; wrap them with mx.nd.array(...)"
                                 % kind)


def _check_names_match(names, shapes, what, throw):
    actual = [x[0] for x in shapes]
    if sorted(names) != sorted(actual):
        msg = ("Data provided by %s_shapes don't match names specified by %s_names (%s vs. %s)"
               % (what, what, shapes, names))
        if throw:
            raise ValueError(msg + ' ' + _('err.data_names', given=actual, expected=names,
                                           first=(names or [''])[0]))
        warnings.warn(msg)


class InputNameError(InferShapeKeyError, KeyError):
    """A label name the symbol does not have: MXNet raises KeyError; tutor's is also an
    MXNetError and a ValueError, and prints its message as text (not as a quoted key)."""
    __str__ = BaseException.__str__


def _check_label_inputs(symbol, label_shapes, label_names):
    args = symbol.list_arguments()
    for desc in label_shapes:
        if desc.name not in args:
            expected = [n for n in label_names if n in args] or \
                [a for a in args if a.endswith('_label')]
            raise InputNameError(repr(desc.name) + ': ' + _(
                'err.label_name', given=desc.name, expected=expected,
                first=(expected or ['softmax_label'])[0]))


def _check_given(exe, arg_params, aux_params, allow_extra):
    """set_params(allow_missing=True) copies straight into the executor: name each extra
    array (MXNet's ValueError) and each array of another shape before copying anything."""
    for given, known, what in ((arg_params, exe.arg_dict, 'Find name "%s" that is not in the '
                                'arguments'),
                               (aux_params, exe.aux_dict, 'Find name %s that is not in the '
                                'auxiliary states')):
        for name, value in (given or {}).items():
            if name not in known:
                if not allow_extra:
                    raise ValueError(what % name + '. ' + _('err.extra_param', name=name))
            elif np.shape(value) != known[name].shape:
                raise MXNetError(_('err.param_shape', name=name, given=np.shape(value),
                                   needed=known[name].shape))


def _check_sources(params, given, allow_missing):
    """Before init_params copies anything: each name present (unless allow_missing) with the
    right shape, in MXNet's order (sorted), so a failed set_params changes nothing."""
    if given is None:
        return
    for name in sorted(params):
        if name in given:
            if np.shape(given[name]) != params[name].shape:
                raise MXNetError(_('err.param_shape', name=name, given=np.shape(given[name]),
                                   needed=params[name].shape))
        elif not allow_missing:
            raise RuntimeError('%s is not presented. %s'
                               % (name, _('err.missing_param', name=name)))


class Module(BaseModule):
    def __init__(self, symbol, data_names=('data',), label_names=('softmax_label',),
                 logger=logging, context=None, work_load_list=None, fixed_param_names=None,
                 state_names=None, group2ctxs=None, compression_params=None):
        super().__init__(logger=logger)
        context = context if context is not None else cpu()
        self._context = context if isinstance(context, (list, tuple)) else [context]
        for ctx in self._context:
            if not isinstance(ctx, Context):
                raise TypeError('context must be mx.cpu() / mx.gpu() or a list of them, got %r'
                                % (ctx,))
        if work_load_list is None:
            work_load_list = [1] * len(self._context)
        assert len(work_load_list) == len(self._context), (
            'work_load_list has %d entries for %d contexts: give one number per device'
            % (len(work_load_list), len(self._context)))
        self._work_load_list = work_load_list
        self._group2ctxs = group2ctxs
        self._compression_params = compression_params
        self._symbol = symbol
        self._data_names = list(data_names or [])
        self._label_names = list(label_names or [])
        self._state_names = list(state_names or [])
        self._fixed_param_names = list(fixed_param_names or [])
        _check_input_names(symbol, self._data_names, 'data', True)
        _check_input_names(symbol, self._label_names, 'label', False)
        _check_input_names(symbol, self._state_names, 'state', True)
        _check_input_names(symbol, self._fixed_param_names, 'fixed_param', True)
        inputs = set(self._data_names + self._label_names + self._state_names)
        self._param_names = [a for a in symbol.list_arguments() if a not in inputs]
        self._aux_names = symbol.list_auxiliary_states()
        self._output_names = symbol.list_outputs()
        self._arg_params = None
        self._aux_params = None
        self._params_dirty = False
        self._init_rules = {}
        self._optimizer = None
        self._kvstore = None
        self._update_on_kvstore = None
        self._updater = None
        self._preload_opt_states = None
        self._grad_req = None
        self._exec_group = None       # one executor per context (executor_group.py)
        self._update_list = None
        self._data_shapes = None
        self._label_shapes = None

    # --- properties ----------------------------------------------------------------------
    @property
    def data_names(self):
        return self._data_names

    @property
    def label_names(self):
        return self._label_names

    @property
    def output_names(self):
        return self._output_names

    @property
    def data_shapes(self):
        if not self.binded:
            self._require('mod.data_shapes', params=False)
        return self._data_shapes

    @property
    def label_shapes(self):
        if not self.binded:
            self._require('mod.label_shapes', params=False)
        return self._label_shapes

    @property
    def output_shapes(self):
        if not self.binded:
            self._require('mod.output_shapes', params=False)
        return self._exec_group.get_output_shapes()

    @property
    def _exec(self):
        """The first device's executor (ModuleView.executor reads it)."""
        return self._exec_group.execs[0] if self._exec_group is not None else None

    # --- bind --------------------------------------------------------------------------------
    def _reset_bind(self):
        self.binded = False
        self._exec_group = None
        self._update_list = None
        self._data_shapes = None
        self._label_shapes = None

    def bind(self, data_shapes, label_shapes=None, for_training=True, inputs_need_grad=False,
             force_rebind=False, shared_module=None, grad_req='write'):
        """Allocate every array the training needs, once, from the input shapes."""
        if force_rebind:
            self._reset_bind()
        if self.binded:
            self.logger.warning('Already bound, ignoring bind()')
            return
        self.for_training = for_training
        self.inputs_need_grad = inputs_need_grad
        self._grad_req = grad_req
        if not for_training and inputs_need_grad:
            raise AssertionError(_('err.input_grads_predict'))
        data_shapes = [_to_desc(x, 'data') for x in data_shapes]
        _check_names_match(self._data_names, data_shapes, 'data', True)
        if label_shapes is not None:
            label_shapes = [_to_desc(x, 'label') for x in label_shapes]
            _check_names_match(self._label_names, label_shapes, 'label', False)
            _check_label_inputs(self._symbol, label_shapes, self._label_names)
        else:
            _check_names_match(self._label_names, [], 'label', False)
        if shared_module is not None:   # BucketingModule: this bucket uses its parameters
            assert isinstance(shared_module, Module) and shared_module.binded and \
                shared_module.params_initialized
            shared_group = shared_module._exec_group
            assert len(shared_group.execs) >= len(self._context)
        else:
            shared_group = None
        group = DataParallelExecutorGroup(
            self._symbol, self._context, self._work_load_list, data_shapes, label_shapes,
            self._param_names, for_training, inputs_need_grad, shared_group,
            logger=self.logger, fixed_param_names=self._fixed_param_names, grad_req=grad_req,
            state_names=self._state_names, group2ctxs=self._group2ctxs)
        if shared_module is not None:
            self.params_initialized = True
            self._arg_params = shared_module._arg_params
            self._aux_params = shared_module._aux_params
        elif self.params_initialized:  # e.g. after Module.load: the arrays must fit
            _check_given(group.execs[0], self._arg_params, self._aux_params, allow_extra=True)
        self._data_shapes, self._label_shapes = data_shapes, label_shapes
        self._exec_group = group
        self._update_list = None
        self.binded = True
        if shared_module is not None:
            if shared_module.optimizer_initialized:
                self.borrow_optimizer(shared_module)
        elif self.params_initialized:
            group.set_params(self._arg_params, self._aux_params, allow_extra=True)
        else:
            assert self._arg_params is None and self._aux_params is None
            self._arg_params = {n: np.zeros_like(a[0])
                                for n, a in zip(self._param_names, group.param_arrays)}
            self._aux_params = {n: np.zeros_like(a[0])
                                for n, a in zip(self._aux_names, group.aux_arrays)}
        if self._watchers:
            self.emit('bound', data_shapes=data_shapes, label_shapes=label_shapes,
                      for_training=for_training, executor=self._exec)

    def reshape(self, data_shapes, label_shapes=None):
        """New input shapes (e.g. another batch size); parameters are kept and shared."""
        if not self.binded:
            self._require('reshape', params=False)
        data_shapes = [_to_desc(x, 'data') for x in data_shapes]
        label_shapes = [_to_desc(x, 'label') for x in label_shapes] if label_shapes else None
        _check_names_match(self._data_names, data_shapes, 'data', True)   # as bind does
        _check_names_match(self._label_names, label_shapes or [], 'label', False)
        # From the executors bind made, as MXNet's executor group does: shapes not given (a
        # label when predicting on bare data) return to the bound ones instead of failing.
        self._exec_group.reshape(data_shapes, label_shapes)
        self._data_shapes, self._label_shapes = data_shapes, label_shapes
        self._update_list = None

    # --- parameters ------------------------------------------------------------------------
    def init_params(self, initializer=Uniform(0.01), arg_params=None, aux_params=None,
                    allow_missing=False, force_init=False, allow_extra=False):
        """Give every parameter its first value: from ``arg_params``/``aux_params`` when they
        have it, else from ``initializer`` (which decides by the name's suffix)."""
        if self.params_initialized and not force_init:
            warnings.warn('Parameters already initialized and force_init=False. init_params '
                          'call ignored.', stacklevel=2)
            return
        if not self.binded:
            raise AssertionError('call bind before initializing the parameters. '
                                 + _('err.init_before_bind'))
        _check_sources(self._arg_params, arg_params, allow_missing)
        _check_sources(self._aux_params, aux_params, allow_missing)
        attrs = self._symbol.attr_dict()
        rules = {}
        for params, given in ((self._arg_params, arg_params), (self._aux_params, aux_params)):
            for name in sorted(params):
                rules[name] = self._init_one(InitDesc(name, attrs.get(name)), params[name],
                                             given, initializer, allow_missing)
        if not (arg_params is self._arg_params and aux_params is self._aux_params):
            self._init_rules = rules  # fit's end-of-epoch refresh is not a new origin
        self.params_initialized = True
        self._params_dirty = False
        self._exec_group.set_params(self._arg_params, self._aux_params, allow_extra=allow_extra)
        if self._watchers:
            self.emit('params_initialized', rules=rules)

    @staticmethod
    def _init_one(desc, arr, given, initializer, allow_missing):
        name = str(desc)
        if given is not None and name in given:  # (shape checked by _check_sources)
            src = np.asarray(given[name])
            if src is not arr:
                np.copyto(arr, src, casting='unsafe')
            return 'given'
        if initializer is None:
            return 'kept'
        initializer(desc, arr)
        return getattr(initializer, 'last_rule', None) or type(initializer).__name__.lower()

    def get_params(self):
        if not self.params_initialized:
            raise AssertionError(_('err.not_initialized', step='get_params'))
        if self._params_dirty:
            self._sync_params_from_devices()
        return self._arg_params, self._aux_params

    def _sync_params_from_devices(self):
        # the mean over the devices (equal copies, except aux states such as BatchNorm's)
        self._exec_group.get_params(self._arg_params, self._aux_params)
        self._params_dirty = False

    def set_params(self, arg_params, aux_params, allow_missing=False, force_init=True,
                   allow_extra=False):
        if not allow_missing:
            self.init_params(initializer=None, arg_params=arg_params, aux_params=aux_params,
                             allow_missing=allow_missing, force_init=force_init,
                             allow_extra=allow_extra)
            return
        if self.params_initialized and not force_init:
            warnings.warn('Parameters already initialized and force_init=False. set_params '
                          'call ignored.', stacklevel=2)
            return
        if not self.binded:  # MXNet: AttributeError from its missing executor group
            raise AttributeError(_('err.not_bound', step='set_params(..., allow_missing=True)'))
        _check_given(self._exec, arg_params, aux_params, allow_extra)
        self._exec_group.set_params(arg_params, aux_params, allow_extra=allow_extra)
        self._params_dirty = True
        self.params_initialized = True

    # --- optimizer -----------------------------------------------------------------------------
    def init_optimizer(self, kvstore='local', optimizer='sgd',
                       optimizer_params=(('learning_rate', 0.01),), force_init=False):
        """Make the optimizer. Its ``rescale_grad`` is 1/batch_size: the loss layers return
        gradients summed over the batch, and this turns the sum into a mean."""
        if not (self.binded and self.params_initialized):
            self._require('init_optimizer')
        if self.optimizer_initialized and not force_init:
            self.logger.warning('optimizer already initialized, ignoring...')
            return
        if self._params_dirty:
            self._sync_params_from_devices()
        kvstore, update_on_kvstore = model._create_kvstore(kvstore, len(self._context),
                                                           self._arg_params)
        # the whole batch, not a device's slice: the store sums the slices' gradients
        batch_size = self._exec_group.batch_size
        if kvstore and 'dist' in kvstore.type and '_sync' in kvstore.type:
            batch_size *= kvstore.num_workers
        rescale_grad = 1.0 / batch_size
        ndev = len(self._context)
        names = self._exec_group.param_names
        idx2name = dict(enumerate(names)) if update_on_kvstore or ndev == 1 else {
            i * ndev + k: n for k in range(ndev) for i, n in enumerate(names)}
        if isinstance(optimizer, str):
            optimizer_params = dict(optimizer_params)
            optimizer_params.setdefault('rescale_grad', rescale_grad)
            optimizer = opt.create(optimizer, sym=self._symbol, param_idx2name=idx2name,
                                   **optimizer_params)
        else:
            if not isinstance(optimizer, opt.Optimizer):
                raise TypeError('optimizer must be a name such as "sgd" or an '
                                'mx.optimizer.Optimizer, got %r' % (optimizer,))
            if optimizer.rescale_grad != rescale_grad:
                warnings.warn('Optimizer created manually outside Module but rescale_grad is '
                              'not normalized to 1.0/batch_size/num_workers (%s vs. %s). Is '
                              'this intended?' % (optimizer.rescale_grad, rescale_grad),
                              stacklevel=2)
            if not optimizer.idx2name:
                optimizer.idx2name = idx2name.copy()
        self._optimizer = optimizer
        self._kvstore = kvstore
        self._update_on_kvstore = update_on_kvstore
        self._updater = None
        if kvstore:
            if self._compression_params:
                kvstore.set_gradient_compression(self._compression_params)
            if update_on_kvstore:
                kvstore.set_optimizer(self._optimizer)
            model._initialize_kvstore(kvstore, self._exec_group.param_arrays, self._arg_params,
                                      self._param_names, update_on_kvstore)
        if not update_on_kvstore:
            self._updater = opt.get_updater(optimizer)
        self._update_list = None
        self.optimizer_initialized = True
        if self._preload_opt_states is not None:
            self.load_optimizer_states(self._preload_opt_states)
            self._preload_opt_states = None
        if self._watchers:
            self.emit('optimizer_initialized', optimizer=optimizer)

    def borrow_optimizer(self, shared_module):
        assert shared_module.optimizer_initialized
        self._optimizer = shared_module._optimizer
        self._kvstore = shared_module._kvstore
        self._update_on_kvstore = shared_module._update_on_kvstore
        self._updater = shared_module._updater
        self.optimizer_initialized = True

    # --- the mid-level steps ----------------------------------------------------------------------
    def forward(self, data_batch, is_train=None):
        if not (self.binded and self.params_initialized):
            self._require('forward')
        data = data_batch.data
        label = getattr(data_batch, 'label', None)
        _check_ndarrays(data, label if self._label_shapes else None)
        if self._exec_group.bound_data_shapes != tuple([a.shape for a in data]):
            self._reshape_for(data_batch)
        if is_train is None:
            is_train = self.for_training
        self._exec_group.forward(data_batch, is_train)
        if self._watchers:
            self.emit('forward', batch=data_batch, is_train=is_train)

    def _reshape_for(self, data_batch):
        provide_data = getattr(data_batch, 'provide_data', None)
        if provide_data:
            new_d = provide_data
        else:
            new_d = [DataDesc(d.name, np.shape(a), d.dtype, d.layout)
                     for d, a in zip(self._data_shapes, data_batch.data)]
        provide_label = getattr(data_batch, 'provide_label', None)
        label = getattr(data_batch, 'label', None)
        if provide_label:
            new_l = provide_label
        elif label and self._label_shapes:
            new_l = [DataDesc(d.name, np.shape(a), d.dtype, d.layout)
                     for d, a in zip(self._label_shapes, label)]
        else:
            new_l = None
        self.reshape(new_d, new_l)

    def backward(self, out_grads=None):
        if not (self.binded and self.params_initialized):
            self._require('backward')
        if not self.for_training:
            raise AssertionError('re-bind with for_training=True to run backward. '
                                 + _('err.backward_not_training'))
        self._exec_group.backward(out_grads=out_grads)
        if self._watchers:
            self.emit('backward', out_grads=out_grads)

    def _updates(self):
        # Per device (indices, grads, weights) of every trained parameter: made once, reused.
        if self._update_list is None:
            group = self._exec_group
            self._update_list = model._device_updates(group.param_arrays, group.grad_arrays,
                                                      len(self._context))
        return self._update_list

    def update(self):
        """Apply the optimizer to every parameter, using the gradients of the last backward."""
        if not (self.binded and self.params_initialized and self.optimizer_initialized):
            self._require('update', optimizer=True)
        self._params_dirty = True
        group = self._exec_group
        if self._update_on_kvstore:
            model._update_params_on_kvstore(group.param_arrays, group.grad_arrays,
                                            self._kvstore, group.param_names)
        else:
            # MXNet's _update_params: the store sums the gradients (if there is one), then
            # one updater call per device for all its parameters
            if self._kvstore:
                model._sum_grads_on_kvstore(group.grad_arrays, self._kvstore, group.param_names)
            for indices, grads, weights in self._updates():
                self._updater(indices, grads, weights)
        if self._watchers:
            self.emit('update')

    def update_metric(self, eval_metric, labels, pre_sliced=False):
        labels = labels or []
        self._exec_group.update_metric(eval_metric, labels, pre_sliced)
        if self._watchers:
            self.emit('metric_updated', metric=eval_metric, labels=labels)

    def get_outputs(self, merge_multi_context=True):
        if not (self.binded and self.params_initialized):
            self._require('get_outputs')
        return self._exec_group.get_outputs(merge_multi_context=merge_multi_context)

    def get_input_grads(self, merge_multi_context=True):
        if not (self.binded and self.params_initialized):
            self._require('get_input_grads')
        if not self.inputs_need_grad:
            raise AssertionError(_('err.no_input_grads'))
        return self._exec_group.get_input_grads(merge_multi_context=merge_multi_context)

    def get_states(self, merge_multi_context=True):
        if not (self.binded and self.params_initialized):
            self._require('get_states')
        return self._exec_group.get_states(merge_multi_context=merge_multi_context)

    def set_states(self, states=None, value=None):
        if not (self.binded and self.params_initialized):
            self._require('set_states')
        self._exec_group.set_states(states, value)

    def install_monitor(self, mon):
        if not self.binded:
            self._require('install_monitor', params=False)
        self._exec_group.install_monitor(mon)

    # --- files ------------------------------------------------------------------------------------
    def save_checkpoint(self, prefix, epoch, save_optimizer_states=False, remove_amp_cast=True):
        from ..events import emit_once, files
        self._symbol.save('%s-symbol.json' % prefix, remove_amp_cast=remove_amp_cast)
        param_name = model.params_file(prefix, epoch)
        self.save_params(param_name)
        logging.info('Saved checkpoint to "%s"', param_name)
        written = ['%s-symbol.json' % prefix, param_name]
        state_name = None
        if save_optimizer_states:
            state_name = '%s-%04d.states' % (prefix, epoch)
            self.save_optimizer_states(state_name)
            logging.info('Saved optimizer state to "%s"', state_name)
            written.append(state_name)
        if files.watchers or self._watchers:   # the module's watchers and the global ones
            emit_once((self, files), 'checkpoint_saved', prefix=prefix, epoch=epoch,
                      files=written, arg_params=self._arg_params, aux_params=self._aux_params,
                      optimizer_states=state_name)

    @staticmethod
    def load(prefix, epoch, load_optimizer_states=False, **kwargs):
        """A module rebuilt from a checkpoint: bind it (or call fit) to go on."""
        from ..model import load_checkpoint
        sym, args, auxs = load_checkpoint(prefix, epoch)
        mod = Module(symbol=sym, **kwargs)
        mod._arg_params = args
        mod._aux_params = auxs
        mod.params_initialized = True
        if load_optimizer_states:
            mod._preload_opt_states = '%s-%04d.states' % (prefix, epoch)
        return mod

    def save_optimizer_states(self, fname):
        if not self.optimizer_initialized:
            raise AssertionError(_('err.no_optimizer', step='save_optimizer_states'))
        if self._update_on_kvstore:
            self._kvstore.save_optimizer_states(fname)
        else:
            atomic_write(fname, self._updater.get_states())

    def load_optimizer_states(self, fname):
        if not self.optimizer_initialized:
            raise AssertionError(_('err.no_optimizer', step='load_optimizer_states'))
        with open(fname, 'rb') as f:
            data = f.read()
        updater = self._kvstore._updater if self._update_on_kvstore else self._updater
        group, ndev = self._exec_group, len(self._context)
        try:
            updater.set_states(data)
            # the indices the updater uses: names on the store, i * ndev + k on the devices
            weights = {n: w[0] for n, w in zip(group.param_names, group.param_arrays)} \
                if self._update_on_kvstore else \
                {i * ndev + k: w[k] for i, w in enumerate(group.param_arrays)
                 for k in range(ndev)}
            states_io.check_fits(updater.optimizer, updater.states, weights)
        except StatesFormatError as err:  # say which file: the states themselves cannot
            raise StatesFormatError('%s: %s' % (fname, err)) from None
