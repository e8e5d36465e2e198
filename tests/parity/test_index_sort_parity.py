"""take, batch_take, pick, one_hot, topk, argmax, argmin and argmax_channel against real
MXNet 1.9.1: names, JSON bytes, forward, every gradient (write and add), shapes incl.
partial ones, errors alike.

Run: MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity/test_index_sort_parity.py
"""
import numpy as np
import pytest

mx = pytest.importorskip('mxnet')
import tutor  # noqa: E402
from _array_cases import (F32, graph_alike, heads_for, shapes_alike,  # noqa: E402
                          values_alike)
from _both import errors_alike, run_both  # noqa: E402

COVERED = {'take', 'batch_take', 'pick', 'one_hot', 'topk', 'argmax', 'argmin',
           'argmax_channel'}


def _r(rng, *shape):
    return rng.uniform(-2, 2, shape).astype(F32)


def _two(fn, **params):
    def build(lib):
        return getattr(lib.sym, fn)(lib.sym.var('a'), lib.sym.var('i'), name='op', **params)
    return build


def _one(fn, **params):
    def build(lib):
        return getattr(lib.sym, fn)(lib.sym.var('a'), name='op', **params)
    return build


# indices that repeat, are fractional and fall outside the axis (clipped or wrapped)
IDX = np.array([[0, 2.7, -1], [5.5, 1, 1]], F32)

TAKE = [dict(), dict(axis=1), dict(axis=-1, mode='wrap'), dict(axis=0, mode='wrap'),
        dict(axis=1, mode='clip')]


@pytest.mark.parametrize('params', TAKE)
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_take_values(rng, params, grad_req):
    args = {'a': _r(rng, 3, 4, 2), 'i': IDX}
    build = _two('take', **params)
    req = {'a': grad_req, 'i': 'write' if grad_req == 'write' else 'null'}
    values_alike(build, args, heads_for(build, args, rng), req)


def test_take_raise_mode(rng):
    args = {'a': _r(rng, 3, 4), 'i': np.array([0, 2, 1, 2], F32)}
    values_alike(_two('take', mode='raise'), args, [_r(rng, 4, 4)])
    bad = dict(args, i=np.array([0, 2.5], F32))

    def fn(lib):
        sym = _two('take', mode='raise')(lib)
        exe = sym.bind(lib.cpu(), {k: lib.nd.array(v) for k, v in bad.items()})
        exe.forward()[0].asnumpy()

    errors_alike(fn)


def test_take_refuses_grad_req_add_for_the_indices(rng):
    args = {'a': _r(rng, 3, 4), 'i': np.array([0, 2], F32)}

    def fn(lib):
        exe = _two('take')(lib).bind(lib.cpu(), {k: lib.nd.array(v) for k, v in args.items()},
                                     args_grad={k: lib.nd.zeros(v.shape)
                                                for k, v in args.items()}, grad_req='add')
        exe.forward(is_train=True)
        exe.backward([lib.nd.ones((2, 4))])
        exe.grad_dict['a'].asnumpy()

    errors_alike(fn)


@pytest.mark.parametrize('shapes,params', [
    (dict(a=(3, 4), i=(2, 5)), {}), (dict(a=(3, 4), i=(2, 5)), dict(axis=1)),
    (dict(a=(3, 4), i=(2, 5)), dict(axis=2)), (dict(a=(0, 4), i=(2,)), {}),
    (dict(a=(3, 0), i=(2,)), dict(axis=1)), (dict(a=(3, 4)), {})])
def test_take_shapes(shapes, params):
    shapes_alike(_two('take', **params), shapes)


def test_batch_take_forward_and_no_gradient(rng):
    args = {'a': _r(rng, 3, 4), 'i': np.array([0, 3, 1], np.int32)}
    ref, got = run_both(_two('batch_take'), args, steps=(('fwd', False),), grad_req='null')
    np.testing.assert_array_equal(got.outputs[0], ref.outputs[0])

    def fn(lib):
        exe = _two('batch_take')(lib).bind(
            lib.cpu(), {k: lib.nd.array(v, dtype=v.dtype) for k, v in args.items()},
            args_grad={'a': lib.nd.zeros((3, 4))}, grad_req={'a': 'write', 'i': 'null'})
        exe.forward(is_train=True)
        exe.backward([lib.nd.ones((3,))])
        exe.grad_dict['a'].asnumpy()

    errors_alike(fn)


