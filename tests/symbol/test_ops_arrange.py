"""reverse, stack, squeeze, tile, repeat, reshape_like, slice_like, where, sort, argsort:
forward against NumPy, backward against central differences (float64; write, add,
strided), shapes and errors."""
import os
import sys

import numpy as np
import pytest

from tutor.base import MXNetError

sys.path.insert(0, os.path.dirname(__file__))
from _arrayhelp import Bound, check_op_grads  # noqa: E402
from _ophelp import make  # noqa: E402

rng = np.random.RandomState(21)


@pytest.mark.parametrize('name,attrs,want', [
    ('reverse', dict(axis=(0, 2)), lambda x: x[::-1, :, ::-1]),
    ('tile', dict(reps=(2, 1, 3)), lambda x: np.tile(x, (2, 1, 3))),
    ('tile', dict(reps=(2, 1, 1, 2)), lambda x: np.tile(x, (2, 1, 1, 2))),
    ('repeat', dict(repeats=2), lambda x: np.repeat(x, 2)),
    ('repeat', dict(repeats=3, axis=1), lambda x: np.repeat(x, 3, axis=1)),
    ('sort', dict(axis=1, is_ascend=False), lambda x: -np.sort(-x, axis=1)),
    ('sort', dict(axis=None), lambda x: np.sort(x.reshape(-1))),
])
def test_one_input_ops(name, attrs, want):
    x = rng.randn(2, 3, 2)
    b = check_op_grads(name, [x], attrs)
    np.testing.assert_array_equal(b.forward()[0], want(x))


def test_squeeze():
    x = rng.randn(1, 3, 1)
    b = check_op_grads('squeeze', [x], {})
    assert b.outputs[0].shape == (3,)
    assert make('squeeze').infer_shape([(1, 1)], [])[1] == [(1,)]
    assert make('squeeze', axis=(2,)).infer_shape([(1, 3, 1)], [])[1] == [(1, 3)]
    with pytest.raises(MXNetError, match='size=3'):
        make('squeeze', axis=1).infer_shape([(1, 3, 1)], [])


def test_stack():
    xs = [rng.randn(2, 3) for _ in range(3)]
    b = check_op_grads('stack', xs, dict(num_args=3, axis=-1))
    np.testing.assert_array_equal(b.forward()[0], np.stack(xs, axis=-1))
    with pytest.raises(MXNetError, match='must agree'):
        make('stack', num_args=2).infer_shape([(2, 3), (2, 4)], [])


def test_argsort_indices_and_no_gradient():
    x = np.array([[3., 1, 2], [0, 5, 4]])
    b = Bound(make('argsort', is_ascend=False), [x])
    np.testing.assert_array_equal(b.forward()[0], [[0, 2, 1], [1, 2, 0]])
    dx = np.full_like(x, 4.0)
    b.backward([np.ones((2, 3))], [dx], ['write'])
    np.testing.assert_array_equal(dx, 0)


def test_reshape_like_and_slice_like():
    a, like = rng.randn(2, 3), rng.randn(3, 2)
    b = check_op_grads('reshape_like', [a, like], {}, which=[0])
    np.testing.assert_array_equal(b.forward()[0], a.reshape(3, 2))
    with pytest.raises(MXNetError, match='different size'):
        make('reshape_like').infer_shape([(2, 3), (3, 3)], [])
    a = rng.randn(4, 5)
    b = check_op_grads('slice_like', [a, rng.randn(2, 3)], dict(axes=(1,)), which=[0])
    np.testing.assert_array_equal(b.forward()[0], a[:, :3])
    with pytest.raises(MXNetError, match='exceeds limit'):
        make('slice_like').infer_shape([(4, 5), (2, 6)], [])


@pytest.mark.parametrize('cond', [np.array([[1., 0, 2], [0, 0, -1]]), np.array([0., 3])])
def test_where(cond):
    x, y = rng.randn(2, 3), rng.randn(2, 3)
    b = check_op_grads('where', [cond, x, y], {}, which=[1, 2])
    mask = (cond != 0).reshape(cond.shape + (1,) * (2 - cond.ndim))
    np.testing.assert_array_equal(b.forward()[0], np.where(mask, x, y))
    with pytest.raises(MXNetError, match='picks rows'):
        make('where').infer_shape([(3,), (2, 3), None], [])


@pytest.mark.parametrize('mode', ['constant', 'edge', 'reflect'])
def test_pad(mode):
    x = rng.randn(1, 2, 3, 4)
    attrs = dict(mode=mode, pad_width=(0, 0, 0, 0, 2, 1, 1, 3), constant_value=0.5)
    b = check_op_grads('Pad', [x], attrs)
    extra = {'constant_values': 0.5} if mode == 'constant' else {}
    np.testing.assert_array_equal(
        b.forward()[0], np.pad(x, ((0, 0), (0, 0), (2, 1), (1, 3)), mode=mode, **extra))
    with pytest.raises(MXNetError, match='4-D or 5-D'):
        make('Pad', pad_width=(0, 0, 1, 1)).infer_shape([(2, 3)], [])


@pytest.mark.parametrize('name', ['nansum', 'nanprod'])
def test_nansum_nanprod_skip_nan(name):
    x = rng.uniform(0.5, 2, (3, 4))
    check_op_grads(name, [x], dict(axis=1))
    x[0, 1] = np.nan
    b = Bound(make(name, axis=1), [x])
    want = np.nansum(x, axis=1) if name == 'nansum' else np.nanprod(x, axis=1)
    np.testing.assert_allclose(b.forward()[0], want)
    dx = np.zeros_like(x)
    b.backward([np.ones(3)], [dx], ['write'])
    assert dx[0, 1] == 0 and np.all(np.isfinite(dx))
