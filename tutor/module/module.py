"""Module: trains one symbol. Its parameters are the symbol's arguments minus the inputs
named in ``data_names``, ``label_names`` and ``state_names``; its auxiliary states are what
ops such as BatchNorm keep for themselves."""
import logging
import warnings

import numpy as np

from .. import model
from ..context import Context, cpu
from ..initializer import Uniform
from ..io import DataDesc
from ..i18n import text as _
from . import files, optimizer_setup, param_init
from .base_module import BaseModule
from .checks import (InputNameError, _check_given, _check_input_names,  # noqa: F401
                     _check_label_inputs, _check_names_match, _check_ndarrays, _check_sources,
                     _to_desc)
from .executor_group import DataParallelExecutorGroup


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
        if shared_module is not None:   # BucketingModule: its parameters and memory (sharing.py)
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
        have it, else from ``initializer`` (which decides by the name's suffix; param_init.py)."""
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
        rules = param_init.fill(self._arg_params, arg_params, initializer, attrs)
        rules.update(param_init.fill(self._aux_params, aux_params, initializer, attrs))
        if not (arg_params is self._arg_params and aux_params is self._aux_params):
            self._init_rules = rules  # fit's end-of-epoch refresh is not a new origin
        self.params_initialized = True
        self._params_dirty = False
        self._exec_group.set_params(self._arg_params, self._aux_params, allow_extra=allow_extra)
        if self._watchers:
            self.emit('params_initialized', rules=rules)

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
        """Make the optimizer (the work is in optimizer_setup.py). Its ``rescale_grad`` is
        1/batch_size: the loss layers return gradients summed over the batch, and this turns
        the sum into a mean."""
        if not (self.binded and self.params_initialized):
            self._require('init_optimizer')
        if self.optimizer_initialized and not force_init:
            self.logger.warning('optimizer already initialized, ignoring...')
            return
        if self._params_dirty:
            self._sync_params_from_devices()
        optimizer = optimizer_setup.init_optimizer(self, kvstore, optimizer, optimizer_params)
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

    # --- files (the work is in files.py) ----------------------------------------------------------
    def save_checkpoint(self, prefix, epoch, save_optimizer_states=False, remove_amp_cast=True):
        """Write ``prefix-symbol.json``, ``prefix-%04d.params`` (and ``.states``)."""
        files.save_checkpoint(self, prefix, epoch, save_optimizer_states, remove_amp_cast)

    @staticmethod
    def load(prefix, epoch, load_optimizer_states=False, **kwargs):
        """A module rebuilt from a checkpoint: bind it (or call fit) to go on."""
        return files.load(Module, prefix, epoch, load_optimizer_states, **kwargs)

    def save_optimizer_states(self, fname):
        files.save_optimizer_states(self, fname)

    def load_optimizer_states(self, fname):
        files.load_optimizer_states(self, fname)
