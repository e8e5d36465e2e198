"""DataParallelExecutorGroup: one executor per device, each computing a slice of the batch.

Module with ``context=[mx.cpu(0), mx.cpu(1)]`` cuts every batch into slices (sized by
``work_load_list``; see slicing.py), binds one executor per device with its own copy of
every array, runs them all, and hands their outputs back joined (``merge_multi_context``) or
per device. The gradients stay per device: the KVStore sums them (see Module.update). With
one device the only slice is the whole batch, and the group is a thin shell around one
executor.
"""
import logging

import numpy as np

from ..base import MXNetError
from ..context import cpu
from ..executor import Executor
from ..io import DataDesc
from ..ndarray import NDArray
from .sharing import _SharedArrays, reshape_or_create
from .slicing import _load_targets, _merge_multi_context, _sliced_shape, _split_input_slice


def _prepare_group2ctxs(group2ctxs, ctx_len):
    """Per device, the dict ``ctx_group name -> Context`` its executor places groups with."""
    if group2ctxs is None:
        return [None] * ctx_len
    if isinstance(group2ctxs, list):
        assert len(group2ctxs) == ctx_len, 'length of group2ctxs should be %d' % ctx_len
        return group2ctxs
    assert isinstance(group2ctxs, dict), ('group2ctxs should be list of dict of str to '
                                          'context, or dict of str to context or list of '
                                          'context')
    ret = [{} for _ in range(ctx_len)]
    for name, where in group2ctxs.items():
        if not isinstance(where, (list, tuple)):
            ctxs = [where] * ctx_len
        elif len(where) == 1:
            ctxs = list(where) * ctx_len
        else:
            assert len(where) == ctx_len, 'length of group2ctxs[%s] should be %d or 1' % (
                name, ctx_len)
            ctxs = where
        for i in range(ctx_len):
            ret[i][name] = ctxs[i]
    return ret


def _on_device(arrays, context):
    # each array reports the device its executor runs on (NDArray.context)
    for arr in arrays:
        if arr is not None:
            arr._ctx = context


