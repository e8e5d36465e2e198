"""mx.test_utils's operator checks (tutor/testing.py): they pass for right answers and
catch wrong ones, including a backward that disagrees with central differences."""
import numpy as np
import pytest

import tutor as mx
from tutor.symbol.ops import unary
from tutor.test_utils import (assert_almost_equal, check_numeric_gradient,
                              check_symbolic_backward, check_symbolic_forward, rand_shape_nd)

rng = np.random.RandomState(3)


def test_forward_and_backward_checks():
    x = rng.uniform(0.5, 2, (3, 4)).astype(np.float32)
    head = rng.randn(3, 4).astype(np.float32)
    sym = mx.sym.sqrt(mx.sym.var('x'))
    outs = check_symbolic_forward(sym, {'x': x}, [np.sqrt(x)])
    assert outs[0].shape == (3, 4)
    with pytest.raises(AssertionError, match='Location of maximum error'):
        check_symbolic_forward(sym, [x], [np.sqrt(x) + 0.1])
    grads = check_symbolic_backward(sym, [x], [head], [head / (2 * np.sqrt(x))])
    assert set(grads) == {'x'}
    check_symbolic_backward(sym, [x], [head], {'x': head / (2 * np.sqrt(x))}, grad_req='add')
    with pytest.raises(AssertionError):
        check_symbolic_backward(sym, [x], [head], [head])
    with pytest.raises(ValueError, match='do not match'):
        check_symbolic_forward(sym, {'y': x}, [x])


def test_numeric_gradient_catches_a_wrong_backward(monkeypatch):
    x = rng.uniform(-1, 1, (2, 3)).astype(np.float32)
    check_numeric_gradient(mx.sym.exp(mx.sym.var('x')), [x], rtol=1e-2, atol=1e-3)
    check_numeric_gradient(mx.sym.exp(mx.sym.var('x')), [x], grad_nodes={'x': 'add'},
                           rtol=1e-2, atol=1e-3)
    monkeypatch.setattr(unary.Exp, 'df', lambda self, dy, x, y, g: np.multiply(dy, 2 * y,
                                                                               out=g))
    with pytest.raises(AssertionError, match='NUMERICAL_x'):
        check_numeric_gradient(mx.sym.exp(mx.sym.var('x')), [x], rtol=1e-2, atol=1e-3)


def test_tolerances_follow_the_dtype():
    a = np.ones(3, np.float32)
    assert_almost_equal(a, a + 5e-4)                      # float32: atol 1e-3
    with pytest.raises(AssertionError):
        assert_almost_equal(a.astype(np.float64), a.astype(np.float64) + 5e-4)
    assert all(1 <= d <= 10 for d in rand_shape_nd(4))
