"""Every operator tutor has (tutor/symbol/ops/), forward and backward, against real MXNet 1.9.1
on the same inputs through ``bind`` on both sides: outputs, gradients, arguments and aux
states agree to rtol 1e-5 in float32, for each parameter variant that changes the maths.

Run: MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity/test_ops_parity.py
"""
import os

import numpy as np
import pytest

mx = pytest.importorskip('mxnet')
import tutor  # noqa: E402
from _both import LIBS, assert_same, bind, close, run, run_both  # noqa: E402

F32 = np.float32


def _r(rng, *shape, lo=-2.0, hi=2.0):
    return rng.uniform(lo, hi, shape).astype(F32)


def _away_from_zero(a, eps=0.05):
    """Nudge values off a kink (relu at 0, sign at a tie), as gradient checks do."""
    a = a.copy()
    a[np.abs(a) < eps] += 2 * eps
    return a


def _covered_elsewhere():
    """The ops other parity files cover: each says so in a module-level COVERED set."""
    import importlib
    import pathlib
    found = set()
    for path in sorted(pathlib.Path(__file__).parent.glob('test_*_parity.py')):
        text = path.read_text(encoding='utf-8')
        if path.name != 'test_ops_parity.py' and '\nCOVERED = ' in text:
            found |= importlib.import_module(path.stem).COVERED
    return found


def test_every_tutor_op_is_covered():
    """A new op in tutor/symbol/ops must get a parity case here."""
    from tutor.symbol.op import OPS
    covered = {'Activation', 'FullyConnected', 'SoftmaxOutput', 'LinearRegressionOutput',
               'LogisticRegressionOutput', 'MAERegressionOutput', 'MakeLoss', 'Dropout',
               'BatchNorm', 'Flatten', 'elemwise_add', 'elemwise_sub', 'elemwise_mul',
               'elemwise_div', '_plus_scalar', '_minus_scalar', '_rminus_scalar',
               '_mul_scalar', '_div_scalar', '_rdiv_scalar', 'softmax', 'SoftmaxActivation',
               'Convolution', 'Pooling'}
    covered |= _covered_elsewhere()
    assert set(OPS) <= covered, 'no parity test for %s' % sorted(set(OPS) - covered)


# ---------------------------------------------------------------------------------------
# Activation

@pytest.mark.parametrize('act', ['relu', 'sigmoid', 'tanh', 'softrelu', 'softsign'])
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_activation(rng, act, grad_req):
    args = {'x': _away_from_zero(_r(rng, 4, 7, lo=-6, hi=6))}
    head = _r(rng, 4, 7)

    def build(lib):
        return lib.sym.Activation(lib.sym.var('x'), act_type=act, name='act')

    steps = (('fwd', True), ('bwd', [head]), ('fwd', True), ('bwd', [2 * head]))
    ref, got = run_both(build, args, steps=steps, grad_req=grad_req)
    assert_same(ref, got)


def test_activation_extreme_inputs_do_not_overflow(rng):
    x = np.array([[-100, -30, -1e-3, 0.5, 30, 100]], dtype=F32)
    for act in ('sigmoid', 'softrelu', 'tanh', 'softsign'):
        def build(lib):
            return lib.sym.Activation(lib.sym.var('x'), act_type=act, name='act')
        ref, got = run_both(build, {'x': x}, steps=(('fwd', True), ('bwd', [np.ones_like(x)])))
        assert np.all(np.isfinite(got.outputs[0]))
        assert_same(ref, got)


# ---------------------------------------------------------------------------------------
# FullyConnected

FC_CASES = [
    # data shape, params, weight shape
    ((5, 6), dict(num_hidden=3), (3, 6)),
    ((5, 6), dict(num_hidden=3, no_bias=True), (3, 6)),
    ((4, 2, 3, 2), dict(num_hidden=5), (5, 12)),                     # flatten=True: N x 12
    ((4, 2, 3, 2), dict(num_hidden=5, no_bias=True), (5, 12)),
    ((2, 4, 5), dict(num_hidden=3, flatten=False), (3, 5)),          # last axis only
    ((2, 3, 4, 5), dict(num_hidden=2, flatten=False, no_bias=True), (2, 5)),
]


