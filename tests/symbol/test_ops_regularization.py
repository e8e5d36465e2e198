"""Dropout and BatchNorm: training versus inference, hidden outputs, BatchNorm's moving
statistics, and gradients by central differences (float64)."""
import os
import sys

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import tutor.random
from tutor.symbol.op import ShapeError

sys.path.insert(0, os.path.dirname(__file__))
from _ophelp import Run, check_grads, make  # noqa: E402

rng = np.random.RandomState(5)


# --- Dropout -------------------------------------------------------------------------------

def test_dropout_structure_and_shapes():
    op = make('Dropout', p=0.3)
    assert op.outputs() == ['output'] and op.num_outputs() == 2
    assert op.infer_shape([(4, 5)], []) == ([(4, 5)], [(4, 5), (4, 5)], [])
    assert make('Dropout', axes=(1,)).infer_shape([(4, 5, 6)], [])[1] == [(4, 5, 6), (4, 1, 6)]
    assert op.p['mode'] == 'training' and make('Dropout').p['p'] == 0.5


def test_dropout_inference_is_identity():
    x, dy = rng.randn(3, 4), rng.randn(3, 4)
    r = Run(make('Dropout', p=0.5), [x])
    np.testing.assert_array_equal(r.forward(is_train=False), x)
    np.testing.assert_array_equal(r.backward(dy)[0], dy)


@pytest.mark.parametrize('p', [0.2, 0.5, 0.8])
def test_dropout_training_keeps_1_minus_p_scaled(p):
    tutor.random.seed(1)
    x = rng.rand(200, 500) + 1
    r = Run(make('Dropout', p=p), [x])
    y = r.forward(is_train=True)
    kept = y != 0
    assert abs(kept.mean() - (1 - p)) < 0.01
    np.testing.assert_allclose(y[kept], x[kept] / (1 - p))
    dy = rng.randn(*x.shape)
    g = r.backward(dy)[0]
    np.testing.assert_allclose(g, np.where(kept, dy / (1 - p), 0))


def test_dropout_is_repeatable_with_tutor_seed_and_fresh_each_call():
    x = np.ones((10, 10))
    r = Run(make('Dropout'), [x])
    tutor.random.seed(42)
    a = r.forward().copy()
    b = r.forward().copy()
    tutor.random.seed(42)
    np.testing.assert_array_equal(r.forward(), a)
    assert not np.array_equal(a, b)


def test_dropout_mode_always_and_axes():
    x = np.ones((50, 40))
    y = Run(make('Dropout', mode='always'), [x]).forward(is_train=False)
    assert 0.3 < (y == 0).mean() < 0.7
    y = Run(make('Dropout', axes=(1,)), [x]).forward(is_train=True)
    rows = y[:, :1]
    np.testing.assert_array_equal(y, np.broadcast_to(rows, y.shape))  # one value per row
    assert set(np.unique(rows)) <= {0.0, 2.0}


def test_dropout_keeps_float32_and_grad_req():
    r = Run(make('Dropout'), [rng.randn(4, 4)], dtype=np.float32)
    r.forward()
    dy = np.ones((4, 4), np.float32)
    fresh = r.backward(dy)[0].copy()
    assert r.outputs[0].dtype == np.float32 and fresh.dtype == np.float32
    grads = [np.full((4, 4), 2, np.float32)]
    r.backward(dy, req='add', grads=grads)
    np.testing.assert_allclose(grads[0], 2 + fresh)
    r.backward(dy, req='null', grads=grads)
    np.testing.assert_allclose(grads[0], 2 + fresh)


# --- BatchNorm -----------------------------------------------------------------------------

def bn_reference(x, gamma, beta, mean, var, axis, eps=1e-3):
    shape = [1] * x.ndim
    shape[axis] = -1
    r = lambda a: np.reshape(a, shape) if np.ndim(a) else a  # noqa: E731
    return r(gamma) * (x - r(mean)) / np.sqrt(r(var) + eps) + r(beta)


def batch_stats(x, axis):
    axes = tuple(i for i in range(x.ndim) if i != axis % x.ndim)
    return x.mean(axis=axes), x.var(axis=axes)


def bn_args(shape, axis):
    c = shape[axis]
    return ([rng.randn(*shape) * 2 + 1, rng.rand(c) + 0.5, rng.randn(c)],
            [rng.randn(c) * 0.1, rng.rand(c) + 0.5])


def test_batchnorm_structure_and_defaults():
    op = make('BatchNorm')
    assert op.arguments() == ['data', 'gamma', 'beta']
    assert op.aux_states() == ['moving_mean', 'moving_var']
    assert op.mutable_inputs == ('moving_mean', 'moving_var')
    assert op.outputs() == ['output'] and op.num_outputs() == 3
    assert make('BatchNorm', output_mean_var=True).outputs() == ['output', 'mean', 'var']
    assert (op.p['eps'], op.p['momentum'], op.p['fix_gamma'], op.p['use_global_stats'],
            op.p['axis']) == (1e-3, 0.9, True, False, 1)


