"""Every registered operator is an ``mx.nd`` function: shapes inferred, outputs allocated,
forward run, ``out=`` written, several outputs returned as a list."""
import inspect

import numpy as np
import pytest

import tutor as mx
from tutor.symbol.op import OPS, Op, Param, register

nd = mx.nd


@pytest.fixture
def x():
    return nd.array([[1, -2, 3], [-4, 5, -6]])


def test_fully_connected_positional_and_keyword(x):
    w, b = nd.ones((4, 3)), nd.array([0, 1, 2, 3])
    y = nd.FullyConnected(x, w, b, 4)
    assert isinstance(y, nd.NDArray) and y.shape == (2, 4) and y.dtype == np.float32
    np.testing.assert_allclose(y.asnumpy(), x.asnumpy() @ np.ones((3, 4)) + [0, 1, 2, 3])
    y2 = nd.FullyConnected(data=x, weight=w, num_hidden=4, no_bias=True)
    np.testing.assert_allclose(y2.asnumpy(), x.asnumpy() @ np.ones((3, 4)))


def test_missing_input_is_a_clear_error(x):
    with pytest.raises(mx.base.MXNetError, match='bias is missing'):
        nd.FullyConnected(x, nd.ones((4, 3)), num_hidden=4)


def test_activation_and_out_argument(x):
    out = nd.zeros((2, 3))
    got = nd.Activation(x, 'relu', out=out)
    assert got is out
    np.testing.assert_array_equal(out.asnumpy(), np.maximum(x.asnumpy(), 0))


def test_multi_output_op_returns_a_list(x):
    outs = nd.BatchNorm(x, nd.ones(3), nd.zeros(3), nd.zeros(3), nd.ones(3),
                        output_mean_var=True)
    assert isinstance(outs, list) and [o.shape for o in outs] == [(2, 3), (3,), (3,)]


def test_dropout_outside_training_is_the_identity(x):
    np.testing.assert_array_equal(nd.Dropout(x, 0.5).asnumpy(), x.asnumpy())


def test_shape_errors_are_mxnet_errors(x):
    with pytest.raises(mx.base.MXNetError):
        nd.elemwise_add(x, nd.ones((3, 2)))


def test_internal_ops_live_in_nd_internal(x):
    np.testing.assert_array_equal(nd._internal._plus_scalar(x, scalar=2).asnumpy(),
                                  x.asnumpy() + 2)
    with pytest.raises(AttributeError):
        nd._plus_scalar


def test_signature_is_mxnet_generated_one():
    assert str(inspect.signature(nd.Activation)) == \
        '(data=None, act_type=_Null, out=None, name=None, **kwargs)'


def test_an_op_registered_later_appears_in_nd():
    @register
    class TimesThree(Op):
        """y = 3x (a learner's own op)."""
        name, hint = 'TimesThreeForNd', 'timesthree'
        params = {'unused': Param('int', 0)}

        def infer_shape(self, in_shapes, aux_shapes):
            return in_shapes, [in_shapes[0]], aux_shapes

        def forward(self, is_train, inputs, outputs, aux, state):
            np.multiply(inputs[0], 3, out=outputs[0])
    try:
        np.testing.assert_array_equal(nd.TimesThreeForNd(nd.ones(2)).asnumpy(), [3, 3])
    finally:
        OPS.pop('TimesThreeForNd')
