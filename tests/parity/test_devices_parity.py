"""Module with several contexts against real MXNet 1.9.1 (which runs ``mx.cpu(0)``,
``mx.cpu(1)``, ... in one process): the slices each device gets, per-device outputs and
gradients, merged outputs and input gradients, the KVStore Module makes and where the update
runs, parameters after 20 steps of SGD with momentum and of Adam (update on the store, and on
the devices with MXNET_UPDATE_ON_KVSTORE=0), BatchNorm's per-device statistics, optimizer
states saved and loaded, reshape, metrics over slices, and the misuse errors.

Run: MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity/test_devices_parity.py
"""
import numpy as np
import pytest

mx = pytest.importorskip('mxnet')
import tutor  # noqa: E402
from _both import LIBS, close, error_of, same_error_type  # noqa: E402
from test_module_parity import bn_mlp, initial_params, letters_like, mlp, nd  # noqa: E402

F32 = np.float32
SETUPS = {   # name: (number of contexts, work_load_list)
    'two': (2, None),
    'three-uneven': (3, [3, 1, 2]),
}


def contexts(lib, n):
    return [lib.cpu(i) for i in range(n)]


def module(lib, setup, builder=mlp, batch=30, inputs_need_grad=False, **kwargs):
    n, work_load = SETUPS[setup]
    x, y = letters_like(batch * 4)
    it = lib.io.NDArrayIter(x, y, batch, shuffle=False)
    mod = lib.mod.Module(builder(lib), context=contexts(lib, n), work_load_list=work_load,
                         **kwargs)
    mod.bind(data_shapes=it.provide_data, label_shapes=it.provide_label,
             inputs_need_grad=inputs_need_grad)
    args, aux = initial_params(builder)
    mod.init_params(arg_params=nd(lib, args), aux_params=nd(lib, aux))
    return mod, it


def trained(lib, setup, optimizer, params, steps=20, builder=mlp, monkeypatch=None,
            on_kvstore=True):
    if monkeypatch is not None:
        monkeypatch.setenv('MXNET_UPDATE_ON_KVSTORE', '1' if on_kvstore else '0')
    mod, it = module(lib, setup, builder)
    mod.init_optimizer(optimizer=optimizer, optimizer_params=params)
    step = 0
    while step < steps:
        it.reset()
        for batch in it:
            mod.forward_backward(batch)
            mod.update()
            step += 1
            if step == steps:
                break
    return mod


def arrays(mod):
    arg, aux = mod.get_params()
    return {k: v.asnumpy() for k, v in list(arg.items()) + list(aux.items())}


def device_arrays(mod, what):
    group = mod._exec_group
    names = group.param_names if what != 'aux' else group.aux_names
    blocks = {'param': group.param_arrays, 'grad': group.grad_arrays,
              'aux': group.aux_arrays}[what]
    return {n: [a.asnumpy() for a in block] for n, block in zip(names, blocks)}


@pytest.mark.parametrize('setup', list(SETUPS))
def test_slices_outputs_and_gradients_per_device(setup):
    runs = []
    for _, lib in LIBS:
        mod, it = module(lib, setup, inputs_need_grad=True)
        batch = next(iter(it))
        mod.forward(batch, is_train=True)
        mod.backward()
        group = mod._exec_group
        runs.append(dict(
            slices=[(s.start, s.stop) for s in group.slices], batch_size=group.batch_size,
            outs=[[o.asnumpy() for o in per] for per in mod.get_outputs(False)],
            merged=[o.asnumpy() for o in mod.get_outputs()],
            in_grads=[g.asnumpy() for g in mod.get_input_grads()],
            in_grads_dev=[[g.asnumpy() for g in per] for per in mod.get_input_grads(False)],
            grads=device_arrays(mod, 'grad'), shapes=mod.output_shapes,
            ctx=[str(o.context) for o in mod.get_outputs(False)[0]],
            data_dev=[e.arg_dict['data'].shape for e in group.execs]))
    ref, got = runs
    for key in ('slices', 'batch_size', 'shapes', 'ctx', 'data_dev'):
        assert got[key] == ref[key], key
    for key in ('merged', 'in_grads'):
        for a, b in zip(got[key], ref[key]):
            close(a, b, key)
    for key in ('outs', 'in_grads_dev'):
        for per_got, per_ref in zip(got[key], ref[key]):
            for a, b in zip(per_got, per_ref):
                close(a, b, key)
    for name in ref['grads']:
        for k, (a, b) in enumerate(zip(got['grads'][name], ref['grads'][name])):
            close(a, b, 'gradient of %s on device %d' % (name, k), atol=1e-5)


