"""dot, batch_dot and the reductions sum/sum_axis, mean, prod, max/max_axis, min/min_axis
against real MXNet 1.9.1: names, JSON bytes, forward, every gradient (write and add), shapes
incl. partial ones, errors alike.

Run: MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity/test_dot_reduce_parity.py
"""
import numpy as np
import pytest

mx = pytest.importorskip('mxnet')
import tutor  # noqa: E402
from _array_cases import (F32, graph_alike, heads_for, shapes_alike,  # noqa: E402
                          values_alike)
from _both import errors_alike, run_both  # noqa: E402

COVERED = {'dot', 'batch_dot', 'sum', 'mean', 'prod', 'max', 'min', 'norm'}


def _r(rng, *shape):
    return rng.uniform(-2, 2, shape).astype(F32)


def _two(fn, **params):
    def build(lib):
        return getattr(lib.sym, fn)(lib.sym.var('a'), lib.sym.var('b'), name='op', **params)
    return build


def _one(fn, **params):
    def build(lib):
        return getattr(lib.sym, fn)(lib.sym.var('a'), name='op', **params)
    return build


DOT = [((2, 3), (3, 4), {}), ((3, 2), (3, 4), dict(transpose_a=True)),
       ((2, 3), (4, 3), dict(transpose_b=True)),
       ((3, 2), (4, 3), dict(transpose_a=True, transpose_b=True)),
       ((2, 3, 4), (4, 5), {}), ((2, 3, 4), (4, 5, 6), {}), ((3,), (3,), {}),
       ((3,), (3, 4), {}), ((2, 3), (3,), {}), ((3,), (3, 4), dict(transpose_a=True)),
       ((2, 3), (3,), dict(transpose_b=True)), ((2, 3, 4), (2, 5), dict(transpose_a=True)),
       ((2, 3), (5, 2, 3), dict(transpose_b=True))]