@pytest.mark.parametrize('dshape,params,wshape', FC_CASES)
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_fully_connected(rng, dshape, params, wshape, grad_req):
    args = {'data': _r(rng, *dshape), 'fc_weight': _r(rng, *wshape)}
    if not params.get('no_bias'):
        args['fc_bias'] = _r(rng, wshape[0])

    def build(lib):
        return lib.sym.FullyConnected(lib.sym.var('data'), name='fc', **params)

    out_shape = build(tutor).infer_shape(data=dshape)[1][0]
    head = _r(rng, *out_shape)
    steps = (('fwd', True), ('bwd', [head]), ('fwd', True), ('bwd', [head]))
    ref, got = run_both(build, args, steps=steps, grad_req=grad_req)
    assert_same(ref, got)
    assert sorted(got.grads) == sorted(args)


def test_fully_connected_null_grad_req_leaves_no_gradient(rng):
    args = {'data': _r(rng, 3, 4), 'fc_weight': _r(rng, 2, 4), 'fc_bias': _r(rng, 2)}
    req = {'data': 'null', 'fc_weight': 'write', 'fc_bias': 'null'}

    def build(lib):
        return lib.sym.FullyConnected(lib.sym.var('data'), name='fc', num_hidden=2)

    ref, got = run_both(build, args, steps=(('fwd', True), ('bwd', [_r(rng, 3, 2)])),
                        grad_req=req)
    assert got.grads['data'] is None and got.grads['fc_bias'] is None
    assert_same(ref, got)


# ---------------------------------------------------------------------------------------
# SoftmaxOutput

def _softmax_case(rng, shape, label_kind='index', classes_axis=1, ignore=None):
    data = _r(rng, *shape, lo=-3, hi=3)
    k = shape[classes_axis]
    if label_kind == 'soft':
        p = rng.uniform(0.1, 1, shape).astype(F32)
        label = (p / p.sum(axis=classes_axis, keepdims=True)).astype(F32)
    else:
        lshape = shape[:classes_axis] + shape[classes_axis + 1:]
        label = rng.randint(0, k, lshape).astype(F32)
        if ignore is not None:
            label.reshape(-1)[::3] = ignore
    return {'data': data, 'sm_label': label}


SOFTMAX_CASES = [
    ('plain', (6, 5), {}),
    ('grad_scale', (6, 5), dict(grad_scale=0.5)),
    ('batch', (6, 5), dict(normalization='batch')),
    ('valid', (6, 5), dict(normalization='valid')),
    ('valid+ignore', (6, 5), dict(normalization='valid', use_ignore=True, ignore_label=2)),
    ('null+ignore', (6, 5), dict(use_ignore=True, ignore_label=2)),
    ('batch+ignore', (6, 5), dict(normalization='batch', use_ignore=True, ignore_label=2,
                                  grad_scale=3.0)),
    ('ignore_label-1', (6, 5), dict(use_ignore=True)),
    ('smooth', (6, 5), dict(smooth_alpha=0.1)),
    ('smooth+batch', (6, 5), dict(smooth_alpha=0.2, normalization='batch', grad_scale=2.0)),
    ('smooth+ignore', (6, 5), dict(smooth_alpha=0.1, use_ignore=True, ignore_label=2)),
    ('3d flattened', (4, 3, 2), {}),
    ('multi_output', (3, 4, 5), dict(multi_output=True)),
    ('multi_output 4d', (2, 3, 2, 2), dict(multi_output=True)),
    ('multi_output batch', (3, 4, 5), dict(multi_output=True, normalization='batch')),
    ('multi_output valid', (3, 4, 5), dict(multi_output=True, normalization='valid')),
    ('multi_output ignore', (3, 4, 5), dict(multi_output=True, use_ignore=True,
                                            ignore_label=1, normalization='valid')),
    ('preserve_shape', (2, 3, 5), dict(preserve_shape=True)),
    ('preserve_shape batch', (2, 3, 5), dict(preserve_shape=True, normalization='batch')),
]


def _softmax_build(params):
    def build(lib):
        return lib.sym.SoftmaxOutput(lib.sym.var('data'), name='sm', **params)
    return build


