"""LeakyReLU, log_softmax/softmin, LayerNorm, InstanceNorm, L2Normalization (leaky_relu.py,
log_softmax.py, norm.py): forward against the formulas, every gradient against central
differences in float64, rrelu's random slopes, hidden outputs and shapes."""
import math
import os
import sys

import numpy as np
import pytest

import tutor.random
from tutor.base import MXNetError
from tutor.symbol.op import ShapeError

sys.path.insert(0, os.path.dirname(__file__))
from _ophelp import Run, check_grads, make  # noqa: E402

rng = np.random.RandomState(13)
LAM, ALPHA = 1.0507009873554804934193349852946, 1.6732632423543772848170429916717


def _x(*shape):
    x = rng.uniform(-2, 2, shape)
    x[np.abs(x) < 0.02] = 0.1            # off the kink at 0
    return x


# --- LeakyReLU -----------------------------------------------------------------------------

FORMULAS = {
    'leaky': lambda x: np.where(x > 0, x, 0.25 * x),
    'elu': lambda x: np.where(x > 0, x, 0.25 * np.expm1(x)),
    'selu': lambda x: LAM * np.where(x > 0, x, ALPHA * np.expm1(x)),
    'gelu': lambda x: x * 0.5 * (1 + np.vectorize(math.erf)(x / math.sqrt(2))),
}


@pytest.mark.parametrize('act', sorted(FORMULAS))
def test_leaky_relu_forward_and_gradient(act):
    x = _x(3, 4)
    r = check_grads('LeakyReLU', [x], [0], dict(act_type=act), out_grad=rng.randn(3, 4))
    np.testing.assert_allclose(r.forward(), FORMULAS[act](x), rtol=1e-12)


@pytest.mark.parametrize('shape,gshape', [((4, 3), (3,)), ((2, 3, 2, 2), (3,)),
                                          ((2, 3, 4), (1,)), ((2, 3, 4), (2, 3))])
def test_prelu_gradients_of_data_and_gamma(shape, gshape):
    x, gamma = _x(*shape), rng.uniform(0.1, 0.5, gshape)
    r = check_grads('LeakyReLU', [x, gamma], [0, 1], dict(act_type='prelu'),
                    out_grad=rng.randn(*shape))
    view = gshape + (1,) * (len(shape) - len(gshape)) if len(gshape) == 2 else \
        (1, gshape[0]) + (1,) * (len(shape) - 2)
    np.testing.assert_allclose(r.forward(), np.where(x > 0, x, gamma.reshape(view) * x))


def test_prelu_gamma_that_does_not_fit_is_refused():
    r = Run(make('LeakyReLU', act_type='prelu'), [_x(2, 3, 4), np.ones(4)])
    with pytest.raises(ShapeError, match='Cannot broadcast gamma to data'):
        r.forward()


def test_rrelu_draws_slopes_in_training_and_uses_the_middle_in_inference():
    tutor.random.seed(3)
    x = -np.ones((50, 40))
    r = Run(make('LeakyReLU', act_type='rrelu', lower_bound=0.1, upper_bound=0.3), [x])
    assert r.op.outputs() == ['output', 'mask'] and len(r.outputs) == 2
    y = r.forward(is_train=True).copy()
    slopes = r.outputs[1].copy()
    assert slopes.min() >= 0.1 and slopes.max() < 0.3 and abs(slopes.mean() - 0.2) < 0.01
    np.testing.assert_allclose(y, -slopes)
    dy = rng.randn(50, 40)
    np.testing.assert_allclose(r.backward(dy)[0], dy * slopes)
    assert not np.array_equal(r.forward(is_train=True), y)       # fresh slopes each time
    np.testing.assert_allclose(r.forward(is_train=False), -0.2 * np.ones_like(x))
    np.testing.assert_allclose(r.backward(dy)[0], 0.2 * dy)
    xp = np.abs(x)
    r2 = Run(make('LeakyReLU', act_type='rrelu'), [xp])
    np.testing.assert_array_equal(r2.forward(is_train=True), xp)


def test_leaky_relu_arguments_and_shapes():
    assert make('LeakyReLU').arguments() == ['data'] and make('LeakyReLU').p['slope'] == 0.25
    op = make('LeakyReLU', act_type='prelu')
    assert op.arguments() == ['data', 'gamma']
    assert op.infer_shape([(2, 5, 3), None], [])[0] == [(2, 5, 3), (5,)]
    assert op.infer_shape([(0, 5, 3), None], [])[0] == [(0, 5, 3), (5,)]
    assert op.infer_shape([(2, 5, 3), (1,)], [])[0] == [(2, 5, 3), (1,)]
    with pytest.raises(ShapeError, match='channel axis'):
        op.infer_shape([(4,), None], [])
    with pytest.raises(MXNetError, match='valid values'):
        make('LeakyReLU', act_type='swish')


# --- log_softmax, softmin ------------------------------------------------------------------

@pytest.mark.parametrize('op', ['log_softmax', 'softmin'])
@pytest.mark.parametrize('shape,attrs', [((3, 5), {}), ((2, 3, 4), dict(axis=1)),
                                         ((4, 3), dict(axis=0, temperature=2.0))])
def test_softmax_siblings(op, shape, attrs):
    x = rng.randn(*shape)
    r = check_grads(op, [x], [0], attrs, out_grad=rng.randn(*shape))
    axis, t = attrs.get('axis', -1), attrs.get('temperature', 1.0)
    z = x / t if op == 'log_softmax' else -x / t
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    soft = e / e.sum(axis=axis, keepdims=True)
    np.testing.assert_allclose(r.forward(), np.log(soft) if op == 'log_softmax' else soft,
                               rtol=1e-12, atol=1e-14)


