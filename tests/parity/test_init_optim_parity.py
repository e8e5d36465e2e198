"""tutor's optimizers, schedulers and initializer rules against real MXNet 1.9.1.

Run in the MXNet venv:
    MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity/test_init_optim_parity.py
"""
import logging

import numpy as np
import pytest

mx = pytest.importorskip('mxnet')
import tutor  # noqa: E402

NAMES = {0: 'fc1_weight', 1: 'fc1_bias', 2: 'bn_gamma', 3: 'bn_beta', 4: 'fc2_weight'}
SHAPES = [(4, 5), (4,), (3,), (3,), (2, 4)]
STEPS = 20


class _SymInfo:
    """Stands in for a Symbol: the optimizer only reads attr_dict() and list_arguments()."""

    def __init__(self, attr_dict, args):
        self._attr, self._args = attr_dict, args

    def attr_dict(self):
        return self._attr

    def list_arguments(self):
        return self._args


def _mx_sym():
    data = mx.sym.Variable('data')
    w1 = mx.sym.Variable('fc1_weight', lr_mult=2.0)
    b1 = mx.sym.Variable('fc1_bias', wd_mult=3.0)
    net = mx.sym.FullyConnected(data, weight=w1, bias=b1, num_hidden=4, name='fc1')
    net = mx.sym.BatchNorm(net, name='bn', fix_gamma=False)
    w2 = mx.sym.Variable('fc2_weight', wd_mult=0.5, lr_mult=0.25)
    return mx.sym.FullyConnected(net, weight=w2, num_hidden=2, no_bias=True, name='fc2')


CASES = [
    ('sgd', dict(learning_rate=0.1)),
    ('sgd', dict(learning_rate=0.1, wd=0.01, rescale_grad=0.25, clip_gradient=0.3)),
    ('sgd', dict(learning_rate=0.1, momentum=0.9, wd=0.01, rescale_grad=0.5)),
    ('sgd', dict(learning_rate=0.1, momentum=0.9, wd=0.02, clip_gradient=0.5)),
    ('ccsgd', dict(learning_rate=0.05, momentum=0.5)),
    ('nag', dict(learning_rate=0.1, wd=0.01, rescale_grad=0.5)),
    ('nag', dict(learning_rate=0.1, momentum=0.9, wd=0.01, clip_gradient=0.4)),
    ('adam', dict()),
    ('adam', dict(learning_rate=0.01, wd=0.01, rescale_grad=0.5, clip_gradient=0.3)),
    ('rmsprop', dict(learning_rate=0.01, wd=0.01, rescale_grad=0.5)),
    ('rmsprop', dict(learning_rate=0.01, clip_gradient=0.5, clip_weights=0.6)),
    ('rmsprop', dict(learning_rate=0.01, centered=True, wd=0.01, clip_gradient=0.5)),
    ('adagrad', dict(learning_rate=0.1, wd=0.01, rescale_grad=0.5)),
    ('adagrad', dict(learning_rate=0.1, clip_gradient=0.2)),
    ('adadelta', dict(wd=0.01, rescale_grad=0.5)),
    ('adadelta', dict(rho=0.8, clip_gradient=0.2)),
    ('adamax', dict(wd=0.01, rescale_grad=0.5, clip_gradient=0.3)),
    ('nadam', dict(wd=0.01, rescale_grad=0.5)),
    ('ftrl', dict(wd=0.01, rescale_grad=0.5)),
    ('ftrl', dict(lamda1=0.001, learning_rate=0.05, clip_gradient=0.5)),
    ('ftml', dict(learning_rate=0.01, wd=0.01, rescale_grad=0.5, clip_gradient=0.5)),
    ('signum', dict(learning_rate=0.01, wd=0.01, wd_lh=0.01, rescale_grad=0.5)),
    ('signum', dict(learning_rate=0.01, momentum=0.0, wd=0.01)),
    ('dcasgd', dict(learning_rate=0.05, wd=0.01, clip_gradient=0.5)),
    ('test', dict(rescale_grad=0.5)),
]


def _data(seed):
    rs = np.random.RandomState(seed)
    weights = [rs.uniform(-1, 1, s).astype(np.float32) for s in SHAPES]
    grads = [[rs.normal(0, 1.5, s).astype(np.float32) for s in SHAPES] for _ in range(STEPS)]
    return weights, grads


