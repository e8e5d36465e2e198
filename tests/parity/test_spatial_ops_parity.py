"""Image layers against real MXNet 1.9.1: Deconvolution (kernel, stride, pad, adj,
target_shape, dilate, num_group, no_bias; 1-D and 2-D), UpSampling (nearest with one or
several inputs, concat and sum; bilinear), LRN: forward, every gradient (grad_req write and
add), infer_shape incl. unknown (0) lengths, auto names and JSON bytes.

Run: MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity/test_spatial_ops_parity.py
"""
import numpy as np
import pytest

mx = pytest.importorskip('mxnet')
import tutor  # noqa: E402
from _both import LIBS, assert_same, error_of, run_both, same_error_type  # noqa: E402
from test_math_ops_parity import tutor_op_shapes  # noqa: E402

F32 = np.float32


def _r(rng, *shape, lo=-1.0, hi=1.0):
    return rng.uniform(lo, hi, shape).astype(F32)


def _check(rng, build, grad_req='write', rtol=1e-4, atol=1e-5, **shapes):
    """Same shapes from infer_shape on both sides, then forward/backward twice."""
    ref_shapes = build(mx).infer_shape(**shapes)
    got_shapes = build(tutor).infer_shape(**shapes)
    assert got_shapes == ref_shapes
    names = build(tutor).list_arguments()
    assert names == build(mx).list_arguments()
    args = {n: _r(rng, *s) for n, s in zip(names, got_shapes[0])}
    head = _r(rng, *got_shapes[1][0])
    steps = (('fwd', True), ('bwd', [head]), ('fwd', True), ('bwd', [2 * head]))
    ref, got = run_both(build, args, steps=steps, grad_req=grad_req)
    assert_same(ref, got, rtol=rtol, atol=atol)


# ---------------------------------------------------------------------------------------
# Deconvolution

DECONV = [
    ((2, 4, 5, 5), dict(kernel=(3, 3), num_filter=4)),
    ((2, 4, 5, 5), dict(kernel=(3, 3), num_filter=4, stride=(2, 2), pad=(1, 1), adj=(1, 1))),
    ((2, 4, 5, 5), dict(kernel=(4, 4), num_filter=4, stride=(2, 2), target_shape=(10, 10))),
    ((2, 3, 4, 4), dict(kernel=(3, 3), num_filter=2, stride=(2, 2), target_shape=(8, 9))),
    ((2, 4, 5), dict(kernel=(3,), num_filter=2, stride=(2,))),
    ((2, 4, 5, 5), dict(kernel=(3, 3), num_filter=6, num_group=2, no_bias=False, dilate=(2, 2))),
    ((1, 2, 3, 4), dict(kernel=(2, 3), num_filter=3, stride=(2, 3), pad=(1, 0), no_bias=False)),
]


@pytest.mark.parametrize('shape,params', DECONV)
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_deconvolution(rng, shape, params, grad_req):
    def build(lib):
        return lib.sym.Deconvolution(lib.sym.var('x'), name='dc', **params)

    _check(rng, build, grad_req, x=shape)


def test_deconvolution_undoes_the_shape_of_a_convolution(rng):
    """conv (stride 2) then deconv with the same geometry and adj: back to the input size."""
    def build(lib):
        c = lib.sym.Convolution(lib.sym.var('x'), kernel=(3, 3), stride=(2, 2), pad=(1, 1),
                                num_filter=3, name='c')
        return lib.sym.Deconvolution(c, kernel=(3, 3), stride=(2, 2), pad=(1, 1), adj=(1, 1),
                                     num_filter=2, no_bias=False, name='d')

    _check(rng, build, x=(2, 2, 6, 6))


@pytest.mark.parametrize('shape', [(0, 4, 5, 5), (2, 4, 0, 5), (2, 0, 5, 5)])
def test_deconvolution_infer_shape_partial(shape):
    params = dict(kernel=(3, 3), num_filter=4, stride=(2, 2))
    ref = mx.sym.Deconvolution(mx.sym.var('x'), **params).infer_shape_partial(x=shape)
    assert tutor_op_shapes('Deconvolution', [shape, None], **params) == ref[1]
    from tutor.symbol.op import OPS
    ins = OPS['Deconvolution']({k: str(v) for k, v in params.items()}, 't').infer_shape(
        [shape, None], [])[0]
    assert [tuple(s) for s in ins] == ref[0]


@pytest.mark.parametrize('fn', [
    lambda lib: lib.sym.Deconvolution(lib.sym.var('x'), num_filter=2),
    lambda lib: lib.sym.Deconvolution(lib.sym.var('x'), kernel=(3, 3), num_filter=3,
                                      num_group=2).infer_shape(x=(1, 4, 3, 3)),
    lambda lib: lib.sym.Deconvolution(lib.sym.var('x'), kernel=(3, 3), num_filter=3,
                                      target_shape=(20, 20)).infer_shape(x=(1, 4, 3, 3)),
    lambda lib: lib.sym.Deconvolution(lib.sym.var('x'), kernel=(3, 3), num_filter=3
                                      ).infer_shape(x=(1, 4, 3, 3), dc_weight=(4, 3, 2, 2)),
])
def test_deconvolution_errors_have_mxnet_type(fn):
    same_error_type(error_of(fn, mx), error_of(fn, tutor))


