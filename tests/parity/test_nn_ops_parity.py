"""Neural-network layers against real MXNet 1.9.1: LeakyReLU (leaky, prelu, elu, selu, gelu,
rrelu at inference), log_softmax and softmin, LayerNorm, InstanceNorm, L2Normalization:
forward, every gradient (grad_req write and add), arguments and their variables' attributes,
infer_shape incl. unknown (0) lengths, auto names and JSON bytes.

Run: MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity/test_nn_ops_parity.py
"""
import numpy as np
import pytest

mx = pytest.importorskip('mxnet')
import tutor  # noqa: E402
from _both import LIBS, assert_same, error_of, run, run_both, same_error_type  # noqa: E402
from test_math_ops_parity import tutor_op_shapes  # noqa: E402

F32 = np.float32


def _r(rng, *shape, lo=-2.0, hi=2.0):
    return rng.uniform(lo, hi, shape).astype(F32)


def _off_zero(a, eps=0.05):
    a = a.copy()
    a[np.abs(a) < eps] = 2 * eps
    return a


def _steps(*heads):
    return (('fwd', True), ('bwd', list(heads)), ('fwd', True), ('bwd', [2 * h for h in heads]))


def _args_for(build, rng, **shapes):
    """Random inputs for every argument of ``build(tutor)``, shapes from infer_shape."""
    sym = build(tutor)
    arg_shapes, out_shapes, _ = sym.infer_shape(**shapes)
    args = {n: _r(rng, *s) for n, s in zip(sym.list_arguments(), arg_shapes)}
    return args, out_shapes


# ---------------------------------------------------------------------------------------
# LeakyReLU

LEAKY = [dict(act_type='leaky'), dict(act_type='leaky', slope=0.1), dict(),
         dict(act_type='elu'), dict(act_type='elu', slope=0.7), dict(act_type='selu'),
         dict(act_type='gelu'), dict(act_type='prelu')]


@pytest.mark.parametrize('params', LEAKY)
@pytest.mark.parametrize('shape', [(3, 4), (2, 3, 2, 2)])
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_leaky_relu(rng, params, shape, grad_req):
    def build(lib):
        return lib.sym.LeakyReLU(lib.sym.var('x'), name='lr', **params)

    args, outs = _args_for(build, rng, x=shape)
    args['x'] = _off_zero(args['x'])
    ref, got = run_both(build, args, steps=_steps(_r(rng, *outs[0])), grad_req=grad_req)
    # selu: MXNet's gradient for x < 0 is wrong (test_differences.py); outputs agree
    assert_same(ref, got, rtol=1e-5, atol=2e-6, grads=params.get('act_type') != 'selu')


@pytest.mark.parametrize('gshape', [(1,), (3,)])
def test_prelu_with_a_given_gamma(rng, gshape):
    """A gamma variable passed in gets MXNet's initializer stamp; (1,) is one shared slope."""
    def build(lib):
        return lib.sym.LeakyReLU(lib.sym.var('x'), gamma=lib.sym.var('g'), act_type='prelu',
                                 name='lr')

    args = {'x': _off_zero(_r(rng, 4, 3, 2)), 'g': _r(rng, *gshape, lo=0.05, hi=0.5)}
    ref, got = run_both(build, args, steps=_steps(_r(rng, 4, 3, 2)))
    assert_same(ref, got)
    assert build(tutor).attr_dict() == build(mx).attr_dict()


def test_rrelu_at_inference_uses_the_middle_slope(rng):
    """(MXNet 1.9.1's CPU build cannot run rrelu in training: test_nn_ops.py checks tutor's.)"""
    x = _off_zero(_r(rng, 3, 5))
    for params in ({}, dict(lower_bound=0.2, upper_bound=0.5)):
        def build(lib):
            return lib.sym.LeakyReLU(lib.sym.var('x'), act_type='rrelu', name='lr', **params)
        ref = run(mx, build, {'x': x}, steps=(('fwd', False),))
        got = run(tutor, build, {'x': x}, steps=(('fwd', False),))
        np.testing.assert_allclose(got.outputs[0], ref.outputs[0], rtol=1e-6)
        assert build(tutor).list_outputs() == build(mx).list_outputs() == ['lr_output',
                                                                           'lr_mask']