@pytest.mark.parametrize('setup', list(SETUPS))
@pytest.mark.parametrize('kvstore', ['local', 'device', None])
def test_kvstore_module_makes(setup, kvstore, monkeypatch):
    for on in ('1', '0'):
        monkeypatch.setenv('MXNET_UPDATE_ON_KVSTORE', on)
        seen = []
        for _, lib in LIBS:
            mod, _ = module(lib, setup)
            mod.init_optimizer(kvstore=kvstore)
            seen.append((None if mod._kvstore is None else mod._kvstore.type,
                         mod._update_on_kvstore, mod._updater is None,
                         sorted(mod._optimizer.idx2name.items()),
                         mod._optimizer.rescale_grad))
        assert seen[1] == seen[0]


def test_one_context_makes_no_kvstore():
    seen = []
    for _, lib in LIBS:
        mod = lib.mod.Module(mlp(lib), context=lib.cpu())
        assert mod._update_on_kvstore is None
        mod.bind(data_shapes=[('data', (10, 16))], label_shapes=[('softmax_label', (10,))])
        mod.init_params()
        mod.init_optimizer(kvstore='local')
        seen.append((mod._kvstore, mod._update_on_kvstore))
    assert seen[1] == seen[0] == (None, False)


OPTIMIZERS = [('sgd', (('learning_rate', 0.1), ('momentum', 0.9), ('wd', 1e-4))),
              ('adam', (('learning_rate', 0.01),))]


