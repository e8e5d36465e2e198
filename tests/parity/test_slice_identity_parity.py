"""transpose, expand_dims, slice/crop, slice_axis, BlockGrad/stop_gradient,
zeros_like, ones_like and Cast/cast against real MXNet 1.9.1: names, JSON bytes, forward,
every gradient (write and add), shapes incl. partial ones, errors alike.

Run: MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity/test_slice_identity_parity.py
"""
import numpy as np
import pytest

mx = pytest.importorskip('mxnet')
import tutor  # noqa: E402
from _array_cases import (F32, graph_alike, heads_for, shapes_alike,  # noqa: E402
                          values_alike)
from _both import errors_alike, run_both  # noqa: E402

COVERED = {'transpose', 'expand_dims', 'slice', 'slice_axis', 'BlockGrad', 'zeros_like',
           'ones_like', 'Cast'}


def _r(rng, *shape):
    return rng.uniform(-2, 2, shape).astype(F32)


def _one_op(fn, **params):
    def build(lib):
        return getattr(lib.sym, fn)(lib.sym.var('x'), name='op', **params)
    return build


def _values(rng, fn, shape, params, grad_req):
    args = {'x': _r(rng, *shape)}
    build = _one_op(fn, **params)
    values_alike(build, args, heads_for(build, args, rng), grad_req)


# --- transpose and expand_dims -------------------------------------------------------------

TRANSPOSE = [((2, 3, 4), {}), ((2, 3, 4), dict(axes=(1, 0, 2))), ((2, 3), dict(axes=(1, 0))),
             ((2, 3, 4, 5), dict(axes=(3, 1, 0, 2))), ((2, 3, 4), dict(axes=()))]


@pytest.mark.parametrize('shape,params', TRANSPOSE)
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_transpose_values(rng, shape, params, grad_req):
    _values(rng, 'transpose', shape, params, grad_req)


@pytest.mark.parametrize('shape,params', TRANSPOSE + [
    ((0, 3, 4), dict(axes=(2, 0, 1))), ((2, 3, 4), dict(axes=(-1, 0, 1))),
    ((2, 3, 4), dict(axes=(1, 0)))])
def test_transpose_shapes(shape, params):
    shapes_alike(_one_op('transpose', **params), {'x': shape})


EXPAND = [((2, 3), 0), ((2, 3), 2), ((2, 3), -1), ((2, 3), -3), ((4,), 1)]


@pytest.mark.parametrize('shape,axis', EXPAND)
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_expand_dims_values(rng, shape, axis, grad_req):
    _values(rng, 'expand_dims', shape, dict(axis=axis), grad_req)


@pytest.mark.parametrize('shape,axis', EXPAND + [((2, 3), 3), ((2, 3), -4), ((0, 3), 1)])
def test_expand_dims_shapes(shape, axis):
    shapes_alike(_one_op('expand_dims', axis=axis), {'x': shape})


# --- slice and slice_axis ------------------------------------------------------------------

SLICE = [
    dict(begin=(0, 1), end=(2, 3)), dict(begin=(None, 1), end=(None, None)),
    dict(begin=(-2,), end=(None,)), dict(begin=(0, 3), end=(3, 0), step=(1, -1)),
    dict(begin=(None, None), end=(None, None), step=(-1, -2)), dict(begin=(0,), end=(5,)),
    dict(begin=(-5,), end=(2,)), dict(begin=(1,), end=(-1,)), dict(begin=(0,), end=(3,), step=(2,)),
    dict(begin=(-1,), end=(-4,), step=(-1,)), dict(begin=(-1,), end=(None,), step=(-1,)),
    dict(begin=(5,), end=(None,), step=(-1,)), dict(begin=(1, -1), end=(3, -4), step=(None, -2)),
    dict(begin=[0, 0], end=[1, 2]),
]


@pytest.mark.parametrize('fn', ['slice', 'crop'])
@pytest.mark.parametrize('params', SLICE)
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_slice_values(rng, fn, params, grad_req):
    _values(rng, fn, (3, 4), params, grad_req)