@pytest.mark.parametrize('shape', [(2, 3, 4), (0, 3, 4), (2, 0, 4)])
def test_prelu_infer_shape_partial(shape):
    s = mx.sym.LeakyReLU(mx.sym.var('x'), act_type='prelu')
    ref = s.infer_shape_partial(x=shape)
    op_ins = tutor_op_shapes('LeakyReLU', [shape, None], act_type='prelu')
    assert op_ins == ref[1]
    assert tutor.sym.LeakyReLU(tutor.sym.var('x'), act_type='prelu').infer_shape(
        x=(2, 3, 4))[0] == [(2, 3, 4), (3,)]


@pytest.mark.parametrize('fn', [
    lambda lib: lib.sym.LeakyReLU(lib.sym.var('x'), act_type='foo'),
    lambda lib: lib.sym.LeakyReLU(lib.sym.var('x'), gamma=lib.sym.var('g'), act_type='leaky'),
    lambda lib: lib.sym.LeakyReLU(lib.sym.var('x'), act_type='prelu').infer_shape(x=(4,)),
])
def test_leaky_relu_errors_have_mxnet_type(fn):
    same_error_type(error_of(fn, mx), error_of(fn, tutor))


# ---------------------------------------------------------------------------------------
# log_softmax, softmin

SOFT = [((4, 5), {}), ((4, 5), dict(axis=0)), ((2, 3, 4), dict(axis=1)),
        ((3, 6), dict(temperature=2.5)), ((2, 3, 4), dict(axis=-2, temperature=0.5))]


@pytest.mark.parametrize('op', ['log_softmax', 'softmin'])
@pytest.mark.parametrize('shape,params', SOFT)
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_log_softmax_and_softmin(rng, op, shape, params, grad_req):
    def build(lib):
        return getattr(lib.sym, op)(lib.sym.var('x'), name='s', **params)

    ref, got = run_both(build, {'x': _r(rng, *shape, lo=-4, hi=4)},
                        steps=_steps(_r(rng, *shape)), grad_req=grad_req)
    assert_same(ref, got)


def test_log_softmax_of_large_inputs_is_finite(rng):
    x = np.array([[1000.0, 0.0, -1000.0]], F32)

    def build(lib):
        return lib.sym.log_softmax(lib.sym.var('x'), name='s')

    ref, got = run_both(build, {'x': x}, steps=_steps(np.ones((1, 3), F32)))
    assert np.all(np.isfinite(got.outputs[0]))
    assert_same(ref, got)


# ---------------------------------------------------------------------------------------
# LayerNorm, InstanceNorm, L2Normalization

NORMS = [
    ('LayerNorm', (4, 5), {}), ('LayerNorm', (2, 3, 4), dict(axis=1)),
    ('LayerNorm', (2, 3, 4), dict(axis=-1, eps=1e-3)), ('LayerNorm', (3, 4, 2), dict(axis=0)),
    ('InstanceNorm', (2, 3, 5), {}), ('InstanceNorm', (2, 3, 2, 3), dict(eps=1e-5)),
    ('L2Normalization', (3, 4), {}), ('L2Normalization', (2, 3, 4), {}),
    ('L2Normalization', (2, 3, 2, 2), dict(mode='channel')),
    ('L2Normalization', (2, 3, 4), dict(mode='spatial', eps=1e-4)),
]


@pytest.mark.parametrize('op,shape,params', NORMS)
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_norms(rng, op, shape, params, grad_req):
    def build(lib):
        return getattr(lib.sym, op)(lib.sym.var('x'), name='n', **params)

    args, outs = _args_for(build, rng, x=shape)
    ref, got = run_both(build, args, steps=_steps(_r(rng, *outs[0])), grad_req=grad_req)
    assert_same(ref, got, rtol=1e-4, atol=1e-5)


