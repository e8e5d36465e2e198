"""mx.mod.Module against real MXNet 1.9.1 on the tutorial's MLP (16-64-26) with the same
initial parameters copied into both: the mid-level loop over one epoch, fit's log lines,
score and predict (with padding), checkpoints crossing both ways, BatchNorm aux states,
rescale_grad, set_params, SGD with momentum/wd/clip, and the misuse errors.

Run: MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity/test_module_parity.py
"""
import contextlib
import logging
import os
import re
import warnings

import numpy as np
import pytest

mx = pytest.importorskip('mxnet')
import tutor  # noqa: E402
from _both import LIBS, close, errors_alike  # noqa: E402

PARAM_RTOL = 1e-4   # parameters after a whole epoch of float32 updates
F32 = np.float32


# ---------------------------------------------------------------------------------------
# the tutorial's network and data

def mlp(lib, hidden=64, classes=26):
    net = lib.sym.Variable('data')
    net = lib.sym.FullyConnected(net, name='fc1', num_hidden=hidden)
    net = lib.sym.Activation(net, name='relu1', act_type='relu')
    net = lib.sym.FullyConnected(net, name='fc2', num_hidden=classes)
    return lib.sym.SoftmaxOutput(net, name='softmax')


def bn_mlp(lib, fix_gamma=False):
    net = lib.sym.FullyConnected(lib.sym.Variable('data'), name='fc1', num_hidden=32)
    net = lib.sym.BatchNorm(net, name='bn1', fix_gamma=fix_gamma)
    net = lib.sym.Activation(net, name='relu1', act_type='relu')
    net = lib.sym.FullyConnected(net, name='fc2', num_hidden=26)
    return lib.sym.SoftmaxOutput(net, name='softmax')


def letters_like(n, seed=0):
    """16 integer features in 0..15 around one centre per letter, like the UCI letters."""
    centres = np.random.RandomState(1).uniform(2, 13, (26, 16))
    rng = np.random.RandomState(seed)
    label = rng.randint(0, 26, n)
    data = np.clip(np.round(centres[label] + rng.randn(n, 16) * 2.5), 0, 15)
    return data.astype(F32), label.astype(F32)


def initial_params(sym_builder=mlp, seed=3):
    """Uniform(0.1)-like starting values, the same numbers for both libraries."""
    rng = np.random.RandomState(seed)
    sym = sym_builder(tutor)
    arg_shapes, _, aux_shapes = sym.infer_shape(data=(1, 16))
    args = {n: rng.uniform(-0.1, 0.1, s).astype(F32)
            for n, s in zip(sym.list_arguments(), arg_shapes) if n not in ('data',
                                                                          'softmax_label')}
    for n in args:
        if n.endswith('_gamma'):
            args[n] = rng.uniform(0.5, 1.5, args[n].shape).astype(F32)
    aux = {n: (np.zeros(s, F32) if n.endswith('mean') else np.ones(s, F32))
           for n, s in zip(sym.list_auxiliary_states(), aux_shapes)}
    return args, aux


def nd(lib, d):
    return {k: lib.nd.array(v, dtype=v.dtype) for k, v in d.items()}


def iters(lib, n_train=1000, n_val=300, batch_size=32):
    x, y = letters_like(n_train + n_val)
    return (lib.io.NDArrayIter(x[:n_train], y[:n_train], batch_size, shuffle=False),
            lib.io.NDArrayIter(x[n_train:], y[n_train:], batch_size))


def ready(lib, builder=mlp, optimizer_params=(('learning_rate', 0.1),), batch_size=32,
          **module_kwargs):
    train, val = iters(lib, batch_size=batch_size)
    mod = lib.mod.Module(builder(lib), context=lib.cpu(), **module_kwargs)
    mod.bind(data_shapes=train.provide_data, label_shapes=train.provide_label)
    args, aux = initial_params(builder)
    mod.init_params(arg_params=nd(lib, args), aux_params=nd(lib, aux))
    mod.init_optimizer(optimizer='sgd', optimizer_params=optimizer_params)
    return mod, train, val


