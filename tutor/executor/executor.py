"""The executor: a symbol bound to arrays. ``bind`` allocates every array once (arguments,
gradients, auxiliary states, and through the plan every op's outputs and scratch);
``forward`` and ``backward`` walk the plan's steps writing into those arrays, never
allocating new ones."""
import numpy as np

from ..base import MXNetError
from ..context import cpu
from ..i18n import text as _
from ..ndarray import NDArray
from .memory_pool import MemoryPool
from .plan import Plan

_REQS = ('null', 'write', 'add')


def _normalise_req(grad_req, names):
    if isinstance(grad_req, str):
        reqs = {n: grad_req for n in names}
    elif isinstance(grad_req, (list, tuple)):
        if len(grad_req) != len(names):
            raise ValueError('grad_req has %d entries but the symbol has %d arguments (%s)'
                             % (len(grad_req), len(names), ', '.join(names)))
        reqs = dict(zip(names, grad_req))
    elif isinstance(grad_req, dict):
        reqs = {n: grad_req.get(n, 'null') for n in names}
    else:
        raise TypeError('grad_req must be a str, list or dict, got %s' % type(grad_req))
    for n, r in reqs.items():
        if r not in _REQS:
            raise ValueError('grad_req %r for %s is not one of %s' % (r, n, _REQS))
    return reqs


def _as_list(arrays, names, what, required=True):
    if arrays is None:
        arrays = {}
    if isinstance(arrays, dict):
        missing = [n for n in names if n not in arrays]
        if missing and required:
            raise ValueError('bind: no array given for %s %r; give one for each of: %s'
                             % (what, missing[0], ', '.join(names)))
        return [arrays.get(n) for n in names]
    arrays = list(arrays)
    if len(arrays) != len(names) and (required or arrays):
        raise ValueError('bind: %d %s arrays given but the symbol has %d (%s)'
                         % (len(arrays), what, len(names), ', '.join(names)))
    return arrays or [None] * len(names)


