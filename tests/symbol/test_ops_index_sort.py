"""take, batch_take, pick, one_hot, topk, argmax, argmin, argmax_channel: forward against
NumPy, gradients against central differences (float64; write, add, strided), the indices'
zero gradient, shapes and errors."""
import os
import sys

import numpy as np
import pytest

from tutor.base import MXNetError

sys.path.insert(0, os.path.dirname(__file__))
from _arrayhelp import Bound, check_op_grads  # noqa: E402
from _ophelp import make  # noqa: E402

rng = np.random.RandomState(9)


@pytest.mark.parametrize('attrs', [dict(), dict(axis=1), dict(axis=-1, mode='wrap')])
def test_take(attrs):
    a, idx = rng.randn(3, 4, 2), np.array([[0, 2.7], [-1, 5.5], [1, 1]])
    b = check_op_grads('take', [a, idx], attrs, which=[0])
    axis = attrs.get('axis', 0)
    index = idx.astype(int)
    index = np.mod(index, a.shape[axis]) if attrs.get('mode') == 'wrap' else \
        np.clip(index, 0, a.shape[axis] - 1)
    np.testing.assert_array_equal(b.forward()[0], np.take(a, index, axis=axis))


def test_take_index_gradient_is_zero_and_add_is_refused():
    b = Bound(make('take'), [rng.randn(3, 2), np.array([0, 2])])
    b.forward()
    di = np.full(2, 9.0)
    b.backward([np.ones((2, 2))], [None, di], ['null', 'write'])
    np.testing.assert_array_equal(di, 0)
    with pytest.raises(MXNetError, match='kAddTo'):
        b.backward([np.ones((2, 2))], [None, di], ['null', 'add'])
    with pytest.raises(MXNetError, match='out of bound'):
        Bound(make('take', mode='raise'), [rng.randn(3, 2), np.array([0, 3])]).forward()


def test_batch_take_picks_one_per_row_and_has_no_gradient():
    a = rng.randn(3, 4)
    b = Bound(make('batch_take'), [a, np.array([0, 3, 1])])
    np.testing.assert_array_equal(b.forward()[0], a[[0, 1, 2], [0, 3, 1]])
    with pytest.raises(MXNetError, match='non-differentiable'):
        b.backward([np.ones(3)], [np.zeros((3, 4)), None], ['write', 'null'])
    with pytest.raises(MXNetError, match="size must be the same"):
        make('batch_take').infer_shape([(3, 4), (2,)], [])


@pytest.mark.parametrize('attrs', [dict(), dict(axis=0, keepdims=True), dict(mode='wrap')])
def test_pick(attrs):
    x = rng.randn(3, 4)
    axis = attrs.get('axis', -1) % 2
    idx = np.array([0, 2.5, -1, 6.0])[:x.shape[1 - axis]]
    b = check_op_grads('pick', [x, idx], attrs, which=[0])
    index = idx.astype(int)
    index = np.mod(index, x.shape[axis]) if attrs.get('mode') == 'wrap' else \
        np.clip(index, 0, x.shape[axis] - 1)
    want = np.take_along_axis(x, np.expand_dims(index, axis), axis)
    np.testing.assert_array_equal(b.forward()[0], want if attrs.get('keepdims')
                                  else want.squeeze(axis))


def test_pick_shapes():
    op = make('pick', axis=0)
    assert op.infer_shape([(0, 4), None], []) == ([(0, 4), (4,)], [(4,)], [])
    with pytest.raises(MXNetError, match='Shape inconsistent'):
        op.infer_shape([(3, 4), (3,)], [])
    with pytest.raises(MXNetError, match='axis=None is not supported'):
        make('pick', axis=None).infer_shape([(3, 4), None], [])


def test_one_hot():
    op = make('one_hot', depth=3, on_value=2.5, off_value=-1, dtype='int32')
    assert op.infer_type([np.dtype('float32')])[1] == [np.dtype('int32')]
    idx = np.array([[0, 1.7], [-1, 3]])
    y = np.zeros((2, 2, 3), np.int32)
    op.forward(True, [idx], [y], [], None)
    np.testing.assert_array_equal(y, [[[2, -1, -1], [-1, 2, -1]], [[-1] * 3, [-1] * 3]])
    assert op.infer_shape([(0, 2)], [])[1] == [None]


@pytest.mark.parametrize('attrs', [dict(k=2, ret_typ='value'), dict(k=2, ret_typ='both',
                                                                    axis=0),
                                   dict(k=3, ret_typ='value', axis=None, is_ascend=True)])
def test_topk_value_gradients(attrs):
    x = rng.permutation(12).reshape(3, 4) + rng.uniform(0, 0.5, (3, 4))   # no ties
    b = check_op_grads('topk', [x], attrs)
    axis = attrs.get('axis', -1)
    flat = x.reshape(-1) if axis is None else x
    order = np.argsort(flat if attrs.get('is_ascend') else -flat, axis=axis or 0)
    top = np.take(order, np.arange(attrs['k']), axis=axis or 0)
    np.testing.assert_array_equal(b.forward()[0], np.take_along_axis(flat, top, axis or 0))


def test_topk_indices_and_mask():
    x = np.array([[1., 5, 3, 2], [7, 0, 9, 4]])
    for attrs, want in [(dict(k=2), [[1, 2], [2, 0]]),
                        (dict(k=2, ret_typ='mask'), [[0, 1, 1, 0], [1, 0, 1, 0]]),
                        (dict(k=0, is_ascend=True), [[0, 3, 2, 1], [1, 3, 0, 2]])]:
        b = Bound(make('topk', **attrs), [x])
        np.testing.assert_array_equal(b.forward()[0], want)
        dx = np.full_like(x, 3.0)
        b.backward([np.ones_like(b.outputs[0])], [dx], ['write'])
        np.testing.assert_array_equal(dx, 0)
    with pytest.raises(MXNetError, match='k must be smaller than 4'):
        make('topk', k=5).infer_shape([(2, 4)], [])


def test_argmax_argmin():
    x = rng.randn(3, 4)
    for name, fn in [('argmax', np.argmax), ('argmin', np.argmin)]:
        b = Bound(make(name, axis=1, keepdims=True), [x])
        np.testing.assert_array_equal(b.forward()[0], fn(x, axis=1)[:, None])
        dx = np.ones_like(x)
        b.backward([np.ones((3, 1))], [dx], ['add'])
        np.testing.assert_array_equal(dx, 1)   # nothing added
    b = Bound(make('argmax'), [x])
    assert b.outputs[0].shape == (1,) and b.forward()[0][0] == np.argmax(x)
    b = Bound(make('argmax_channel'), [rng.randn(2, 3, 4)])
    np.testing.assert_array_equal(b.forward()[0], np.argmax(b.args[0], axis=1))