@pytest.mark.parametrize('case,shape,params', SOFTMAX_CASES, ids=[c[0] for c in SOFTMAX_CASES])
def test_softmax_output(rng, case, shape, params):
    axis = len(shape) - 1 if params.get('preserve_shape') else 1
    ignore = params.get('ignore_label', -1) if params.get('use_ignore') else None
    args = _softmax_case(rng, shape, classes_axis=axis, ignore=ignore)
    if not params.get('multi_output') and not params.get('preserve_shape') and len(shape) > 2:
        # label shape is data.shape[:-1]; the softmax runs over the flattened trailing
        # dims and reads only the first N labels
        args['sm_label'] = rng.randint(0, int(np.prod(shape[1:])), shape[:-1]).astype(F32)
    elif params.get('preserve_shape'):
        args['sm_label'] = rng.randint(0, shape[-1], shape[:-1]).astype(F32)
    ref, got = run_both(_softmax_build(params), args)
    assert_same(ref, got)


@pytest.mark.parametrize('params', [{}, dict(grad_scale=2.0), dict(normalization='batch')])
def test_softmax_output_soft_labels(rng, params):
    """A label shaped like the data is a distribution: grad = (p − label)·grad_scale."""
    args = _softmax_case(rng, (5, 4), label_kind='soft')
    ref, got = run_both(_softmax_build(params), args)
    assert_same(ref, got)


def test_softmax_output_ignores_the_head_gradient(rng):
    args = _softmax_case(rng, (6, 5))
    ones = np.ones((6, 5), F32)
    ref, got = run_both(_softmax_build({}), args, steps=(('fwd', True), ('bwd', [10 * ones])))
    plain = run(tutor, _softmax_build({}), args)
    assert_same(ref, got)
    close(got.grads['data'], plain.grads['data'], 'gradient with a head gradient of 10')


def test_softmax_output_float_labels_truncate_like_mxnet(rng):
    """C++ static_cast<int>: a label 2.7 means class 2."""
    args = _softmax_case(rng, (6, 5))
    args['sm_label'] = args['sm_label'] + F32(0.7)
    args['sm_label'][-1] = 3.999
    ref, got = run_both(_softmax_build({}), args)
    assert_same(ref, got)


def test_softmax_output_inference_forward(rng):
    args = _softmax_case(rng, (6, 5))
    ref, got = run_both(_softmax_build({}), args, steps=(('fwd', False),))
    assert_same(ref, got, grads=False)


# ---------------------------------------------------------------------------------------
# Regression outputs and MakeLoss

REGRESSIONS = ['LinearRegressionOutput', 'LogisticRegressionOutput', 'MAERegressionOutput']
REG_SHAPES = [((6, 1), (6,)), ((6, 1), (6, 1)), ((5, 3), (5, 3)), ((4, 2, 3), (4, 2, 3)),
              ((6,), (6,))]


@pytest.mark.parametrize('op', REGRESSIONS)
@pytest.mark.parametrize('dshape,lshape', REG_SHAPES)
@pytest.mark.parametrize('grad_scale', [None, 2.5])
def test_regression_output(rng, op, dshape, lshape, grad_scale):
    args = {'data': _r(rng, *dshape), 'reg_label': _r(rng, *lshape)}
    if op == 'LogisticRegressionOutput':
        args['reg_label'] = rng.uniform(0, 1, lshape).astype(F32)
    if op == 'MAERegressionOutput':  # no ties: sign() is defined differently at 0
        args['data'] = args['data'] + F32(0.01)
    params = {} if grad_scale is None else {'grad_scale': grad_scale}

    def build(lib):
        return getattr(lib.sym, op)(lib.sym.var('data'), name='reg', **params)

    head = 10 * np.ones(dshape, F32)  # ignored by a loss layer
    ref, got = run_both(build, args, steps=(('fwd', True), ('bwd', [head])))
    assert_same(ref, got)


@pytest.mark.parametrize('op', REGRESSIONS)
def test_regression_label_shape_proposed_by_infer_shape(op):
    """(N, 1) data gets a (N,) label from infer_shape on both sides."""
    shapes = []
    for _, lib in LIBS:
        net = getattr(lib.sym, op)(lib.sym.var('data'), name='reg')
        shapes.append(net.infer_shape(data=(7, 1)))
    assert shapes[0] == shapes[1]
    assert shapes[1][0][1] == (7,)


