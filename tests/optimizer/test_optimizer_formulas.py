"""Each optimizer against its update rule written out by hand (float64) over 20 steps, with
weight decay, momentum, clipping, rescaling and per-parameter multipliers."""
import math

import numpy as np
import pytest

import tutor as mx

STEPS = 20
NAMES = {0: 'fc_weight', 1: 'fc_bias', 2: 'bn_gamma'}
SHAPES = [(3, 4), (3,), (3,)]


def _data(seed=0):
    rs = np.random.RandomState(seed)
    weights = [rs.uniform(-1, 1, s) for s in SHAPES]
    grads = [[rs.normal(0, 2, s) for s in SHAPES] for _ in range(STEPS)]
    return weights, grads


def _clip(g, c):
    return np.clip(g, -c, c) if c else g


# --- reference rules: (state factory, step(w, g, state, lr, wd, t, cfg) -> new w) ---------

def ref_sgd(w, g, s, lr, wd, t, c):
    g = _clip(c['rescale'] * g, c['clip'])
    if c['momentum'] == 0:
        return w - lr * wd * w - lr * g
    s['m'] = c['momentum'] * s.get('m', 0) - lr * wd * w - lr * g
    return w + s['m']


def ref_nag(w, g, s, lr, wd, t, c):
    g = _clip(c['rescale'] * g, c['clip'])
    mu, m = c['momentum'], s.get('m', 0)
    w_new = w + mu * (mu * m - lr * (g + wd * w)) - lr * (g + wd * w)
    s['m'] = mu * m - lr * (g + wd * w_new)       # MXNet decays with the new weight
    return w_new


def ref_adam(w, g, s, lr, wd, t, c):
    g = _clip(c['rescale'] * g + wd * w, c['clip'])
    b1, b2 = 0.9, 0.999
    s['m'] = b1 * s.get('m', 0) + (1 - b1) * g
    s['v'] = b2 * s.get('v', 0) + (1 - b2) * g * g
    lr_t = lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
    return w - lr_t * s['m'] / (np.sqrt(s['v']) + 1e-8)


def ref_rmsprop(w, g, s, lr, wd, t, c):
    g = _clip(c['rescale'] * g + wd * w, c['clip'])
    s['n'] = 0.1 * g * g + 0.9 * s.get('n', 0)
    if not c.get('centered'):
        return w - lr * g / np.sqrt(s['n'] + 1e-8)
    s['g'] = 0.1 * g + 0.9 * s.get('g', 0)
    s['d'] = 0.9 * s.get('d', 0) - lr * g / np.sqrt(s['n'] - s['g'] ** 2 + 1e-8)
    return w + s['d']


def ref_adagrad(w, g, s, lr, wd, t, c):
    g = _clip(c['rescale'] * g, c['clip'])
    s['h'] = s.get('h', 0) + g * g
    return w - lr * (g / np.sqrt(s['h'] + 1e-7) + wd * w)


def ref_adadelta(w, g, s, lr, wd, t, c):
    g = _clip(c['rescale'] * g, c['clip'])
    s['a'] = 0.9 * s.get('a', 0) + 0.1 * g * g
    d = np.sqrt(s.get('b', 0) + 1e-5) / np.sqrt(s['a'] + 1e-5) * g
    s['b'] = 0.9 * s.get('b', 0) + 0.1 * d * d
    return w - d - wd * w


def ref_adamax(w, g, s, lr, wd, t, c):
    g = _clip(c['rescale'] * g + wd * w, c['clip'])
    s['m'] = 0.9 * s.get('m', 0) + 0.1 * g
    s['u'] = np.maximum(0.999 * s.get('u', 0), np.abs(g))
    return w - lr / (1 - 0.9 ** t) * s['m'] / s['u']


def ref_ftrl(w, g, s, lr, wd, t, c):
    g = _clip(c['rescale'] * g, c['clip'])
    n = s.get('n', 0)
    s['z'] = s.get('z', 0) + g - (np.sqrt(n + g * g) - np.sqrt(n)) * w / lr
    s['n'] = n + g * g
    z, l1 = s['z'], 0.01
    return (np.sign(z) * l1 - z) / ((1 + np.sqrt(s['n'])) / lr + wd) * (np.abs(z) > l1)


def ref_signum(w, g, s, lr, wd, t, c):
    g = _clip(c['rescale'] * g, c['clip'])
    s['m'] = 0.9 * s.get('m', 0) - 0.1 * (wd * w + g)
    return w + lr * np.sign(s['m'])