@pytest.mark.parametrize('setup', list(SETUPS))
@pytest.mark.parametrize('optimizer,params', OPTIMIZERS, ids=['sgd-momentum', 'adam'])
@pytest.mark.parametrize('on_kvstore', [True, False], ids=['on-kvstore', 'on-devices'])
def test_parameters_after_20_steps(setup, optimizer, params, on_kvstore, monkeypatch):
    ref, got = [trained(lib, setup, optimizer, params, monkeypatch=monkeypatch,
                        on_kvstore=on_kvstore) for _, lib in LIBS]
    assert got._update_on_kvstore == ref._update_on_kvstore == on_kvstore
    r, g = arrays(ref), arrays(got)
    for name in r:
        close(g[name], r[name], 'parameter %s' % name, rtol=1e-4, atol=1e-5)
    rd, gd = device_arrays(ref, 'param'), device_arrays(got, 'param')
    for name in rd:
        for k, (a, b) in enumerate(zip(gd[name], rd[name])):
            close(a, b, '%s on device %d' % (name, k), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize('setup', list(SETUPS))
def test_batchnorm_keeps_each_devices_statistics(setup):
    """Each device normalises with its own slice's mean and variance; its moving averages
    differ per device, and get_params gives their mean."""
    ref, got = [trained(lib, setup, 'sgd', (('learning_rate', 0.1),), steps=3,
                        builder=bn_mlp) for _, lib in LIBS]
    ra, ga = device_arrays(ref, 'aux'), device_arrays(got, 'aux')
    for name in ra:
        assert not np.allclose(ra[name][0], ra[name][1])   # the devices really differ
        for k, (a, b) in enumerate(zip(ga[name], ra[name])):
            close(a, b, '%s on device %d' % (name, k), rtol=1e-4, atol=1e-5)
    r, g = arrays(ref), arrays(got)
    for name in r:
        close(g[name], r[name], name, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize('setup', list(SETUPS))
@pytest.mark.parametrize('on_kvstore', [True, False], ids=['on-kvstore', 'on-devices'])
def test_optimizer_states_saved_and_loaded(setup, on_kvstore, tmp_path, monkeypatch):
    """Train 5 steps, save the states, load them into a fresh module with the trained
    weights, train 5 more: the same weights as MXNet doing the same."""
    results = []
    for libname, lib in LIBS:
        mod = trained(lib, setup, 'sgd', OPTIMIZERS[0][1], steps=5, monkeypatch=monkeypatch,
                      on_kvstore=on_kvstore)
        fname = str(tmp_path / ('%s.states' % libname))
        mod.save_optimizer_states(fname)
        arg, aux = mod.get_params()
        fresh, it = module(lib, setup)
        fresh.set_params(arg, aux)
        fresh.init_optimizer(optimizer='sgd', optimizer_params=OPTIMIZERS[0][1])
        fresh.load_optimizer_states(fname)
        updater = fresh._kvstore._updater if on_kvstore else fresh._updater
        keys = sorted(map(str, updater.states))
        for step, batch in enumerate(it):
            fresh.forward_backward(batch)
            fresh.update()
        results.append((keys, arrays(fresh)))
    (rk, r), (gk, g) = results
    assert gk == rk
    for name in r:
        close(g[name], r[name], name, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize('setup', list(SETUPS))
def test_metric_over_slices_and_reshape(setup):
    """MSE is averaged per update call: per slice on several devices. A reshape to another
    batch size slices again."""
    seen = []
    for _, lib in LIBS:
        mod, it = module(lib, setup)
        metric = lib.metric.create(['acc', 'mse', 'ce'])
        batch = next(iter(it))
        mod.forward(batch, is_train=False)
        mod.update_metric(metric, batch.label)
        x, y = letters_like(12, seed=5)
        small = lib.io.DataBatch([lib.nd.array(x)], [lib.nd.array(y)])
        mod.forward(small, is_train=False)
        mod.update_metric(metric, small.label)
        seen.append((metric.get_name_value(), [(s.start, s.stop)
                                               for s in mod._exec_group.slices],
                     mod.get_outputs()[0].asnumpy()))
    (rm, rs, ro), (gm, gs, go) = seen
    assert gs == rs
    close(go, ro, 'outputs after reshape')
    for (rn, rv), (gn, gv) in zip(rm, gm):
        assert gn == rn
        close(gv, rv, rn)


def test_borrow_optimizer_shares_the_store():
    for _, lib in LIBS:
        a, _ = module(lib, 'two')
        a.init_optimizer()
        b, _ = module(lib, 'two')
        b.borrow_optimizer(a)
        assert b._kvstore is a._kvstore and b._update_on_kvstore is True
        assert b._updater is a._updater is None


@pytest.mark.parametrize('program', [
    lambda lib: lib.mod.Module(mlp(lib), context=contexts(lib, 2), work_load_list=[1]),
    lambda lib: module(lib, 'three-uneven', batch=2),
    lambda lib: module(lib, 'two')[0].init_optimizer(kvstore=3),
], ids=['work-load-length', 'too-many-slices', 'kvstore-type'])
def test_misuse(program):
    same_error_type(error_of(program, mx), error_of(program, tutor))


def test_group2ctxs_recorded_per_device():
    recorded = []
    for _, lib in LIBS:
        mod = lib.mod.Module(mlp(lib), context=contexts(lib, 2),
                             group2ctxs={'dev1': [lib.cpu(2), lib.cpu(3)], 'dev2': lib.cpu(4)})
        mod.bind(data_shapes=[('data', (4, 16))], label_shapes=[('softmax_label', (4,))])
        recorded.append([{k: str(v) for k, v in e._group2ctx.items()}
                         for e in mod._exec_group.execs])
        recorded.append([{k: str(v) for k, v in g.items()} for g in mod._exec_group.group2ctxs])
    assert recorded[2:] == recorded[:2]


@pytest.mark.parametrize('setup', list(SETUPS))
def test_fit_score_and_predict_on_several_devices(setup):
    """fit's end-of-epoch get_params/set_params round trip, then score and predict (with a
    padded last batch) on the same devices."""
    seen = []
    for _, lib in LIBS:
        n, work_load = SETUPS[setup]
        x, y = letters_like(150)
        train = lib.io.NDArrayIter(x[:120], y[:120], 30, shuffle=False)
        val = lib.io.NDArrayIter(x[120:], y[120:], 20)      # 30 rows: the last batch padded
        mod = lib.mod.Module(mlp(lib), context=contexts(lib, n), work_load_list=work_load)
        args, aux = initial_params()
        mod.fit(train, num_epoch=3, arg_params=nd(lib, args), aux_params=nd(lib, aux),
                optimizer_params=(('learning_rate', 0.1), ('momentum', 0.9)))
        seen.append((arrays(mod), mod.score(val, ['acc', 'ce']),
                     mod.predict(val).asnumpy()))
    (ra, rs, rp), (ga, gs, gp) = seen
    for name in ra:
        close(ga[name], ra[name], name, rtol=1e-4, atol=1e-5)
    for (rn, rv), (gn, gv) in zip(rs, gs):
        assert gn == rn
        close(gv, rv, rn, rtol=1e-4)
    assert gp.shape == rp.shape == (30, 26)
    close(gp, rp, 'predict', rtol=1e-4, atol=1e-6)