@pytest.mark.parametrize('shapes', [dict(a=(3, 4), i=(3,)), dict(a=(3, 4), i=(2,)),
                                    dict(a=(2, 3, 4), i=(6,))])
def test_batch_take_shapes(shapes):
    shapes_alike(_two('batch_take'), shapes)


PICK = [dict(), dict(axis=0), dict(axis=1, keepdims=True), dict(axis=-1, mode='wrap'),
        dict(axis=0, keepdims=True, mode='wrap')]


@pytest.mark.parametrize('params', PICK)
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_pick_values(rng, params, grad_req):
    a = _r(rng, 3, 4)
    axis = params.get('axis', -1) % 2
    index = rng.randint(-2, 6, a.shape[1 - axis]).astype(F32) + F32(0.5)
    args = {'a': a, 'i': index}
    build = _two('pick', **params)
    values_alike(build, args, heads_for(build, args, rng), grad_req)


@pytest.mark.parametrize('shapes,params', [
    (dict(a=(3, 4)), {}), (dict(a=(3, 4)), dict(axis=0)), (dict(a=(3, 4)),
                                                           dict(axis=1, keepdims=True)),
    (dict(a=(3, 4)), dict(axis=None)), (dict(a=(3, 4)), dict(axis=2)),
    (dict(a=(3, 4), i=(5,)), {}), (dict(a=(0, 4)), {}), (dict(i=(3,)), {}),
    (dict(a=(3, 4, 5)), dict(axis=0))])
def test_pick_shapes(shapes, params):
    shapes_alike(_two('pick', **params), shapes)


ONE_HOT = [dict(depth=3), dict(depth=4, on_value=2.5, off_value=-1),
           dict(depth=3, dtype='int32', on_value=2.5, off_value=-1), dict(depth=2,
                                                                           dtype='float64')]


@pytest.mark.parametrize('params', ONE_HOT)
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_one_hot_values(rng, params, grad_req):
    args = {'a': np.array([[0, 1.7, 2.9], [-1, 3, -0.5]], F32)}
    build = _one('one_hot', **params)
    ref, got = run_both(build, args, steps=(('fwd', True), ('bwd', [np.ones((2, 3,
                                                                             params['depth']),
                                                                            F32)])),
                        grad_req=grad_req)
    assert got.outputs[0].dtype == ref.outputs[0].dtype
    np.testing.assert_array_equal(got.outputs[0], ref.outputs[0])
    np.testing.assert_array_equal(got.grads['a'], ref.grads['a'])


@pytest.mark.parametrize('shape', [(2, 4), (0, 4), (5,)])
def test_one_hot_shapes(shape):
    shapes_alike(_one('one_hot', depth=3), {'a': shape})


TOPK = [dict(), dict(k=2), dict(k=2, axis=0, ret_typ='both'), dict(k=3, axis=None,
                                                                  ret_typ='value'),
        dict(ret_typ='mask', k=2), dict(k=0, ret_typ='value'), dict(k=2, ret_typ='both',
                                                                    is_ascend=True),
        dict(k=2, ret_typ='indices', dtype='int32'), dict(k=1, ret_typ='value', axis=1)]


@pytest.mark.parametrize('params', TOPK)
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_topk_values(rng, params, grad_req):
    args = {'a': _r(rng, 3, 4)}
    build = _one('topk', **params)
    values_alike(build, args, heads_for(build, args, rng), grad_req)


@pytest.mark.parametrize('params', TOPK + [dict(k=5), dict(axis=2)])
def test_topk_shapes(params):
    shapes_alike(_one('topk', **params), {'a': (3, 4)})


