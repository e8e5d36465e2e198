"""The plan ``bind`` makes once. Shapes and types are inferred, every op's outputs (and the
gradients backward needs) are allocated, and the ops are listed in topological order as
steps that hold the very arrays they read and write: forward walks ForwardSteps, backward
walks BackwardSteps (the reverse order, only ops a needed gradient passes through)."""
from typing import NamedTuple

import numpy as np

from ..base import MXNetError
from ..ndarray import NDArray
from ..symbol.ops._common import Scratch
from ..symbol.shape import solve
from ..symbol.types import solve_types
from .memory_pool import MemoryPool


def _view(a):
    return a.view(np.ndarray)


class ForwardStep(NamedTuple):
    """One op of the plan, in forward order: ``op.forward(is_train, inputs, outputs, aux,
    state)`` with the arrays bind allocated for it."""
    op: object
    inputs: list
    outputs: list
    aux: list
    state: object
    node: object


class BackwardStep(NamedTuple):
    """One op of the plan, in backward order: ``op.backward(out_grads, inputs, outputs,
    in_grads, reqs, aux, state)``; reqs say 'write' for the first gradient into an array and
    'add' for the ones after (an input used twice gets the sum)."""
    op: object
    out_grads: list
    inputs: list
    outputs: list
    in_grads: list
    reqs: list
    aux: list
    state: object
    node: object