def params_of(mod):
    arg, aux = mod.get_params()
    return ({k: v.asnumpy() for k, v in arg.items()}, {k: v.asnumpy() for k, v in aux.items()})


def assert_params_equal(ref_mod, got_mod, rtol=PARAM_RTOL, atol=1e-6):
    (ra, rx), (ga, gx) = params_of(ref_mod), params_of(got_mod)
    assert sorted(ga) == sorted(ra) and sorted(gx) == sorted(rx)
    for k in ra:
        close(ga[k], ra[k], 'parameter %s' % k, rtol, atol)
    for k in rx:
        close(gx[k], rx[k], 'aux state %s' % k, rtol, atol)


def train_one_epoch(mod, train, metric):
    """The seed note's mid-level loop."""
    train.reset()
    metric.reset()
    for batch in train:
        mod.forward(batch, is_train=True)
        mod.update_metric(metric, batch.label)
        mod.backward()
        mod.update()


@contextlib.contextmanager
def root_log():
    """Every message sent to the root logger at INFO or above, as text."""
    lines = []

    class Keep(logging.Handler):
        def emit(self, record):
            lines.append(record.getMessage())

    root = logging.getLogger()
    handler, old_level = Keep(level=logging.INFO), root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield lines
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


@contextlib.contextmanager
def inside(path):
    old = os.getcwd()
    os.makedirs(path, exist_ok=True)
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


# ---------------------------------------------------------------------------------------
# training

def test_first_batch_outputs_and_input_gradients():
    seen = []
    for _, lib in LIBS:
        train, _ = iters(lib)
        mod = lib.mod.Module(mlp(lib), context=lib.cpu())
        mod.bind(train.provide_data, train.provide_label, inputs_need_grad=True)
        args, aux = initial_params()
        mod.init_params(arg_params=nd(lib, args), aux_params=nd(lib, aux))
        batch = next(iter(train))
        mod.forward_backward(batch)
        seen.append((mod.get_outputs()[0].asnumpy(), mod.get_input_grads()[0].asnumpy(),
                     mod.output_shapes, [tuple(d) for d in mod.data_shapes]))
    (ro, rg, rs, rd), (go, gg, gs, gd) = seen
    close(go, ro, 'softmax output')
    close(gg, rg, 'data gradient', rtol=1e-4)
    assert gs == rs and gd == rd


@pytest.mark.parametrize('builder', [mlp, bn_mlp], ids=['mlp', 'batchnorm'])
def test_one_epoch_mid_level_loop(builder):
    mods, metrics = [], []
    for _, lib in LIBS:
        mod, train, _ = ready(lib, builder)
        metric = lib.metric.create('acc')
        train_one_epoch(mod, train, metric)
        mods.append(mod)
        metrics.append(metric.get())
    assert_params_equal(*mods)
    assert metrics[1][0] == metrics[0][0] == 'accuracy'
    assert abs(metrics[1][1] - metrics[0][1]) < 1e-9


def test_sgd_momentum_wd_clip_over_an_epoch():
    params = (('learning_rate', 0.05), ('momentum', 0.9), ('wd', 0.01),
              ('clip_gradient', 0.5))
    mods = []
    for _, lib in LIBS:
        mod, train, _ = ready(lib, optimizer_params=params)
        train_one_epoch(mod, train, lib.metric.create('acc'))
        mods.append(mod)
    assert_params_equal(*mods)


def test_fixed_param_names_keep_the_weight_and_train_the_bias():
    """(With MKLDNN on, MXNet leaves the bias gradient 0 here: spec §7.21a.)"""
    mods = []
    for _, lib in LIBS:
        mod, train, _ = ready(lib, fixed_param_names=['fc1_weight'])
        train_one_epoch(mod, train, lib.metric.create('acc'))
        mods.append(mod)
    assert_params_equal(*mods)
    args, _ = initial_params()
    arg_after = params_of(mods[1])[0]
    np.testing.assert_array_equal(arg_after['fc1_weight'], args['fc1_weight'])
    assert not np.allclose(arg_after['fc1_bias'], args['fc1_bias'])