@pytest.mark.parametrize('shape,params', [((3, 4), p) for p in SLICE] + [
    ((0, 4), dict(begin=(0, 1), end=(2, 3))), ((3, 0), dict(begin=(0, 1), end=(2, 3))),
    ((3, 4), dict(begin=(0, 1, 0), end=(2, 3, 1))), ((3, 4), dict(begin=(0,), end=(2, 3))),
    ((3, 4), dict(begin=(0,), end=(3,), step=(0,))), ((3, 4), dict(begin=(2,), end=(1,))),
])
def test_slice_shapes(shape, params):
    shapes_alike(_one_op('slice', **params), {'x': shape})


SLICE_AXIS = [dict(axis=1, begin=0, end=2), dict(axis=-1, begin=-2, end=None),
              dict(axis=0, begin=1, end=-1), dict(axis=0, begin=0, end=3)]


@pytest.mark.parametrize('params', SLICE_AXIS)
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_slice_axis_values(rng, params, grad_req):
    _values(rng, 'slice_axis', (3, 4), params, grad_req)


@pytest.mark.parametrize('shape,params', [((3, 4), p) for p in SLICE_AXIS] + [
    ((3, 4), dict(axis=0, begin=2, end=1)), ((3, 4), dict(axis=0, begin=0, end=5)),
    ((3, 4), dict(axis=2, begin=0, end=1)), ((0, 4), dict(axis=0, begin=0, end=2)),
    ((0, 4), dict(axis=1, begin=0, end=2)), ((3, 0), dict(axis=1, begin=0, end=None)),
    ((3, 4), dict(axis=1, begin=-5, end=None)),
])
def test_slice_axis_shapes(shape, params):
    shapes_alike(_one_op('slice_axis', **params), {'x': shape})


@pytest.mark.parametrize('make', [
    lambda lib, a: lib.sym.transpose(a), lambda lib, a: lib.sym.transpose(a, axes=(1, 0)),
    lambda lib, a: lib.sym.expand_dims(a, axis=1),
    lambda lib, a: lib.sym.slice(a, begin=(0, 1), end=(2, None)),
    lambda lib, a: lib.sym.slice(a, begin=(0, 1), end=(2, 3), step=(1, 2)),
    lambda lib, a: lib.sym.crop(a, begin=(0,), end=(1,)),
    lambda lib, a: lib.sym.slice_axis(a, axis=1, begin=0, end=None),
    lambda lib, a: lib.sym.slice_axis(a, axis=1, begin=0, end=2),
    lambda lib, a: lib.sym.BlockGrad(a), lambda lib, a: lib.sym.stop_gradient(a),
    lambda lib, a: lib.sym.zeros_like(a),
    lambda lib, a: lib.sym.ones_like(a), lambda lib, a: lib.sym.Cast(a, dtype='int32'),
    lambda lib, a: lib.sym.cast(a, dtype='float16'),
    lambda lib, a: lib.sym.Cast(a, dtype=np.int8, name='c'),
])
def test_graph(make):
    graph_alike(lambda lib: make(lib, lib.sym.var('a')))


def test_slice_without_end_is_refused():
    errors_alike(lambda lib: lib.sym.slice(lib.sym.var('a'), begin=(0,)))


# --- BlockGrad, zeros_like, ones_like --------------------------------------------------------

@pytest.mark.parametrize('fn', ['BlockGrad', 'stop_gradient', 'zeros_like', 'ones_like'])
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_identity_like_values(rng, fn, grad_req):
    """Inside a graph, so x also gets a gradient through another path (x·v). (Not through
    x + ...: MXNet's elemwise_add is wrong with grad_req 'add', test_differences.py.)"""
    args = {'x': _r(rng, 3, 4), 'w': _r(rng, 3, 4), 'v': _r(rng, 3, 4)}

    def build(lib):
        x = lib.sym.var('x')
        return lib.sym.Group([getattr(lib.sym, fn)(x, name='op') * lib.sym.var('w'),
                              x * lib.sym.var('v')])

    values_alike(build, args, [_r(rng, 3, 4), _r(rng, 3, 4)], grad_req)


@pytest.mark.parametrize('fn', ['BlockGrad', 'zeros_like', 'ones_like'])
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_identity_like_alone(rng, fn, grad_req):
    _values(rng, fn, (2, 3), {}, grad_req)


@pytest.mark.parametrize('fn', ['BlockGrad', 'zeros_like', 'Cast'])
def test_identity_like_shapes(fn):
    params = {'dtype': 'int32'} if fn == 'Cast' else {}
    for shape in [(2, 3), (0, 3), (4,)]:
        shapes_alike(_one_op(fn, **params), {'x': shape})