def test_layer_norm_output_mean_var(rng):
    def build(lib):
        return lib.sym.LayerNorm(lib.sym.var('x'), name='n', axis=1, output_mean_var=True)

    assert build(tutor).list_outputs() == build(mx).list_outputs()
    args, outs = _args_for(build, rng, x=(2, 3, 4))
    assert [tuple(s) for s in outs] == build(mx).infer_shape(x=(2, 3, 4))[1]
    ref, got = run_both(build, args, steps=(('fwd', True),))
    assert_same(ref, got, rtol=1e-4, atol=1e-5, grads=False)
    heads = [_r(rng, *s) for s in outs]   # the mean and std heads add nothing in MXNet
    ref, got = run_both(build, args, steps=(('fwd', True), ('bwd', heads)))
    assert_same(ref, got, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize('op,params', [('LayerNorm', {}), ('LayerNorm', dict(axis=1)),
                                       ('InstanceNorm', {}), ('L2Normalization', {}),
                                       ('L2Normalization', dict(mode='channel'))])
@pytest.mark.parametrize('shape', [(2, 3, 4), (0, 3, 4), (2, 0, 4), (2, 3, 0)])
def test_norm_infer_shape_partial(op, params, shape):
    s = getattr(mx.sym, op)(mx.sym.var('x'), **params)
    ref = s.infer_shape_partial(x=shape)
    n_in = len(s.list_arguments())
    got_outs = tutor_op_shapes(op, [shape] + [None] * (n_in - 1), **params)
    assert got_outs[:len(ref[1])] == ref[1]
    from tutor.symbol.op import OPS
    tin = OPS[op]({k: str(v) for k, v in params.items()}, 't').infer_shape(
        [shape] + [None] * (n_in - 1), [])[0]
    assert [tuple(t) if t is not None else () for t in tin] == ref[0]


SYM_PARTIAL = [
    (lambda s: s.LayerNorm(s.var('x')), dict(x=(2, 3, 0))),
    (lambda s: s.LayerNorm(s.var('x'), axis=1, output_mean_var=True), dict(x=(0, 3, 4))),
    (lambda s: s.InstanceNorm(s.var('x')), dict(x=(0, 3, 4))),
    (lambda s: s.L2Normalization(s.var('x'), mode='channel'), dict(x=(0, 3, 4))),
    (lambda s: s.LeakyReLU(s.var('x'), act_type='prelu'), dict(x=(0, 3, 4))),
    (lambda s: s.log_softmax(s.var('x')), dict(x=(0, 3))),
    (lambda s: s.FullyConnected(s.LayerNorm(s.var('x')), num_hidden=5), dict(x=(0, 3))),
]


@pytest.mark.parametrize('i', range(len(SYM_PARTIAL)))
def test_symbol_infer_shape_partial(i):
    """Through the whole solver: unknown (0) lengths filled where they can be."""
    build, shapes = SYM_PARTIAL[i]
    got = [build(lib.sym).infer_shape_partial(**shapes) for _, lib in LIBS]
    assert got[1] == got[0]


@pytest.mark.parametrize('fn', [
    lambda lib: lib.sym.InstanceNorm(lib.sym.var('x')).simple_bind(lib.cpu(), x=(4, 3)).forward(),
    lambda lib: lib.sym.LayerNorm(lib.sym.var('x'), axis=3).infer_shape(x=(4, 3)),
    lambda lib: lib.sym.L2Normalization(lib.sym.var('x'), mode='foo'),
])
def test_norm_errors_have_mxnet_type(fn):
    same_error_type(error_of(fn, mx), error_of(fn, tutor))


# ---------------------------------------------------------------------------------------
# names and JSON

def _all_nn(lib):
    x = lib.sym.var('x')
    outs = [lib.sym.LeakyReLU(x, **p) for p in LEAKY]
    outs += [lib.sym.LeakyReLU(x, act_type='rrelu', lower_bound=0.2),
             lib.sym.LeakyReLU(x, gamma=lib.sym.var('g'), act_type='prelu'),
             lib.sym.log_softmax(x), lib.sym.log_softmax(x, axis=0, temperature=2.0),
             lib.sym.softmin(x, axis=1), lib.sym.LayerNorm(x), lib.sym.InstanceNorm(x, eps=0.01),
             lib.sym.LayerNorm(x, axis=1, output_mean_var=True, eps=1e-3),
             lib.sym.L2Normalization(x), lib.sym.L2Normalization(x, mode='spatial', eps=1e-5)]
    return lib.sym.Group(outs)


def test_auto_names_and_json_are_mxnet_s():
    syms = []
    for _, lib in LIBS:
        with lib.name.NameManager():
            syms.append(_all_nn(lib))
    ref, got = syms
    assert got.list_outputs() == ref.list_outputs()
    assert got.list_arguments() == ref.list_arguments()
    assert got.tojson() == ref.tojson()
    assert tutor.sym.load_json(ref.tojson()).tojson() == ref.tojson()


COVERED = {'LeakyReLU', 'log_softmax', 'softmin', 'LayerNorm', 'InstanceNorm',
           'L2Normalization'}