def _scheduler(lib, kind):
    if kind == 'factor':
        return lib.lr_scheduler.FactorScheduler(step=3, factor=0.7, base_lr=0.1)
    if kind == 'multi':
        return lib.lr_scheduler.MultiFactorScheduler(step=[4, 9, 13], factor=0.5, base_lr=0.1)
    return None


def _run(lib, name, kwargs, weights, grads, sym=None, sched=None, per_index=False):
    kw = dict(kwargs, param_idx2name=dict(NAMES))
    if sym is not None:
        kw['sym'] = sym
    if sched is not None:
        kw['lr_scheduler'] = _scheduler(lib, sched)
        kw.pop('learning_rate', None)
    opt = lib.optimizer.create(name, **kw)
    up = lib.optimizer.get_updater(opt)
    ws = [lib.nd.array(w) for w in weights]
    history = []
    for step_grads in grads:
        gs = [lib.nd.array(g) for g in step_grads]
        if per_index:
            for i in range(len(ws)):
                up(i, gs[i], ws[i])
        else:
            up(tuple(range(len(ws))), tuple(gs), tuple(ws))   # as Module calls it
        history.append([w.asnumpy().copy() for w in ws])
    return history, up


def _flat_states(state):
    if state is None:
        return [None]
    if isinstance(state, (tuple, list)):
        return [x for s in state for x in _flat_states(s)]
    return [state.asnumpy()]


def _compare(name, kwargs, **run_kw):
    weights, grads = _data(len(name) + len(kwargs))
    h_mx, up_mx = _run(mx, name, kwargs, weights, grads, **run_kw)
    if 'sym' in run_kw:
        run_kw = dict(run_kw, sym=_SymInfo(run_kw['sym'].attr_dict(),
                                           run_kw['sym'].list_arguments()))
    h_tu, up_tu = _run(tutor, name, kwargs, weights, grads, **run_kw)
    for step, (a, b) in enumerate(zip(h_mx, h_tu)):
        for i, (wa, wb) in enumerate(zip(a, b)):
            np.testing.assert_allclose(wb, wa, rtol=1e-5, atol=1e-6,
                                       err_msg='%s %s step %d %s' % (name, kwargs, step + 1,
                                                                    NAMES[i]))
    for i in range(len(SHAPES)):
        sa, sb = _flat_states(up_mx.states[i]), _flat_states(up_tu.states[i])
        assert len(sa) == len(sb)
        for x, y in zip(sa, sb):
            assert (x is None) == (y is None)
            if x is not None:
                np.testing.assert_allclose(y, x, rtol=1e-4, atol=1e-5 * (1 + np.abs(x).max()))
    assert up_tu.optimizer.num_update == up_mx.optimizer.num_update
    assert up_tu.optimizer._index_update_count == up_mx.optimizer._index_update_count


@pytest.mark.parametrize('name,kwargs', CASES, ids=['%s-%d' % (c[0], i) for i, c in
                                                    enumerate(CASES)])
def test_optimizer_matches_mxnet_over_20_steps(name, kwargs):
    _compare(name, kwargs)


@pytest.mark.parametrize('name,kwargs', [c for c in CASES if c[0] != 'test'][::3])
def test_optimizer_matches_with_symbol_multipliers(name, kwargs):
    _compare(name, kwargs, sym=_mx_sym())


@pytest.mark.parametrize('sched', ['factor', 'multi'])
@pytest.mark.parametrize('name,kwargs', [
    ('sgd', dict(momentum=0.9, wd=0.01)), ('nag', dict(momentum=0.9, wd=0.01)),
    ('adam', dict(wd=0.01)), ('rmsprop', dict(centered=True)), ('ftml', dict())])
def test_optimizer_matches_with_scheduler(name, kwargs, sched):
    _compare(name, kwargs, sched=sched)


@pytest.mark.parametrize('name,kwargs', CASES[:6] + [('nadam', {})])
def test_optimizer_matches_when_called_per_index(name, kwargs):
    _compare(name, kwargs, per_index=True)


@pytest.mark.parametrize('name,kwargs', [
    ('sgd', dict(momentum=0.9, wd=0.01, multi_precision=True)),
    ('sgd', dict(multi_precision=True)), ('nag', dict(momentum=0.9, multi_precision=True)),
    ('adam', dict(learning_rate=0.01, multi_precision=True)),
    ('sgd', dict(momentum=0.9))])