class DataParallelExecutorGroup:
    """The executors of one Module, one per context, and their arrays by role: MXNet's
    ``param_arrays``, ``grad_arrays``, ``aux_arrays`` are lists (one per parameter) of lists
    (one array per device)."""

    def __init__(self, symbol, contexts, workload, data_shapes, label_shapes, param_names,
                 for_training, inputs_need_grad, shared_group=None, logger=logging,
                 fixed_param_names=None, grad_req='write', state_names=None, group2ctxs=None):
        self.param_names = param_names
        self.arg_names = symbol.list_arguments()
        self.aux_names = symbol.list_auxiliary_states()
        self.symbol = symbol
        self.contexts = contexts
        self.workload = workload
        self.group2ctxs = _prepare_group2ctxs(group2ctxs, len(contexts))
        self.for_training = for_training
        self.inputs_need_grad = inputs_need_grad
        self.logger = logger
        self.fixed_param_names = fixed_param_names or []
        self.state_names = state_names or []
        data_shapes = [x if isinstance(x, DataDesc) else DataDesc(*x) for x in data_shapes]
        if label_shapes is not None:
            label_shapes = [x if isinstance(x, DataDesc) else DataDesc(*x)
                            for x in label_shapes]
        self.grad_req = self._grad_reqs('null' if not for_training else grad_req,
                                        [x.name for x in data_shapes])
        # inputs by name, per device: handed down from the shared group (sharing.py)
        self.shared_data_arrays = (shared_group.shared_data_arrays if shared_group is not None
                                   else [{} for _ in contexts])
        self.batch_size = self.slices = None
        self.execs, self._default_execs = [], None
        self.data_arrays = self.label_arrays = self.param_arrays = self.state_arrays = None
        self.grad_arrays = self.aux_arrays = self.input_grad_arrays = None
        self.data_shapes = self.label_shapes = self.data_names = self.label_names = None
        self.data_layouts = self.label_layouts = None
        self.output_names = symbol.list_outputs()
        self.num_outputs = len(self.output_names)
        self.output_layouts = [DataDesc.get_batch_axis(symbol[i].attr('__layout__'))
                               for i in range(self.num_outputs)]
        self.bind_exec(data_shapes, label_shapes, shared_group)

    def _grad_reqs(self, grad_req, data_names):
        """Each argument's grad_req: parameters (unless fixed) and, with inputs_need_grad,
        data get ``grad_req``; a list is taken as is; a dict overrides those defaults."""
        if isinstance(grad_req, (list, tuple)):
            assert len(grad_req) == len(self.arg_names)
            return dict(zip(self.arg_names, grad_req))
        if not isinstance(grad_req, (str, dict)):
            raise ValueError('grad_req must be one of str, list, tuple, or dict.')
        req = grad_req if isinstance(grad_req, str) else 'write'
        reqs = {}
        for name in self.arg_names:
            if name in self.param_names:
                reqs[name] = 'null' if name in self.fixed_param_names else req
            elif name in data_names:
                reqs[name] = req if self.inputs_need_grad else 'null'
            else:
                reqs[name] = 'null'
        if isinstance(grad_req, dict):
            reqs.update(grad_req)
        return reqs

    # --- binding -----------------------------------------------------------------------------
    def decide_slices(self, data_shapes):
        """Each input's batch axis (from its layout); the batch size fixes the slices."""
        assert len(data_shapes) > 0
        major_axis = [DataDesc.get_batch_axis(x.layout) for x in data_shapes]
        for (name, shape), axis in zip(data_shapes, major_axis):
            if axis == -1:
                continue
            batch_size = shape[axis]
            if self.batch_size is not None:
                assert batch_size == self.batch_size, (
                    'all data must have the same batch size: batch_size = %d, but %s has shape '
                    '%s' % (self.batch_size, name, shape))
            else:
                self.batch_size = batch_size
                self.slices = _split_input_slice(self.batch_size, self.workload)
        return major_axis

    def bind_exec(self, data_shapes, label_shapes, shared_group=None, reshape=False):
        """Bind (or, with ``reshape``, re-shape from the first binding) one executor per
        device for its slice of the batch."""
        assert reshape or not self.execs
        self.batch_size = None
        self.data_layouts = self.decide_slices(data_shapes)
        if label_shapes is not None:
            self.label_layouts = self.decide_slices(label_shapes)
        for i in range(len(self.contexts)):
            rows = self.slices[i]
            data_i = _sliced_shape(data_shapes, rows, self.data_layouts)
            label_i = ([] if label_shapes is None else
                       _sliced_shape(label_shapes, rows, self.label_layouts))
            if reshape:
                shapes = {d.name: d.shape for d in data_i + label_i}
                exe = self._default_execs[i].reshape(allow_up_sizing=True, **shapes)
                exe._group2ctx = self.group2ctxs[i]
                self.execs[i] = self._place(exe, i)
            else:
                self.execs.append(self._bind_ith_exec(i, data_i, label_i, shared_group))
        self.data_shapes = data_shapes
        self.label_shapes = label_shapes
        self.data_names = [d.name for d in data_shapes]
        if label_shapes is not None:
            self.label_names = [d.name for d in label_shapes]
        self._collect_arrays()

    def reshape(self, data_shapes, label_shapes):
        """New input shapes; every executor re-shapes from the one bind made."""
        if data_shapes == self.data_shapes and label_shapes == self.label_shapes:
            return
        if self._default_execs is None:
            self._default_execs = list(self.execs)
        self.bind_exec(data_shapes, label_shapes, reshape=True)

    def _bind_ith_exec(self, i, data_shapes, label_shapes, shared_group):
        """Allocate device i's arrays (all zeros) and bind its executor."""
        shapes = {d.name: d.shape for d in list(data_shapes) + list(label_shapes)}
        arg_shapes, _, aux_shapes = self.symbol.infer_shape(**shapes)
        if arg_shapes is None:
            partial = self.symbol.infer_shape_partial(**shapes)[0]
            unknown = [n for n, s in zip(self.arg_names, partial) if not s]
            raise MXNetError('bind: the shapes %s do not decide the shapes of %s. Give them in '
                             'data_shapes / label_shapes, or check data_names and label_names'
                             % (shapes, ', '.join(unknown)))
        dtypes = {d.name: np.dtype(getattr(d, 'dtype', np.float32) or np.float32)
                  for d in list(data_shapes) + list(label_shapes)}
        shared_exec = shared_group.execs[i] if shared_group is not None else None
        shared, buffer = _SharedArrays(shared_exec, self.param_names), self.shared_data_arrays[i]
        args, grads = [], []
        for name, shape in zip(self.arg_names, arg_shapes):
            null = self.grad_req.get(name, 'null') == 'null'
            dtype = dtypes.get(name, np.float32)
            if name not in self.param_names:    # data, label, state: by name, as MXNet
                args.append(reshape_or_create(buffer, name, shape, dtype, self.logger))
                grads.append(None if null else reshape_or_create(
                    buffer, 'grad of ' + name, shape, dtype, self.logger))
                continue
            arr, grad = shared.arg(name, shape)
            if arr is None:
                arr = np.zeros(shape, dtype=dtype).view(NDArray)
                grad = None if null else np.zeros_like(arr)
            args.append(arr)
            grads.append(None if null else grad)
        aux = [shared.aux(n, s) for n, s in zip(self.aux_names, aux_shapes)]
        exe = Executor(self.symbol, self.contexts[i], args, grads, self.grad_req, aux,
                       shared_exec=shared_exec)
        exe._group2ctx = self.group2ctxs[i]      # recorded as MXNet's Executor records it
        return self._place(exe, i)

    def _place(self, exe, i):
        if len(self.contexts) > 1 or self.contexts[i] != cpu():
            _on_device(exe.arg_arrays + exe.grad_arrays + exe.aux_arrays + exe.outputs,
                       self.contexts[i])
        return exe

    def _collect_arrays(self):
        """The arrays by role, each a list over devices (MXNet's layout)."""
        execs, slices = self.execs, self.slices
        self.data_arrays = [[(slices[i], e.arg_dict[name]) for i, e in enumerate(execs)]
                            for name in self.data_names]
        self.state_arrays = [[e.arg_dict[name] for e in execs] for name in self.state_names]
        self.label_arrays = None if self.label_shapes is None else [
            [(slices[i], e.arg_dict[d.name]) for i, e in enumerate(execs)]
            for d in self.label_shapes]
        trained = [i for i, name in enumerate(self.arg_names) if name in self.param_names]
        self.param_arrays = [[e.arg_arrays[i] for e in execs] for i in trained]
        self.grad_arrays = ([[e.grad_arrays[i] for e in execs] for i in trained]
                            if self.for_training else None)
        self.input_grad_arrays = ([[e.grad_arrays[self.arg_names.index(name)] for e in execs]
                                   for name in self.data_names if name in self.arg_names]
                                  if self.inputs_need_grad else None)
        self.aux_arrays = [[e.aux_arrays[i] for e in execs] for i in range(len(self.aux_names))]
        self.bound_data_shapes = tuple(d.shape for d in self.data_shapes)   # per-batch check
        self._data_loads = _load_targets(self.data_arrays, self.data_layouts, self.batch_size)
        self._label_loads = (None if self.label_arrays is None else _load_targets(
            self.label_arrays, self.label_layouts, self.batch_size))

    # --- parameters --------------------------------------------------------------------------
    def set_params(self, arg_params, aux_params, allow_extra=False):
        """The same values into every device's executor."""
        for exe in self.execs:
            exe.copy_params_from(arg_params, aux_params, allow_extra_params=allow_extra)

    def get_params(self, arg_params, aux_params):
        """Each parameter and aux state as the mean over the devices (MXNet's float32 sum, then
        division), copied into the given dicts' arrays."""
        for names, blocks, params in ((self.param_names, self.param_arrays, arg_params),
                                      (self.aux_names, self.aux_arrays, aux_params)):
            for name, block in zip(names, blocks):
                if len(block) == 1:
                    value = block[0]
                else:
                    value = block[0].view(np.ndarray)
                    for arr in block[1:]:
                        value = value + arr.view(np.ndarray)
                    value = value / len(block)
                if name in params:
                    np.copyto(params[name], value, casting='unsafe')
                else:
                    params[name] = np.array(value, copy=True).view(NDArray)

    # --- running -----------------------------------------------------------------------------
    def forward(self, data_batch, is_train=None):
        """Copy each device's slice of the batch in, then run every executor forward."""
        for src, targets in zip(data_batch.data, self._data_loads):
            for index, dst in targets:
                dst[...] = src if index is None else src[index]
        if is_train is None:
            is_train = self.for_training
        label = getattr(data_batch, 'label', None)
        if self._label_loads is not None and label:
            for src, targets in zip(label, self._label_loads):
                for index, dst in targets:
                    dst[...] = src if index is None else src[index]
        for exe in self.execs:
            exe.forward(is_train=is_train)

    def backward(self, out_grads=None):
        """Each device's backward, with its slice of the head gradients when given."""
        assert self.for_training, 're-bind with for_training=True to run backward'
        if len(self.execs) == 1:
            self.execs[0].backward(out_grads=out_grads)
            return
        out_grads = [] if out_grads is None else out_grads
        for exe, rows in zip(self.execs, self.slices):
            mine = []
            for grad, axis in zip(out_grads, self.output_layouts):
                grad = np.asarray(grad)
                mine.append(grad[(slice(None),) * axis + (rows,)] if axis >= 0 else grad)
            exe.backward(out_grads=mine or None)

    def get_output_shapes(self):
        shapes = []
        for name, out, axis in zip(self.output_names, self.execs[0].outputs,
                                   self.output_layouts):
            shape = list(out.shape)
            if axis >= 0:
                shape[axis] = self.batch_size
            shapes.append((name, tuple(shape)))
        return shapes

    def get_outputs(self, merge_multi_context=True, begin=0, end=None):
        end = self.num_outputs if end is None else end
        outputs = [[exe.outputs[i] for exe in self.execs] for i in range(begin, end)]
        if merge_multi_context:
            outputs = _merge_multi_context(outputs, self.output_layouts)
        return outputs

    def get_input_grads(self, merge_multi_context=True):
        assert self.inputs_need_grad
        if merge_multi_context:
            return _merge_multi_context(self.input_grad_arrays, self.data_layouts)
        return self.input_grad_arrays

    def get_states(self, merge_multi_context=True):
        assert not merge_multi_context, (
            'merge_multi_context=True is not supported for get_states yet. Call get_states('
            'merge_multi_context=False): one list per state, of its array on each device')
        return self.state_arrays

    def set_states(self, states=None, value=None):
        if states is not None:
            assert value is None, 'Only one of states & value can be specified.'
            for src, per_device in zip(states, self.state_arrays):
                for s, dst in zip(src if isinstance(src, (list, tuple)) else [src] * len(
                        per_device), per_device):
                    np.copyto(dst, np.asarray(s), casting='unsafe')
        else:
            assert value is not None, 'At least one of states & value must be specified.'
            for per_device in self.state_arrays:
                for dst in per_device:
                    dst[...] = value

    def update_metric(self, eval_metric, labels, pre_sliced=False):
        """The metric sees each device's outputs with that device's slice of the labels."""
        label_names = self.label_names or []
        if len(self.execs) == 1 and not pre_sliced:   # the one slice is the whole batch
            eval_metric.update_dict(dict(zip(label_names, labels)),
                                    dict(zip(self.output_names, self.execs[0].outputs)))
            return
        layouts = self.label_layouts or [0] * len(labels)
        for k, (exe, rows) in enumerate(zip(self.execs, self.slices)):
            if pre_sliced:
                mine = labels[k]
            else:
                mine = [label[(slice(None),) * axis + (rows,)] if axis >= 0 else label
                        for label, axis in zip(labels, layouts)]
            eval_metric.update_dict(dict(zip(label_names, mine)),
                                    dict(zip(self.output_names, exe.outputs)))

    def install_monitor(self, mon):
        for exe in self.execs:
            mon.install(exe)
