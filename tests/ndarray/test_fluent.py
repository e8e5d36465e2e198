"""NDArray methods that follow MXNet where it differs from NumPy."""
import numpy as np
import pytest

import tutor as mx

nd = mx.nd


@pytest.fixture
def x():
    return nd.array([[1, 2, 3], [4, 5, 6]])


def test_full_reductions_have_shape_1(x):
    for method, value in (('sum', 21), ('mean', 3.5), ('max', 6), ('min', 1), ('prod', 720)):
        got = getattr(x, method)()
        assert isinstance(got, nd.NDArray) and got.shape == (1,) and got.asscalar() == value


def test_reduction_axis_keepdims_exclude(x):
    assert x.sum(axis=1).asnumpy().tolist() == [6, 15]
    assert x.sum(axis=1, keepdims=True).shape == (2, 1)
    assert x.sum(axis=0, exclude=True).asnumpy().tolist() == [6, 15]
    assert nd.sum(x).shape == (1,) and nd.mean(x, axis=0).shape == (3,)


def test_numpy_functions_still_work_on_ndarrays(x):
    out = np.zeros(3, dtype=np.float32)
    np.sum(x, axis=0, out=out)
    assert out.tolist() == [5, 7, 9]
    assert np.allclose(x, x.copy())


@pytest.mark.parametrize('shape, expected', [
    ((3, 2), (3, 2)), ((0, -1), (2, 3)), ((-1,), (6,)), ((-3,), (6,)),
    ((-4, 1, 2, -2), (1, 2, 3)), ((-2,), (2, 3)), ((6, 1), (6, 1))])
def test_reshape_special_values(x, shape, expected):
    assert x.reshape(shape).shape == expected


def test_reshape_forms_and_view(x):
    assert x.reshape(3, 2).shape == (3, 2)
    assert x.reshape(shape=(6,)).shape == (6,)
    assert x.reshape((3, -1), reverse=True).shape == (3, 2)
    v = x.reshape((6,))
    v[0] = 9
    assert x[0][0].asscalar() == 9
    with pytest.raises(mx.base.MXNetError):
        x.reshape((4, 2))


def test_flatten_transpose_argmax_astype(x):
    assert nd.ones((2, 3, 4)).flatten().shape == (2, 12)
    assert x.T.shape == (3, 2) and x.transpose(axes=(1, 0)).shape == (3, 2)
    am = x.argmax(axis=1)
    assert am.dtype == np.float32 and am.asnumpy().tolist() == [2, 2]
    assert x.argmax().shape == (1,)
    assert x.astype('int32').dtype == np.int32
    assert x.astype(np.float32, copy=False) is x and x.astype(np.float32) is not x


def test_context_methods(x):
    assert x.context == mx.cpu() and x.ctx == mx.cpu()
    assert x.as_in_context(mx.cpu()) is x
    y = x.copyto(mx.cpu())
    assert y is not x and (y.asnumpy() == x.asnumpy()).all()
    x.wait_to_read()
    assert x.grad is None and x.stype == 'default'


def test_elementwise_methods(x):
    np.testing.assert_allclose(x.exp().asnumpy(), np.exp(x.asnumpy()), rtol=1e-6)
    np.testing.assert_allclose(x.sigmoid().asnumpy(), 1 / (1 + np.exp(-x.asnumpy())),
                               rtol=1e-6)
    np.testing.assert_allclose(x.softmax().asnumpy().sum(axis=1), [1, 1], rtol=1e-6)
    assert x.one_hot(3).shape == (2, 3, 3)
    assert x.one_hot(7).asnumpy()[1, 2].tolist() == [0, 0, 0, 0, 0, 0, 1]
    assert [p.shape for p in x.split(num_outputs=3, axis=1)] == [(2, 1)] * 3
    assert x.slice_axis(axis=1, begin=0, end=2).shape == (2, 2)
    assert x.zeros_like().sum().asscalar() == 0 and x.ones_like().sum().asscalar() == 6


def test_binary_functions_broadcast_and_keep_dtype(x):
    assert nd.add(x, nd.array([[1], [2]])).asnumpy().tolist() == [[2, 3, 4], [6, 7, 8]]
    assert nd.subtract(3, x).asnumpy()[0].tolist() == [2, 1, 0]
    eq = nd.equal(x, 2)
    assert eq.dtype == np.float32 and eq.asnumpy()[0].tolist() == [0, 1, 0]
    assert nd.power(2, x).asnumpy()[0].tolist() == [2, 4, 8]
    assert nd.maximum(x, 3).dtype == np.float32
    assert nd.ones_like(x).shape == x.shape and nd.zeros_like(x).sum().asscalar() == 0


def test_numpy_functions_that_call_methods_back(x):
    """np.tile, np.reshape(order=) and np.squeeze call the array's own methods: the MXNet
    versions must still answer them as NumPy expects."""
    assert np.tile(x, 2).shape == (2, 6)
    assert np.reshape(x, (3, 2), order='F').asnumpy().tolist() == [[1, 5], [4, 3], [2, 6]]
    assert np.squeeze(nd.ones((2, 1, 3))).shape == (2, 3)
    assert x.repeat(2, axis=0).shape == (4, 3)
