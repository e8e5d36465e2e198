"""GroupAdaGrad: one step by hand, and its (rows, 1) states saved and loaded."""
import numpy as np
import pytest

import tutor as mx


def test_first_step_by_hand():
    w = mx.nd.array([[1.0, 2.0], [3.0, 4.0]])
    g = np.array([[0.5, -1.0], [2.0, 0.0]])
    up = mx.optimizer.get_updater(mx.optimizer.create('groupadagrad', learning_rate=0.1))
    up(0, mx.nd.array(g), w)
    h = np.mean(g ** 2, axis=1, keepdims=True)
    np.testing.assert_allclose(w.asnumpy(), [[1, 2], [3, 4]] - 0.1 * g / np.sqrt(h + 1e-5),
                               rtol=1e-6)
    assert up.states[0].shape == (2, 1)


def test_states_round_trip_and_keep_updating():
    up = mx.optimizer.get_updater(mx.optimizer.create('groupadagrad', learning_rate=0.1))
    w = mx.nd.ones((3, 2))
    up(0, mx.nd.ones((3, 2)), w)
    back = mx.optimizer.get_updater(mx.optimizer.create('sgd'))
    back.set_states(up.get_states(dump_optimizer=True))
    w2 = w.copy()
    up(0, mx.nd.ones((3, 2)), w)
    back(0, mx.nd.ones((3, 2)), w2)
    np.testing.assert_array_equal(w.asnumpy(), w2.asnumpy())


def test_refuses_weight_decay():
    up = mx.optimizer.get_updater(mx.optimizer.create('groupadagrad', wd=0.01))
    with pytest.raises(AssertionError, match='Weight decay'):
        up(0, mx.nd.ones((2, 2)), mx.nd.ones((2, 2)))