def test_mae_regression_output_at_a_tie(rng):
    """MXNet's sign is +1 only where out > label (so a tie gives −1)."""
    data = np.array([[0.5], [1.0], [-2.0]], F32)
    args = {'data': data, 'reg_label': data[:, 0].copy()}

    def build(lib):
        return lib.sym.MAERegressionOutput(lib.sym.var('data'), name='reg')

    ref, got = run_both(build, args)
    assert_same(ref, got)


MAKELOSS_CASES = [{}, dict(grad_scale=0.3), dict(normalization='batch'),
                  dict(normalization='valid'), dict(normalization='valid', valid_thresh=0.5),
                  dict(normalization='batch', grad_scale=4.0)]


@pytest.mark.parametrize('params', MAKELOSS_CASES)
def test_make_loss(rng, params):
    args = {'x': _r(rng, 5, 4), 'w': _r(rng, 5, 4)}

    def build(lib):   # a loss of a product, so the gradient flows into both inputs
        return lib.sym.MakeLoss(lib.sym.var('x') * lib.sym.var('w'), name='loss', **params)

    ref, got = run_both(build, args, steps=(('fwd', True), ('bwd', [10 * np.ones((5, 4), F32)])))
    assert_same(ref, got)


def test_make_loss_valid_with_nothing_valid_divides_by_one(rng):
    args = {'x': -np.abs(_r(rng, 3, 2)) - 1}

    def build(lib):
        return lib.sym.MakeLoss(lib.sym.var('x'), name='loss', normalization='valid')

    ref, got = run_both(build, args)
    assert_same(ref, got)


# ---------------------------------------------------------------------------------------
# Flatten and the element-wise arithmetic

@pytest.mark.parametrize('fn', ['Flatten', 'flatten'])
@pytest.mark.parametrize('shape', [(3, 4), (2, 3, 4), (2, 1, 3, 2)])
def test_flatten(rng, fn, shape):
    args = {'x': _r(rng, *shape)}

    def build(lib):
        return getattr(lib.sym, fn)(lib.sym.var('x'), name='flat')

    head = _r(rng, shape[0], int(np.prod(shape[1:])))
    ref, got = run_both(build, args, steps=(('fwd', True), ('bwd', [head])))
    assert_same(ref, got)


BINARY = {'add': lambda a, b: a + b, 'sub': lambda a, b: a - b,
          'mul': lambda a, b: a * b, 'div': lambda a, b: a / b}
SCALAR = {'plus': lambda a: a + 1.5, 'radd': lambda a: 1.5 + a, 'minus': lambda a: a - 2.0,
          'rminus': lambda a: 3.0 - a, 'mul': lambda a: a * -2.5, 'rmul': lambda a: 0.5 * a,
          'div': lambda a: a / 4.0, 'rdiv': lambda a: 2.0 / a, 'neg': lambda a: -a,
          'int': lambda a: a * 3 + 2, 'chain': lambda a: (1 - a) / 2 * 3 + a}


BINARY_REQS = [(n, r) for n in sorted(BINARY) for r in ('write', 'add')
               if (n, r) != ('add', 'add')]   # MXNet is wrong there: test_differences.py


@pytest.mark.parametrize('name,grad_req', BINARY_REQS)
def test_elementwise_binary(rng, name, grad_req):
    args = {'a': _r(rng, 3, 4), 'b': _away_from_zero(_r(rng, 3, 4), 0.3)}

    def build(lib):
        return BINARY[name](lib.sym.var('a'), lib.sym.var('b'))

    head = _r(rng, 3, 4)
    steps = (('fwd', True), ('bwd', [head]), ('bwd', [head]))
    ref, got = run_both(build, args, steps=steps, grad_req=grad_req)
    assert_same(ref, got)


def test_elementwise_same_input_twice(rng):
    """x*x and x+x: both gradient contributions reach x."""
    args = {'x': _r(rng, 2, 3)}

    def build(lib):
        x = lib.sym.var('x')
        return x * x + (x + x)

    ref, got = run_both(build, args, steps=(('fwd', True), ('bwd', [_r(rng, 2, 3)])))
    assert_same(ref, got)


@pytest.mark.parametrize('name', sorted(SCALAR))
def test_elementwise_scalar(rng, name):
    args = {'a': _away_from_zero(_r(rng, 3, 4), 0.3)}

    def build(lib):
        return SCALAR[name](lib.sym.var('a'))

    ref, got = run_both(build, args, steps=(('fwd', True), ('bwd', [_r(rng, 3, 4)])))
    assert_same(ref, got)


