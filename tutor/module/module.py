"""Module: trains one symbol. Its parameters are the symbol's arguments minus the inputs
named in ``data_names``, ``label_names`` and ``state_names``; its auxiliary states are what
ops such as BatchNorm keep for themselves."""
import logging
import warnings

import numpy as np

from .. import optimizer as opt
from ..base import MXNetError
from ..context import Context, cpu
from ..executor import Executor
from ..initializer import InitDesc, Uniform
from ..io import DataDesc
from ..i18n import text as _
from ..ndarray import NDArray, atomic_write
from ..optimizer import states_io
from ..optimizer.states_io import StatesFormatError
from ..symbol.shape import InferShapeKeyError
from .base_module import BaseModule, _as_list


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


class _SharedArrays:
    """The parameter, gradient and aux arrays a module bound with ``shared_module`` takes
    from that module's executor (the same arrays, not copies): a bucket of BucketingModule
    trains the weights every other bucket reads."""

    def __init__(self, shared_module, param_names):
        exe = shared_module._exec if shared_module is not None else None
        self.args = exe.arg_dict if exe is not None else {}
        self.grads = exe.grad_dict if exe is not None else {}
        self.auxs = exe.aux_dict if exe is not None else {}
        self.param_names = set(param_names)

    def arg(self, name, shape):
        if name not in self.param_names or name not in self.args:
            return None, None
        arr = self.args[name]
        if arr.shape != tuple(shape):
            raise MXNetError('shared_module: parameter %s has shape %s there but this symbol '
                             'needs %s; buckets must agree on every parameter shape'
                             % (name, arr.shape, tuple(shape)))
        return arr, self.grads.get(name)

    def aux(self, name, shape):
        arr = self.auxs.get(name)
        if arr is not None and arr.shape == tuple(shape):
            return arr
        return np.zeros(shape, dtype=np.float32).view(NDArray)


