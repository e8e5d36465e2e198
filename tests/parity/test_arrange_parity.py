"""reverse/flip, stack, squeeze, tile, repeat, reshape_like, slice_like, where, sort and
argsort against real MXNet 1.9.1: names, JSON bytes, forward, every gradient (write and
add), shapes incl. partial ones, errors alike.

Run: MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity/test_arrange_parity.py
"""
import numpy as np
import pytest

mx = pytest.importorskip('mxnet')
import tutor  # noqa: E402
from _array_cases import (F32, graph_alike, heads_for, shapes_alike,  # noqa: E402
                          values_alike)
from _both import run_both  # noqa: E402

COVERED = {'reverse', 'stack', 'squeeze', 'tile', 'repeat', 'reshape_like', 'slice_like',
           'where', 'sort', 'argsort', 'Pad', 'nansum', 'nanprod', 'shape_array', 'size_array'}


def _r(rng, *shape):
    return rng.uniform(-2, 2, shape).astype(F32)


def _one(fn, **params):
    def build(lib):
        return getattr(lib.sym, fn)(lib.sym.var('a'), name='op', **params)
    return build


def _two(fn, **params):
    def build(lib):
        return getattr(lib.sym, fn)(lib.sym.var('a'), lib.sym.var('b'), name='op', **params)
    return build


ONE = [  # fn, data shape, params
    ('reverse', (2, 3, 4), dict(axis=1)), ('flip', (2, 3, 4), dict(axis=(0, 2))),
    ('reverse', (3,), dict(axis=0)), ('squeeze', (1, 3, 1), {}),
    ('squeeze', (1, 3, 1), dict(axis=2)), ('squeeze', (1, 1), {}),
    ('squeeze', (2, 1, 3), dict(axis=(1,))), ('tile', (2, 3), dict(reps=(2, 1))),
    ('tile', (2, 3), dict(reps=(2,))), ('tile', (2, 3), dict(reps=(2, 1, 3))),
    ('tile', (2, 3), dict(reps=())), ('repeat', (2, 3), dict(repeats=2)),
    ('repeat', (2, 3), dict(repeats=3, axis=1)), ('repeat', (2, 3), dict(repeats=2, axis=-2)),
    ('sort', (3, 4), {}), ('sort', (3, 4), dict(axis=0, is_ascend=False)),
    ('sort', (3, 4), dict(axis=None)), ('argsort', (3, 4), {}),
    ('argsort', (3, 4), dict(axis=0, is_ascend=False, dtype='int32')),
    ('argsort', (3, 4), dict(axis=None)),
]


@pytest.mark.parametrize('fn,shape,params', ONE)
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_one_input_values(rng, fn, shape, params, grad_req):
    args = {'a': _r(rng, *shape)}
    build = _one(fn, **params)
    if fn == 'sort':   # MXNet 1.9.1 cannot bind sort with a gradient: forward only
        ref, got = run_both(build, args, steps=(('fwd', True),), grad_req='null')
        np.testing.assert_array_equal(got.outputs[0], ref.outputs[0])
        return
    if fn in ('reverse', 'flip'):   # MXNet overwrites there: test_reverse_with_grad_req_add
        grad_req = 'write'
    values_alike(build, args, heads_for(build, args, rng), grad_req)


def test_reverse_with_grad_req_add_accumulates():
    """MXNet 1.9.1's reverse backward overwrites a gradient bound with grad_req='add'
    (from 10: [3, 2, 1]); tutor adds ([13, 12, 11])."""
    seen = {}
    for name, lib in (('mxnet', mx), ('tutor', tutor)):
        exe = _one('reverse', axis=0)(lib).bind(lib.cpu(), {'a': lib.nd.ones((3,))},
                                                args_grad={'a': lib.nd.ones((3,)) * 10},
                                                grad_req='add')
        exe.forward(is_train=True)
        exe.backward([lib.nd.array([1, 2, 3])])
        seen[name] = exe.grad_dict['a'].asnumpy().tolist()
    assert seen == {'mxnet': [3, 2, 1], 'tutor': [13, 12, 11]}


def test_stack_of_different_shapes_is_refused():
    """MXNet 1.9.1 stacks (2, 3) and (2, 4) as if both were (2, 3); tutor says they differ."""
    a, b = mx.sym.var('a'), mx.sym.var('b')
    assert mx.sym.stack(a, b).infer_shape(a=(2, 3), b=(2, 4))[1] == [(2, 2, 3)]
    with pytest.raises(tutor.base.MXNetError, match='must agree'):
        _two('stack')(tutor).infer_shape(a=(2, 3), b=(2, 4))