# ---------------------------------------------------------------------------------------
# Dropout

def _dropout(params):
    def build(lib):
        return lib.sym.Dropout(lib.sym.var('x'), name='drop', **params)
    return build


@pytest.mark.parametrize('p', [0.0, 0.3, 0.5, 0.9])
def test_dropout_inference_is_identity(rng, p):
    args = {'x': _r(rng, 4, 6)}
    head = _r(rng, 4, 6)
    ref, got = run_both(_dropout(dict(p=p)), args, steps=(('fwd', False), ('bwd', [head])))
    assert_same(ref, got)
    close(got.outputs[0], args['x'], 'inference dropout')
    close(got.grads['x'], head, 'inference dropout gradient')


@pytest.mark.parametrize('params', [dict(p=0.3), dict(p=0.5, mode='always'),
                                    dict(p=0.25, axes=(1,))])
def test_dropout_training_keeps_scale(rng, params):
    """Masks are random on both sides (and differ by design); what must agree is the rule:
    every output is 0 or x/(1−p), the gradient uses the same mask, the kept fraction is
    about 1−p, and the mean is kept. Checked on both libraries with the same statistics."""
    p = params['p']
    x = rng.uniform(1, 2, (200, 50)).astype(F32)
    head = rng.uniform(1, 2, (200, 50)).astype(F32)
    is_train = params.get('mode') != 'always'   # 'always' drops in inference too
    stats = {}
    for libname, lib in LIBS:
        r = run(lib, _dropout(params), {'x': x}, steps=(('fwd', is_train), ('bwd', [head])))
        y, g = r.outputs[0], r.grads['x']
        kept = y != 0
        close(y[kept], x[kept] / (1 - p), '%s kept values' % libname)
        assert np.array_equal(kept, g != 0), '%s: gradient mask differs from forward' % libname
        close(g[kept], head[kept] / (1 - p), '%s gradient of kept values' % libname)
        if 'axes' in params:  # one mask value shared along axis 1
            assert np.all(kept == kept[:, :1]), '%s: mask not shared along axes' % libname
            frac = kept[:, 0].mean()
            n = x.shape[0]
        else:
            frac, n = kept.mean(), x.size
        sd = np.sqrt(p * (1 - p) / n)
        assert abs(frac - (1 - p)) < 5 * sd, '%s keeps %.3f, expected %.3f' % (
            libname, frac, 1 - p)
        stats[libname] = (frac, y.mean() / x.mean())
    assert abs(stats['tutor'][1] - 1) < 0.1 and abs(stats['mxnet'][1] - 1) < 0.1


def test_dropout_masks_change_between_forwards(rng):
    x = np.ones((20, 20), F32)
    for libname, lib in LIBS:
        exe = bind(lib, _dropout(dict(p=0.5))(lib), {'x': x})
        a = exe.forward(is_train=True)[0].asnumpy()
        b = exe.forward(is_train=True)[0].asnumpy()
        assert not np.array_equal(a, b), libname


# ---------------------------------------------------------------------------------------
# BatchNorm

BN_CASES = [
    ('default', (6, 3), {}),
    ('no fix_gamma', (6, 3), dict(fix_gamma=False)),
    ('4d', (4, 3, 2, 2), dict(fix_gamma=False)),
    ('eps momentum', (5, 4), dict(fix_gamma=False, eps=1e-5, momentum=0.7)),
    ('global stats', (6, 3), dict(fix_gamma=False, use_global_stats=True)),
    ('global stats fixed', (6, 3), dict(use_global_stats=True)),
    ('axis -1', (3, 4, 5), dict(fix_gamma=False, axis=-1)),
    ('axis 2', (3, 4, 5, 2), dict(fix_gamma=False, axis=2)),
]


def _bn(params):
    def build(lib):
        return lib.sym.BatchNorm(lib.sym.var('data'), name='bn', **params)
    return build


def _bn_inputs(rng, shape, axis=1):
    c = shape[axis]
    args = {'data': _r(rng, *shape, lo=-3, hi=5), 'bn_gamma': _r(rng, c, lo=0.5, hi=2),
            'bn_beta': _r(rng, c)}
    aux = {'bn_moving_mean': _r(rng, c), 'bn_moving_var': _r(rng, c, lo=0.5, hi=2)}
    return args, aux