@pytest.mark.parametrize('fix_gamma', [False, True])
def test_batchnorm_aux_states_after_training_steps(fix_gamma):
    mods = []
    for _, lib in LIBS:
        builder = lambda l: bn_mlp(l, fix_gamma)  # noqa: E731
        mod, train, _ = ready(lib, builder)
        for _, batch in zip(range(6), train):
            mod.forward_backward(batch)
            mod.update()
        mods.append(mod)
    assert_params_equal(*mods)
    _, aux = params_of(mods[1])
    assert not np.allclose(aux['bn1_moving_mean'], 0)
    if fix_gamma:
        np.testing.assert_array_equal(params_of(mods[1])[0]['bn1_gamma'], 1)


def test_grad_req_add_accumulates_alike():
    mods = []
    for _, lib in LIBS:
        train, _ = iters(lib)
        mod = lib.mod.Module(mlp(lib), context=lib.cpu())
        mod.bind(train.provide_data, train.provide_label, grad_req='add')
        args, aux = initial_params()
        mod.init_params(arg_params=nd(lib, args), aux_params=nd(lib, aux))
        mod.init_optimizer(optimizer_params=(('learning_rate', 0.1),))
        for _, batch in zip(range(3), train):
            mod.forward_backward(batch)
        mod.update()
        mods.append(mod)
    assert_params_equal(*mods)


# ---------------------------------------------------------------------------------------
# fit's log lines

_TIMES = [(re.compile(r'Speed: [0-9.]+(e[+-]?\d+)? samples/sec'), 'Speed: <speed> samples/sec'),
          (re.compile(r'Time cost=[0-9.]+'), 'Time cost=<time>')]
_NUMBER = re.compile(r'-?\d+\.\d+')


def _normalise(lines):
    out = []
    for line in lines:
        for pat, rep in _TIMES:
            line = pat.sub(rep, line)
        out.append(line)
    return out


def _same_lines(got, ref, atol=2e-6):
    """Equal text; printed metric values equal to their last printed digit (%f: 6 places)."""
    assert len(got) == len(ref), '\n'.join(['tutor:'] + got + ['mxnet:'] + ref)
    for g, r in zip(got, ref):
        assert _NUMBER.sub('#', g) == _NUMBER.sub('#', r), (g, r)
        for a, b in zip(_NUMBER.findall(g), _NUMBER.findall(r)):
            assert abs(float(a) - float(b)) <= atol + 1e-5 * abs(float(b)), (g, r)


@pytest.mark.parametrize('metric', ['acc', ['acc', 'ce']], ids=['acc', 'acc+ce'])
def test_fit_log_lines(metric, tmp_path):
    logs = []
    for name, lib in LIBS:
        train, val = iters(lib)
        mod = lib.mod.Module(mlp(lib), context=lib.cpu())
        args, aux = initial_params()
        with inside(str(tmp_path / name)), root_log() as lines:
            mod.fit(train, eval_data=val, eval_metric=metric, optimizer='sgd',
                    optimizer_params={'learning_rate': 0.1}, num_epoch=2,
                    arg_params=nd(lib, args), aux_params=nd(lib, aux),
                    batch_end_callback=lib.callback.Speedometer(32, 10),
                    epoch_end_callback=lib.callback.do_checkpoint('ck'))
        logs.append(_normalise(lines))
        assert sorted(os.listdir(str(tmp_path / name))) == \
            ['ck-0001.params', 'ck-0002.params', 'ck-symbol.json']
    _same_lines(logs[1], logs[0])
    assert any('Train-accuracy=' in line for line in logs[1])


