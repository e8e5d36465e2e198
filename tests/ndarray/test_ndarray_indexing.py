"""Indexing an NDArray: MXNet 1.x has no 0-d arrays, so indexing down to one element gives
an NDArray of shape (1,) (``x[0][2].asscalar()`` works), and basic indexing gives views."""
import numpy as np
import pytest

import tutor as mx


@pytest.fixture
def x():
    return mx.nd.array([[1, 2, 3], [4, 5, 6]])


@pytest.mark.parametrize('index, value', [
    (lambda x: x[0][2], 3), (lambda x: x[0, 2], 3), (lambda x: x[-1, -2], 5),
    (lambda x: x[0][-1], 3), (lambda x: x[1][0], 4), (lambda x: x[0][1:2], 2)])
def test_one_element_is_an_ndarray_of_shape_1(x, index, value):
    got = index(x)
    assert isinstance(got, mx.nd.NDArray)
    assert got.shape == (1,) and got.dtype == np.float32
    assert got.asscalar() == value and isinstance(got.asscalar(), np.float32)


def test_rows_and_slices_keep_their_shapes(x):
    assert x[0].shape == (3,) and x[1:2].shape == (1, 3) and x[:, 1].shape == (2,)
    assert isinstance(x[:, 1], mx.nd.NDArray)


def test_one_element_is_a_view_like_mxnet(x):
    x[0][2] = 9
    v = x[1, 1]
    v[:] = 7
    np.testing.assert_array_equal(x.asnumpy(), [[1, 2, 9], [4, 7, 6]])


def test_iterating_a_vector_gives_one_element_arrays():
    items = list(mx.nd.array([1, 2]))
    assert [i.shape for i in items] == [(1,), (1,)]
    assert [float(i.asscalar()) for i in items] == [1.0, 2.0]


def test_out_of_range_index_still_raises(x):
    with pytest.raises(IndexError):
        x[0][3]