@pytest.mark.parametrize('case,shape,params', BN_CASES, ids=[c[0] for c in BN_CASES])
@pytest.mark.parametrize('is_train', [True, False])
def test_batch_norm(rng, case, shape, params, is_train):
    args, aux = _bn_inputs(rng, shape, params.get('axis', 1))
    head = _r(rng, *shape)
    steps = (('fwd', is_train), ('bwd', [head]))
    ref, got = run_both(_bn(params), args, aux, steps=steps)
    assert_same(ref, got, rtol=1e-4, atol=1e-5)
    if params.get('fix_gamma', True):
        close(got.args['bn_gamma'], np.ones_like(args['bn_gamma']), 'gamma with fix_gamma')


@pytest.mark.parametrize('params', [dict(fix_gamma=False), {}, dict(momentum=0.5)])
def test_batch_norm_aux_updates_over_steps(rng, params):
    """Moving statistics after several training steps (forward+backward each)."""
    args, aux = _bn_inputs(rng, (8, 3))
    steps = []
    for i in range(4):
        steps += [('fwd', True), ('bwd', [_r(rng, 8, 3)])]
    ref, got = run_both(_bn(params), args, aux, steps=steps)
    assert_same(ref, got, rtol=1e-4, atol=1e-5)
    assert not np.allclose(got.aux['bn_moving_mean'], aux['bn_moving_mean'])


def test_batch_norm_inference_leaves_aux_alone(rng):
    args, aux = _bn_inputs(rng, (8, 3))
    steps = (('fwd', False), ('bwd', [_r(rng, 8, 3)]), ('fwd', False))
    ref, got = run_both(_bn(dict(fix_gamma=False)), args, aux, steps=steps)
    assert_same(ref, got, rtol=1e-4, atol=1e-5)
    close(got.aux['bn_moving_var'], aux['bn_moving_var'], 'moving_var after inference')


@pytest.mark.parametrize('is_train', [True, False])
def test_batch_norm_output_mean_var(rng, is_train):
    """output_mean_var=True: three visible outputs (output, mean, var)."""
    args, aux = _bn_inputs(rng, (6, 3))
    params = dict(fix_gamma=False, output_mean_var=True)
    outs = []
    for _, lib in LIBS:
        net = _bn(params)(lib)
        outs.append(net.list_outputs())
    assert outs[0] == outs[1] == ['bn_output', 'bn_mean', 'bn_var']
    steps = (('fwd', is_train),)
    ref, got = run_both(_bn(params), args, aux, steps=steps)
    assert_same(ref, got, rtol=1e-4, atol=1e-5, grads=False)


def test_batch_norm_in_a_network(rng):
    """fc → BatchNorm → relu → fc → SoftmaxOutput, all gradients and aux after 3 steps."""
    def build(lib):
        net = lib.sym.FullyConnected(lib.sym.var('data'), name='fc1', num_hidden=5)
        net = lib.sym.BatchNorm(net, name='bn', fix_gamma=False)
        net = lib.sym.Activation(net, name='relu', act_type='relu')
        net = lib.sym.FullyConnected(net, name='fc2', num_hidden=3)
        return lib.sym.SoftmaxOutput(net, name='sm')

    args = {'data': _r(rng, 8, 4), 'fc1_weight': _r(rng, 5, 4), 'fc1_bias': _r(rng, 5),
            'bn_gamma': _r(rng, 5, lo=0.5, hi=1.5), 'bn_beta': _r(rng, 5),
            'fc2_weight': _r(rng, 3, 5), 'fc2_bias': _r(rng, 3),
            'sm_label': rng.randint(0, 3, 8).astype(F32)}
    aux = {'bn_moving_mean': np.zeros(5, F32), 'bn_moving_var': np.ones(5, F32)}
    steps = (('fwd', True), ('bwd', None)) * 3
    ref, got = run_both(build, args, aux, steps=steps)
    assert_same(ref, got, rtol=1e-4, atol=1e-5)


# ---------------------------------------------------------------------------------------
# A whole MLP, and a net with several heads