def test_log_softmax_use_length_is_refused_clearly():
    with pytest.raises(ShapeError, match='use_length'):
        make('log_softmax', use_length=True).infer_shape([(2, 3), (2,)], [])


# --- LayerNorm, InstanceNorm, L2Normalization ----------------------------------------------

@pytest.mark.parametrize('shape,attrs', [((4, 5), {}), ((2, 3, 4), dict(axis=1)),
                                         ((3, 4, 2), dict(axis=0, eps=1e-2))])
def test_layer_norm(shape, attrs):
    axis = attrs.get('axis', -1)
    c = shape[axis]
    args = [rng.randn(*shape), rng.uniform(0.5, 2, c), rng.randn(c)]
    r = check_grads('LayerNorm', args, [0, 1, 2], attrs, out_grad=rng.randn(*shape))
    x = args[0]
    mu = x.mean(axis=axis, keepdims=True)
    sd = np.sqrt(x.var(axis=axis, keepdims=True) + attrs.get('eps', 1e-5))
    view = [1] * len(shape)
    view[axis] = c
    want = (x - mu) / sd * args[1].reshape(view) + args[2].reshape(view)
    np.testing.assert_allclose(r.forward(), want, rtol=1e-10)
    np.testing.assert_allclose(r.outputs[1], mu)
    np.testing.assert_allclose(r.outputs[2], sd)


@pytest.mark.parametrize('shape', [(2, 3, 5), (2, 2, 3, 2)])
def test_instance_norm(shape):
    args = [rng.randn(*shape), rng.uniform(0.5, 2, shape[1]), rng.randn(shape[1])]
    r = check_grads('InstanceNorm', args, [0, 1, 2], {}, out_grad=rng.randn(*shape))
    x = args[0]
    axes = tuple(range(2, len(shape)))
    xhat = (x - x.mean(axis=axes, keepdims=True)) / np.sqrt(x.var(axis=axes, keepdims=True)
                                                            + 1e-3)
    view = (1, shape[1]) + (1,) * (len(shape) - 2)
    np.testing.assert_allclose(r.forward(), xhat * args[1].reshape(view)
                               + args[2].reshape(view), rtol=1e-10)


def test_instance_norm_of_2d_data_fails_at_bind():
    op = make('InstanceNorm')
    assert op.infer_shape([(4, 3), None, None], [])[0] == [(4, 3), (3,), (3,)]
    with pytest.raises(ShapeError, match='rank >= 3'):
        op.create_state([(4, 3), (3,), (3,)], [(4, 3)])


@pytest.mark.parametrize('mode,shape', [('instance', (3, 4)), ('instance', (2, 3, 2)),
                                        ('channel', (2, 3, 2, 2)), ('spatial', (2, 3, 4))])
def test_l2_normalization(mode, shape):
    x = rng.randn(*shape)
    r = check_grads('L2Normalization', [x], [0], dict(mode=mode), out_grad=rng.randn(*shape))
    axes = {'instance': tuple(range(1, len(shape))), 'channel': (1,),
            'spatial': tuple(range(2, len(shape)))}[mode]
    norm = np.sqrt((x * x).sum(axis=axes, keepdims=True) + 1e-10)
    np.testing.assert_allclose(r.forward(), x / norm)
    np.testing.assert_allclose(r.outputs[1].reshape(-1), norm.reshape(-1))


def test_norm_outputs_and_shapes():
    ln = make('LayerNorm', output_mean_var=True, axis=1)
    assert ln.outputs() == ['output', 'mean', 'std'] and make('LayerNorm').outputs() == ['output']
    assert ln.infer_shape([(2, 3, 4), None, None], []) == (
        [(2, 3, 4), (3,), (3,)], [(2, 3, 4), (2, 1, 4), (2, 1, 4)], [])
    assert make('LayerNorm').infer_shape([(2, 3, 0), None, None], [])[0][1] == (0,)
    assert make('L2Normalization', mode='channel').infer_shape([(2, 3, 4)], [])[1] == \
        [(2, 3, 4), (2, 4)]
    with pytest.raises(ShapeError, match='axis=3'):
        make('LayerNorm', axis=3).infer_shape([(2, 3), None, None], [])


@pytest.mark.parametrize('name,n_args,attrs', [('LeakyReLU', 1, dict(act_type='elu')),
                                               ('LeakyReLU', 2, dict(act_type='prelu')),
                                               ('LayerNorm', 3, {}), ('InstanceNorm', 3, {}),
                                               ('L2Normalization', 1, {}),
                                               ('log_softmax', 1, {})])
def test_grad_req_add_and_strided_gradients(name, n_args, attrs):
    shape = (2, 3, 4)
    args = [_x(*shape)] + [rng.uniform(0.1, 1, 3) for _ in range(n_args - 1)]
    if name == 'LayerNorm':
        args[1:] = [rng.uniform(0.1, 1, 4) for _ in range(2)]
    r = Run(make(name, **attrs), args)
    r.forward()
    dy = rng.randn(*shape)
    first = [g.copy() for g in r.backward(dy)]
    r.backward(dy, req='add')
    for g, f in zip(r.grads, first):
        np.testing.assert_allclose(g, 2 * f)
    strided = [np.zeros(a.shape[:-1] + (2 * a.shape[-1],))[..., ::2] for a in args]
    r.backward(dy, grads=strided)
    for g, f in zip(strided, first):
        np.testing.assert_allclose(g, f)