REFS = {'sgd': ref_sgd, 'nag': ref_nag, 'adam': ref_adam, 'rmsprop': ref_rmsprop,
        'adagrad': ref_adagrad, 'adadelta': ref_adadelta, 'adamax': ref_adamax,
        'ftrl': ref_ftrl, 'signum': ref_signum}

CASES = [
    ('sgd', dict(learning_rate=0.1)),
    ('sgd', dict(learning_rate=0.1, wd=0.05, rescale_grad=0.5, clip_gradient=0.4)),
    ('sgd', dict(learning_rate=0.1, momentum=0.9, wd=0.05, rescale_grad=0.5)),
    ('sgd', dict(learning_rate=0.1, momentum=0.8, wd=0.05, clip_gradient=0.3)),
    ('nag', dict(learning_rate=0.1, momentum=0.9, wd=0.05, clip_gradient=0.5)),
    ('adam', dict(learning_rate=0.01, wd=0.05, rescale_grad=0.5, clip_gradient=0.6)),
    ('rmsprop', dict(learning_rate=0.01, wd=0.05, rescale_grad=0.5)),
    ('rmsprop', dict(learning_rate=0.01, centered=True, clip_gradient=0.5, wd=0.05)),
    ('adagrad', dict(learning_rate=0.1, wd=0.05, rescale_grad=0.5, clip_gradient=0.6)),
    ('adadelta', dict(wd=0.05, rescale_grad=0.5, clip_gradient=0.6)),
    ('adamax', dict(wd=0.05, rescale_grad=0.5, clip_gradient=0.6)),
    ('ftrl', dict(wd=0.05, rescale_grad=0.5, clip_gradient=0.6)),
    ('signum', dict(wd=0.05, rescale_grad=0.5)),
]


def _reference(name, kwargs, weights, grads, lr_mult=None, wd_mult=None):
    opt_defaults = mx.optimizer.create(name, **kwargs)
    cfg = {'rescale': kwargs.get('rescale_grad', 1.0), 'clip': kwargs.get('clip_gradient'),
           'momentum': kwargs.get('momentum', 0.0), 'centered': kwargs.get('centered')}
    ws = [w.copy() for w in weights]
    states = [{} for _ in ws]
    out = []
    for t, step in enumerate(grads, 1):
        for i, g in enumerate(step):
            name_i = NAMES[i]
            lr = opt_defaults.lr * (lr_mult or {}).get(name_i, 1.0)
            # biases/betas: no weight decay by default; explicit multipliers override
            wdm = (wd_mult or {}).get(name_i, 1.0 if name_i.endswith(('_weight', '_gamma'))
                                      else 0.0)
            ws[i] = REFS[name](ws[i], g.copy(), states[i], lr, kwargs.get('wd', 0.0) * wdm,
                               t, cfg)
        out.append([w.copy() for w in ws])
    return out


def _tutor(name, kwargs, weights, grads, **extra):
    opt = mx.optimizer.create(name, param_idx2name=dict(NAMES), **kwargs, **extra)
    up = mx.optimizer.get_updater(opt)
    ws = [mx.nd.array(w) for w in weights]
    out = []
    for step in grads:
        up(tuple(range(len(ws))), tuple(mx.nd.array(g) for g in step), tuple(ws))
        out.append([np.asarray(w, np.float64) for w in ws])
    return out, opt


def _assert_close(got, want, label):
    for t, (a, b) in enumerate(zip(got, want), 1):
        for i, (x, y) in enumerate(zip(a, b)):
            np.testing.assert_allclose(x, y, rtol=2e-5, atol=2e-6,
                                       err_msg='%s step %d %s' % (label, t, NAMES[i]))


@pytest.mark.parametrize('name,kwargs', CASES, ids=['%s-%d' % (c[0], i)
                                                    for i, c in enumerate(CASES)])
def test_update_rule_over_20_steps(name, kwargs):
    weights, grads = _data(len(kwargs))
    got, opt = _tutor(name, kwargs, weights, grads)
    _assert_close(got, _reference(name, kwargs, weights, grads), name)
    assert opt.num_update == STEPS


class _Sym:
    """What the optimizer reads from a Symbol."""

    def __init__(self, attrs):
        self._attrs = attrs

    def attr_dict(self):
        return self._attrs

    def list_arguments(self):
        return ['data'] + list(NAMES.values())