def test_float16_weights_match(name, kwargs):
    weights, grads = _data(7)
    out = []
    for lib in (mx, tutor):
        opt = lib.optimizer.create(name, **kwargs)
        up = lib.optimizer.get_updater(opt)
        ws = [lib.nd.array(w, dtype=np.float16) for w in weights]
        for step_grads in grads:
            gs = [lib.nd.array(g, dtype=np.float16) for g in step_grads]
            up(tuple(range(len(ws))), tuple(gs), tuple(ws))
        out.append([w.asnumpy() for w in ws])
        assert all(w.dtype == np.float16 for w in out[-1])
    for a, b in zip(*out):
        np.testing.assert_allclose(b.astype(np.float32), a.astype(np.float32),
                                   rtol=2e-3, atol=2e-3)


def test_begin_num_update_and_scheduler_match():
    weights, grads = _data(3)
    out = []
    for lib in (mx, tutor):
        sched = lib.lr_scheduler.FactorScheduler(step=4, factor=0.5, base_lr=0.2)
        opt = lib.optimizer.create('sgd', lr_scheduler=sched, begin_num_update=6)
        up = lib.optimizer.get_updater(opt)
        ws = [lib.nd.array(w) for w in weights]
        for step_grads in grads[:8]:
            up(tuple(range(len(ws))), tuple(lib.nd.array(g) for g in step_grads), tuple(ws))
        out.append(([w.asnumpy() for w in ws], opt.num_update, sched.base_lr))
    for a, b in zip(out[0][0], out[1][0]):
        np.testing.assert_allclose(b, a, rtol=1e-5)
    assert out[1][1:] == out[0][1:]


def test_adadelta_rescales_the_callers_grad_in_place_like_mxnet():
    g0 = np.arange(6, dtype=np.float32).reshape(2, 3)
    out = []
    for lib in (mx, tutor):
        opt = lib.optimizer.create('adadelta', rescale_grad=0.5)
        g = lib.nd.array(g0)
        lib.optimizer.get_updater(opt)(0, g, lib.nd.array(np.ones((2, 3))))
        out.append(g.asnumpy())
    np.testing.assert_array_equal(out[1], out[0])
    np.testing.assert_array_equal(out[0], g0 * 0.5)


def test_multipliers_and_defaults_match():
    for kw in [dict(), dict(learning_rate=0.3, wd=0.1)]:
        sym = _mx_sym()
        a = mx.optimizer.create('sgd', sym=sym, param_idx2name=dict(NAMES), **kw)
        b = tutor.optimizer.create('sgd', param_idx2name=dict(NAMES), **kw,
                                   sym=_SymInfo(sym.attr_dict(), sym.list_arguments()))
        assert a.lr_mult == b.lr_mult and a.wd_mult == b.wd_mult
        assert a.lr == b.lr and a.wd == b.wd and a.rescale_grad == b.rescale_grad
        assert [a._get_lr(i) for i in NAMES] == [b._get_lr(i) for i in NAMES]
        assert [a._get_wd(i) for i in NAMES] == [b._get_wd(i) for i in NAMES]
    for name in ['sgd', 'adam', 'rmsprop', 'adagrad', 'adadelta', 'adamax', 'nadam', 'ftrl',
                 'nag', 'signum', 'ftml']:
        assert mx.optimizer.create(name).lr == tutor.optimizer.create(name).lr, name


def test_unknown_optimizer_error_type_and_prefix():
    with pytest.raises(ValueError, match='Cannot find optimizer foo') as e_mx:
        mx.optimizer.create('foo')
    with pytest.raises(ValueError) as e_tu:
        tutor.optimizer.create('foo')
    assert str(e_tu.value).startswith(str(e_mx.value))


def test_scheduler_overwrite_is_printed_like_mxnet(capsys):
    mx.optimizer.create('sgd', learning_rate=0.5,
                        lr_scheduler=mx.lr_scheduler.FactorScheduler(2, 0.5))
    printed_mx = capsys.readouterr().out
    tutor.optimizer.create('sgd', learning_rate=0.5,
                           lr_scheduler=tutor.lr_scheduler.FactorScheduler(2, 0.5))
    assert capsys.readouterr().out == printed_mx != ''


# --- schedulers ---------------------------------------------------------------------------