def _mean_output(lib):
    """A learner's own metric: only update() written, as MXNet's docs show."""
    class MeanOutput(lib.metric.EvalMetric):
        def __init__(self):
            super().__init__('mean_out')

        def update(self, labels, preds):
            self.sum_metric += float(preds[0].asnumpy()[:, 0].sum())
            self.num_inst += preds[0].shape[0]
    return MeanOutput()


def test_fit_reads_the_epoch_metric_before_the_batch_callbacks():
    """Speedometer(auto_reset=True) firing on the epoch's last batch resets the metric: the
    Train- line must show the value read before it (MXNet), not nan (issue 16)."""
    logs = []
    for name, lib in LIBS:
        train, _ = iters(lib, n_train=160, batch_size=32)     # 5 batches: nbatch 0..4
        mod = lib.mod.Module(mlp(lib), context=lib.cpu())
        args, aux = initial_params()
        with root_log() as lines:
            mod.fit(train, eval_metric=_mean_output(lib), optimizer='sgd',
                    optimizer_params={'learning_rate': 0.1}, num_epoch=2,
                    arg_params=nd(lib, args), aux_params=nd(lib, aux),
                    batch_end_callback=lib.callback.Speedometer(32, 4, auto_reset=True))
        logs.append(_normalise(lines))
    _same_lines(logs[1], logs[0])
    train_lines = [line for line in logs[1] if 'Train-mean_out=' in line]
    assert len(train_lines) == 2 and not any('nan' in line for line in train_lines)


def test_second_fit_warns_and_continues_alike(tmp_path):
    logs, caught_all, mods = [], [], []
    for name, lib in LIBS:
        train, val = iters(lib)
        mod = lib.mod.Module(mlp(lib), context=lib.cpu())
        args, aux = initial_params()
        mod.fit(train, num_epoch=1, arg_params=nd(lib, args), aux_params=nd(lib, aux))
        with root_log() as lines, warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            mod.fit(train, eval_data=val, num_epoch=3, begin_epoch=1)
        logs.append(_normalise(lines))
        caught_all.append([(w.category, str(w.message)) for w in caught
                           if w.category is UserWarning])
        mods.append(mod)
    _same_lines(logs[1], logs[0])
    assert caught_all[1] == caught_all[0]
    assert_params_equal(*mods)


# ---------------------------------------------------------------------------------------
# score and predict

def _seven(lib, batch_size=5):
    x, y = letters_like(7, seed=5)
    return lib.io.NDArrayIter(x, y, batch_size)


def _trained(lib):
    mod, train, val = ready(lib)
    train_one_epoch(mod, train, lib.metric.create('acc'))
    return mod, train, val


def test_score_counts_padding_and_predict_strips_it():
    """7 samples with batch 5: score sees 10 rows (padding included), predict returns 7."""
    res = []
    for _, lib in LIBS:
        mod, _, _ = _trained(lib)
        data = _seven(lib)
        score = mod.score(data, 'acc')
        score2 = mod.score(data, ['acc', 'ce'])
        pred = mod.predict(data)
        per_batch = mod.predict(data, merge_batches=False)
        as_list = mod.predict(data, always_output_list=True)
        first = mod.predict(data, num_batch=1)
        res.append((score, score2, pred.asnumpy(), [[o.asnumpy() for o in b] for b in per_batch],
                    [o.asnumpy() for o in as_list], first.asnumpy()))
    (rs, rs2, rp, rb, rl, rf), (gs, gs2, gp, gb, gl, gf) = res
    assert isinstance(gs, list) and isinstance(gs[0], tuple)
    assert [n for n, _ in gs] == [n for n, _ in rs] == ['accuracy']
    assert abs(gs[0][1] - rs[0][1]) < 1e-9
    assert [n for n, _ in gs2] == [n for n, _ in rs2] == ['accuracy', 'cross-entropy']
    for (_, a), (_, b) in zip(gs2, rs2):
        assert abs(a - b) < 1e-5
    assert gp.shape == rp.shape == (7, 26)
    close(gp, rp, 'predictions')
    assert [[o.shape for o in b] for b in gb] == [[o.shape for o in b] for b in rb]
    for g, r in zip(gb, rb):
        close(g[0], r[0], 'per-batch predictions')
    assert len(gl) == len(rl) == 1
    close(gl[0], rl[0], 'always_output_list')
    assert gf.shape == rf.shape == (5, 26)