@pytest.mark.parametrize('name', ['sgd', 'adam', 'adagrad'])
def test_lr_mult_and_wd_mult_from_symbol_attributes(name):
    kwargs = dict(learning_rate=0.05, wd=0.1, momentum=0.9) if name == 'sgd' else \
        dict(learning_rate=0.05, wd=0.1)
    sym = _Sym({'fc_weight': {'__lr_mult__': '2.0', '__wd_mult__': '0.5'},
                'fc_bias': {'__wd_mult__': '3'}, 'data': {'__lr_mult__': '9'}})
    weights, grads = _data(5)
    got, opt = _tutor(name, kwargs, weights, grads, sym=sym)
    assert opt.lr_mult == {'fc_weight': 2.0, 'data': 9.0}
    assert opt.wd_mult == {'fc_weight': 0.5, 'fc_bias': 3.0}
    want = _reference(name, kwargs, weights, grads, lr_mult={'fc_weight': 2.0},
                      wd_mult={'fc_weight': 0.5, 'fc_bias': 3.0})
    _assert_close(got, want, name)


def test_set_lr_mult_and_set_wd_mult_by_name_and_index():
    opt = mx.optimizer.create('sgd', learning_rate=0.1, wd=0.01, param_idx2name=dict(NAMES))
    assert opt._get_wd(0) == 0.01 and opt._get_wd(1) == 0.0 and opt._get_wd(2) == 0.01
    opt.set_lr_mult({'fc_bias': 3.0, 2: 0.5})
    assert opt._get_lr(1) == pytest.approx(0.3) and opt._get_lr(2) == pytest.approx(0.05)
    opt.set_wd_mult({1: 2.0})
    assert opt._get_wd(1) == pytest.approx(0.02)
    assert opt.wd_mult['fc_bias'] == 0.0      # the name default stays; the index wins


def test_without_idx2name_every_index_is_decayed():
    # a manually created optimizer: Module fills idx2name later, wd_mult is not recomputed
    opt = mx.optimizer.create('sgd', wd=0.1)
    opt.idx2name = dict(NAMES)
    assert opt._get_wd(1) == 0.1


def test_learning_rate_defaults_and_set_learning_rate(capsys):
    assert mx.optimizer.create('sgd').lr == 0.01
    assert mx.optimizer.create('adam').lr == 0.001
    assert mx.optimizer.create('ftrl').lr == 0.1
    opt = mx.optimizer.create('sgd')
    opt.set_learning_rate(0.3)
    assert opt.learning_rate == 0.3
    sched = mx.lr_scheduler.FactorScheduler(step=2)
    opt = mx.optimizer.create('sgd', lr_scheduler=sched, learning_rate=0.5)
    assert capsys.readouterr().out.strip() == ('learning rate from ``lr_scheduler`` has been '
                                               'overwritten by ``learning_rate`` in optimizer.')
    assert sched.base_lr == 0.5
    with pytest.raises(UserWarning, match='LRScheduler of the optimizer has already been'):
        opt.set_learning_rate(0.1)


def test_update_counts_and_begin_num_update():
    opt = mx.optimizer.create('sgd', begin_num_update=10)
    up = mx.optimizer.get_updater(opt)
    w, g = mx.nd.ones((2,)), mx.nd.ones((2,))
    up(0, g, w)
    up(0, g, w)
    up(1, g, w)
    assert opt._index_update_count == {0: 12, 1: 11} and opt.num_update == 12


def test_weights_are_updated_in_place_and_scratch_is_reused():
    opt = mx.optimizer.create('adam', wd=0.1, clip_gradient=1.0)
    up = mx.optimizer.get_updater(opt)
    w = mx.nd.ones((4, 5))
    addr = w.__array_interface__['data'][0]
    up(0, mx.nd.ones((4, 5)), w)
    scratch = [b.__array_interface__['data'][0] for b in opt._scratch[0]]
    for _ in range(3):
        up(0, mx.nd.ones((4, 5)), w)
    assert w.__array_interface__['data'][0] == addr and isinstance(w, mx.nd.NDArray)
    assert [b.__array_interface__['data'][0] for b in opt._scratch[0]] == scratch
    assert w.dtype == np.float32