ARG = [('argmax', {}), ('argmax', dict(axis=1)), ('argmax', dict(axis=0, keepdims=True)),
       ('argmax', dict(axis=None, keepdims=True)), ('argmin', dict(axis=-1)),
       ('argmin', {})]


@pytest.mark.parametrize('fn,params', ARG)
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_arg_values(rng, fn, params, grad_req):
    args = {'a': _r(rng, 3, 4)}
    build = _one(fn, **params)
    values_alike(build, args, heads_for(build, args, rng), grad_req)


def test_argmax_channel_forward_and_no_gradient(rng):
    args = {'a': _r(rng, 2, 3, 4)}
    ref, got = run_both(_one('argmax_channel'), args, steps=(('fwd', False),), grad_req='null')
    np.testing.assert_array_equal(got.outputs[0], ref.outputs[0])

    def fn(lib):
        exe = _one('argmax_channel')(lib).bind(lib.cpu(), {'a': lib.nd.array(args['a'])},
                                               args_grad={'a': lib.nd.zeros((2, 3, 4))})
        exe.forward(is_train=True)
        exe.backward([lib.nd.ones((2, 4))])
        exe.grad_dict['a'].asnumpy()

    errors_alike(fn)


@pytest.mark.parametrize('fn,params', ARG + [('argmax', dict(axis=2)), ('argmax_channel', {})])
@pytest.mark.parametrize('shape', [(3, 4), (0, 4), (2, 3, 4)])
def test_arg_shapes(fn, params, shape):
    shapes_alike(_one(fn, **params), {'a': shape})


@pytest.mark.parametrize('make', [
    lambda lib, a, b: lib.sym.take(a, b), lambda lib, a, b: lib.sym.take(a, b, axis=1,
                                                                          mode='wrap'),
    lambda lib, a, b: lib.sym.batch_take(a, b), lambda lib, a, b: lib.sym.pick(a, b),
    lambda lib, a, b: lib.sym.pick(a, b, axis=0, keepdims=True, mode='wrap'),
    lambda lib, a, b: lib.sym.pick(a, b, axis=None),
    lambda lib, a, b: lib.sym.one_hot(a, depth=3),
    lambda lib, a, b: lib.sym.one_hot(a, depth=3, on_value=2, off_value=-1, dtype='int32'),
    lambda lib, a, b: lib.sym.topk(a), lambda lib, a, b: lib.sym.topk(a, k=2, ret_typ='both'),
    lambda lib, a, b: lib.sym.topk(a, ret_typ='value', is_ascend=True, axis=None),
    lambda lib, a, b: lib.sym.topk(a, ret_typ='mask'),
    lambda lib, a, b: lib.sym.topk(a, ret_typ='indices', dtype='int32'),
    lambda lib, a, b: lib.sym.topk(a, k=2, ret_typ='both').get_internals(),
    lambda lib, a, b: lib.sym.argmax(a), lambda lib, a, b: lib.sym.argmax(a, axis=1,
                                                                          keepdims=True),
    lambda lib, a, b: lib.sym.argmin(a, axis=0), lambda lib, a, b: lib.sym.argmax_channel(a),
    lambda lib, a, b: lib.sym.take(b, a, name='t'),
])
def test_graph(make):
    graph_alike(lambda lib: make(lib, lib.sym.var('a'), lib.sym.var('b')))


def test_output_types(rng):
    """argmax keeps the data's type; topk's indices and one_hot have their dtype."""
    for build, given in [(_one('argmax', axis=1), dict(a='float64')),
                         (_one('topk', ret_typ='both', dtype='int32'), dict(a='float64')),
                         (_one('topk', ret_typ='mask'), dict(a='float16')),
                         (_one('one_hot', depth=2, dtype='int64'), dict(a='float32'))]:
        assert build(tutor).infer_type(**given) == build(mx).infer_type(**given)


def test_parameter_errors_alike():
    errors_alike(lambda lib: _one('topk', ret_typ='nope')(lib))
    errors_alike(lambda lib: _two('take', mode='nope')(lib))
    errors_alike(lambda lib: _one('one_hot')(lib))
