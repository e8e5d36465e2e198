"""transpose, expand_dims, slice, slice_axis, BlockGrad, zeros_like, ones_like and Cast:
forward against NumPy, backward against central differences (float64; write, add, strided
gradients), shapes from partial and unknown inputs, and the dtypes bind allocates."""
import os
import sys

import numpy as np
import pytest

import tutor as mx
from tutor.base import MXNetError

sys.path.insert(0, os.path.dirname(__file__))
from _arrayhelp import Bound, check_op_grads  # noqa: E402
from _ophelp import make  # noqa: E402

rng = np.random.RandomState(5)


@pytest.mark.parametrize('shape,axes', [((2, 3, 4), ()), ((2, 3, 4), (1, 2, 0)),
                                        ((3, 2), (1, 0))])
def test_transpose(shape, axes):
    x = rng.randn(*shape)
    b = check_op_grads('transpose', [x], dict(axes=axes))
    np.testing.assert_array_equal(b.forward()[0], np.transpose(x, axes or None))


def test_transpose_refuses_what_is_not_a_permutation():
    for axes in [(0, 0, 1), (-1, 0, 1), (1, 0)]:
        with pytest.raises(MXNetError, match='transpose axes'):
            make('transpose', axes=axes).infer_shape([(2, 3, 4)], [])
    assert make('transpose', axes=(2, 0, 1)).infer_shape([(0, 3, 4)], [])[1] == [(4, 0, 3)]


@pytest.mark.parametrize('axis,out', [(0, (1, 2, 3)), (2, (2, 3, 1)), (-1, (2, 3, 1)),
                                      (-3, (1, 2, 3))])
def test_expand_dims(axis, out):
    x = rng.randn(2, 3)
    b = check_op_grads('expand_dims', [x], dict(axis=axis))
    assert b.outputs[0].shape == out
    with pytest.raises(MXNetError, match=r'range \[-3, 2\]'):
        make('expand_dims', axis=3).infer_shape([(2, 3)], [])


@pytest.mark.parametrize('attrs,region', [
    (dict(begin=(0, 1), end=(2, None)), np.s_[0:2, 1:]),
    (dict(begin=(None, 3), end=(None, 0), step=(None, -1)), np.s_[:, 3:0:-1]),
    (dict(begin=(-1,), end=(None,), step=(-2,)), np.s_[-1::-2]),
    (dict(begin=(1,), end=(-1,)), np.s_[1:-1]),
])
def test_slice(attrs, region):
    x = rng.randn(4, 5)
    b = check_op_grads('slice', [x], attrs)
    np.testing.assert_array_equal(b.forward()[0], x[region])


def test_slice_shapes_and_errors():
    op = make('slice', begin=(0, 1), end=(2, 3))
    assert op.infer_shape([(0, 4)], [])[1] == [(0, 2)]
    assert op.infer_shape([None], [])[1] == [None]
    with pytest.raises(MXNetError, match='exceeds data dimensions'):
        op.infer_shape([(4,)], [])
    with pytest.raises(MXNetError, match='cannot be 0'):
        make('slice', begin=(0,), end=(2,), step=(0,)).infer_shape([(4,)], [])
    with pytest.raises(MXNetError, match='expect tuple of <int or None>'):
        make('slice', begin='(a,)', end=(2,))


@pytest.mark.parametrize('attrs,region', [
    (dict(axis=1, begin=1, end=None), np.s_[:, 1:]), (dict(axis=-1, begin=-3, end=-1),
                                                      np.s_[:, -3:-1]),
    (dict(axis=0, begin=0, end=1), np.s_[0:1])])
def test_slice_axis(attrs, region):
    x = rng.randn(3, 5)
    b = check_op_grads('slice_axis', [x], attrs)
    np.testing.assert_array_equal(b.forward()[0], x[region])


@pytest.mark.parametrize('attrs,match', [
    (dict(axis=0, begin=2, end=1), 'begin < end'), (dict(axis=0, begin=0, end=5), 'Invalid end'),
    (dict(axis=0, begin=-5, end=None), 'Invalid begin'), (dict(axis=2, begin=0, end=1),
                                                          'exceeds')])
def test_slice_axis_errors(attrs, match):
    with pytest.raises(MXNetError, match=match):
        make('slice_axis', **attrs).infer_shape([(3, 4)], [])


def test_slice_axis_of_an_unknown_dim_stays_unknown():
    assert make('slice_axis', axis=0, begin=0, end=2).infer_shape([(0, 4)], [])[1] == [(0, 4)]


def test_blockgrad_zeros_like_ones_like_block_the_gradient():
    x = rng.randn(2, 3)
    for name, want in [('BlockGrad', x), ('zeros_like', 0 * x), ('ones_like', 0 * x + 1)]:
        b = Bound(make(name), [x])
        np.testing.assert_array_equal(b.forward()[0], want)
        dx = np.full_like(x, 7.0)
        b.backward([rng.randn(2, 3)], [dx], ['add'])
        np.testing.assert_array_equal(dx, 7.0)       # 'add' adds nothing
        b.backward([rng.randn(2, 3)], [dx], ['write'])
        np.testing.assert_array_equal(dx, 0.0)       # 'write' writes 0


def test_cast_truncates_wraps_and_passes_the_gradient_back():
    x = np.array([1.7, -1.7, 300.5, 0.4])
    for dtype, want in [('int32', [1, -1, 300, 0]), ('uint8', [1, 255, 44, 0]),
                        ('bool', [1, 1, 1, 1]), ('float16', x)]:
        op = make('Cast', dtype=dtype)
        y = np.zeros(4, dtype=op.infer_type([x.dtype])[1][0])
        op.forward(True, [x], [y], [], None)
        np.testing.assert_array_equal(y, np.array(want).astype(y.dtype))
    check_op_grads('Cast', [rng.randn(2, 3)], dict(dtype='float64'))


def test_bind_allocates_each_output_in_its_own_dtype():
    x = mx.sym.var('x')
    net = mx.sym.reshape(mx.sym.Cast(x, dtype='int32', name='c'), shape=(1, 3))
    exe = net.simple_bind(mx.cpu(), x=(3,))
    out = exe.forward(x=mx.nd.array([1.7, -2.5, 3.2]))[0]
    assert out.dtype == np.int32 and out.asnumpy().tolist() == [[1, -2, 3]]
    assert net.infer_type(x='float32')[1] == [np.int32]
    emb = mx.sym.Embedding(x, input_dim=3, output_dim=2, dtype='float64', name='e')
    assert emb.infer_type(x='int32') == ([np.int32, np.float64], [np.float64], [])