def test_iter_predict_and_predict_on_an_array():
    res = []
    x, _ = letters_like(32, seed=6)
    for _, lib in LIBS:
        mod, _, _ = _trained(lib)
        triples = [(o[0].asnumpy(), n, b.pad) for o, n, b in mod.iter_predict(_seven(lib))]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')   # the reshape to bare data warns about labels
            direct = mod.predict(lib.nd.array(x)).asnumpy()
        res.append((triples, direct, [str(w.message) for w in caught]))
    (rt, rd, rw), (gt, gd, gw) = res
    assert gw == rw and len(rw) == 1
    assert [(o.shape, n, p) for o, n, p in gt] == [(o.shape, n, p) for o, n, p in rt]
    for (g, _, _), (r, _, _) in zip(gt, rt):
        close(g, r, 'iter_predict outputs')
    close(gd, rd, 'predict(NDArray)')


def test_score_with_num_batch_and_callbacks():
    res = []
    for _, lib in LIBS:
        mod, _, val = _trained(lib)
        seen = []
        score = mod.score(val, 'acc', num_batch=3,
                          batch_end_callback=lambda p: seen.append(('batch', p.nbatch)),
                          score_end_callback=lambda p: seen.append(('end', p.nbatch)))
        res.append((score, seen))
    assert res[1][1] == res[0][1]
    assert abs(res[1][0][0][1] - res[0][0][0][1]) < 1e-9


# ---------------------------------------------------------------------------------------
# checkpoints

def test_checkpoint_files_are_byte_identical(tmp_path):
    files = []
    for name, lib in LIBS:
        mod, _, _ = ready(lib, bn_mlp)
        with inside(str(tmp_path / name)):
            mod.save_checkpoint('ck', 7)
            files.append((open('ck-symbol.json', 'rb').read(),
                          open('ck-0007.params', 'rb').read()))
    assert files[1][0] == files[0][0]
    assert files[1][1] == files[0][1]


@pytest.mark.parametrize('writer,reader', [('mxnet', 'tutor'), ('tutor', 'mxnet')])
def test_checkpoints_cross_both_ways(writer, reader, tmp_path):
    """One library trains and saves; the other loads with Module.load: same predictions,
    and training on from the loaded checkpoint gives the same parameters on both sides."""
    libs = dict(LIBS)
    w, r = libs[writer], libs[reader]
    prefix = str(tmp_path / 'ck')
    mod, _, val = _trained(w)
    mod.save_checkpoint(prefix, 3)
    want = mod.predict(val).asnumpy()

    loaded = r.mod.Module.load(prefix, 3, context=r.cpu())
    assert loaded.params_initialized and not loaded.binded
    _, r_val = iters(r)
    loaded.bind(r_val.provide_data, r_val.provide_label, for_training=False)
    close(loaded.predict(r_val).asnumpy(), want, 'predictions from the loaded checkpoint')

    sym, arg, aux = r.model.load_checkpoint(prefix, 3)
    assert sym.tojson() == mlp(r).tojson()
    assert sorted(arg) == ['fc1_bias', 'fc1_weight', 'fc2_bias', 'fc2_weight'] and aux == {}

    resumed = []
    for _, lib in LIBS:  # both go on from the same files for one more epoch
        m = lib.mod.Module.load(prefix, 3, context=lib.cpu())
        train, _ = iters(lib)
        m.fit(train, num_epoch=4, begin_epoch=3, optimizer_params={'learning_rate': 0.1})
        resumed.append(m)
    assert_params_equal(*resumed)