@pytest.mark.parametrize('name', sorted(mx.optimizer.Optimizer.opt_registry))
def test_every_optimizer_keeps_weight_and_grad_dtype_and_identity(name):
    if name.startswith('myopt'):
        pytest.skip('registered by another test')
    opt = mx.optimizer.create(name, wd=0 if name == 'groupadagrad' else 0.01)  # MXNet refuses wd
    up = mx.optimizer.get_updater(opt)
    w = mx.nd.array(np.linspace(-1, 1, 12).reshape(3, 4))
    g = mx.nd.array(np.linspace(1, -2, 12).reshape(3, 4))
    w_id = id(w)
    for _ in range(3):
        up(0, g, w)
    assert id(w) == w_id and w.dtype == np.float32 and np.all(np.isfinite(w))
    assert not np.allclose(w, np.linspace(-1, 1, 12).reshape(3, 4))


def test_sgd_without_momentum_has_no_state_and_with_momentum_a_buffer():
    up = mx.optimizer.get_updater(mx.optimizer.create('sgd'))
    up(0, mx.nd.ones((2,)), mx.nd.ones((2,)))
    assert up.states[0] is None
    up = mx.optimizer.get_updater(mx.optimizer.create('sgd', momentum=0.9))
    up(0, mx.nd.ones((2,)), mx.nd.ones((2,)))
    assert isinstance(up.states[0], mx.nd.NDArray) and up.states[0].shape == (2,)


def test_clip_zero_means_off_for_sgd_but_clips_everything_for_adagrad():
    # MXNet: C++ kernels clip when clip_gradient is truthy; Python ones when not None
    w1 = mx.nd.ones((2,))
    mx.optimizer.get_updater(mx.optimizer.create('sgd', clip_gradient=0))(
        0, mx.nd.ones((2,)), w1)
    assert np.allclose(w1, 0.99)
    w2 = mx.nd.ones((2,))
    mx.optimizer.get_updater(mx.optimizer.create('adagrad', clip_gradient=0))(
        0, mx.nd.ones((2,)), w2)
    assert np.all(w2 == 1)


def test_sgld_adds_noise_of_variance_lr():
    mx.random.seed(0)
    opt = mx.optimizer.create('sgld', learning_rate=0.01)
    w = mx.nd.zeros((200, 200))
    mx.optimizer.get_updater(opt)(0, mx.nd.zeros((200, 200)), w)
    assert np.std(w) == pytest.approx(0.1, rel=0.02)


def test_test_optimizer_and_float16_warning():
    opt = mx.optimizer.create('test', rescale_grad=2.0)
    up = mx.optimizer.get_updater(opt)
    w = mx.nd.ones((2,))
    up(0, mx.nd.ones((2,)), w)
    assert w.tolist() == [3, 3] and up.states[0].tolist() == [3, 3]
    with pytest.warns(UserWarning, match='float16'):
        mx.optimizer.get_updater(mx.optimizer.create('adam'))(
            0, mx.nd.ones((2,), dtype=np.float16), mx.nd.ones((2,), dtype=np.float16))


# --- registry ----------------------------------------------------------------------------

def test_create_is_case_insensitive():
    assert type(mx.optimizer.create('SGD')) is mx.optimizer.SGD
    assert type(mx.optimizer.create('RMSProp')) is mx.optimizer.RMSProp
    assert type(mx.optimizer.Optimizer.create_optimizer('adam')) is mx.optimizer.Adam


def test_unknown_optimizer_value_error_lists_names():
    with pytest.raises(ValueError) as err:
        mx.optimizer.create('foo')
    assert str(err.value).startswith('Cannot find optimizer foo')
    assert 'sgd' in str(err.value) and 'adam' in str(err.value)
    with pytest.raises(ValueError, match='MXNet 1.9.1 has it but tutor does not implement'):
        mx.optimizer.create('lars')


def test_register_a_custom_optimizer():
    @mx.optimizer.register
    class MyOptTest(mx.optimizer.Optimizer):
        def update(self, index, weight, grad, state):
            weight[...] = 42

    opt = mx.optimizer.create('myopttest')
    w = mx.nd.zeros((2,))
    mx.optimizer.get_updater(opt)(0, mx.nd.ones((2,)), w)
    assert w.tolist() == [42, 42]
    with pytest.warns(UserWarning, match='overriding'):
        mx.optimizer.register(MyOptTest)


def test_updater_accepts_bytes_indices_and_lists():
    up = mx.optimizer.get_updater(mx.optimizer.create('sgd', momentum=0.5))
    w = [mx.nd.ones((2,)), mx.nd.ones((3,))]
    up([b'a', 'b'], [mx.nd.ones((2,)), mx.nd.ones((3,))], w)
    assert set(up.states) == {'a', 'b'}