@pytest.mark.parametrize('sa,sb,params', DOT)
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_dot_values(rng, sa, sb, params, grad_req):
    args = {'a': _r(rng, *sa), 'b': _r(rng, *sb)}
    build = _two('dot', **params)
    values_alike(build, args, heads_for(build, args, rng), grad_req, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize('sa,sb,params', DOT + [
    ((3, 2), (3, 4), {}), ((2, 3), (4, 3), {}), ((2, 3, 4), (2, 5), {}),
    ((3,), (3,), dict(transpose_a=True)), ((0, 3), (3, 4), {}), ((2, 3), None, {}),
    (None, (3, 4), {})])
def test_dot_shapes(sa, sb, params):
    shapes = {k: v for k, v in (('a', sa), ('b', sb)) if v is not None}
    shapes_alike(_two('dot', **params), shapes)


BATCH_DOT = [((2, 3, 4), (2, 4, 5), {}), ((2, 4, 3), (2, 4, 5), dict(transpose_a=True)),
             ((2, 3, 4), (2, 5, 4), dict(transpose_b=True)),
             ((2, 4, 3), (2, 5, 4), dict(transpose_a=True, transpose_b=True)),
             ((2, 3, 4, 5), (2, 3, 5, 6), {})]


@pytest.mark.parametrize('sa,sb,params', BATCH_DOT)
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_batch_dot_values(rng, sa, sb, params, grad_req):
    args = {'a': _r(rng, *sa), 'b': _r(rng, *sb)}
    build = _two('batch_dot', **params)
    values_alike(build, args, heads_for(build, args, rng), grad_req, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize('sa,sb,params', BATCH_DOT + [
    ((2, 4, 3), (2, 4, 5), {}), ((2, 3, 4), (3, 4, 5), {}), ((2, 3), (2, 3), {}),
    ((2, 3, 4), None, {})])
def test_batch_dot_shapes(sa, sb, params):
    shapes = {k: v for k, v in (('a', sa), ('b', sb)) if v is not None}
    shapes_alike(_two('batch_dot', **params), shapes)


REDUCE = [dict(), dict(axis=1), dict(axis=(0, 2)), dict(axis=(0, 2), exclude=True),
          dict(axis=1, keepdims=True), dict(keepdims=True), dict(axis=(), exclude=True),
          dict(axis=-1), dict(axis=(0, 1, 2), exclude=True), dict(axis=[2, 0], keepdims=True)]


@pytest.mark.parametrize('fn', ['sum', 'mean', 'prod', 'max', 'min'])
@pytest.mark.parametrize('params', REDUCE)
def test_reduce_values(rng, fn, params):
    args = {'a': _r(rng, 2, 3, 4)}
    if fn == 'prod':    # no zeros (MXNet's gradient divides by x)
        args['a'] = np.sign(args['a']) * (np.abs(args['a']) + F32(0.5))
    build = _one(fn, **params)
    # (mean with grad_req 'add' is wrong in MXNet: test_mean_with_grad_req_add below)
    values_alike(build, args, heads_for(build, args, rng), 'write' if fn == 'mean' else 'add')


def test_mean_with_grad_req_add_accumulates_correctly():
    """MXNet 1.9.1's mean backward with grad_req='add' divides the gradient already there
    too: from 10, a head of 4 over 4 values gives (10 + 4)/4 = 3.5. tutor adds 4/4: 11."""
    seen = {}
    for name, lib in (('mxnet', mx), ('tutor', tutor)):
        exe = lib.sym.mean(lib.sym.var('a'), axis=1).bind(
            lib.cpu(), {'a': lib.nd.ones((2, 4))}, args_grad={'a': lib.nd.ones((2, 4)) * 10},
            grad_req='add')
        exe.forward(is_train=True)
        exe.backward([lib.nd.array([4, 8])])
        seen[name] = exe.grad_dict['a'].asnumpy()[:, 0].tolist()
    assert seen == {'mxnet': [3.5, 4.5], 'tutor': [11.0, 12.0]}


@pytest.mark.parametrize('fn,params', [('sum_axis', dict(axis=1)), ('max_axis', dict(axis=0)),
                                       ('min_axis', {}), ('sum', dict(axis=0)),
                                       ('prod', dict(axis=1))])
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_reduce_aliases_and_grad_req(rng, fn, params, grad_req):
    args = {'a': _r(rng, 3, 4)}
    build = _one(fn, **params)
    values_alike(build, args, heads_for(build, args, rng), grad_req)


def test_max_min_ties_share_the_gradient(rng):
    args = {'a': np.array([[1, 5, 5, 2], [7, 0, 9, 9], [3, 3, 3, 3]], F32)}
    for fn in ('max', 'min'):
        ref, got = run_both(_one(fn, axis=1), args,
                            steps=(('fwd', True), ('bwd', [np.array([1, 2, 3], F32)])))
        np.testing.assert_array_equal(got.grads['a'], ref.grads['a'])


def test_prod_gradient_at_zero_is_mxnets(rng):
    args = {'a': np.array([[1, 5, 5, 2], [7, 0, 9, 9]], F32)}
    ref, got = run_both(_one('prod', axis=1), args,
                        steps=(('fwd', True), ('bwd', [np.array([1, 2], F32)])))
    np.testing.assert_array_equal(got.grads['a'], ref.grads['a'])   # NaN where both NaN


@pytest.mark.parametrize('params', REDUCE + [dict(axis=3), dict(axis=(1, 1)), dict(axis=-4),
                                             dict(axis=(1, -2))])
@pytest.mark.parametrize('shape', [(2, 3, 4), (0, 3, 4)])
def test_reduce_shapes(params, shape):
    shapes_alike(_one('sum', **params), {'a': shape})


@pytest.mark.parametrize('make', [
    lambda lib, a, b: lib.sym.dot(a, b), lambda lib, a, b: lib.sym.dot(a, b, transpose_a=True),
    lambda lib, a, b: lib.sym.batch_dot(a, b, transpose_b=True),
    lambda lib, a, b: lib.sym.sum(a), lambda lib, a, b: lib.sym.sum(a, axis=1),
    lambda lib, a, b: lib.sym.sum(a, axis=(0, 2), keepdims=True, exclude=True),
    lambda lib, a, b: lib.sym.sum_axis(a, axis=1), lambda lib, a, b: lib.sym.mean(a, axis=-1),
    lambda lib, a, b: lib.sym.max(a, axis=0), lambda lib, a, b: lib.sym.min(a),
    lambda lib, a, b: lib.sym.prod(a), lambda lib, a, b: lib.sym.max_axis(a),
    lambda lib, a, b: lib.sym.min_axis(a), lambda lib, a, b: lib.sym.sum(a, axis=[1, 2]),
    lambda lib, a, b: lib.sym.sum(a, axis=None),
])
def test_graph(make):
    graph_alike(lambda lib: make(lib, lib.sym.var('a'), lib.sym.var('b')))


NORM = [{}, dict(ord=1), dict(axis=1), dict(axis=(0, 1), keepdims=True),
        dict(ord=2, axis=-1, keepdims=True), dict(ord=1, axis=(0, 2))]


@pytest.mark.parametrize('params', NORM)
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_norm_values(rng, params, grad_req):
    args = {'a': _r(rng, 2, 3, 4)}
    build = _one('norm', **params)
    values_alike(build, args, heads_for(build, args, rng), grad_req)


@pytest.mark.parametrize('params', NORM + [dict(out_dtype='float64')])
@pytest.mark.parametrize('shape', [(2, 3, 4), (0, 3, 4)])
def test_norm_shapes_and_graph(params, shape):
    shapes_alike(_one('norm', **params), {'a': shape})
    graph_alike(lambda lib: lib.sym.norm(lib.sym.var('a'), **params))
    assert _one('norm', **params)(tutor).infer_type(a='float32') == \
        _one('norm', **params)(mx).infer_type(a='float32')


def test_norm_of_another_order_fails_when_it_runs():
    def fn(lib):
        sym = lib.sym.norm(lib.sym.var('a'), ord=3)
        sym.infer_shape(a=(2, 3))
        sym.bind(lib.cpu(), {'a': lib.nd.ones((2, 3))}).forward()[0].asnumpy()
    errors_alike(fn)