class Plan:
    """Every array and step of one bound symbol. Entries of the graph are keyed
    ``(id(node), output_index)``: ``values`` holds their arrays, ``grads`` their gradients."""

    def __init__(self, symbol, arg_names, arg_arrays, grad_arrays, reqs, aux_names, aux_arrays,
                 pool=None):
        pool = pool if pool is not None else MemoryPool()   # memory_pool.py: outputs, grads
        given = {n: a.shape for n, a in zip(arg_names + aux_names, arg_arrays + aux_arrays)}
        nodes, shapes = solve(symbol, given)
        types = solve_types(symbol, {n: a.dtype for n, a in zip(
            arg_names + aux_names, arg_arrays + aux_arrays)})
        self.nodes = nodes
        var_arrays = dict(zip(arg_names + aux_names, arg_arrays + aux_arrays))
        var_grads = dict(zip(arg_names, grad_arrays))
        dtype = arg_arrays[0].dtype if arg_arrays else np.float32
        self.values, self.grads = {}, {}     # (id(node), index) -> ndarray
        need = set()                          # entries whose gradient is needed
        for node in nodes:
            if node.op is None:
                self.values[(id(node), 0)] = _view(var_arrays[node.name])
                if var_grads.get(node.name) is not None:
                    need.add((id(node), 0))
                continue
            for i in range(node.num_outputs()):
                shape = shapes.get((id(node), i))
                if shape is None:
                    raise MXNetError('bind: cannot infer the shape of output %d of %s'
                                     % (i, node.name))
                own = types.get((id(node), i))   # Cast, Embedding...: their own dtype
                self.values[(id(node), i)] = pool.alloc(shape, dtype if own is None else own)
            if node.op.passes_grad() and any((id(c), k) in need for c, k in node.inputs):
                for i in range(len(node.op.outputs())):
                    need.add((id(node), i))
        self.need = need
        self.heads = list(symbol._outputs)
        self.outputs = [self.values[(id(n), i)].view(NDArray) for n, i in self.heads]
        self._build_forward(pool)
        self._build_backward(var_grads, reqs, pool)

    def _build_forward(self, pool):
        self.forward_steps = []
        self.states = {}
        for node in self.nodes:
            if node.op is None:
                continue
            nargs = len(node.op.arguments())
            ins = [self.values[(id(c), k)] for c, k in node.inputs]
            outs = [self.values[(id(node), i)] for i in range(node.num_outputs())]
            state = node.op.create_state([a.shape for a in ins[:nargs]], [o.shape for o in outs])
            if isinstance(state, Scratch):
                state.pool = pool        # its buffers come from the pool too, on first use
            self.states[id(node)] = state
            self.forward_steps.append(ForwardStep(node.op, ins[:nargs], outs, ins[nargs:],
                                                  state, node))

    def _build_backward(self, var_grads, reqs, pool):
        head_keys = {(id(n), i) for n, i in self.heads}
        written = set(head_keys)  # head gradients are set first; consumers then add
        for node in self.nodes:
            if node.op is None and var_grads.get(node.name) is not None:
                self.grads[(id(node), 0)] = _view(var_grads[node.name])
                if reqs[node.name] == 'add':
                    written.add((id(node), 0))
        schedule = []   # (node, the gradient entries it writes, their reqs), backward order
        live = set(head_keys)   # entries whose gradient can be non-zero (nnvm's zero_ops)
        for node in reversed(self.nodes):
            if node.op is None or not (node.op.is_loss or any(
                    (id(node), i) in live for i in range(node.num_outputs()))):
                continue   # only zero gradients reach it: its inputs get 0 (below)
            if node.op.passes_grad():
                live.update((id(c), k) for c, k in node.inputs)
            if not any((id(c), k) in self.need for c, k in node.inputs):
                continue
            keys, step_reqs = [], []
            for child, k in node.inputs[:len(node.op.arguments())]:
                key = (id(child), k) if (id(child), k) in self.need else None
                keys.append(key)
                step_reqs.append('null' if key is None else 'add' if key in written
                                 else 'write')
                if key is not None:
                    written.add(key)
            schedule.append((node, keys, step_reqs))
        self._allocate_grads(written, pool)
        self.backward_steps = [self._backward_step(*s) for s in schedule]
        self.head_grads = [(self.grads.get((id(n), i)), n) for n, i in self.heads]
        # 'write' gradients no live backward writes are 0 (x behind stop_gradient)
        self.zero_grads = [self.grads[(id(n), 0)] for n in self.nodes if n.op is None
                           and (id(n), 0) in self.need and (id(n), 0) not in written]

    def _allocate_grads(self, written, pool):
        """A buffer for the gradient of every op output that needs one. Those some backward
        step writes come from the pool (rewritten on every backward); one nothing writes is
        read as 0, so it gets zeros of its own that no other executor may overwrite."""
        for node in self.nodes:
            if node.op is None or node.op.is_loss:   # a loss ignores its head gradient
                continue
            for i in range(len(node.op.outputs())):
                key = (id(node), i)
                if key in self.need:
                    value = self.values[key]
                    self.grads[key] = (pool.alloc(value.shape, value.dtype) if key in written
                                       else np.zeros_like(value))

    def _backward_step(self, node, keys, step_reqs):
        nargs = len(node.op.arguments())
        in_grads = [None if key is None else self.grads[key] for key in keys]
        ins = [self.values[(id(c), k)] for c, k in node.inputs]
        outs = [self.values[(id(node), i)] for i in range(node.num_outputs())]
        ograds = [self.grads.get((id(node), i)) for i in range(node.num_outputs())]
        return BackwardStep(node.op, ograds, ins[:nargs], outs, in_grads, step_reqs,
                            ins[nargs:], self.states[id(node)], node)

    def allocations(self):
        """The arrays the plan allocated: (kind, name, shape, dtype, bytes, array) of every
        op output, output gradient and op scratch buffer."""
        rows = []
        for node in self.nodes:
            if node.op is None:
                continue
            for i in range(node.num_outputs()):
                a = self.values[(id(node), i)]
                visible = i < len(node.op.outputs())
                name = node.output_name(i) if visible else '%s_hidden%d' % (node.name, i)
                rows.append(('output', name, a.shape, a.dtype, a.nbytes, a))
                g = self.grads.get((id(node), i))
                if g is not None:
                    rows.append(('output gradient', name, g.shape, g.dtype, g.nbytes, g))
            state = self.states.get(id(node))
            for k, a in (vars(state).items() if hasattr(state, '__dict__') else
                         (state.items() if isinstance(state, dict) else [])):
                if isinstance(a, np.ndarray):
                    rows.append(('scratch', '%s.%s' % (node.name, k), a.shape, a.dtype, a.nbytes,
                                 a))
        return rows
