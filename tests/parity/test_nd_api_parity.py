"""``mx.nd`` against real MXNet 1.9.1: registered operators called imperatively (positional
parameters, ``out=``, several outputs), NDArray methods and the two-operand functions give
the same types, shapes, dtypes and values; random samplers the same shapes and dtypes.

Run: MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity/test_nd_api_parity.py
"""
import inspect

import numpy as np
import pytest

mx = pytest.importorskip('mxnet')
import tutor  # noqa: E402
from _both import LIBS, errors_alike  # noqa: E402
from tutor.symbol.op import OPS  # noqa: E402

X = [[1, -2, 3], [-4, 5, -6]]

EXPRS = [
    'x.sum()', 'x.sum(axis=1)', 'x.sum(axis=1, keepdims=True)', 'x.sum(axis=0, exclude=True)',
    'nd.sum(x)', 'nd.mean(x, axis=0)', 'x.mean()', 'x.max(axis=0)', 'x.min()', 'x.prod()',
    'x.norm()', 'nd.norm(x)', 'x.flatten()', 'nd.ones((2, 3, 4)).flatten()',
    'x.reshape((3, 2))', 'x.reshape(3, 2)', 'x.reshape((0, -1))', 'x.reshape((-1,))',
    'x.reshape(shape=(6,))', 'x.reshape((-3,))', 'x.reshape((-4, 1, 2, -2))',
    'x.reshape((3, -1), reverse=True)', 'nd.ones((2, 3, 4)).reshape((-4, 1, 2, -2))',
    'nd.ones((2, 3, 4)).reshape((0, -3))', 'nd.ones((2, 3, 4)).reshape((-2,))',
    'x.T', 'x.astype("int32")', 'x.transpose()', 'x.transpose(axes=(1, 0))',
    'x.expand_dims(axis=0)', 'x.argmax(axis=1)', 'x.argmax()', 'x.argmin(axis=0)',
    'nd.argmax(x, axis=1)', 'x.clip(-2, 4)', 'x.abs()', 'x.sign()', 'x.exp()', 'x.square()',
    'x.relu()', 'x.sigmoid()', 'x.softmax()', 'x.log_softmax()', 'x.zeros_like()',
    'x.ones_like()', 'x.tile((2, 1))', 'x.repeat(2)', 'x.repeat(repeats=2, axis=0)',
    'x.swapaxes(0, 1)', 'x.split(num_outputs=3, axis=1)', 'x.slice_axis(axis=1, begin=0, end=2)',
    'x.one_hot(3)', 'x.copy()', 'x[0][2]', 'x.tanh()', 'x.floor()', 'x.square().sqrt()',
    'nd.add(x, 1)', 'nd.add(x, nd.array([1, 2, 3]))', 'nd.add(x, nd.array([[1], [2]]))',
    'nd.divide(x, 2)', 'nd.multiply(x, x)', 'nd.subtract(3, x)', 'nd.power(x, 2)',
    'nd.power(2, x)', 'nd.maximum(x, 3)', 'nd.minimum(x, nd.array([1, 5, 2]))',
    'nd.equal(x, 2)', 'nd.not_equal(x, 2)', 'nd.greater(x, 2)', 'nd.greater_equal(x, 3)',
    'nd.lesser(x, 2)', 'nd.lesser_equal(x, 2)', 'nd.modulo(x, 4)', 'nd.true_divide(x, 2)',
    'nd.negative(x)', 'nd.ones_like(x)', 'nd.zeros_like(x)', 'nd.dot(x, x.T)',
    'nd.concat(x, x, dim=0)', 'nd.full((2, 2), 3)', 'nd.arange(5)', 'nd.arange(2, 8, 2)',
    'nd.FullyConnected(x, nd.ones((4, 3)), nd.array([0, 1, 2, 3]), 4)',
    'nd.FullyConnected(x, nd.ones((4, 3)), None, 4, True)',
    'nd.FullyConnected(data=x, weight=nd.ones((4, 3)), num_hidden=4, no_bias=True)',
    'nd.Activation(x, "relu")', 'nd.Activation(x, act_type="tanh")', 'nd.Dropout(x, 0.5)',
    'nd.SoftmaxOutput(x, nd.array([0, 1]))', 'nd.softmax(x)', 'nd.softmax(x, axis=0)',
    'nd.BatchNorm(x, nd.ones(3), nd.zeros(3), nd.zeros(3), nd.ones(3))',
    'nd.BatchNorm(x, nd.ones(3), nd.zeros(3), nd.zeros(3), nd.ones(3), output_mean_var=True)',
    'nd.elemwise_add(x, x)', 'nd.elemwise_mul(x, x)', 'nd.Flatten(nd.ones((2, 3, 4)))',
    'nd.flatten(nd.ones((2, 3, 4)))', 'nd.LinearRegressionOutput(x, x)', 'nd.MakeLoss(x)',
    'nd.Pooling(nd.arange(16).reshape((1, 1, 4, 4)), kernel=(2, 2), pool_type="max")',
    'nd.Convolution(nd.arange(16).reshape((1, 1, 4, 4)), nd.ones((2, 1, 3, 3)), '
    'nd.zeros(2), (3, 3), num_filter=2)',
    'nd.Activation(x, "relu", out=nd.zeros((2, 3)))',
]