# --- Cast ----------------------------------------------------------------------------------

@pytest.mark.parametrize('dtype', ['float32', 'float64', 'float16', 'int32', 'int64', 'int8',
                                   'uint8', 'bool'])
def test_cast_values(rng, dtype):
    """Truncation toward zero, wrap-around for small integer types, bool = x != 0; heads
    that are whole numbers (an integer output's head gradient is an integer)."""
    x = np.array([[1.7, -1.7, 300.5], [-2.5, 0.49, 0.0]], F32)
    head = np.array([[1, 2, 3], [4, 5, -6]], F32)
    build = _one_op('Cast', dtype=dtype)
    ref, got = run_both(build, {'x': x}, steps=(('fwd', True), ('bwd', [head])))
    np.testing.assert_array_equal(got.outputs[0].astype(np.float64),
                                  ref.outputs[0].astype(np.float64))
    np.testing.assert_array_equal(got.grads['x'], ref.grads['x'])


def test_cast_to_an_unknown_type_is_refused():
    errors_alike(lambda lib: lib.sym.Cast(lib.sym.var('a'), dtype='complex64'))
    errors_alike(lambda lib: lib.sym.Cast(lib.sym.var('a'), dtype='nope'))
    errors_alike(lambda lib: lib.sym.Cast(lib.sym.var('a')))


@pytest.mark.parametrize('make', [
    lambda lib, a: lib.sym.transpose(a, axes=(1, 0)),
    lambda lib, a: lib.sym.expand_dims(a, axis=1), lambda lib, a: lib.sym.expand_dims(a, axis=-1),
    lambda lib, a: lib.sym.BlockGrad(a),
    lambda lib, a: lib.sym.zeros_like(a), lambda lib, a: lib.sym.ones_like(a),
    lambda lib, a: lib.sym.Cast(a, dtype='float32'), lambda lib, a: lib.sym.SwapAxis(a),
    lambda lib, a: lib.sym.slice_axis(a, axis=0, begin=0, end=2),
])
def test_shapes_inferred_backwards_from_the_output(make):
    """x's shape from the output's, where MXNet infers it (op(x) + d, d known)."""
    for shapes in [dict(d=(4, 3)), dict(d=(4, 1, 3)), dict(d=(4, 3, 1))]:
        try:
            want = make(mx, mx.sym.var('x')) + mx.sym.var('d')
            want = want.infer_shape_partial(**shapes)
        except mx.base.MXNetError:
            continue
        got = (make(tutor, tutor.sym.var('x')) + tutor.sym.var('d')).infer_shape_partial(**shapes)
        assert got == want


@pytest.mark.parametrize('make', [
    lambda lib, x, i: lib.sym.stop_gradient(lib.sym.batch_take(x, i)),
    lambda lib, x, i: lib.sym.argmax(x, axis=1), lambda lib, x, i: lib.sym.topk(x),
    lambda lib, x, i: lib.sym.one_hot(i, depth=3), lambda lib, x, i: lib.sym.ones_like(x),
    lambda lib, x, i: lib.sym.argsort(x),
    lambda lib, x, i: lib.sym.Group([lib.sym.BlockGrad(x), lib.sym.zeros_like(x)]),
])
def test_nothing_behind_a_zero_gradient_needs_a_head_or_runs(make):
    """MXNet's test_zero_prop2: behind stop_gradient (argmax, ...) no head gradient is
    needed, batch_take (which has no gradient) never runs backward, and 'write' gradients
    become 0."""
    ran = {}
    for name, lib in (('mxnet', mx), ('tutor', tutor)):
        sym = make(lib, lib.sym.var('x'), lib.sym.var('i'))
        shapes = {k: v for k, v in (('x', (4, 3)), ('i', (4,))) if k in sym.list_arguments()}
        types = {'x': np.float32, 'i': np.int32}
        exe = sym.simple_bind(lib.cpu(), type_dict={k: types[k] for k in shapes}, **shapes)
        for g in exe.grad_arrays:
            g[:] = 5
        exe.forward(is_train=True)
        exe.backward()
        ran[name] = [g.asnumpy().tolist() for g in exe.grad_arrays]
    assert ran['tutor'] == ran['mxnet']