SCHEDULERS = [
    ('FactorScheduler', dict(step=2, factor=0.5, base_lr=1.0)),
    ('FactorScheduler', dict(step=3, factor=0.1, stop_factor_lr=1e-4, base_lr=0.1)),
    ('FactorScheduler', dict(step=2, factor=0.9, base_lr=0.1, warmup_steps=5,
                             warmup_begin_lr=0.01)),
    ('MultiFactorScheduler', dict(step=[3, 7, 8], factor=0.5, base_lr=0.2)),
    ('MultiFactorScheduler', dict(step=[5, 10], factor=0.1, warmup_steps=4,
                                  warmup_mode='constant', warmup_begin_lr=0.001)),
    ('PolyScheduler', dict(max_update=15, base_lr=0.1, pwr=2, final_lr=0.001)),
    ('PolyScheduler', dict(max_update=15, base_lr=0.1, pwr=1, warmup_steps=5)),
    ('CosineScheduler', dict(max_update=15, base_lr=0.1, final_lr=0.01)),
    ('CosineScheduler', dict(max_update=12, base_lr=0.1, warmup_steps=3,
                             warmup_begin_lr=0.02)),
]


@pytest.mark.parametrize('cls,kwargs', SCHEDULERS)
def test_scheduler_lr_sequence_and_logs_match(cls, kwargs, caplog):
    seqs, logs = [], []
    for lib in (mx, tutor):
        sched = getattr(lib.lr_scheduler, cls)(**kwargs)
        with caplog.at_level(logging.INFO):
            caplog.clear()
            seqs.append([sched(n) for n in range(0, 25)])
            logs.append([r.getMessage() for r in caplog.records])
    np.testing.assert_allclose(seqs[1], seqs[0], rtol=1e-12)
    assert logs[1] == logs[0]
    assert logs[0] or cls in ('PolyScheduler', 'CosineScheduler')


@pytest.mark.parametrize('cls,kwargs', [
    ('FactorScheduler', dict(step=0)), ('FactorScheduler', dict(step=2, factor=2)),
    ('MultiFactorScheduler', dict(step=[3, 3])), ('PolyScheduler', dict(max_update=0)),
    ('CosineScheduler', dict(max_update=10, base_lr=0.01, warmup_begin_lr=0.1)),
    ('FactorScheduler', dict(step=2, warmup_mode='cubic'))])
def test_scheduler_errors_match(cls, kwargs):
    types = []
    for lib in (mx, tutor):
        with pytest.raises(Exception) as err:
            getattr(lib.lr_scheduler, cls)(**kwargs)
        types.append((type(err.value), str(err.value)))
    assert types[1] == types[0]


# --- initializers: which array gets what ----------------------------------------------------

def _init_kind(arr):
    if np.all(arr == 0):
        return 'zero'
    if np.all(arr == 1):
        return 'one'
    if len(np.unique(arr)) == 1:
        return 'const'
    return 'random'


INIT_NAMES = ['fc1_weight', 'fc1_bias', 'bn_gamma', 'bn_beta', 'conv_weight', 'q_min',
              'q_max', 'embed_weight']
INITS = ['uniform', 'normal', 'xavier', 'msraprelu', 'orthogonal', 'zero', 'one',
         ('constant', dict(value=0.5)), ('uniform', dict(scale=0.3)),
         ('xavier', dict(rnd_type='gaussian', factor_type='in', magnitude=2))]


def _shape(name):
    return (4, 3, 2, 2) if name.startswith('conv') else (5, 3) if 'weight' in name else (5,)


@pytest.mark.parametrize('spec', INITS, ids=str)
def test_initializer_rules_match(spec):
    name, kw = spec if isinstance(spec, tuple) else (spec, {})
    for pname in INIT_NAMES:
        kinds, dumps = [], []
        for lib in (mx, tutor):
            init = lib.init.create(name, **kw)
            arr = lib.nd.array(np.full(_shape(pname), 7.0))
            init(lib.init.InitDesc(pname), arr)
            kinds.append(_init_kind(arr.asnumpy()))
            dumps.append(init.dumps())
        assert kinds[1] == kinds[0], (name, pname)
        assert dumps[1] == dumps[0]


@pytest.mark.parametrize('attr', ['["zero", {}]', '["one", {}]', '["constant", {"value": 2}]',
                                  '["uniform", {"scale": 0.5}]'])
