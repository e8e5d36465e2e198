"""dot, batch_dot, sum, mean, prod, max, min: forward against NumPy, backward against
central differences (float64; write, add, strided), shapes and errors."""
import os
import sys

import numpy as np
import pytest

from tutor.base import MXNetError

sys.path.insert(0, os.path.dirname(__file__))
from _arrayhelp import check_op_grads  # noqa: E402
from _ophelp import make  # noqa: E402

rng = np.random.RandomState(13)


@pytest.mark.parametrize('sa,sb,attrs,want', [
    ((2, 3), (3, 4), {}, lambda a, b: a @ b),
    ((3, 2), (4, 3), dict(transpose_a=True, transpose_b=True), lambda a, b: a.T @ b.T),
    ((2, 3, 4), (4, 5, 2), {}, lambda a, b: np.tensordot(a, b, 1)),
    ((2, 3, 4), (2, 5), dict(transpose_a=True), lambda a, b: np.tensordot(a, b, ([0], [0]))),
    ((3,), (3,), {}, lambda a, b: np.array([a @ b])),
    ((3,), (3, 4), dict(transpose_a=True), lambda a, b: a @ b),
])
def test_dot(sa, sb, attrs, want):
    a, b = rng.randn(*sa), rng.randn(*sb)
    r = check_op_grads('dot', [a, b], attrs)
    np.testing.assert_allclose(r.forward()[0], want(a, b), rtol=1e-12)


def test_dot_shapes_and_errors():
    op = make('dot')
    assert op.infer_shape([(0, 3), (3, 4)], [])[1] == [(0, 4)]
    assert op.infer_shape([(2, 3), None], [])[1] == [None]
    with pytest.raises(MXNetError, match=r'dot shape error: \[3,2\] X \[3,4\]'):
        op.infer_shape([(3, 2), (3, 4)], [])
    with pytest.raises(MXNetError, match='Cannot transpose vectors'):
        make('dot', transpose_a=True).infer_shape([(3,), (3,)], [])


@pytest.mark.parametrize('sa,sb,attrs', [
    ((2, 3, 4), (2, 4, 5), {}), ((2, 4, 3), (2, 5, 4), dict(transpose_a=True,
                                                            transpose_b=True)),
    ((2, 2, 3, 4), (2, 2, 4, 1), {})])
def test_batch_dot(sa, sb, attrs):
    a, b = rng.randn(*sa), rng.randn(*sb)
    r = check_op_grads('batch_dot', [a, b], attrs)
    ta = np.swapaxes(a, -1, -2) if attrs.get('transpose_a') else a
    tb = np.swapaxes(b, -1, -2) if attrs.get('transpose_b') else b
    np.testing.assert_allclose(r.forward()[0], ta @ tb, rtol=1e-12)


def test_batch_dot_errors():
    with pytest.raises(MXNetError, match='N >= 3'):
        make('batch_dot').infer_shape([(2, 3), (3, 2)], [])
    with pytest.raises(MXNetError, match='leading batch dimensions'):
        make('batch_dot').infer_shape([(2, 3, 4), (3, 4, 5)], [])
    assert make('batch_dot').infer_shape([(0, 3, 4), (2, 4, 5)], [])[1] == [(2, 3, 5)]


@pytest.mark.parametrize('name,fn', [('sum', np.sum), ('mean', np.mean), ('prod', np.prod),
                                     ('max', np.max), ('min', np.min)])
@pytest.mark.parametrize('attrs,axes', [({}, None), (dict(axis=1), 1),
                                        (dict(axis=(0, 2), exclude=True), 1),
                                        (dict(axis=(-1, 0), keepdims=True), (0, 2))])
def test_reductions(name, fn, attrs, axes):
    x = rng.uniform(0.5, 2, (2, 3, 4)) * rng.choice([-1, 1], (2, 3, 4))   # no zeros, no ties
    r = check_op_grads(name, [x], attrs)
    want = fn(x, axis=axes, keepdims=attrs.get('keepdims', False))
    np.testing.assert_allclose(r.forward()[0], np.reshape(want, r.outputs[0].shape),
                               rtol=1e-12)


def test_reduction_shapes_and_errors():
    assert make('sum').infer_shape([(2, 3)], [])[1] == [(1,)]
    assert make('sum', keepdims=True).infer_shape([(2, 3)], [])[1] == [(1, 1)]
    assert make('sum', axis=1).infer_shape([(0, 3, 4)], [])[1] == [(0, 4)]
    assert make('sum', axis=(0, 1, 2), exclude=True).infer_shape([(2, 3, 4)], [])[1] == \
        [(2, 3, 4)]
    with pytest.raises(MXNetError, match='Exceeds input dimensions'):
        make('sum', axis=3).infer_shape([(2, 3, 4)], [])
    with pytest.raises(MXNetError, match='duplicates'):
        make('mean', axis=(1, -2)).infer_shape([(2, 3, 4)], [])


def test_max_gives_every_tie_the_gradient():
    x = np.array([[1., 5, 5, 2]])
    from _arrayhelp import Bound
    b = Bound(make('max', axis=1), [x])
    b.forward()
    dx = np.zeros_like(x)
    b.backward([np.array([3.0])], [dx], ['write'])
    np.testing.assert_array_equal(dx, [[0, 3, 3, 0]])


@pytest.mark.parametrize('attrs', [{}, dict(ord=1), dict(axis=1, keepdims=True)])
def test_norm(attrs):
    x = rng.uniform(0.5, 2, (2, 3)) * rng.choice([-1, 1], (2, 3))
    r = check_op_grads('norm', [x], attrs)
    want = np.linalg.norm(x, ord=attrs.get('ord', 2) if 'axis' in attrs else None,
                          axis=attrs.get('axis'), keepdims=attrs.get('keepdims', False))
    if attrs.get('ord') == 1:
        want = np.abs(x).sum()
    np.testing.assert_allclose(r.forward()[0], np.reshape(want, r.outputs[0].shape), rtol=1e-12)
