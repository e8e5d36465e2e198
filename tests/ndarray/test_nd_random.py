"""``mx.nd.random``: MXNet's shapes, dtypes and ``out=``; tutor's own seeded generator."""
import numpy as np

import tutor as mx

rnd = mx.nd.random


def test_default_shape_is_one_and_int_shape_is_a_vector():
    assert rnd.uniform().shape == (1,) and rnd.uniform(0, 1, shape=5).shape == (5,)
    assert rnd.normal(0, 1, shape=(2, 3)).dtype == np.float32
    assert rnd.normal(shape=(2,), dtype='float64').dtype == np.float64


def test_ranges():
    u = rnd.uniform(-2, -1, shape=(1000,)).asnumpy()
    assert u.min() >= -2 and u.max() < -1
    r = rnd.randint(3, 7, shape=(1000,))
    assert r.dtype == np.int32 and set(r.asnumpy().tolist()) == {3, 4, 5, 6}


def test_seed_repeats():
    mx.random.seed(7)
    a = rnd.normal(shape=(4,)).asnumpy()
    mx.random.seed(7)
    assert (rnd.normal(shape=(4,)).asnumpy() == a).all()


def test_out_is_filled_and_returned():
    out = mx.nd.zeros((2, 2))
    assert rnd.uniform(1, 2, out=out) is out and out.asnumpy().min() >= 1


def test_shuffle_permutes_rows_of_a_copy():
    data = mx.nd.arange(12).reshape((6, 2))
    mx.random.seed(1)
    s = rnd.shuffle(data)
    assert s.shape == (6, 2) and s is not data
    assert sorted(map(tuple, s.asnumpy().tolist())) == sorted(map(tuple, data.asnumpy().tolist()))
    assert data.asnumpy()[:, 0].tolist() == [0, 2, 4, 6, 8, 10]


def test_randn_and_others():
    assert rnd.randn(2, 3).shape == (2, 3)
    assert rnd.exponential(shape=(3,)).asnumpy().min() >= 0
    assert rnd.poisson(lam=2, shape=(3,)).dtype == np.float32
    m = rnd.multinomial(mx.nd.array([[0, 1], [1, 0]]))
    assert m.dtype == np.int32 and m.asnumpy().tolist() == [1, 0]
