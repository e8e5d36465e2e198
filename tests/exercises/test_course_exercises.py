"""The course's exercises: each expected answer recomputed with tutor, so none goes stale."""
import numpy as np
import pytest

import tutor as mx
from tutor.exercises import EXERCISES


def expected(name):
    return EXERCISES[name]['expected']


def test_updates_per_epoch_is_what_fit_does():
    x, y = mx.data.letters()
    it = mx.io.NDArrayIter(x[:16000], y[:16000], 128)
    assert sum(1 for _ in it) == expected('08-updates-per-epoch')


def test_noise_factor_is_the_ratio_of_the_sds_of_batch_means():
    rs = np.random.RandomState(0)
    samples = rs.standard_normal((4000, 128))
    ratio = samples[:, :32].mean(1).std() / samples.mean(1).std()
    assert ratio == pytest.approx(expected('08-noise-factor'), rel=0.05)
    assert mx.exercises.answer('08-noise-factor', '1/2', quiet=True)   # "halved" both ways
    assert not mx.exercises.answer('08-noise-factor', 4, quiet=True)


def test_weight_decay_factor_is_what_sgd_does_with_a_zero_gradient():
    opt = mx.optimizer.SGD(learning_rate=0.1, wd=0.01)
    weight = mx.nd.array([2.0])
    opt.update(0, weight, mx.nd.zeros((1,)), opt.create_state(0, weight))
    assert float(weight.asnumpy()[0]) / 2.0 == pytest.approx(expected('08-weight-decay-factor'),
                                                           rel=1e-6)