class _ExecGroup:
    """The executor group MXNet keeps per device; tutor runs one executor on the CPU."""

    def __init__(self, module):
        self.param_names = list(module._param_names)   # symbol order: the optimizer's indices
        self.aux_names = list(module._aux_names)
        self._module = module

    @property
    def execs(self):
        exe = self._module._exec
        return [exe] if exe is not None else []


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
        self._update_on_kvstore = False
        self._updater = None
        self._preload_opt_states = None
        self._grad_req = None
        self._exec = None
        self._bound_exec = None       # the executor bind made: reshape always starts from it
        self._update_list = None
        self._input_slots = None
        self._data_shapes = None
        self._label_shapes = None
        self._exec_group = _ExecGroup(self)

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
        return [(n, o.shape) for n, o in zip(self._output_names, self._exec.outputs)]


    # --- bind --------------------------------------------------------------------------------
    def _reset_bind(self):
        self.binded = False
        self._exec = None
        self._bound_exec = None
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
        exe = self._make_executor(data_shapes, label_shapes or [], shared_module)
        if shared_module is not None:
            self.params_initialized = True
            self._arg_params = shared_module._arg_params
            self._aux_params = shared_module._aux_params
        elif self.params_initialized:  # e.g. after Module.load: the arrays must fit
            _check_given(exe, self._arg_params, self._aux_params, allow_extra=True)
        self._data_shapes, self._label_shapes = data_shapes, label_shapes
        self._exec = self._bound_exec = exe
        self._update_list = None
        self.binded = True
        if shared_module is not None:
            if shared_module.optimizer_initialized:
                self.borrow_optimizer(shared_module)
        elif self.params_initialized:
            self._exec.copy_params_from(self._arg_params, self._aux_params,
                                        allow_extra_params=True)
        else:
            assert self._arg_params is None and self._aux_params is None
            self._arg_params = {n: np.zeros_like(self._exec.arg_dict[n])
                                for n in self._param_names}
            self._aux_params = {n: np.zeros_like(a) for n, a in self._exec.aux_dict.items()}
        if self._watchers:
            self.emit('bound', data_shapes=data_shapes, label_shapes=label_shapes,
                      for_training=for_training, executor=self._exec)

    def _grad_req_for(self, name):
        if not self.for_training:
            return 'null'
        req = self._grad_req
        if isinstance(req, dict):
            req = req.get(name, 'null')
        elif isinstance(req, (list, tuple)):
            req = dict(zip(self._symbol.list_arguments(), req)).get(name, 'null')
        if name in self._param_names:
            return 'null' if name in self._fixed_param_names else req
        if name in self._data_names:
            return req if self.inputs_need_grad else 'null'
        return 'null'

    def _make_executor(self, data_shapes, label_shapes, shared_module=None):
        shapes = {d.name: d.shape for d in list(data_shapes) + list(label_shapes)}
        arg_shapes, _, aux_shapes = self._symbol.infer_shape(**shapes)
        if arg_shapes is None:
            partial = self._symbol.infer_shape_partial(**shapes)[0]
            unknown = [n for n, s in zip(self._symbol.list_arguments(), partial) if not s]
            raise MXNetError('bind: the shapes %s do not decide the shapes of %s. Give them in '
                             'data_shapes / label_shapes, or check data_names and label_names'
                             % (shapes, ', '.join(unknown)))
        dtypes = {d.name: np.dtype(getattr(d, 'dtype', np.float32) or np.float32)
                  for d in list(data_shapes) + list(label_shapes)}
        shared = _SharedArrays(shared_module, self._param_names)
        args, grads, reqs = [], [], {}
        for name, shape in zip(self._symbol.list_arguments(), arg_shapes):
            reqs[name] = self._grad_req_for(name)
            arr, grad = shared.arg(name, shape)
            if arr is None:
                arr = np.zeros(shape, dtype=dtypes.get(name, np.float32)).view(NDArray)
                grad = None if reqs[name] == 'null' else np.zeros_like(arr)
            args.append(arr)
            grads.append(None if reqs[name] == 'null' else grad)
        aux = [shared.aux(n, s) for n, s in zip(self._symbol.list_auxiliary_states(),
                                                 aux_shapes)]
        return Executor(self._symbol, self._context[0], args, grads, reqs, aux)

    def reshape(self, data_shapes, label_shapes=None):
        """New input shapes (e.g. another batch size); parameters are kept and shared."""
        if not self.binded:
            self._require('reshape', params=False)
        data_shapes = [_to_desc(x, 'data') for x in data_shapes]
        label_shapes = [_to_desc(x, 'label') for x in label_shapes] if label_shapes else None
        _check_names_match(self._data_names, data_shapes, 'data', True)   # as bind does
        _check_names_match(self._label_names, label_shapes or [], 'label', False)
        shapes = {d.name: d.shape for d in data_shapes + list(label_shapes or [])}
        # From the executor bind made, as MXNet's executor group does: shapes not given (a
        # label when predicting on bare data) return to the bound ones instead of failing.
        self._exec = self._bound_exec.reshape(allow_up_sizing=True, **shapes)
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
        self._exec.copy_params_from(self._arg_params, self._aux_params,
                                    allow_extra_params=allow_extra)
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
        arg_dict, aux_dict = self._exec.arg_dict, self._exec.aux_dict
        for name in self._param_names:
            if name in self._arg_params:
                np.copyto(self._arg_params[name], arg_dict[name])
            else:
                self._arg_params[name] = arg_dict[name].copy()
        for name, arr in aux_dict.items():
            if name in self._aux_params:
                np.copyto(self._aux_params[name], arr)
            else:
                self._aux_params[name] = arr.copy()
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
        self._exec.copy_params_from(arg_params, aux_params, allow_extra_params=allow_extra)
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
        d = self._data_shapes[0]
        batch_size = d.shape[DataDesc.get_batch_axis(getattr(d, 'layout', 'NCHW'))]
        rescale_grad = 1.0 / batch_size
        idx2name = dict(enumerate(self._exec_group.param_names))
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
        self._updater = shared_module._updater
        self.optimizer_initialized = True

    # --- the mid-level steps ----------------------------------------------------------------------
    def forward(self, data_batch, is_train=None):
        if not (self.binded and self.params_initialized):
            self._require('forward')
        data = data_batch.data
        label = getattr(data_batch, 'label', None)
        _check_ndarrays(data, label if self._label_shapes else None)
        bound_shapes, data_arrays, label_arrays = self._input_arrays()
        if bound_shapes != tuple([a.shape for a in data]):
            self._reshape_for(data_batch)
            bound_shapes, data_arrays, label_arrays = self._input_arrays()
        if is_train is None:
            is_train = self.for_training
        for dst, arr in zip(data_arrays, data):
            dst[...] = arr      # copy in (casting as np.copyto(..., casting='unsafe') does)
        if label_arrays and label:
            for dst, arr in zip(label_arrays, label):
                dst[...] = arr
        self._exec.forward(is_train=is_train)
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
        self._exec.backward(out_grads=out_grads)
        if self._watchers:
            self.emit('backward', out_grads=out_grads)

    def _input_arrays(self):
        # The bound data shapes and (plain views of) the executor's data and label arrays:
        # looked up once per executor, not per batch.
        exe, slots = self._exec, self._input_slots
        if slots is None or slots[0] is not exe or slots[1] is not self._label_shapes:
            arg_dict = exe.arg_dict
            slots = self._input_slots = (
                exe, self._label_shapes, tuple(d.shape for d in self._data_shapes),
                [arg_dict[n].view(np.ndarray) for n in self._data_names],
                [arg_dict[d.name].view(np.ndarray) for d in self._label_shapes or ()])
        return slots[2:]

    def _updates(self):
        # (indices, grads, weights) of every trained parameter: made once, reused every batch.
        if self._update_list is None:
            arg_dict, grad_dict = self._exec.arg_dict, self._exec.grad_dict
            trained = [(i, grad_dict[n], arg_dict[n])
                       for i, n in enumerate(self._exec_group.param_names)
                       if grad_dict[n] is not None]
            self._update_list = tuple(zip(*trained)) or ((), (), ())
        return self._update_list

    def update(self):
        """Apply the optimizer to every parameter, using the gradients of the last backward."""
        if not (self.binded and self.params_initialized and self.optimizer_initialized):
            self._require('update', optimizer=True)
        self._params_dirty = True
        indices, grads, weights = self._updates()
        if indices:
            # One call for all parameters, as MXNet 1.9.1's Module does (_update_params).
            self._updater(indices, grads, weights)
        if self._watchers:
            self.emit('update')

    def update_metric(self, eval_metric, labels, pre_sliced=False):
        labels = labels or []
        eval_metric.update_dict(dict(zip(self._label_names, labels)),
                                dict(zip(self._output_names, self._exec.outputs)))
        if self._watchers:
            self.emit('metric_updated', metric=eval_metric, labels=labels)

    def get_outputs(self, merge_multi_context=True):
        if not (self.binded and self.params_initialized):
            self._require('get_outputs')
        outputs = list(self._exec.outputs)
        return outputs if merge_multi_context else [[o] for o in outputs]

    def get_input_grads(self, merge_multi_context=True):
        if not (self.binded and self.params_initialized):
            self._require('get_input_grads')
        if not self.inputs_need_grad:
            raise AssertionError(_('err.no_input_grads'))
        grads = [self._exec.grad_dict[n] for n in self._data_names]
        return grads if merge_multi_context else [[g] for g in grads]

    def get_states(self, merge_multi_context=True):
        if not (self.binded and self.params_initialized):
            self._require('get_states')
        if merge_multi_context:   # as MXNet 1.9.1's executor group
            raise AssertionError('merge_multi_context=True is not supported for get_states yet. '
                                 'Call get_states(merge_multi_context=False): one list per '
                                 'state, of its array on each device')
        return [[self._exec.arg_dict[n]] for n in self._state_names]

    def set_states(self, states=None, value=None):
        if not (self.binded and self.params_initialized):
            self._require('set_states')
        for i, n in enumerate(self._state_names):
            arr = self._exec.arg_dict[n]
            if states is None:
                arr[...] = value
            else:   # MXNet's form: one list per state, of its array on each device
                src = states[i][0] if isinstance(states[i], (list, tuple)) else states[i]
                arr[...] = np.asarray(src)

    def install_monitor(self, mon):
        if not self.binded:
            self._require('install_monitor', params=False)
        mon.install(self._exec)

    # --- files ------------------------------------------------------------------------------------
    def save_checkpoint(self, prefix, epoch, save_optimizer_states=False, remove_amp_cast=True):
        from .. import model
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
        atomic_write(fname, self._updater.get_states())

    def load_optimizer_states(self, fname):
        if not self.optimizer_initialized:
            raise AssertionError(_('err.no_optimizer', step='load_optimizer_states'))
        with open(fname, 'rb') as f:
            data = f.read()
        try:
            self._updater.set_states(data)
            weights = {i: self._exec.arg_dict[n]
                       for i, n in enumerate(self._exec_group.param_names)}
            states_io.check_fits(self._updater.optimizer, self._updater.states, weights)
        except StatesFormatError as err:  # say which file: the states themselves cannot
            raise StatesFormatError('%s: %s' % (fname, err)) from None