def test_sort_gradient_goes_back_to_the_sorted_values_places():
    """MXNet fails to bind sort with a gradient (its _backward_topk gets axis=''); tutor's
    gradient is the head put back where each value came from."""
    x = np.array([[3, 1, 2]], F32)
    with pytest.raises(mx.base.MXNetError):
        _one('sort')(mx).bind(mx.cpu(), {'a': mx.nd.array(x)},
                              args_grad={'a': mx.nd.zeros((1, 3))})
    exe = _one('sort')(tutor).bind(tutor.cpu(), {'a': tutor.nd.array(x)},
                                   args_grad={'a': tutor.nd.zeros((1, 3))})
    exe.forward(is_train=True)
    exe.backward([tutor.nd.array([[10, 20, 30]])])
    assert exe.grad_dict['a'].asnumpy().tolist() == [[30, 10, 20]]


@pytest.mark.parametrize('fn,shape,params', ONE + [
    ('reverse', (0, 3), dict(axis=1)), ('squeeze', (2, 3), dict(axis=1)),
    ('squeeze', (0, 1, 3), {}), ('tile', (2, 3), dict(reps=(2, 0))),
    ('tile', (0, 3), dict(reps=(2, 2))), ('argsort', (3, 4), dict(axis=2))])
def test_one_input_shapes(fn, shape, params):
    shapes_alike(_one(fn, **params), {'a': shape})


@pytest.mark.parametrize('params', [{}, dict(axis=1), dict(axis=-1), dict(axis=2)])
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_stack_values(rng, params, grad_req):
    args = {'a': _r(rng, 2, 3), 'b': _r(rng, 2, 3), 'c': _r(rng, 2, 3)}

    def build(lib):
        return lib.sym.stack(lib.sym.var('a'), lib.sym.var('b'), lib.sym.var('c'), name='op',
                             **params)

    values_alike(build, args, heads_for(build, args, rng), grad_req)


@pytest.mark.parametrize('shapes,axis', [(dict(a=(2, 3)), 1), (dict(a=(2, 3), b=(0, 3)), -1),
                                         (dict(a=(2, 3)), 3), (dict(b=(2, 4)), 0)])
def test_stack_shapes(shapes, axis):
    shapes_alike(_two('stack', axis=axis), shapes)


TWO = [('reshape_like', (2, 3), (3, 2), {}), ('reshape_like', (2, 3, 4), (6, 5),
                                              dict(lhs_begin=0, lhs_end=2, rhs_begin=0,
                                                   rhs_end=1)),
       ('slice_like', (4, 5), (2, 3), {}), ('slice_like', (4, 5), (2, 3), dict(axes=(1,))),
       ('slice_like', (4, 5, 6), (2, 3), dict(axes=(0, -2)))]


@pytest.mark.parametrize('fn,sa,sb,params', TWO)
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_two_input_values(rng, fn, sa, sb, params, grad_req):
    args = {'a': _r(rng, *sa), 'b': _r(rng, *sb)}
    build = _two(fn, **params)
    values_alike(build, args, heads_for(build, args, rng), grad_req)


@pytest.mark.parametrize('fn,sa,sb,params', TWO + [
    ('reshape_like', (2, 3), (3, 3), {}), ('slice_like', (4, 5), (2, 6), {}),
    ('slice_like', (4, 5, 6), (2, 3), dict(axes=(-1,)))])
def test_two_input_shapes(fn, sa, sb, params):
    shapes_alike(_two(fn, **params), {'a': sa, 'b': sb})


@pytest.mark.parametrize('cshape', [(2, 3), (2,)])
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_where_values(rng, cshape, grad_req):
    args = {'c': rng.randint(0, 2, cshape).astype(F32), 'x': _r(rng, 2, 3),
            'y': _r(rng, 2, 3)}

    def build(lib):
        return lib.sym.where(lib.sym.var('c'), lib.sym.var('x'), lib.sym.var('y'), name='w')

    values_alike(build, args, [_r(rng, 2, 3)], grad_req)


@pytest.mark.parametrize('shapes', [dict(c=(2, 3)), dict(c=(2,), x=(2, 3)), dict(x=(2, 3)),
                                    dict(c=(2, 3), y=(2, 3)), dict(c=(3,), x=(2, 3))])
def test_where_shapes(shapes):
    shapes_alike(lambda lib: lib.sym.where(lib.sym.var('c'), lib.sym.var('x'),
                                           lib.sym.var('y')), shapes)