# ---------------------------------------------------------------------------------------
# UpSampling

@pytest.mark.parametrize('scale', [1, 2, 3])
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_upsampling_nearest(rng, scale, grad_req):
    def build(lib):
        return lib.sym.UpSampling(lib.sym.var('x'), scale=scale, sample_type='nearest',
                                  name='up')

    _check(rng, build, grad_req, rtol=1e-5, atol=1e-6, x=(2, 3, 2, 3))


@pytest.mark.parametrize('mode,shapes', [('concat', dict(a=(2, 3, 4, 4), b=(2, 2, 2, 2))),
                                         ('sum', dict(a=(2, 3, 4, 4), b=(2, 3, 8, 8)))])
def test_upsampling_nearest_several_inputs(rng, mode, shapes):
    def build(lib):
        return lib.sym.UpSampling(lib.sym.var('a'), lib.sym.var('b'), scale=2,
                                  sample_type='nearest', multi_input_mode=mode, name='up')

    _check(rng, build, rtol=1e-5, atol=1e-6, **shapes)


@pytest.mark.parametrize('scale', [2, 3])
def test_upsampling_bilinear(rng, scale):
    def build(lib):
        return lib.sym.UpSampling(lib.sym.var('x'), scale=scale, sample_type='bilinear',
                                  num_filter=3, name='up')

    _check(rng, build, x=(2, 3, 3, 4))


def test_upsampling_names_its_own_inputs():
    for _, lib in LIBS:
        assert lib.sym.UpSampling(scale=2, sample_type='nearest', num_args=2,
                                  name='up').list_arguments() == ['up_arg0', 'up_arg1']


@pytest.mark.parametrize('fn', [
    lambda lib: lib.sym.UpSampling(lib.sym.var('x'), scale=2, sample_type='nearest'
                                   ).infer_shape(x=(2, 3, 4)),
    lambda lib: lib.sym.UpSampling(lib.sym.var('a'), lib.sym.var('b'), scale=2,
                                   sample_type='nearest').infer_shape(a=(2, 3, 4, 4),
                                                                      b=(2, 5, 3, 3)),
    lambda lib: lib.sym.UpSampling(lib.sym.var('a'), lib.sym.var('b'), scale=2,
                                   sample_type='nearest', multi_input_mode='sum'
                                   ).infer_shape(a=(2, 3, 4, 4), b=(2, 5, 4, 4)),
    lambda lib: lib.sym.UpSampling(lib.sym.var('x'), scale=2),
    lambda lib: lib.sym.UpSampling(lib.sym.var('a'), lib.sym.var('b'), scale=2,
                                   sample_type='nearest', num_args=1),
])
def test_upsampling_errors_have_mxnet_type(fn):
    same_error_type(error_of(fn, mx), error_of(fn, tutor))


# ---------------------------------------------------------------------------------------
# LRN

@pytest.mark.parametrize('shape,params', [
    ((2, 5, 3, 3), dict(nsize=3)), ((2, 6, 2, 2), dict(nsize=5, alpha=0.01, beta=0.5, knorm=1)),
    ((1, 4, 2, 3), dict(nsize=1, alpha=0.5)), ((2, 7, 1, 2), dict(nsize=7, alpha=0.1)),
])
def test_lrn(rng, shape, params):
    """(grad_req='add': MXNet overwrites instead of adding, see test_differences.py)"""
    def build(lib):
        return lib.sym.LRN(lib.sym.var('x'), name='lrn', **params)

    _check(rng, build, rtol=1e-5, atol=1e-6, x=shape)


@pytest.mark.parametrize('shape,nsize', [((3, 4), 3), ((1, 4, 2, 2), 4)])
def test_lrn_runs_only_on_4d_data_and_odd_nsize_as_in_mxnet(shape, nsize):
    def fn(lib):
        exe = lib.sym.LRN(lib.sym.var('x'), nsize=nsize).simple_bind(lib.cpu(), x=shape)
        return exe.forward()
    for _, lib in LIBS:
        assert lib.sym.LRN(lib.sym.var('x'), nsize=nsize).infer_shape(x=shape)[1] == [shape]
    same_error_type(error_of(fn, mx), error_of(fn, tutor))


# ---------------------------------------------------------------------------------------
# names and JSON

def _all_spatial(lib):
    x, y = lib.sym.var('x'), lib.sym.var('y')
    outs = [lib.sym.Deconvolution(x, **p) for _, p in DECONV]
    outs += [lib.sym.UpSampling(x, scale=2, sample_type='nearest'),
             lib.sym.UpSampling(x, y, scale=3, sample_type='nearest', multi_input_mode='sum'),
             lib.sym.UpSampling(x, scale=2, sample_type='bilinear', num_filter=4),
             lib.sym.LRN(x, nsize=3), lib.sym.LRN(x, nsize=5, alpha=0.001, knorm=1.5)]
    return lib.sym.Group(outs)


def test_auto_names_and_json_are_mxnet_s():
    syms = []
    for _, lib in LIBS:
        with lib.name.NameManager():
            syms.append(_all_spatial(lib))
    ref, got = syms
    assert got.list_arguments() == ref.list_arguments()
    assert got.tojson() == ref.tojson()
    assert tutor.sym.load_json(ref.tojson()).tojson() == ref.tojson()


COVERED = {'Deconvolution', 'UpSampling', 'LRN'}
