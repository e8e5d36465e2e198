"""The random initializers draw from the distributions they promise (checked with seeds and
statistical bounds), and repeat with the same seed."""
import numpy as np
import pytest

import tutor as mx
from tutor.initializer import InitDesc


def _draw(init, shape, name='w_weight'):
    arr = mx.nd.zeros(shape)
    init(InitDesc(name), arr)
    return np.asarray(arr, np.float64)


def setup_function(_):
    mx.random.seed(1234)


def test_uniform_bounds_and_moments():
    a = _draw(mx.init.Uniform(0.3), (200, 300))
    assert -0.3 <= a.min() < -0.299 and 0.299 < a.max() <= 0.3
    assert abs(a.mean()) < 0.01 and a.std() == pytest.approx(0.3 / np.sqrt(3), rel=0.01)


def test_normal_sigma():
    a = _draw(mx.init.Normal(0.2), (300, 300))
    assert abs(a.mean()) < 0.005 and a.std() == pytest.approx(0.2, rel=0.01)


@pytest.mark.parametrize('factor_type', ['avg', 'in', 'out'])
@pytest.mark.parametrize('shape', [(60, 200), (32, 16, 3, 3)])
def test_xavier_uniform_bound(factor_type, shape):
    hw = np.prod(shape[2:]) if len(shape) > 2 else 1
    fan_in, fan_out = shape[1] * hw, shape[0] * hw
    factor = {'avg': (fan_in + fan_out) / 2, 'in': fan_in, 'out': fan_out}[factor_type]
    bound = np.sqrt(3 / factor)
    init = mx.init.Xavier(factor_type=factor_type)
    assert init.scale_for(shape) == pytest.approx(bound)
    a = _draw(init, shape)
    assert np.abs(a).max() <= bound * (1 + 1e-6) and np.abs(a).max() > 0.99 * bound
    assert a.std() == pytest.approx(bound / np.sqrt(3), rel=0.03)


def test_xavier_gaussian_and_msra_std():
    a = _draw(mx.init.Xavier(rnd_type='gaussian', factor_type='in', magnitude=2), (100, 400))
    assert a.std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    b = _draw(mx.init.MSRAPrelu(slope=0.0), (100, 300))      # He: sqrt(2 / avg fan)
    assert b.std() == pytest.approx(np.sqrt(2 / 200), rel=0.02)


def test_xavier_refuses_vectors_and_bad_settings():
    with pytest.raises(ValueError, match='Xavier initializer cannot be applied to vector '
                                         'v_weight. It requires at least 2D.'):
        _draw(mx.init.Xavier(), (5,), 'v_weight')
    with pytest.raises(ValueError, match='Incorrect factor type'):
        _draw(mx.init.Xavier(factor_type='mid'), (3, 3))
    with pytest.raises(ValueError, match='Unknown random type'):
        _draw(mx.init.Xavier(rnd_type='cauchy'), (3, 3))


@pytest.mark.parametrize('shape', [(4, 10), (10, 4), (6, 2, 2)])
def test_orthogonal_rows_or_columns_are_orthonormal_times_scale(shape):
    a = _draw(mx.init.Orthogonal(scale=2.0), shape).reshape(shape[0], -1)
    gram = a @ a.T if a.shape[0] <= a.shape[1] else a.T @ a
    np.testing.assert_allclose(gram, 4.0 * np.eye(len(gram)), atol=1e-4)


def test_same_seed_same_values_different_seed_different_values():
    mx.random.seed(7)
    a = _draw(mx.init.Xavier(), (5, 5))
    mx.random.seed(7)
    b = _draw(mx.init.Xavier(), (5, 5))
    mx.random.seed(8)
    c = _draw(mx.init.Xavier(), (5, 5))
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_bilinear_matches_the_loop_formula():
    shape = (2, 1, 4, 4)
    got = _draw(mx.init.Bilinear(), shape)
    f = np.ceil(shape[3] / 2.)
    c = (2 * f - 1 - f % 2) / (2. * f)
    want = np.zeros(int(np.prod(shape)))
    for i in range(len(want)):
        x, y = i % shape[3], (i // shape[3]) % shape[2]
        want[i] = (1 - abs(x / f - c)) * (1 - abs(y / f - c))
    np.testing.assert_allclose(got.ravel(), want, rtol=1e-6)


def test_lstm_bias_sets_the_forget_gate_quarter():
    a = _draw(mx.init.LSTMBias(forget_bias=1.5), (8,), 'lstm_weight')
    assert a.tolist() == [0, 0, 1.5, 1.5, 0, 0, 0, 0]


def test_constant_with_an_array_value():
    a = _draw(mx.init.Constant(np.arange(6.).reshape(2, 3)), (2, 3))
    assert a.tolist() == [[0, 1, 2], [3, 4, 5]]