# Operators other issue-16 branches registered: they are nd functions with no extra code.
REGISTRY_EXPRS = [
    'nd.Cast(x, dtype="int32")', 'nd.cast(x, "float16")', 'nd.one_hot(nd.array([1, 0, 2]), 3)',
    'nd.broadcast_add(x, nd.array([[1], [2]]))', 'nd.LeakyReLU(x, act_type="leaky", slope=0.1)',
    'nd.transpose(x)', 'nd.transpose(x, axes=(1, 0))', 'nd.expand_dims(x, axis=1)',
    'nd.Concat(x, x, dim=0)', 'nd.concat(x, x, x)', 'nd.SliceChannel(x, num_outputs=3)',
    'nd.split(x, 3, 1)', 'nd.split(x, num_outputs=2, axis=0, squeeze_axis=True)',
    'nd.Reshape(x, shape=(3, 2))', 'nd.reshape(x, (3, -1))', 'nd.reshape(x, shape=(-1,))',
    'nd.clip(x, -1, 1)', 'nd.relu(x)', 'nd.exp(x)', 'nd.abs(x)', 'nd.square(x)', 'nd.sign(x)',
    'nd.take(x, nd.array([1, 0, 1]))', 'nd.pick(x, nd.array([0, 2]), axis=1)',
    'nd.topk(x, k=2)', 'nd.topk(x, k=1, ret_typ="value")', 'nd.slice_axis(x, 1, 0, 2)',
    'nd.slice(x, begin=(0, 1), end=(2, 3))', 'nd.SwapAxis(x, 0, 1)', 'nd.BlockGrad(x)',
    'nd.zeros_like(x)', 'nd.log_softmax(x)', 'nd.L2Normalization(x)', 'nd.argmax(x, axis=0)',
    'nd.broadcast_to(nd.array([[1, 2, 3]]), shape=(2, 3))', 'nd.smooth_l1(x, scalar=1.0)',
    'nd.Embedding(nd.array([[0, 2]]), nd.arange(12).reshape((3, 4)), 3, 4)',
    'nd.LayerNorm(x, nd.ones(3), nd.zeros(3))',
    'nd.squeeze(nd.ones((2, 1, 3)))', 'nd.squeeze(nd.ones((2, 1, 3)), axis=1)',
    'nd.repeat(x, 2, axis=0)', 'nd.nansum(x)', 'x.squeeze()', 'x.tile((2, 2))',
]


def _describe(v):
    if isinstance(v, list):
        return [_describe(i) for i in v]
    return (type(v).__name__, v.shape, np.dtype(v.dtype).name,
            np.round(v.asnumpy().astype(np.float64), 5).tolist())


@pytest.mark.parametrize('expr', EXPRS + REGISTRY_EXPRS)
def test_expression_matches(expr):
    got = []
    for _, lib in LIBS:
        scope = {'nd': lib.nd, 'x': lib.nd.array(X)}
        got.append(_describe(eval(expr, scope)))  # noqa: S307 - our own test expressions
    assert got[1] == got[0]


def test_out_is_returned_and_filled():
    for _, lib in LIBS:
        out = lib.nd.zeros((2, 3))
        assert lib.nd.Activation(lib.nd.array(X), act_type='relu', out=out) is out
        assert out.asnumpy().tolist() == [[1, 0, 3], [0, 5, 0]]


def test_missing_input_is_an_mxnet_error():
    errors_alike(lambda lib: lib.nd.FullyConnected(lib.nd.array(X), lib.nd.ones((4, 3)),
                                                   num_hidden=4))


@pytest.mark.parametrize('name', sorted(n for n in OPS if not n.startswith('_')))
def test_nd_signature_matches(name):
    assert str(inspect.signature(getattr(tutor.nd, name))) == \
        str(inspect.signature(getattr(mx.nd, name)))


@pytest.mark.parametrize('expr', [
    'r.uniform()', 'r.uniform(0, 1, shape=(2, 3))', 'r.uniform(0, 1, shape=5)',
    'r.normal(0, 1, shape=(2,), dtype="float64")', 'r.randint(0, 10, shape=(3,))',
    'r.randint(0, 10)', 'r.shuffle(nd.arange(6).reshape((3, 2)))', 'r.randn(2, 3)',
    'r.exponential(shape=(2,))', 'r.poisson(shape=(2,))', 'r.gamma(shape=(2,))',
    'r.multinomial(nd.array([[0.5, 0.5]]))', 'r.multinomial(nd.array([0.2, 0.8]))',
    'r.multinomial(nd.array([[0.5, 0.5]]), shape=3)'])
def test_random_shapes_and_dtypes(expr):
    got = []
    for _, lib in LIBS:
        v = eval(expr, {'r': lib.nd.random, 'nd': lib.nd})  # noqa: S307
        got.append((type(v).__name__, v.shape, np.dtype(v.dtype).name))
    assert got[1] == got[0]