def test_init_attribute_wins_over_the_name(attr):
    kinds = []
    for lib in (mx, tutor):
        arr = lib.nd.array(np.full((3, 2), 7.0))
        lib.init.Uniform(0.1)(lib.init.InitDesc('fc_bias', {'__init__': attr}), arr)
        kinds.append(_init_kind(arr.asnumpy()))
    assert kinds[1] == kinds[0]


def test_batchnorm_moving_stats_rules_match():
    sym = mx.sym.BatchNorm(mx.sym.Variable('data'), name='bn')
    attrs = sym.attr_dict()
    for aux in sym.list_auxiliary_states():
        kinds = []
        for lib in (mx, tutor):
            arr = lib.nd.array(np.full((3,), 7.0))
            lib.init.Xavier()(lib.init.InitDesc(aux, attrs.get(aux)), arr)
            kinds.append(_init_kind(arr.asnumpy()))
        assert kinds[1] == kinds[0], aux


@pytest.mark.parametrize('pname', ['bn_moving_mean', 'bn_moving_var', 'fc_bias', 'x_weight',
                                   'stn_loc_weight', 'foo_moving_avg'])
def test_legacy_string_path_matches(pname):
    kinds = []
    for lib in (mx, tutor):
        arr = lib.nd.array(np.full((4, 3), 7.0))
        with pytest.warns(DeprecationWarning):
            lib.init.Uniform()(pname, arr)
        kinds.append(_init_kind(arr.asnumpy()))
    assert kinds[1] == kinds[0]


@pytest.mark.parametrize('pname', ['softmax_label', 'data', 'fc_weights'])
def test_unknown_pattern_errors_match(pname):
    msgs = []
    for lib in (mx, tutor):
        with pytest.raises(ValueError) as err:
            lib.init.Uniform()(lib.init.InitDesc(pname), lib.nd.zeros((2, 2)))
        msgs.append(str(err.value))
    assert msgs[1].startswith(msgs[0])


def test_unregistered_initializer_error_matches():
    msgs = []
    for lib in (mx, tutor):
        with pytest.raises(AssertionError) as err:
            lib.init.create('foo')
        msgs.append(str(err.value))
    assert msgs[1].startswith(msgs[0])


def test_xavier_vector_error_matches():
    msgs = []
    for lib in (mx, tutor):
        with pytest.raises(ValueError) as err:
            lib.init.Xavier()(lib.init.InitDesc('v_weight'), lib.nd.zeros((5,)))
        msgs.append(str(err.value))
    assert msgs[1] == msgs[0]


def test_verbose_log_lines_match(caplog):
    lines = []
    for lib in (mx, tutor):
        init = lib.init.One().set_verbosity(True)
        caplog.clear()
        with caplog.at_level(logging.INFO):
            for pname in ['a_weight', 'a_bias', 'g_gamma', 'b_beta']:
                init(lib.init.InitDesc(pname), lib.nd.zeros((2, 2)))
            init(lib.init.InitDesc('m', {'__init__': '["zero", {}]'}), lib.nd.zeros((2,)))
        lines.append([r.getMessage() for r in caplog.records])
    assert lines[1] == lines[0]


def test_load_and_mixed_rules_match(tmp_path):
    params = {'arg:fc_weight': np.full((2, 3), 3.0, np.float32),
              'aux:bn_moving_mean': np.full((3,), 4.0, np.float32)}
    results = []
    for lib in (mx, tutor):
        fname = str(tmp_path / ('%s.params' % lib.__name__))
        lib.nd.save(fname, {k: lib.nd.array(v) for k, v in params.items()})
        load = lib.init.Load(fname, default_init=lib.init.One())
        mixed = lib.init.Mixed(['fc.*', '.*'], [lib.init.Zero(), lib.init.One()])
        out = []
        for init, names in ((load, ['fc_weight', 'bn_moving_mean', 'fc_bias', 'x_weight']),
                            (mixed, ['fc_weight', 'fc_bias', 'x_weight', 'bn_gamma'])):
            for pname in names:
                shape = {'fc_weight': (2, 3), 'x_weight': (2, 2)}.get(pname, (3,))
                arr = lib.nd.array(np.full(shape, 7.0))
                init(lib.init.InitDesc(pname), arr)
                out.append(arr.asnumpy())
        results.append(out)
    for a, b in zip(*results):
        np.testing.assert_array_equal(b, a)
