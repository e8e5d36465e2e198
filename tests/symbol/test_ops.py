"""The layer operators: FullyConnected, Activation, Flatten and element-wise arithmetic.
Forward against hand-written NumPy, backward against central differences (float64),
grad_req write/add/null, shape inference and its errors."""
import os
import sys

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from tutor.base import MXNetError
from tutor.symbol.op import OPS, ShapeError

sys.path.insert(0, os.path.dirname(__file__))
from _ophelp import Run, check_grads, make, run  # noqa: E402

rng = np.random.RandomState(7)
small = st.integers(1, 4)


# --- FullyConnected ------------------------------------------------------------------------

@settings(max_examples=25, deadline=None)
@given(st.lists(small, min_size=2, max_size=4), small, st.booleans(), st.booleans())
def test_fc_forward_matches_formula(shape, nh, flatten, no_bias):
    shape = tuple(shape)
    n_in = int(np.prod(shape[1:])) if flatten else shape[-1]
    x, w, b = rng.randn(*shape), rng.randn(nh, n_in), rng.randn(nh)
    args = [x, w] if no_bias else [x, w, b]
    r = Run(make('FullyConnected', num_hidden=nh, flatten=flatten, no_bias=no_bias), args)
    y = r.forward()
    if flatten:
        want = x.reshape(shape[0], -1) @ w.T
    else:
        want = np.einsum('...i,hi->...h', x, w)
    if not no_bias:
        want = want + b
    np.testing.assert_allclose(y, want, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize('shape,flatten', [((4, 5), True), ((3, 2, 3), True),
                                           ((3, 2, 3), False), ((2, 2, 2, 3), False),
                                           ((5,), False)])
@pytest.mark.parametrize('no_bias', [False, True])
def test_fc_gradients(shape, flatten, no_bias):
    nh = 3
    n_in = int(np.prod(shape[1:])) if flatten else shape[-1]
    args = [rng.randn(*shape), rng.randn(nh, n_in)] + ([] if no_bias else [rng.randn(nh)])
    out_shape = (shape[0], nh) if flatten else shape[:-1] + (nh,)
    check_grads('FullyConnected', args, range(len(args)),
                dict(num_hidden=nh, flatten=flatten, no_bias=no_bias),
                out_grad=rng.randn(*out_shape))


def test_fc_arguments_and_shapes():
    assert make('FullyConnected', num_hidden=3).arguments() == ['data', 'weight', 'bias']
    assert make('FullyConnected', num_hidden=3, no_bias=True).arguments() == ['data', 'weight']
    op = make('FullyConnected', num_hidden=3)
    assert op.infer_shape([(4, 5, 6), None, None], []) == \
        ([(4, 5, 6), (3, 30), (3,)], [(4, 3)], [])
    op = make('FullyConnected', num_hidden=3, flatten=False)
    assert op.infer_shape([(4, 5, 6), None, None], []) == \
        ([(4, 5, 6), (3, 6), (3,)], [(4, 5, 3)], [])
    # MXNet waits for the data shape before deciding anything.
    assert op.infer_shape([None, (3, 6), None], [])[1] == [None]
    # 1-D data: flatten=True treats it as (N, 1); flatten=False as one sample.
    assert make('FullyConnected', num_hidden=3).infer_shape([(4,), None, None], [])[0][1] == (3, 1)
    assert op.infer_shape([(4,), None, None], [])[1] == [(3,)]


def test_fc_inconsistent_weight_names_argument_and_shapes():
    op = make('FullyConnected', num_hidden=3)
    with pytest.raises(ShapeError) as e:
        op.infer_shape([(4, 5), (5, 5), None], [])
    msg = str(e.value)
    assert 'Shape inconsistent, Provided = [5,5], inferred shape=(3,5)' in msg
    assert 'weight' in msg and '(5, 5)' in msg and '(3, 5)' in msg
    assert isinstance(e.value, MXNetError)
    with pytest.raises(ShapeError, match='bias'):
        op.infer_shape([(4, 5), None, (4,)], [])


def test_fc_accepts_column_bias_like_mxnet():
    op = make('FullyConnected', num_hidden=2)
    assert op.infer_shape([(3, 4), None, (2, 1)], [])[0][2] == (2, 1)
    x, w, b = rng.randn(3, 4), rng.randn(2, 4), rng.randn(2, 1)
    np.testing.assert_allclose(Run(op, [x, w, b]).forward(), x @ w.T + b.ravel())


def test_fc_keeps_float32():
    r = Run(make('FullyConnected', num_hidden=3),
            [rng.randn(4, 5), rng.randn(3, 5), rng.randn(3)], dtype=np.float32)
    r.forward()
    r.backward(np.ones((4, 3), np.float32))
    assert r.outputs[0].dtype == np.float32
    assert all(g.dtype == np.float32 for g in r.grads)


# --- Activation ----------------------------------------------------------------------------

ACTS = {'relu': lambda x: np.maximum(x, 0),
        'sigmoid': lambda x: 1 / (1 + np.exp(-x)),
        'tanh': np.tanh,
        'softrelu': lambda x: np.log1p(np.exp(x)),
        'softsign': lambda x: x / (1 + np.abs(x))}


@pytest.mark.parametrize('act', sorted(ACTS))
def test_activation_forward_and_gradient(act):
    x = rng.randn(4, 5) * 3
    x[np.abs(x) < 0.05] += 0.2               # away from relu's kink at 0
    np.testing.assert_allclose(run('Activation', [x], act_type=act).outputs[0], ACTS[act](x),
                               rtol=1e-12, atol=1e-12)
    check_grads('Activation', [x], [0], dict(act_type=act), out_grad=rng.randn(4, 5))


def test_sigmoid_and_softrelu_do_not_overflow():
    x = np.array([-1000.0, -50, 0, 50, 1000], dtype=np.float32)
    with np.errstate(over='raise', invalid='raise', divide='raise'):
        s = run('Activation', [x], act_type='sigmoid', out_grad=np.ones(5)).outputs[0]
        sr = run('Activation', [x], act_type='softrelu', out_grad=np.ones(5)).outputs[0]
    np.testing.assert_allclose(s, [0, 0, 0.5, 1, 1], atol=1e-7)
    np.testing.assert_allclose(sr, [0, 0, np.log(2), 50, 1000], rtol=1e-6, atol=1e-7)


def test_unknown_act_type_lists_valid_ones():
    with pytest.raises(MXNetError) as e:
        make('Activation', act_type='foo')
    assert ("valid values are: {'relu', 'sigmoid', 'softrelu', 'softsign', 'tanh'}"
            in str(e.value))
    with pytest.raises(MXNetError, match='Required parameter act_type'):
        OPS['Activation']({})


# --- Flatten -------------------------------------------------------------------------------

def test_flatten():
    x = rng.randn(2, 3, 4)
    r = run('Flatten', [x], out_grad=np.arange(24.0).reshape(2, 12))
    np.testing.assert_array_equal(r.outputs[0], x.reshape(2, 12))
    np.testing.assert_array_equal(r.grads[0], np.arange(24.0).reshape(2, 3, 4))
    assert make('Flatten').infer_shape([(5,)], [])[1] == [(5, 1)]
    assert make('Flatten').hint == 'flatten'


# --- element-wise ops ----------------------------------------------------------------------

# Called by name they are named elemwise_add0...; `a + b` passes MXNet's _plus hint itself.
BINARY = {'elemwise_add': (np.add, 'elemwise_add'), 'elemwise_sub': (np.subtract, 'elemwise_sub'),
          'elemwise_mul': (np.multiply, 'elemwise_mul'),
          'elemwise_div': (np.divide, 'elemwise_div')}
SCALAR = {'_plus_scalar': (lambda x, s: x + s, '_plusscalar'),
          '_minus_scalar': (lambda x, s: x - s, '_minusscalar'),
          '_rminus_scalar': (lambda x, s: s - x, '_rminusscalar'),
          '_mul_scalar': (lambda x, s: x * s, '_mulscalar'),
          '_div_scalar': (lambda x, s: x / s, '_divscalar'),
          '_rdiv_scalar': (lambda x, s: s / x, '_rdivscalar')}


@pytest.mark.parametrize('name', sorted(BINARY))
def test_binary_forward_gradients_and_hint(name):
    fn, hint = BINARY[name]
    lhs, rhs = rng.randn(3, 4), rng.rand(3, 4) + 0.5
    assert make(name).hint == hint and make(name).arguments() == ['lhs', 'rhs']
    np.testing.assert_allclose(Run(make(name), [lhs, rhs]).forward(), fn(lhs, rhs))
    check_grads(name, [lhs, rhs], [0, 1], {}, out_grad=rng.randn(3, 4))


@pytest.mark.parametrize('name', sorted(SCALAR))
def test_scalar_forward_gradients_and_hint(name):
    fn, hint = SCALAR[name]
    x = rng.rand(3, 4) + 0.5
    op = make(name, scalar=2.5)
    assert op.hint == hint and op.p['scalar'] == 2.5
    np.testing.assert_allclose(Run(op, [x]).forward(), fn(x, 2.5))
    check_grads(name, [x], [0], dict(scalar=2.5), out_grad=rng.randn(3, 4))
    assert make(name).p['scalar'] == 1.0            # MXNet's default
    assert make(name, scalar=2, is_int=True).p['scalar'] == 2.0


def test_binary_shape_inference_both_ways_and_mismatch():
    op = make('elemwise_add')
    assert op.infer_shape([(2, 3), None], []) == ([(2, 3), (2, 3)], [(2, 3)], [])
    assert op.infer_shape([None, (2, 3)], []) == ([(2, 3), (2, 3)], [(2, 3)], [])
    with pytest.raises(ShapeError, match=r'expected \[2,3\], got \[2,4\]'):
        op.infer_shape([(2, 3), (2, 4)], [])


def test_scalar_ops_keep_float32():
    r = Run(make('_rdiv_scalar', scalar=3), [rng.rand(2, 2) + 1], dtype=np.float32)
    r.forward()
    r.backward(np.ones((2, 2), np.float32))
    assert r.outputs[0].dtype == np.float32 and r.grads[0].dtype == np.float32


# --- grad_req: write / add / null, for every op with a data gradient -----------------------

CASES = [('FullyConnected', dict(num_hidden=3), [(4, 5), (3, 5), (3,)]),
         ('FullyConnected', dict(num_hidden=3, flatten=False), [(2, 4, 5), (3, 5), (3,)]),
         ('Activation', dict(act_type='relu'), [(4, 5)]),
         ('Activation', dict(act_type='softsign'), [(4, 5)]),
         ('Flatten', {}, [(2, 3, 2)]),
         ('elemwise_div', {}, [(3, 2), (3, 2)]),
         ('elemwise_mul', {}, [(3, 2), (3, 2)]),
         ('_rdiv_scalar', dict(scalar=2), [(3, 2)]),
         ('_mul_scalar', dict(scalar=2), [(3, 2)])]


@pytest.mark.parametrize('name,attrs,shapes', CASES)
def test_grad_req_add_accumulates_and_null_leaves_untouched(name, attrs, shapes):
    args = [rng.rand(*s) + 0.5 for s in shapes]
    r = Run(make(name, **attrs), args)
    dy = rng.randn(*r.forward().shape)
    fresh = [g.copy() for g in r.backward(dy)]
    before = [rng.randn(*g.shape) for g in fresh]
    grads = [b.copy() for b in before]
    r.backward(dy, req='add', grads=grads)
    for g, b, f in zip(grads, before, fresh):
        np.testing.assert_allclose(g, b + f)
    grads = [b.copy() for b in before]
    reqs = ['null'] + ['write'] * (len(args) - 1)
    r.backward(dy, req=reqs, grads=grads)
    np.testing.assert_array_equal(grads[0], before[0])
    for g, f in zip(grads[1:], fresh[1:]):
        np.testing.assert_allclose(g, f)


def test_every_op_is_registered_with_a_hint():
    expected = {'FullyConnected': 'fullyconnected', 'Activation': 'activation',
                'SoftmaxOutput': 'softmaxoutput', 'LinearRegressionOutput':
                'linearregressionoutput', 'LogisticRegressionOutput':
                'logisticregressionoutput', 'MAERegressionOutput': 'maeregressionoutput',
                'MakeLoss': 'makeloss', 'Dropout': 'dropout', 'BatchNorm': 'batchnorm',
                'Flatten': 'flatten'}
    for name, hint in expected.items():
        assert OPS[name].name == name and OPS[name].hint == hint


# --- softmax and SoftmaxActivation (plain ops, not losses) ---------------------------------

def np_softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@pytest.mark.parametrize('axis', [-1, 0, 1, 2])
@pytest.mark.parametrize('temperature', [None, 2.0])
def test_softmax_forward_and_gradient(axis, temperature):
    x = rng.randn(2, 3, 4)
    attrs = dict(axis=axis) if temperature is None else dict(axis=axis, temperature=temperature)
    op = make('softmax', **attrs)
    assert not op.is_loss and op.arguments() == ['data'] and op.hint == 'softmax'
    np.testing.assert_allclose(Run(op, [x]).forward(), np_softmax(x / (temperature or 1), axis))
    check_grads('softmax', [x], [0], attrs, out_grad=rng.randn(2, 3, 4))


def test_softmax_use_length_masks_the_tail():
    x = rng.randn(2, 4)
    op = make('softmax', use_length=True)
    assert op.arguments() == ['data', 'length']
    assert op.infer_shape([(2, 4), None], [])[0][1] == (2,)
    r = Run(op, [x, np.array([2.0, 0.0])])
    y = r.forward()
    np.testing.assert_allclose(y[0, :2], np_softmax(x[0, :2], 0))
    np.testing.assert_array_equal(y[0, 2:], 0)
    np.testing.assert_array_equal(y[1], 0)
    check_grads('softmax', [x, np.array([3.0, 1.0])], [0], dict(use_length=True),
                out_grad=rng.randn(2, 4))


@pytest.mark.parametrize('mode,axis', [('instance', -1), ('channel', 1)])
def test_softmax_activation(mode, axis):
    x = rng.randn(2, 3, 4)
    np.testing.assert_allclose(Run(make('SoftmaxActivation', mode=mode), [x]).forward(),
                               np_softmax(x, axis))
    # MXNet 1.9.1's instance-mode backward sums over axis 1 for 3-D data (a bug); tutor
    # gives the true gradient of its forward.
    check_grads('SoftmaxActivation', [x], [0], dict(mode=mode), out_grad=rng.randn(2, 3, 4))


def test_softmax_activation_channel_needs_3_axes():
    with pytest.raises(ShapeError, match='at least 3 dimensions|a least 3 dimensions'):
        make('SoftmaxActivation', mode='channel').infer_shape([(4, 3)], [])