def test_mlp_forward_backward(rng):
    def build(lib):
        net = lib.sym.FullyConnected(lib.sym.var('data'), name='fc1', num_hidden=64)
        net = lib.sym.Activation(net, name='relu1', act_type='relu')
        net = lib.sym.FullyConnected(net, name='fc2', num_hidden=26)
        return lib.sym.SoftmaxOutput(net, name='softmax')

    args = {'data': _r(rng, 32, 16, lo=0, hi=15), 'fc1_weight': _r(rng, 64, 16, lo=-.1, hi=.1),
            'fc1_bias': _r(rng, 64, lo=-.1, hi=.1), 'fc2_weight': _r(rng, 26, 64, lo=-.1, hi=.1),
            'fc2_bias': _r(rng, 26, lo=-.1, hi=.1),
            'softmax_label': rng.randint(0, 26, 32).astype(F32)}
    ref, got = run_both(build, args, grad_req={n: 'write' for n in args if n != 'softmax_label'})
    assert_same(ref, got)


def test_group_of_a_loss_and_a_blocked_head(rng):
    """Group(SoftmaxOutput, BlockGrad-free FC head): the FC head needs its out_grad."""
    def build(lib):
        fc = lib.sym.FullyConnected(lib.sym.var('data'), name='fc', num_hidden=3)
        return lib.sym.Group([lib.sym.SoftmaxOutput(fc, name='sm'),
                              lib.sym.Activation(fc, name='act', act_type='tanh')])

    args = {'data': _r(rng, 4, 5), 'fc_weight': _r(rng, 3, 5), 'fc_bias': _r(rng, 3),
            'sm_label': rng.randint(0, 3, 4).astype(F32)}
    heads = [np.ones((4, 3), F32), _r(rng, 4, 3)]
    ref, got = run_both(build, args, steps=(('fwd', True), ('bwd', heads)))
    assert_same(ref, got)


# ---------------------------------------------------------------------------------------
# softmax and SoftmaxActivation (plain softmax, not losses: they need a head gradient)

SOFTMAX_PLAIN = [
    ((4, 5), {}), ((4, 5), dict(axis=0)), ((2, 3, 4), dict(axis=1)), ((2, 3, 4), {}),
    ((3, 6), dict(temperature=2.5)), ((2, 3, 4), dict(axis=-2, temperature=0.5)),
]


@pytest.mark.parametrize('shape,params', SOFTMAX_PLAIN)
def test_softmax(rng, shape, params):
    args = {'x': _r(rng, *shape, lo=-4, hi=4)}

    def build(lib):
        return lib.sym.softmax(lib.sym.var('x'), name='sm', **params)

    ref, got = run_both(build, args, steps=(('fwd', True), ('bwd', [_r(rng, *shape)])))
    assert_same(ref, got)


@pytest.mark.parametrize('axis', [-1, 1])
def test_softmax_use_length(rng, axis):
    x = _r(rng, 3, 5, lo=-4, hi=4)
    # MXNet wants an integer length array
    length = np.array([5, 2, 1], np.int32) if axis == -1 else np.array([1, 3, 2, 3, 1], np.int32)
    if axis == 1:
        x = _r(rng, 3, 5).T.copy()[:, :3]  # (5, 3): softmax over axis 1 of length 3
    args = {'x': x, 'len': length}

    def build(lib):
        return lib.sym.softmax(lib.sym.var('x'), lib.sym.var('len'), name='sm', axis=axis,
                               use_length=True)

    ref, got = run_both(build, args, steps=(('fwd', True), ('bwd', [_r(rng, *x.shape)])),
                        grad_req={'x': 'write', 'len': 'null'})
    assert_same(ref, got)


@pytest.mark.parametrize('shape,mode', [((4, 5), 'instance'), ((2, 3, 4), 'channel'),
                                        ((2, 3, 2, 2), 'channel')])
def test_softmax_activation(rng, shape, mode):
    """(instance mode on 3-D data: MXNet's gradient is wrong, see test_differences.py)"""
    args = {'x': _r(rng, *shape, lo=-3, hi=3)}

    def build(lib):
        return lib.sym.SoftmaxActivation(lib.sym.var('x'), name='sa', mode=mode)

    ref, got = run_both(build, args, steps=(('fwd', True), ('bwd', [_r(rng, *shape)])))
    assert_same(ref, got)


# ---------------------------------------------------------------------------------------
# Convolution and Pooling

