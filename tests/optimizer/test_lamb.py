"""LAMB: one step by hand, the trust ratio's edge cases, and its states saved and loaded."""
import numpy as np

import tutor as mx


def _one_step(**kwargs):
    opt = mx.optimizer.create('lamb', **kwargs)
    up = mx.optimizer.get_updater(opt)
    w = mx.nd.array([[0.5, -1.0], [2.0, 0.25]])
    g = mx.nd.array([[0.1, 0.2], [-0.3, 0.4]])
    before = w.asnumpy().astype(np.float64)
    up(0, g, w)
    return before, g.asnumpy().astype(np.float64), w.asnumpy(), up


def test_first_step_by_hand():
    lr, wd, b1, b2, eps = 0.01, 0.1, 0.9, 0.999, 1e-6
    w0, g, w1, _ = _one_step(learning_rate=lr, wd=wd)
    m, v = (1 - b1) * g, (1 - b2) * g ** 2
    r = (m / (1 - b1)) / (np.sqrt(v / (1 - b2)) + eps) + wd * w0
    expected = w0 - lr * np.linalg.norm(w0) / np.linalg.norm(r) * r
    np.testing.assert_allclose(w1, expected, rtol=1e-5)


def test_upper_bound_limits_the_weight_norm_used():
    w0, g, w1, _ = _one_step(learning_rate=0.01, upper_bound=0.1)
    r = np.sign(g) * (1 / (1 + 1e-6 / np.abs(g)))   # m_hat/sqrt(v_hat) = sign(g) at t=1
    np.testing.assert_allclose(w1, w0 - 0.01 * 0.1 / np.linalg.norm(r) * r, rtol=1e-4)


def test_zero_weight_takes_a_plain_step():
    opt = mx.optimizer.create('lamb', learning_rate=0.5)
    w, g = mx.nd.zeros((3,)), mx.nd.array([1, -1, 2])
    mx.optimizer.get_updater(opt)(0, g, w)
    np.testing.assert_allclose(w.asnumpy(), -0.5 * np.sign([1, -1, 2]), rtol=1e-5)


def test_states_round_trip():
    _, _, _, up = _one_step(learning_rate=0.01)
    blob = up.get_states(dump_optimizer=True)
    back = mx.optimizer.get_updater(mx.optimizer.create('sgd'))
    back.set_states(blob)
    assert type(back.optimizer).__name__ == 'LAMB' and back.optimizer.learning_rate == 0.01
    for a, b in zip(up.states[0], back.states[0]):
        np.testing.assert_array_equal(a.asnumpy(), b.asnumpy())