def test_batchnorm_checkpoint_crosses_with_aux(tmp_path):
    prefix = str(tmp_path / 'bn')
    mod, train, val = ready(mx, bn_mlp)
    for _, batch in zip(range(4), train):
        mod.forward_backward(batch)
        mod.update()
    mod.save_checkpoint(prefix, 1)
    want = mod.predict(val).asnumpy()
    loaded = tutor.mod.Module.load(prefix, 1)
    _, t_val = iters(tutor)
    loaded.bind(t_val.provide_data, t_val.provide_label, for_training=False)
    close(loaded.predict(t_val).asnumpy(), want, 'BatchNorm predictions', rtol=1e-4, atol=1e-5)
    _, aux = loaded.get_params()
    assert sorted(aux) == ['bn1_moving_mean', 'bn1_moving_var']


# ---------------------------------------------------------------------------------------
# rescale_grad and reshape (test_module_reshape of MXNet's own suite)

def test_rescale_grad_is_fixed_at_init_optimizer():
    res = []
    for _, lib in LIBS:
        net = lib.sym.FullyConnected(lib.sym.Variable('data'), num_hidden=20, name='fc')
        mod = lib.mod.Module(net, label_names=None, context=lib.cpu())
        mod.bind(data_shapes=[('data', (7, 20))])
        mod.init_params(initializer=lib.init.Constant(1.0))
        mod.init_optimizer(optimizer_params={'learning_rate': 1.0})
        rescale = mod._optimizer.rescale_grad
        mod.forward(lib.io.DataBatch(data=[lib.nd.ones((7, 20))], label=None))
        mod.backward([lib.nd.ones((7, 20))])
        mod.update()
        after7 = mod.get_params()[0]['fc_bias'].asnumpy()
        mod.reshape(data_shapes=[('data', (14, 20))])
        mod.forward(lib.io.DataBatch(data=[lib.nd.ones((14, 20))], label=None))
        mod.backward([lib.nd.ones((14, 20))])
        mod.update()
        after14 = mod.get_params()[0]['fc_bias'].asnumpy()
        res.append((rescale, after7, after14, mod._optimizer.rescale_grad,
                    mod.get_outputs()[0].shape))
    assert res[1][0] == res[0][0] == 1.0 / 7
    close(res[1][1], res[0][1], 'bias after batch 7')
    close(res[1][2], res[0][2], 'bias after batch 14')
    np.testing.assert_allclose(res[1][2], -3, rtol=1e-5)
    assert res[1][3] == res[0][3] and res[1][4] == res[0][4] == (14, 20)


@pytest.mark.parametrize('rescale_grad', [1.0, 0.25])
def test_manual_optimizer_keeps_its_rescale_grad(rescale_grad):
    res = []
    for _, lib in LIBS:
        train, _ = iters(lib)
        mod = lib.mod.Module(mlp(lib), context=lib.cpu())
        mod.bind(train.provide_data, train.provide_label)
        args, aux = initial_params()
        mod.init_params(arg_params=nd(lib, args), aux_params=nd(lib, aux))
        # a small rate: with rescale_grad=1 the step is 32x the averaged one
        opt = lib.optimizer.SGD(learning_rate=0.005, rescale_grad=rescale_grad)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            mod.init_optimizer(optimizer=opt)
        for _, batch in zip(range(3), train):
            mod.forward_backward(batch)
            mod.update()
        res.append((mod, [(w.category, str(w.message)) for w in caught
                          if w.category is UserWarning]))
    assert res[1][1] == res[0][1] and len(res[1][1]) == 1
    assert res[1][0]._optimizer.rescale_grad == rescale_grad
    assert_params_equal(res[0][0], res[1][0])


def test_optimizer_index_to_name():
    maps = []
    for _, lib in LIBS:
        mod, _, _ = ready(lib, bn_mlp)
        maps.append(dict(mod._optimizer.idx2name))
    assert maps[1] == maps[0]


# ---------------------------------------------------------------------------------------
# set_params (test_module_set_params of MXNet's own suite)