def test_batchnorm_shapes_and_errors():
    op = make('BatchNorm')
    assert op.infer_shape([(4, 3, 2, 2), None, None], [None, None]) == \
        ([(4, 3, 2, 2), (3,), (3,)], [(4, 3, 2, 2), (3,), (3,)], [(3,), (3,)])
    assert make('BatchNorm', axis=-1).infer_shape([(4, 3, 2), None, None],
                                                  [None, None])[2] == [(2,), (2,)]
    with pytest.raises(ShapeError, match='Channel axis out of range'):
        op.infer_shape([(5,), None, None], [None, None])
    with pytest.raises(ShapeError, match='moving_var'):
        op.infer_shape([(4, 3), None, None], [None, (4,)])


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(2, 4), min_size=2, max_size=4), st.data())
def test_batchnorm_training_forward(shape, data):
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    args, aux = bn_args(tuple(shape), axis)
    r = Run(make('BatchNorm', fix_gamma=False, axis=axis, output_mean_var=True), args, aux)
    y = r.forward(is_train=True)
    mean, var = batch_stats(args[0], axis)
    np.testing.assert_allclose(y, bn_reference(args[0], args[1], args[2], mean, var, axis),
                               rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(r.outputs[1], mean)
    np.testing.assert_allclose(r.outputs[2], 1 / np.sqrt(var + 1e-3))  # MXNet: inverse std


@pytest.mark.parametrize('shape,axis', [((5, 3), 1), ((4, 3, 2, 2), 1), ((3, 2, 4), -1),
                                        ((3, 4, 2), 0)])
def test_batchnorm_training_gradients(shape, axis):
    args, aux = bn_args(shape, axis)
    check_grads('BatchNorm', args, [0, 1, 2], dict(fix_gamma=False, axis=axis),
                out_grad=rng.randn(*shape), aux=aux, atol=1e-5)


def test_batchnorm_fix_gamma_uses_and_writes_one_and_gives_no_gamma_grad():
    args, aux = bn_args((4, 3), 1)
    r = check_grads('BatchNorm', args, [0, 2], dict(fix_gamma=True), out_grad=rng.randn(4, 3),
                    aux=aux, atol=1e-5)
    np.testing.assert_array_equal(r.args[1], 1)
    np.testing.assert_array_equal(r.grads[1], 0)
    mean, var = batch_stats(r.args[0], 1)
    np.testing.assert_allclose(r.forward(), bn_reference(r.args[0], 1, r.args[2], mean, var, 1),
                               atol=1e-12)


def test_batchnorm_moving_stats_update_in_backward_only():
    args, aux = bn_args((6, 3, 2), 1)
    m0, v0 = aux[0].copy(), aux[1].copy()
    r = Run(make('BatchNorm', momentum=0.8), args, aux)
    r.forward(is_train=True)
    np.testing.assert_array_equal(r.aux[0], m0)          # MXNet CPU: not in forward
    r.backward(rng.randn(6, 3, 2))
    mean, var = batch_stats(args[0], 1)                  # var is the biased variance
    np.testing.assert_allclose(r.aux[0], 0.8 * m0 + 0.2 * mean)
    np.testing.assert_allclose(r.aux[1], 0.8 * v0 + 0.2 * var)


def test_batchnorm_inference_uses_moving_stats():
    args, aux = bn_args((4, 3, 2), 1)
    r = Run(make('BatchNorm', fix_gamma=False, output_mean_var=True), args, aux)
    y = r.forward(is_train=False)
    np.testing.assert_allclose(y, bn_reference(args[0], args[1], args[2], aux[0], aux[1], 1))
    np.testing.assert_allclose(r.outputs[1], aux[0])
    np.testing.assert_allclose(r.outputs[2], 1 / np.sqrt(aux[1] + 1e-3))
    r.backward(rng.randn(4, 3, 2))
    np.testing.assert_array_equal(r.aux[0], aux[0])      # no training pass, no update


def test_batchnorm_backward_after_inference_forward_matches_mxnet():
    # MXNet 1.9.1 still differentiates through the statistics (moving ones in their place).
    args, aux = bn_args((4, 3), 1)
    x, gamma = args[0], args[1]
    dy = rng.randn(4, 3)
    r = Run(make('BatchNorm', fix_gamma=False), args, aux)
    r.forward(is_train=False)
    g = r.backward(dy)
    invstd = 1 / np.sqrt(aux[1] + 1e-3)
    xhat = (x - aux[0]) * invstd
    want = gamma * invstd * (dy - dy.mean(0) - xhat * (dy * xhat).mean(0))
    np.testing.assert_allclose(g[0], want)
    np.testing.assert_allclose(g[1], (dy * xhat).sum(0))


def test_batchnorm_use_global_stats_gradients():
    args, aux = bn_args((4, 3, 2), 1)
    r = check_grads('BatchNorm', args, [0, 1, 2], dict(fix_gamma=False, use_global_stats=True),
                    out_grad=rng.randn(4, 3, 2), aux=aux)
    np.testing.assert_array_equal(r.aux[0], aux[0])
    np.testing.assert_array_equal(r.aux[1], aux[1])


def test_batchnorm_float32_and_grad_req():
    args, aux = bn_args((4, 3), 1)
    r = Run(make('BatchNorm', fix_gamma=False), args, aux, dtype=np.float32)
    r.forward()
    dy = rng.randn(4, 3).astype(np.float32)
    fresh = [g.copy() for g in r.backward(dy)]
    assert all(g.dtype == np.float32 for g in fresh) and r.outputs[0].dtype == np.float32
    before = [np.full(g.shape, 2, np.float32) for g in fresh]
    grads = [b.copy() for b in before]
    r.forward()
    r.backward(dy, req='add', grads=grads)
    for g, b, f in zip(grads, before, fresh):
        np.testing.assert_allclose(g, b + f, rtol=1e-5, atol=1e-5)
    grads = [b.copy() for b in before]
    r.backward(dy, req=['null', 'null', 'write'], grads=grads)
    np.testing.assert_array_equal(grads[0], before[0])
    np.testing.assert_array_equal(grads[1], before[1])
    np.testing.assert_allclose(grads[2], fresh[2], rtol=1e-6)
