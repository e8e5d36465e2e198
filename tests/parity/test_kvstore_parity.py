"""mx.kv against real MXNet 1.9.1: the values a local / device store holds after init, push
and pull of lists (sums in MXNet's float32 order), pushpull, and with an optimizer set
(SGD with momentum, Adam) over several pushes; the errors of misuse have MXNet's types.

Run: MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity/test_kvstore_parity.py
"""
import numpy as np
import pytest

mx = pytest.importorskip('mxnet')
import tutor  # noqa: E402
from _both import LIBS, close, error_of, same_error_type  # noqa: E402

SHAPES = {'fc1_weight': (4, 3), 'fc1_bias': (4,), 'fc2_weight': (2, 4)}


def grads_for(step, ndev, seed=7):
    rng = np.random.RandomState(seed + step)
    return {n: [rng.randn(*s).astype(np.float32) * 10 ** rng.randint(-3, 4)
                for _ in range(ndev)] for n, s in SHAPES.items()}


def play(lib, kvtype, ndev, optimizer=None, steps=3, int_keys=False, one_call=True):
    """Init every key, push each device's gradient list, pull into per-device outputs; all
    keys in one push call, or one call per key."""
    kv = lib.kv.create(kvtype)
    names = list(SHAPES)
    keys = list(range(len(names))) if int_keys else names
    rng = np.random.RandomState(3)
    kv.init(keys, [lib.nd.array(rng.uniform(-1, 1, SHAPES[n]).astype(np.float32))
                   for n in names])
    if optimizer is not None:
        kv.set_optimizer(lib.optimizer.create(optimizer[0], **optimizer[1]))
    pulled = []
    for step in range(steps):
        g = grads_for(step, ndev)
        values = [[lib.nd.array(a) for a in g[n]] for n in names]
        if one_call:
            kv.push(keys, values)
        else:
            for key, vals in zip(keys, values):
                kv.push(key, vals)
        outs = [[lib.nd.zeros(SHAPES[n]) for _ in range(ndev)] for n in names]
        kv.pull(keys, out=outs)
        pulled.append({n: [o.asnumpy() for o in outs[i]] for i, n in enumerate(names)})
    return kv, pulled


# MXNet sorts the (key, value) pairs of one push with std::sort, which keeps the order of a
# key's values only up to 16 pairs: larger pushes add in an order tutor does not copy.
@pytest.mark.parametrize('ndev,one_call', [(1, True), (2, True), (3, True), (5, True),
                                           (6, False), (8, False)])
@pytest.mark.parametrize('kvtype', ['local', 'device'])
def test_push_pull_of_lists_without_optimizer(kvtype, ndev, one_call):
    (_, ref), (_, got) = [play(lib, kvtype, ndev, one_call=one_call) for _, lib in LIBS]
    for step, (r, g) in enumerate(zip(ref, got)):
        for name in SHAPES:
            for k in range(ndev):
                # sums of values 1e-3..1e3 apart: exact agreement needs MXNet's order
                np.testing.assert_array_equal(g[name][k], r[name][k],
                                              err_msg='%s step %d device %d' % (name, step, k))


@pytest.mark.parametrize('optimizer', [
    ('sgd', dict(learning_rate=0.1, momentum=0.9, wd=1e-3, rescale_grad=0.5)),
    ('adam', dict(learning_rate=0.01, rescale_grad=0.25)),
])
@pytest.mark.parametrize('int_keys', [False, True])
def test_optimizer_on_the_store(optimizer, int_keys):
    (kv_m, ref), (kv_t, got) = [play(lib, 'local', 2, optimizer, steps=20, int_keys=int_keys)
                                for _, lib in LIBS]
    for r, g in zip(ref, got):
        for name in SHAPES:
            for k in range(2):
                close(g[name][k], r[name][k], name, rtol=1e-5, atol=1e-6)
    # the states are kept per key, as MXNet keeps them (str keys by name)
    assert sorted(map(str, kv_t._updater.states)) == sorted(map(str, kv_m._updater.states))


def test_pushpull_into_values_and_into_out():
    results = []
    for _, lib in LIBS:
        kv = lib.kv.create('device')
        kv.init('k', lib.nd.zeros((2, 2)))
        vals = [lib.nd.array(np.full((2, 2), v, np.float32)) for v in (1.5, -2.25, 4.0)]
        kv.pushpull('k', vals)
        out = [lib.nd.zeros((2, 2)), lib.nd.zeros((2, 2))]
        kv.pushpull('k', [lib.nd.ones((2, 2))] * 2, out=out)
        results.append([v.asnumpy() for v in vals + out])
    for a, b in zip(*results):
        np.testing.assert_array_equal(b, a)


@pytest.mark.parametrize('program', [
    lambda lib: lib.kv.create('local').pull(1),
    lambda lib: lib.kv.create('local').init(np.int64(1), lib.nd.zeros((1,))),
    lambda lib: lib.kv.create('local').init([1, 'a'], [lib.nd.zeros((1,))] * 2),
    lambda lib: lib.kv.create('local').init(1, np.zeros((1,))),
    lambda lib: lib.kv.create('local').pull(5, out=lib.nd.zeros((1,))),
    lambda lib: lib.kv.create('local').is_capable('gpu-direct'),
    lambda lib: lib.kv.create('local').set_gradient_compression({'type': '2bit'}),
    lambda lib: lib.kv.create('local').save_optimizer_states('never.states'),
    lambda lib: lib.kv.create(3),
], ids=['pull-no-out', 'numpy-int-key', 'mixed-keys', 'numpy-value', 'not-inited',
        'capability', 'compression-local', 'save-no-updater', 'name-not-str'])
def test_misuse_raises_mxnets_exception_type(program):
    ref, got = [error_of(program, lib) for _, lib in LIBS]
    same_error_type(ref, got)


def test_unknown_names_make_a_local_store_as_in_mxnet():
    """MXNet 1.9.1 makes a local store for any name without 'dist' (even a typo). (Its
    'dist_*' stores wait for a parameter-server scheduler that is not running, so they are
    not created here; tutor refuses them, see tests/kvstore.)"""
    assert [lib.kv.create('Locl').type for _, lib in LIBS] == ['locl', 'locl']


def test_duplicate_init_and_mixed_key_types_across_calls():
    for program in (lambda lib: _twice(lib, 3, 3), lambda lib: _twice(lib, 3, 'a')):
        ref, got = [error_of(program, lib) for _, lib in LIBS]
        same_error_type(ref, got)


def _twice(lib, first, second):
    kv = lib.kv.create('local')
    kv.init(first, lib.nd.zeros((1,)))
    kv.init(second, lib.nd.zeros((1,)))