def _set_params_case(lib, allow_missing, allow_extra, missing, extra):
    train, _ = iters(lib)
    mod = lib.mod.Module(mlp(lib), context=lib.cpu())
    mod.bind(train.provide_data, train.provide_label)
    mod.init_params(initializer=lib.init.Constant(0.5))
    args, aux = initial_params()
    if missing:
        del args['fc2_bias']
    if extra:
        args['fc_3_weight'] = np.ones((2, 2), F32)
    mod.set_params(nd(lib, args), {}, allow_missing=allow_missing, allow_extra=allow_extra,
                   force_init=True)
    return params_of(mod)


@pytest.mark.parametrize('allow_missing', [False, True])
@pytest.mark.parametrize('allow_extra', [False, True])
@pytest.mark.parametrize('missing,extra', [(False, False), (True, False), (False, True),
                                           (True, True)])
def test_set_params_missing_and_extra(allow_missing, allow_extra, missing, extra):
    outcome = []
    for _, lib in LIBS:
        try:
            outcome.append(('ok', _set_params_case(lib, allow_missing, allow_extra, missing,
                                                   extra)))
        except Exception as err:  # noqa: BLE001 - compared across libraries below
            outcome.append(('error', err))
    (rk, rv), (gk, gv) = outcome
    assert gk == rk, 'MXNet: %s %r, tutor: %s %r' % (rk, rv, gk, gv)
    if rk == 'error':
        errors_alike(lambda lib: _set_params_case(lib, allow_missing, allow_extra, missing,
                                                  extra))
    else:
        for k in rv[0]:
            close(gv[0][k], rv[0][k], 'parameter %s' % k)


def test_set_params_before_init_optimizer_and_get_params_identity():
    for _, lib in LIBS:
        mod, _, _ = ready(lib)
        a1, _ = mod.get_params()
        a2, _ = mod.get_params()
        assert a1 is a2


def test_label_names_none_makes_the_label_a_parameter():
    def init(lib):
        mod = lib.mod.Module(mlp(lib), label_names=None, context=lib.cpu())
        mod.bind(data_shapes=[('data', (5, 16))])
        mod.init_params()
    errors_alike(init)

    def strict(lib):
        mod = lib.mod.Module(mlp(lib), label_names=None, context=lib.cpu())
        mod.bind(data_shapes=[('data', (5, 16))])
        args, _ = initial_params()
        mod.set_params(nd(lib, args), {})
    errors_alike(strict)
    outs = []
    for _, lib in LIBS:
        mod = lib.mod.Module(mlp(lib), label_names=None, context=lib.cpu())
        mod.bind(data_shapes=[('data', (5, 16))], for_training=False)
        args, _ = initial_params()
        mod.set_params(nd(lib, args), {}, allow_missing=True)
        x, _ = letters_like(5)
        mod.forward(lib.io.DataBatch([lib.nd.array(x)]))
        outs.append(mod.get_outputs()[0].asnumpy())
    close(outs[1], outs[0], 'outputs with label_names=None')


# ---------------------------------------------------------------------------------------
# misuse: the same exception types as MXNet

def _fresh(lib, bind=False, init=False, opt=False, **bind_kwargs):
    mod = lib.mod.Module(mlp(lib), context=lib.cpu())
    train, _ = iters(lib)
    if bind:
        mod.bind(train.provide_data, train.provide_label, **bind_kwargs)
    if init:
        mod.init_params()
    if opt:
        mod.init_optimizer()
    return mod, train, next(iter(train))