class Executor:
    """Made by ``Symbol.bind`` or ``Symbol.simple_bind``; MXNet's Executor API."""

    def __init__(self, symbol, ctx, args, args_grad=None, grad_req='write', aux_states=None,
                 shared_exec=None):
        self._symbol = symbol
        # op outputs, their gradients and scratch: borrowed from shared_exec's where they fit
        self._pool = MemoryPool(shared_exec._pool if shared_exec is not None else None)
        self._ctx = ctx or cpu()
        self._arg_names = symbol.list_arguments()
        self._aux_names = symbol.list_auxiliary_states()
        self.arg_arrays = [self._ndarray(a, 'argument', n) for n, a in
                           zip(self._arg_names, _as_list(args, self._arg_names, 'argument'))]
        self._reqs = _normalise_req(grad_req, self._arg_names)
        grads = _as_list(args_grad, self._arg_names, 'gradient', required=False)
        self.grad_arrays = [None if self._reqs[n] == 'null' or g is None
                            else self._ndarray(g, 'gradient', n)
                            for n, g in zip(self._arg_names, grads)]
        for n, g in zip(self._arg_names, self.grad_arrays):
            if g is None:
                self._reqs[n] = 'null'
        self.aux_arrays = [self._ndarray(a, 'auxiliary state', n) for n, a in
                           zip(self._aux_names, _as_list(aux_states, self._aux_names,
                                                          'auxiliary state'))]
        self._monitor = None
        self._monitor_all = False
        self._compile()

    @staticmethod
    def _ndarray(a, what, name):
        if not isinstance(a, np.ndarray):
            raise TypeError('bind: the %s %s must be an NDArray, got %s'
                            % (what, name, type(a).__name__))
        return a if isinstance(a, NDArray) else a.view(NDArray)

    @classmethod
    def simple_bind(cls, symbol, ctx=None, grad_req='write', type_dict=None, **shapes):
        """Infer every shape from the given ones and allocate all arrays (zeros)."""
        arg_shapes, _, aux_shapes = symbol.infer_shape(**shapes)
        if arg_shapes is None:
            partial = symbol.infer_shape_partial(**shapes)[0]
            unknown = [n for n, s in zip(symbol.list_arguments(), partial) if not s]
            raise MXNetError('simple_bind: cannot infer the shape of %s from the shapes given '
                             '(%s); give them too' % (', '.join(unknown), shapes))
        type_dict = type_dict or {}
        arg_names = symbol.list_arguments()
        reqs = _normalise_req(grad_req, arg_names)
        args = [np.zeros(s, dtype=type_dict.get(n, np.float32)).view(NDArray)
                for n, s in zip(arg_names, arg_shapes)]
        grads = [None if reqs[n] == 'null' else np.zeros_like(a)
                 for n, a in zip(arg_names, args)]
        aux = [np.zeros(s, dtype=np.float32).view(NDArray) for s in aux_shapes]
        return cls(symbol, ctx, args, grads, reqs, aux)

    # --- the plan: made once at bind (plan.py) -------------------------------------------
    def _compile(self):
        plan = Plan(self._symbol, self._arg_names, self.arg_arrays, self.grad_arrays,
                    self._reqs, self._aux_names, self.aux_arrays, self._pool)
        self._plan = plan
        self.outputs = plan.outputs
        # forward and backward read these lists themselves: no lookup through the plan per batch
        self._forward_steps = plan.forward_steps
        self._backward_steps = plan.backward_steps
        self._head_grads = plan.head_grads
        self._zero_grads = plan.zero_grads

    # --- running -------------------------------------------------------------------------
    def forward(self, is_train=False, **kwargs):
        for name, value in kwargs.items():
            self._copy_in(name, value)
        monitor = self._monitor
        for step in self._forward_steps:
            if monitor is not None and self._monitor_all:
                self._monitor_inputs(step)      # as the op reads them, like MXNet
            step.op.forward(is_train, step.inputs, step.outputs, step.aux, step.state)
            if monitor is not None:
                self._monitor_outputs(step)
        return self.outputs

    def _copy_in(self, name, value):
        if name not in self.arg_dict:
            raise ValueError('forward: %r is not an argument of the symbol; its arguments '
                             'are: %s' % (name, ', '.join(self._arg_names)))
        dst = self.arg_dict[name]
        src = np.asarray(value)
        if src.shape != dst.shape:
            raise MXNetError('forward: %s has shape %s but the executor was bound with %s; '
                             'bind (or reshape) for the new shape' % (name, src.shape, dst.shape))
        np.copyto(dst, src, casting='unsafe')

    def _monitor_inputs(self, step):
        for (child, k), a in zip(step.node.inputs, step.inputs + step.aux):
            self._monitor(child.output_name(k), a.view(NDArray))

    def _monitor_outputs(self, step):
        for i in range(len(step.op.outputs())):
            self._monitor(step.node.output_name(i), step.outputs[i].view(NDArray))

    def backward(self, out_grads=None, is_train=True):
        if out_grads is not None and not isinstance(out_grads, (list, tuple)):
            out_grads = [out_grads]
        for k, (buf, node) in enumerate(self._head_grads):
            if buf is None:  # a loss layer, or nothing upstream needs a gradient
                continue
            if out_grads is not None and k < len(out_grads) and out_grads[k] is not None:
                np.copyto(buf, np.asarray(out_grads[k]), casting='unsafe')
            else:
                raise MXNetError(
                    'Because the last operator is not Loss function, head_gradient is required '
                    'when calling backward. If you are attempting to minimize the output as an '
                    'objective, please modify your network and pass it through the make_loss '
                    'symbol. (Output %d, %s, has no loss layer: pass out_grads=[...] to '
                    'backward, or end the network with SoftmaxOutput / MakeLoss.)'
                    % (k, node.name))
        for g in self._zero_grads:
            g.fill(0)
        for step in self._backward_steps:
            step.op.backward(step.out_grads, step.inputs, step.outputs, step.in_grads,
                             step.reqs, step.aux, step.state)
            if self._monitor is not None:
                self._monitor_backward(step)

    def _monitor_backward(self, step):
        many = len(step.in_grads) > 1
        for k, (g, x) in enumerate(zip(step.in_grads, step.inputs)):
            name = '%s_backward_output%s' % (step.node.name, k if many else '')
            self._monitor(name, (g if g is not None else np.zeros_like(x)).view(NDArray))

    # --- MXNet's executor surface ----------------------------------------------------------
    @property
    def arg_dict(self):
        return dict(zip(self._arg_names, self.arg_arrays))

    @property
    def grad_dict(self):
        return dict(zip(self._arg_names, self.grad_arrays))

    @property
    def aux_dict(self):
        return dict(zip(self._aux_names, self.aux_arrays))

    @property
    def output_dict(self):
        return dict(zip(self._symbol.list_outputs(), self.outputs))

    @property
    def grad_req(self):
        return dict(self._reqs)

    def set_monitor_callback(self, callback, monitor_all=False):
        """``callback(name, array)`` after every op's forward (MXNet's monitor hook)."""
        self._monitor = callback
        self._monitor_all = monitor_all

    def copy_params_from(self, arg_params, aux_params=None, allow_extra_params=False):
        for name, value in (arg_params or {}).items():
            if name in self.arg_dict:
                self._copy_in(name, value)
            elif not allow_extra_params:
                raise ValueError('Find name "%s" that is not in the arguments' % name)
        aux = self.aux_dict
        for name, value in (aux_params or {}).items():
            if name in aux:
                np.copyto(aux[name], np.asarray(value), casting='unsafe')
            elif not allow_extra_params:
                raise ValueError('Find name %s that is not in the auxiliary states' % name)

    def reshape(self, partial_shaping=False, allow_up_sizing=False, **kwargs):
        """A new executor for new input shapes that shares every array whose shape stays."""
        arg_shapes, _, aux_shapes = self._symbol.infer_shape(**kwargs)
        if arg_shapes is None:
            raise MXNetError('reshape: cannot infer all shapes from %s' % kwargs)
        args, grads = [], []
        for name, arr, grad, shape in zip(self._arg_names, self.arg_arrays, self.grad_arrays,
                                          arg_shapes):
            if tuple(arr.shape) == tuple(shape):
                args.append(arr)
                grads.append(grad)
                continue
            if name not in kwargs and not partial_shaping:
                raise MXNetError(self._reshape_changes_param(name, arr.shape, shape, kwargs))
            args.append(np.zeros(shape, dtype=arr.dtype).view(NDArray))
            grads.append(None if grad is None else np.zeros(shape, dtype=grad.dtype)
                         .view(NDArray))
        aux = []
        for name, arr, shape in zip(self._aux_names, self.aux_arrays, aux_shapes):
            if tuple(arr.shape) != tuple(shape):
                raise MXNetError('reshape: auxiliary state %s would change shape from %s to %s'
                                 % (name, arr.shape, tuple(shape)))
            aux.append(arr)
        exe = Executor(self._symbol, self._ctx, args, grads, self._reqs, aux)
        exe.set_monitor_callback(self._monitor, self._monitor_all)
        return exe

    def _reshape_changes_param(self, name, old, new, inputs):
        """What went wrong first (new input shapes would resize a parameter), MXNet's words
        after it, so they can still be searched for."""
        bound = {n: tuple(a.shape) for n, a in zip(self._arg_names, self.arg_arrays)}
        changed = ', '.join('%s %s -> %s' % (k, bound.get(k), tuple(v))
                            for k, v in inputs.items() if bound.get(k) != tuple(v))
        mxnet = ('Shape of unspecifie arg: %s changed. This can cause the new executor to not '
                 'share parameters with the old one. Please check for error in network.If this '
                 'is intended, set partial_shaping=True to suppress this warning.' % name)
        return '%s\n(MXNet: %s)' % (_('err.reshape_param', name=name, old=tuple(old),
                                          new=tuple(new), changed=changed or '-'), mxnet)

    # --- teaching views ----------------------------------------------------------------------
    def topo_order(self):
        """The ops in the order forward runs them (backward runs them reversed)."""
        return [(step.node.name, step.op.name) for step in self._forward_steps]

    def op_outputs(self):
        """(name, array) of every visible op output, in the order forward computes them."""
        for step in self._forward_steps:
            for i in range(step.node.visible_outputs()):
                yield step.node.output_name(i), step.outputs[i].view(NDArray)

    def op_output_grads(self):
        """(name, gradient) of every visible op output, in forward order: what the last
        backward left there (None where bind kept none: a loss layer's output, an output
        no gradient is needed behind). MXNet computes these too but never shows them."""
        for step in self._forward_steps:
            for i in range(step.node.visible_outputs()):
                g = self._plan.grads.get((id(step.node), i))
                yield step.node.output_name(i), None if g is None else g.view(NDArray)

    def allocations(self, arrays=False):
        """Every array bind allocated: (kind, name, shape, dtype, bytes), and the array itself
        as a sixth item with ``arrays=True`` (the memory lens asks what is shared)."""
        rows = []
        for kind, names, arrs in (('argument', self._arg_names, self.arg_arrays),
                                  ('gradient', self._arg_names, self.grad_arrays),
                                  ('auxiliary', self._aux_names, self.aux_arrays)):
            rows += [(kind, n, a.shape, a.dtype, a.nbytes, a) for n, a in zip(names, arrs)
                     if a is not None]
        rows += self._plan.allocations()
        return rows if arrays else [r[:5] for r in rows]

    def debug_str(self):
        lines = ['Symbol Outputs:']
        lines += ['\toutput[%d]=%s' % (i, n) for i, n in enumerate(self._symbol.list_outputs())]
        for node in self._plan.nodes:
            if node.op is None:
                lines.append('Variable:%s' % node.name)
                continue
            lines.append('--------------------')
            lines.append('Op:%s, Name=%s' % (node.op.name, node.name))
            lines.append('Inputs:')
            for k, (child, idx) in enumerate(node.inputs):
                lines.append('\targ[%d]=%s(%d)' % (k, child.name, idx))
        total = sum(r[4] for r in self.allocations())
        lines.append('Total %d MB allocated' % (total >> 20))
        return '\n'.join(lines)
