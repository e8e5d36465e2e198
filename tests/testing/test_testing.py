"""MXNet's checking helpers (mx.test_utils): they pass on right answers and fail on wrong ones."""
import numpy as np
import pytest

import tutor as mx
from tutor import test_utils as tu
from tutor.symbol.op import OPS, Op, register


def test_tolerances_follow_the_dtype():
    tu.assert_almost_equal(np.float32(1), np.float32(1.00005))          # float32: rtol 1e-4
    with pytest.raises(AssertionError, match='rtol=1.000000e-05'):
        tu.assert_almost_equal(np.float64(1), np.float64(1.0005))
    with pytest.raises(AssertionError, match=r'Location of maximum error: \(1,\)'):
        tu.assert_almost_equal(np.ones(3), np.array([1, 2, 1.]), names=('got', 'want'))


def test_symbolic_checks_catch_wrong_expectations():
    fc = mx.sym.FullyConnected(mx.sym.Variable('data'), num_hidden=2, name='fc')
    x, w, b = np.ones((1, 3)), np.ones((2, 3)), np.zeros(2)
    tu.check_symbolic_forward(fc, [x, w, b], [[[3, 3]]])
    with pytest.raises(AssertionError):
        tu.check_symbolic_forward(fc, [x, w, b], [[[3, 4]]])
    with pytest.raises(AssertionError):
        tu.check_symbolic_backward(fc, [x, w, b], [np.ones((1, 2))], {'fc_bias': [1, 2]})


def test_numeric_gradient_catches_a_wrong_backward():
    @register
    class WrongSquare(Op):
        """y = x², with a backward that forgets the factor 2."""
        name, hint = 'WrongSquareForTesting', 'wrongsquare'

        def infer_shape(self, in_shapes, aux_shapes):
            return in_shapes, [in_shapes[0]], aux_shapes

        def forward(self, is_train, inputs, outputs, aux, state):
            np.square(inputs[0], out=outputs[0])

        def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
            np.multiply(out_grads[0], inputs[0], out=in_grads[0])
    try:
        net = mx.sym.WrongSquareForTesting(mx.sym.Variable('data'))
        with pytest.raises(AssertionError, match='NUMERICAL_data'):
            tu.check_numeric_gradient(net, [np.random.uniform(1, 2, (2, 3))])
        data = mx.sym.Variable('data')
        tu.check_numeric_gradient(data * data, [np.random.uniform(1, 2, (2, 3))])
    finally:
        OPS.pop('WrongSquareForTesting')


def test_helpers_that_make_data():
    assert tu.rand_ndarray((2, 3)).dtype == np.float32
    with pytest.raises(NotImplementedError):
        tu.rand_ndarray((2, 3), stype='csr')
    a, b = tu.random_arrays((2,), (3, 1))
    assert a.shape == (2,) and b.shape == (3, 1)
    assert all(1 <= d <= 10 for d in tu.rand_shape_2d())