@pytest.mark.parametrize('make', [
    lambda lib, a, b: lib.sym.flip(a, axis=1), lambda lib, a, b: lib.sym.reverse(a, axis=(0, 1)),
    lambda lib, a, b: lib.sym.stack(a, b), lambda lib, a, b: lib.sym.stack(a, b, axis=-1),
    lambda lib, a, b: lib.sym.squeeze(a), lambda lib, a, b: lib.sym.squeeze(a, axis=(0, 2)),
    lambda lib, a, b: lib.sym.tile(a, reps=(2, 1)),
    lambda lib, a, b: lib.sym.repeat(a, repeats=2),
    lambda lib, a, b: lib.sym.repeat(a, repeats=2, axis=1),
    lambda lib, a, b: lib.sym.where(a, b, a), lambda lib, a, b: lib.sym.sort(a),
    lambda lib, a, b: lib.sym.argsort(a, axis=0, dtype='int32'),
    lambda lib, a, b: lib.sym.reshape_like(a, b), lambda lib, a, b: lib.sym.slice_like(a, b),
    lambda lib, a, b: lib.sym.slice_like(a, b, axes=(0,)),
    lambda lib, a, b: lib.sym.sort(a, is_ascend=False).get_internals(),
])
def test_graph(make):
    graph_alike(lambda lib: make(lib, lib.sym.var('a'), lib.sym.var('b')))


PAD = [dict(mode='constant', pad_width=(0, 0, 0, 0, 3, 0, 0, 4)),
       dict(mode='constant', pad_width=(0, 0, 0, 0, 1, 2, 2, 1), constant_value=-1.5),
       dict(mode='edge', pad_width=(0, 0, 0, 0, 1, 2, 2, 1)),
       dict(mode='reflect', pad_width=(0, 0, 0, 0, 1, 2, 2, 1)),
       dict(mode='edge', pad_width=(0, 0, 0, 0, 1, 0, 0, 1, 2, 0))]


@pytest.mark.parametrize('fn', ['Pad', 'pad'])
@pytest.mark.parametrize('params', PAD)
def test_pad_values(rng, fn, params):
    shape = (2, 2, 3, 4, 3) if len(params['pad_width']) == 10 else (2, 2, 3, 4)
    args = {'a': _r(rng, *shape)}
    build = _one(fn, **params)
    values_alike(build, args, heads_for(build, args, rng), 'add' if fn == 'pad' else 'write')


@pytest.mark.parametrize('shape,params', [((2, 3, 4, 5), p) for p in PAD[:4]] + [
    ((0, 3, 4, 5), PAD[0]), ((2, 3), dict(mode='constant', pad_width=(0, 0, 1, 1))),
    ((2, 3, 4, 5), dict(mode='constant', pad_width=(1, 1, 0, 0, 1, 1, 1, 1)))])
def test_pad_shapes_and_graph(shape, params):
    shapes_alike(_one('pad', **params), {'a': shape})
    graph_alike(lambda lib: lib.sym.Pad(lib.sym.var('a'), **params))


@pytest.mark.parametrize('fn', ['nansum', 'nanprod'])
@pytest.mark.parametrize('params', [dict(axis=1), {}, dict(axis=0, keepdims=True)])
def test_nansum_nanprod(fn, params):
    args = {'a': np.array([[1, np.nan, 2], [np.nan, np.nan, 3], [0.5, -2, 4]], F32)}
    build = _one(fn, **params)
    ref, got = run_both(build, args, steps=(('fwd', True), ('bwd', [np.ones(
        build(mx).infer_shape(a=(3, 3))[1][0], F32) * 2])))
    np.testing.assert_allclose(got.outputs[0], ref.outputs[0], rtol=1e-6)
    np.testing.assert_allclose(got.grads['a'], ref.grads['a'], rtol=1e-6)
    graph_alike(lambda lib: getattr(lib.sym, fn)(lib.sym.var('a'), **params))


@pytest.mark.parametrize('fn', ['shape_array', 'size_array'])
def test_shape_and_size_array(rng, fn):
    args = {'a': _r(rng, 2, 3, 4)}
    ref, got = run_both(_one(fn), args, steps=(('fwd', True), ('bwd', None)))
    assert got.outputs[0].dtype == ref.outputs[0].dtype
    np.testing.assert_array_equal(got.outputs[0], ref.outputs[0])
    np.testing.assert_array_equal(got.grads['a'], ref.grads['a'])
    for shape in [(2, 3, 4), (0, 3)]:
        shapes_alike(_one(fn), {'a': shape})
    graph_alike(lambda lib: getattr(lib.sym, fn)(lib.sym.var('a')))