CONV = [  # data shape, params
    ((2, 3, 5, 5), dict(kernel=(3, 3), num_filter=4)),
    ((2, 3, 7, 6), dict(kernel=(3, 2), num_filter=2, stride=(2, 1), pad=(1, 0))),
    ((1, 4, 7, 7), dict(kernel=(3, 3), num_filter=6, stride=(2, 2), pad=(1, 1),
                        dilate=(2, 2), num_group=2)),
    ((2, 4, 4, 4), dict(kernel=(1, 1), num_filter=4, num_group=4, no_bias=True)),
    ((2, 3, 9), dict(kernel=(3,), num_filter=4, stride=(2,), pad=(1,))),
    ((1, 1, 6, 6), dict(kernel=(2, 2), num_filter=1, stride=(2, 2), no_bias=True)),
]


@pytest.mark.parametrize('shape,params', CONV)
def test_convolution(rng, shape, params):
    def build(lib):
        return lib.sym.Convolution(lib.sym.var('data'), name='conv', **params)

    arg_shapes, out_shapes, _ = build(tutor).infer_shape(data=shape)
    names = build(tutor).list_arguments()
    args = {n: _r(rng, *s) for n, s in zip(names, arg_shapes)}
    steps = (('fwd', True), ('bwd', [_r(rng, *out_shapes[0])]))
    ref, got = run_both(build, args, steps=steps)
    assert_same(ref, got, rtol=1e-4, atol=1e-5)


POOL = [
    ((1, 2, 6, 6), dict(kernel=(2, 2), stride=(2, 2))),
    ((2, 2, 5, 5), dict(kernel=(3, 3), stride=(2, 2), pooling_convention='full')),
    ((2, 2, 5, 5), dict(kernel=(3, 3), stride=(2, 2), pool_type='avg')),
    ((2, 2, 5, 5), dict(kernel=(3, 3), stride=(2, 2), pool_type='avg',
                        pooling_convention='full')),
    ((2, 2, 5, 5), dict(kernel=(3, 3), stride=(1, 1), pad=(1, 1), pool_type='avg')),
    ((2, 2, 5, 5), dict(kernel=(3, 3), stride=(1, 1), pad=(1, 1), pool_type='avg',
                        count_include_pad=False)),
    ((2, 2, 5, 5), dict(kernel=(3, 3), pad=(1, 1))),
    ((2, 2, 5, 4), dict(kernel=(2, 2), stride=(1, 2), pool_type='sum')),
    ((2, 3, 4, 5), dict(global_pool=True, kernel=(1, 1))),
    ((2, 3, 4, 5), dict(global_pool=True, pool_type='avg', kernel=(1, 1))),
    ((2, 3, 8), dict(kernel=(2,), stride=(2,))),
    ((2, 3, 8), dict(kernel=(3,), stride=(1,), pool_type='avg')),
]


@pytest.mark.parametrize('shape,params', POOL)
def test_pooling(rng, shape, params):
    args = {'x': _r(rng, *shape)}   # continuous values: no ties for max

    def build(lib):
        return lib.sym.Pooling(lib.sym.var('x'), name='pool', **params)

    out_shape = build(mx).infer_shape(x=shape)[1][0]
    assert build(tutor).infer_shape(x=shape)[1][0] == out_shape
    ref, got = run_both(build, args, steps=(('fwd', True), ('bwd', [_r(rng, *out_shape)])))
    assert_same(ref, got, rtol=1e-4, atol=1e-5)


def test_lenet_like_network(rng):
    """conv → relu → max pool → flatten → FC → SoftmaxOutput: every gradient."""
    def build(lib):
        net = lib.sym.Convolution(lib.sym.var('data'), name='c1', kernel=(3, 3), num_filter=4)
        net = lib.sym.Activation(net, name='r1', act_type='relu')
        net = lib.sym.Pooling(net, name='p1', kernel=(2, 2), stride=(2, 2))
        net = lib.sym.FullyConnected(lib.sym.flatten(net, name='f'), name='fc', num_hidden=3)
        return lib.sym.SoftmaxOutput(net, name='sm')

    arg_shapes = build(tutor).infer_shape(data=(4, 1, 8, 8))[0]
    args = {n: _r(rng, *s) for n, s in zip(build(tutor).list_arguments(), arg_shapes)}
    args['sm_label'] = rng.randint(0, 3, 4).astype(F32)
    ref, got = run_both(build, args)
    assert_same(ref, got, rtol=1e-4, atol=1e-5)