MISUSE = {
    'init_params before bind': lambda lib: _fresh(lib)[0].init_params(),
    'forward before bind': lambda lib: (lambda m, t, b: m.forward(b))(*_fresh(lib)),
    'forward before init_params': lambda lib: (lambda m, t, b: m.forward(b))(
        *_fresh(lib, bind=True)),
    'backward before init_params': lambda lib: _fresh(lib, bind=True)[0].backward(),
    'update before init_optimizer': lambda lib: _fresh(lib, True, True)[0].update(),
    'init_optimizer before init_params': lambda lib: _fresh(lib, True)[0].init_optimizer(),
    'get_outputs before bind': lambda lib: _fresh(lib)[0].get_outputs(),
    'get_params before init_params': lambda lib: _fresh(lib, True)[0].get_params(),
    'data_shapes before bind': lambda lib: _fresh(lib)[0].data_shapes,
    'output_shapes before bind': lambda lib: _fresh(lib)[0].output_shapes,
    'fit without num_epoch': lambda lib: (lambda m, t, b: m.fit(t))(*_fresh(lib)),
    'backward when bound for inference': lambda lib: (lambda m, t, b: (
        m.forward(b), m.backward()))(*_fresh(lib, True, True, for_training=False)),
    'fit on a module bound for inference': lambda lib: (lambda m, t, b: m.fit(t, num_epoch=1))(
        *_fresh(lib, True, False, for_training=False)),
    'inputs_need_grad without training': lambda lib: _fresh(
        lib, True, for_training=False, inputs_need_grad=True),
    'get_input_grads without inputs_need_grad': lambda lib: (lambda m, t, b: (
        m.forward_backward(b), m.get_input_grads()))(*_fresh(lib, True, True)),
    'bind with an NDArray as shape': lambda lib: lib.mod.Module(mlp(lib)).bind(
        [('data', lib.nd.ones((2, 16)))]),
    'bind with a wrong data name': lambda lib: lib.mod.Module(mlp(lib)).bind(
        [('x', (2, 16))]),
    'unknown data name': lambda lib: lib.mod.Module(mlp(lib), data_names=['x']),
    'unknown fixed param': lambda lib: lib.mod.Module(mlp(lib), fixed_param_names=['nope']),
    'predict on a list': lambda lib: _fresh(lib, True, True)[0].predict([[1.0] * 16]),
    'unknown optimizer': lambda lib: _fresh(lib, True, True)[0].init_optimizer(
        optimizer='foo'),
    'unknown metric': lambda lib: (lambda m, t, b: m.score(t, 'foo'))(*_fresh(lib, True, True)),
    'wrong feature count at forward': lambda lib: (lambda m, t, b: m.forward(
        lib.io.DataBatch([lib.nd.ones((32, 15))], [lib.nd.ones((32,))])))(
        *_fresh(lib, True, True)),
    'fit on an exhausted iterator': lambda lib: (lambda m, t, b: (
        list(t), m.fit(t, num_epoch=1)))(*_fresh(lib)),
    'load a missing checkpoint': lambda lib: lib.mod.Module.load('no/such/prefix', 1),
}


@pytest.mark.parametrize('case', sorted(MISUSE))
def test_misuse_raises_mxnets_exception_type(case, caplog):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        errors_alike(MISUSE[case])


def test_bad_param_file_for_load_params(tmp_path):
    path = str(tmp_path / 'odd.params')
    mx.nd.save(path, {'weird:fc1_weight': mx.nd.ones((64, 16))})

    def load(lib):
        mod, _, _ = _fresh(lib, True)
        mod.load_params(path)
    errors_alike(load)


def test_warnings_on_repeated_steps_match():
    """Second bind / init_params / init_optimizer: the same log lines and warnings."""
    seen = []
    for _, lib in LIBS:
        mod, train, _ = _fresh(lib, True, True, True)
        with root_log() as lines, warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            mod.bind(train.provide_data, train.provide_label)
            mod.init_params()
            mod.init_optimizer()
            lib.mod.Module(mlp(lib), label_names=['lbl'])
            m2 = lib.mod.Module(mlp(lib))
            m2.bind(train.provide_data)
        seen.append((list(lines), [(w.category, str(w.message)) for w in caught
                                   if w.category is UserWarning]))
    assert seen[1][0] == seen[0][0]
    assert [c for c, _ in seen[1][1]] == [c for c, _ in seen[0][1]]
    for (_, g), (_, r) in zip(seen[1][1], seen[0][1]):
        assert g.startswith(r[:40]), (g, r)
