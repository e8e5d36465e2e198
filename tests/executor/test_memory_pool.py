"""The memory pool (tutor/executor/memory_pool.py): an executor bound with ``shared_exec``
takes its op outputs, their gradients and scratch as views of the shared executor's buffers,
never two of its own buffers in the same memory, and computes exactly what it computes alone."""
import itertools

import numpy as np

import tutor as mx
from tutor.executor import Executor
from tutor.executor.memory_pool import MemoryPool
from tutor.ndarray import NDArray


def test_first_fit_same_dtype_each_buffer_lent_once():
    shared = MemoryPool()
    big, small, ints = shared.alloc((4, 5), np.float32), shared.alloc((3,), np.float32), \
        shared.alloc((10,), np.int64)
    pool = MemoryPool(shared)
    a = pool.alloc((2, 3), np.float32)            # first fit: the 20-element buffer
    assert np.shares_memory(a, big) and a.shape == (2, 3)
    b = pool.alloc((2,), np.float32)              # big is lent: the next one that fits
    assert np.shares_memory(b, small)
    c = pool.alloc((2,), np.float32)              # nothing free fits: new zeros...
    assert not any(np.shares_memory(c, x) for x in (big, small, ints)) and not c.any()
    assert len(shared.buffers) == 4                # ... which join the shared list
    d = pool.alloc((4,), np.int64)                 # dtype must match
    assert np.shares_memory(d, ints)


def _net():
    data = mx.sym.var('data')
    h = mx.sym.FullyConnected(data, num_hidden=6, flatten=False, name='fc')
    h = mx.sym.Activation(h, act_type='tanh', name='act')
    parts = mx.sym.SliceChannel(h, num_outputs=2, axis=2, name='split')
    # only the first half goes on: the second half's gradient is never written (stays 0)
    last = mx.sym.SequenceLast(parts[0], axis=1, name='last')
    out = mx.sym.FullyConnected(last, num_hidden=3, name='cls')
    return mx.sym.SoftmaxOutput(out, name='softmax')


def _bind(length, params, shared_exec=None, rng=None):
    sym = _net()
    shapes = dict(zip(sym.list_arguments(), sym.infer_shape(data=(2, length, 4),
                                                             softmax_label=(2,))[0]))
    args = {n: (params[n] if n in params else np.zeros(s, np.float32).view(NDArray))
            for n, s in shapes.items()}
    grads = {n: np.zeros(s, np.float32).view(NDArray) for n, s in shapes.items()}
    return Executor(sym, mx.cpu(), args, grads, 'write', [], shared_exec=shared_exec)


def _params():
    rng = np.random.RandomState(0)
    return {'fc_weight': rng.randn(6, 4).astype(np.float32).view(NDArray),
            'fc_bias': rng.randn(6).astype(np.float32).view(NDArray),
            'cls_weight': rng.randn(3, 3).astype(np.float32).view(NDArray),
            'cls_bias': np.zeros(3, np.float32).view(NDArray)}


def _run(exe, x, y):
    exe.forward(is_train=True, data=x, softmax_label=y)
    out = np.array(exe.outputs[0])
    exe.backward()
    return out, {n: np.array(g) for n, g in exe.grad_dict.items() if g is not None}


def test_a_shorter_executor_lives_in_the_shared_executors_memory():
    params = _params()
    long = _bind(7, params)
    short = _bind(3, params, shared_exec=long)
    rng = np.random.RandomState(1)
    _run(long, rng.randn(2, 7, 4), np.array([0, 2]))
    _run(short, rng.randn(2, 3, 4), np.array([1, 0]))
    long_mem = [r[5] for r in long.allocations(arrays=True)]
    for kind, name, _, _, _, arr in short.allocations(arrays=True):
        if kind in ('output', 'output gradient') and name != 'split_output1':
            assert any(np.shares_memory(arr, m) for m in long_mem), (kind, name)
    # the gradient nothing writes keeps its own zeros, out of the pool
    grads = dict(short.op_output_grads())
    assert not any(np.shares_memory(grads['split_output1'], m) for m in long_mem)


def test_no_two_buffers_of_one_executor_overlap():
    params = _params()
    long = _bind(7, params)
    rng = np.random.RandomState(2)
    _run(long, rng.randn(2, 7, 4), np.array([0, 2]))
    for exe in (long, _bind(3, params, shared_exec=long), _bind(9, params, shared_exec=long)):
        _run(exe, rng.randn(2, exe.arg_dict['data'].shape[1], 4), np.array([1, 1]))
        rows = [r for r in exe.allocations(arrays=True) if r[5].size]
        for r1, r2 in itertools.combinations(rows, 2):
            assert not np.shares_memory(r1[5], r2[5]), (r1[:2], r2[:2])


def test_what_another_executor_left_in_the_memory_changes_no_result():
    params = _params()
    rng = np.random.RandomState(3)
    long = _bind(7, params)
    longer = _bind(9, params, shared_exec=long)    # its extra buffers join the shared list
    for length in (3, 9):
        x, y = rng.randn(2, length, 4), np.array([2, 1])
        alone = _run(_bind(length, params), x, y)
        exe = longer if length == 9 else _bind(3, params, shared_exec=long)
        for buf in long._pool.buffers:             # another bucket's leftovers
            buf.fill(np.nan)
        got = _run(exe, x, y)
        np.testing.assert_array_equal(got[0], alone[0])
        for name, g in alone[1].items():
            np.testing.assert_array_equal(got[1][name], g, err_msg=name)


def test_outputs_are_overwritten_when_the_shared_executor_runs():
    params = _params()
    long = _bind(7, params)
    short = _bind(3, params, shared_exec=long)
    rng = np.random.RandomState(4)
    short.forward(is_train=False, data=rng.randn(2, 3, 4))
    kept = short.outputs[0]
    before = kept.copy()
    long.forward(is_train=False, data=rng.randn(2, 7, 4))
    assert np.shares_memory(kept, long.outputs[0])
    np.testing.assert_array_equal(kept, long.outputs[0])
    assert not np.array_equal(kept, before)


def test_symbol_bind_with_shared_exec_borrows_its_memory():
    """``Symbol.bind(..., shared_exec=)``, MXNet's way to share memory with an executor."""
    params = _params()
    long = _bind(7, params)
    sym = _net()
    args = dict(params, data=mx.nd.zeros((2, 3, 4)), softmax_label=mx.nd.zeros((2,)))
    short = sym.bind(mx.cpu(), args, shared_exec=long)
    alone = sym.bind(mx.cpu(), args)
    assert np.shares_memory(short.outputs[0], long.outputs[0])
    assert not np.shares_memory(alone.outputs[0], long.outputs[0])
