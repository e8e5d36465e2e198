"""``mx.test_utils``'s operator checks (tutor/testing.py) run the same calls on both
libraries: a right expectation passes on both, a wrong one fails on both with AssertionError,
for forward, backward (write, add) and numeric gradients of the new operators.

Run: MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity/test_op_checks_parity.py
"""
import numpy as np
import pytest

mx = pytest.importorskip('mxnet')
import tutor  # noqa: E402
from _both import LIBS  # noqa: E402

F32 = np.float32


def _elu(lib):
    return lib.sym.LeakyReLU(lib.sym.var('x'), act_type='elu', slope=0.3)


def _elu_grad(x, head):
    return head * np.where(x > 0, 1, 0.3 * np.exp(x))


def _both_pass_or_fail(check, should_pass):
    for name, lib in LIBS:
        if should_pass:
            check(lib)
        else:
            with pytest.raises(AssertionError):
                check(lib)


@pytest.mark.parametrize('shift', [0.0, 0.5])
def test_check_symbolic_forward(rng, shift):
    x = rng.uniform(-2, 2, (3, 4)).astype(F32)
    want = np.where(x > 0, x, 0.3 * np.expm1(x)) + shift
    _both_pass_or_fail(lambda lib: lib.test_utils.check_symbolic_forward(_elu(lib), [x], [want]),
                       shift == 0)


@pytest.mark.parametrize('grad_req', ['write', 'add'])
@pytest.mark.parametrize('shift', [0.0, 0.5])
def test_check_symbolic_backward(rng, grad_req, shift):
    x = rng.uniform(-2, 2, (3, 4)).astype(F32)
    head = rng.uniform(-1, 1, (3, 4)).astype(F32)
    want = _elu_grad(x, head) + shift
    _both_pass_or_fail(lambda lib: lib.test_utils.check_symbolic_backward(
        _elu(lib), [x], [head], [want], grad_req=grad_req), shift == 0)


@pytest.mark.parametrize('build,shapes', [
    (lambda s: s.LeakyReLU(s.var('x'), act_type='elu'), {'x': (2, 3)}),
    (lambda s: s.broadcast_mul(s.var('x'), s.var('y')), {'x': (2, 3), 'y': (1, 3)}),
    (lambda s: s.LayerNorm(s.var('x'), s.var('g'), s.var('b')), {'x': (2, 3), 'g': (3,),
                                                                  'b': (3,)}),
    (lambda s: s.Deconvolution(s.var('x'), s.var('w'), kernel=(2, 2), num_filter=2),
     {'x': (1, 2, 2, 2), 'w': (2, 2, 2, 2)}),
])
def test_check_numeric_gradient_passes_on_both(rng, build, shapes):
    location = {k: rng.uniform(0.2, 1, s).astype(F32) for k, s in shapes.items()}
    for _, lib in LIBS:
        lib.test_utils.check_numeric_gradient(build(lib.sym), location, numeric_eps=1e-3,
                                              rtol=1e-2, atol=1e-3)


def test_assert_almost_equal_default_tolerances():
    a = np.ones((2, 2), F32)
    for b, ok in ((a + 1e-4, True), (a + 1e-2, False)):
        _both_pass_or_fail(lambda lib: lib.test_utils.assert_almost_equal(a, b), ok)
    assert tutor.test_utils.same(a, a.copy()) and mx.test_utils.same(a, a.copy())
    assert tutor.test_utils.almost_equal(a, a + 1e-6) == mx.test_utils.almost_equal(a, a + 1e-6)


def test_simple_forward(rng):
    x = rng.uniform(-1, 1, (2, 3)).astype(F32)
    got = [lib.test_utils.simple_forward(lib.sym.exp(lib.sym.var('x')), x=x) for _, lib in LIBS]
    np.testing.assert_allclose(got[1], got[0], rtol=1e-6)
