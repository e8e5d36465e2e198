"""Loss layers: each backward must be the gradient of the loss the layer minimises
(checked by central differences in float64), the head gradient is ignored, and shapes and
normalisation follow MXNet 1.9.1."""
import os
import sys

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from tutor.symbol.op import ShapeError

sys.path.insert(0, os.path.dirname(__file__))
from _ophelp import Run, check_grads, make, run  # noqa: E402

rng = np.random.RandomState(3)


def softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def labels(shape, k):
    return rng.randint(0, k, size=shape).astype(np.float64)


# --- SoftmaxOutput forward -----------------------------------------------------------------

def test_softmax_output_forward_axes():
    x = rng.randn(2, 3, 4, 5)
    np.testing.assert_allclose(
        run('SoftmaxOutput', [x, labels((2, 20), 3)], multi_output=True).outputs[0],
        softmax(x, 1))
    np.testing.assert_allclose(
        run('SoftmaxOutput', [x, labels((2, 3, 4), 5)], preserve_shape=True).outputs[0],
        softmax(x, -1))
    # No flag on >2-D data: one softmax over all trailing values of each sample.
    flat = softmax(x.reshape(2, -1), 1).reshape(x.shape)
    np.testing.assert_allclose(run('SoftmaxOutput', [x, labels((2, 3, 4), 5)]).outputs[0], flat)


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 6), st.integers(2, 6))
def test_softmax_output_rows_sum_to_one_in_float32(n, k):
    x = (rng.randn(n, k) * 30).astype(np.float32)   # large logits: no overflow
    p = run('SoftmaxOutput', [x, labels(n, k)]).outputs[0]
    assert p.dtype == np.float32
    np.testing.assert_allclose(p.sum(axis=1), 1, rtol=1e-6)


# --- SoftmaxOutput backward = gradient of the cross-entropy --------------------------------

def ce_loss(grad_scale=1.0, normalization='null', use_ignore=False, ignore=-1, alpha=0.0):
    def loss(p, args):
        lab = args[1].astype(int)
        k = p.shape[1]
        target = np.full(p.shape, alpha / (k - 1)) if alpha else np.zeros(p.shape)
        target[np.arange(len(lab)), lab] = 1 - alpha
        per_row = -(target * np.log(p)).sum(axis=1)
        if use_ignore:
            per_row = per_row[lab != ignore]
        norm = {'null': 1, 'batch': len(lab),
                'valid': max(np.count_nonzero(lab != ignore), 1)}[normalization]
        return per_row.sum() * grad_scale / norm
    return loss


@pytest.mark.parametrize('normalization', ['null', 'batch', 'valid'])
@pytest.mark.parametrize('grad_scale', [1.0, 2.5])
@pytest.mark.parametrize('alpha', [0.0, 0.2])
def test_softmax_output_gradient(normalization, grad_scale, alpha):
    x, lab = rng.randn(5, 4), labels(5, 4)
    check_grads('SoftmaxOutput', [x, lab], [0],
                dict(normalization=normalization, grad_scale=grad_scale, smooth_alpha=alpha),
                loss=ce_loss(grad_scale, normalization, alpha=alpha))


@pytest.mark.parametrize('normalization', ['null', 'batch', 'valid'])
def test_softmax_output_ignore_label(normalization):
    x, lab = rng.randn(6, 3), np.array([0, 2, 1, 2, 0, 1.0])
    attrs = dict(use_ignore=True, ignore_label=2, normalization=normalization)
    r = check_grads('SoftmaxOutput', [x, lab], [0], attrs,
                    loss=ce_loss(1, normalization, use_ignore=True, ignore=2))
    assert np.all(r.grads[0][lab == 2] == 0)


def test_softmax_output_valid_counts_ignore_label_even_without_use_ignore():
    # MXNet 1.9.1: 'valid' divides by the labels != ignore_label whatever use_ignore says.
    x, lab = rng.randn(4, 3), np.array([0, -1, 1, 2.0])
    g = run('SoftmaxOutput', [x, lab], normalization='valid').grads[0]
    p = softmax(x, 1)
    want = p.copy()
    want[[0, 2, 3], [0, 1, 2]] -= 1
    np.testing.assert_allclose(g, want / 3)


def test_softmax_output_summed_not_averaged_by_default():
    x, lab = rng.randn(8, 3), labels(8, 3)
    g = run('SoftmaxOutput', [x, lab]).grads[0]
    np.testing.assert_allclose(g, softmax(x, 1) - np.eye(3)[lab.astype(int)])


def test_softmax_output_multi_output_gradient():
    x, lab = rng.randn(2, 3, 2, 2), labels((2, 4), 3)

    def loss(p, args):
        l = args[1].reshape(2, 2, 2).astype(int)
        n, i, j = np.meshgrid(range(2), range(2), range(2), indexing='ij')
        return -np.log(p[n, l, i, j]).sum() / 4      # 'null' divides by positions
    check_grads('SoftmaxOutput', [x, lab], [0], dict(multi_output=True), loss=loss)
    g_batch = run('SoftmaxOutput', [x, lab], multi_output=True, normalization='batch').grads[0]
    g_null = run('SoftmaxOutput', [x, lab], multi_output=True).grads[0]
    np.testing.assert_allclose(g_batch, g_null / 2)


def test_softmax_output_preserve_shape_gradient():
    x, lab = rng.randn(2, 3, 4), labels((2, 3), 4)

    def loss(p, args):
        l = args[1].astype(int)
        n, t = np.meshgrid(range(2), range(3), indexing='ij')
        return -np.log(p[n, t, l]).sum()
    check_grads('SoftmaxOutput', [x, lab], [0], dict(preserve_shape=True), loss=loss)


def test_softmax_output_probability_labels():
    x = rng.randn(4, 3)
    q = softmax(rng.randn(4, 3), 1)
    r = check_grads('SoftmaxOutput', [x, q], [0], dict(grad_scale=2),
                    loss=lambda p, args: -2 * (args[1] * np.log(p)).sum())
    np.testing.assert_allclose(r.grads[0], 2 * (softmax(x, 1) - q))


def test_softmax_output_ignores_head_gradient_and_zeroes_label_gradient():
    x, lab = rng.randn(4, 3), labels(4, 3)
    op = make('SoftmaxOutput')
    assert op.is_loss
    a, b = Run(op, [x, lab]), Run(op, [x, lab])
    a.forward()
    b.forward()
    b.grads[1][:] = 7
    a.backward(None)
    b.backward(10 * np.ones((4, 3)))
    np.testing.assert_array_equal(a.grads[0], b.grads[0])
    np.testing.assert_array_equal(b.grads[1], 0)


def test_softmax_output_out_of_range_label_gets_no_target():
    x = rng.randn(3, 3)
    g = run('SoftmaxOutput', [x, np.array([0, 5, 1.7])]).grads[0]
    want = softmax(x, 1)
    want[0, 0] -= 1
    want[2, 1] -= 1          # 1.7 truncates to class 1, as C++'s int cast does
    np.testing.assert_allclose(g, want)


def test_softmax_output_out_grad_multiplies_head_gradient():
    op = make('SoftmaxOutput', out_grad=True)
    assert not op.is_loss
    x, lab, dy = rng.randn(3, 4), labels(3, 4), rng.randn(3, 4)
    r = Run(op, [x, lab])
    r.forward()
    g = r.backward(dy)[0]
    np.testing.assert_allclose(g, (softmax(x, 1) - np.eye(4)[lab.astype(int)]) * dy)


def test_softmax_output_shapes():
    op = make('SoftmaxOutput')
    assert op.infer_shape([(4, 5), None], []) == ([(4, 5), (4,)], [(4, 5)], [])
    assert op.infer_shape([(4, 5), (4, 5)], [])[0][1] == (4, 5)      # probabilities
    assert op.infer_shape([None, (4,)], [])[1] == [None]
    multi = make('SoftmaxOutput', multi_output=True)
    assert multi.infer_shape([(4, 5, 6, 7), None], [])[0][1] == (4, 42)
    for ok in ((4, 6, 7), (4, 1, 6, 7), (4, 5, 6, 7)):
        assert multi.infer_shape([(4, 5, 6, 7), ok], [])[0][1] == ok
    with pytest.raises(ShapeError, match=r'Expecting \(4, 42\)'):
        multi.infer_shape([(4, 5, 6, 7), (4, 5)], [])
    assert make('SoftmaxOutput', preserve_shape=True).infer_shape(
        [(4, 5, 6), None], [])[0][1] == (4, 5)
    with pytest.raises(ShapeError, match=r'Provided = \[3\], inferred shape=\(4\)'):
        op.infer_shape([(4, 5), (3,)], [])


# --- regression outputs --------------------------------------------------------------------

def sigmoid(x):
    return 1 / (1 + np.exp(-x))


REGRESSION = {
    'LinearRegressionOutput': (lambda x: x, lambda o, l, m: 0.5 * ((o - l) ** 2).sum() / m),
    'LogisticRegressionOutput': (sigmoid, lambda o, l, m: -(l * np.log(o) + (1 - l) *
                                                            np.log(1 - o)).sum() / m),
    'MAERegressionOutput': (lambda x: x, lambda o, l, m: np.abs(o - l).sum() / m)}


@pytest.mark.parametrize('name', sorted(REGRESSION))
@pytest.mark.parametrize('dshape,lshape', [((4, 1), (4,)), ((4, 3), (4, 3)),
                                           ((2, 3, 2), (2, 3, 2)), ((4, 6), (4, 2, 3))])
def test_regression_forward_and_gradient(name, dshape, lshape):
    fwd, loss = REGRESSION[name]
    x = rng.randn(*dshape)
    lab = rng.rand(*lshape) if name.startswith('Logistic') else rng.randn(*lshape)
    m = lab.size // lab.shape[0]
    out = run(name, [x, lab]).outputs[0]
    np.testing.assert_allclose(out, fwd(x))
    check_grads(name, [x, lab], [0], dict(grad_scale=1.5),
                loss=lambda o, args: 1.5 * loss(o, args[1].reshape(o.shape), m))


@pytest.mark.parametrize('name', sorted(REGRESSION))
def test_regression_ignores_head_gradient_and_label_gradient_is_zero(name):
    x, lab = rng.randn(3, 2), rng.rand(3, 2)
    r = Run(make(name), [x, lab])
    r.forward()
    r.grads[1][:] = 5
    g = r.backward(100 * np.ones((3, 2)))[0].copy()
    np.testing.assert_array_equal(r.grads[1], 0)
    r.backward(None)
    np.testing.assert_array_equal(r.grads[0], g)


def test_mae_gradient_is_minus_one_at_a_tie():
    x = np.array([[1.0], [2.0], [3.0]])
    g = run('MAERegressionOutput', [x, np.array([0.0, 2.0, 4.0])]).grads[0]
    np.testing.assert_array_equal(g.ravel(), [1, -1, -1])


@pytest.mark.parametrize('name', sorted(REGRESSION))
def test_regression_shapes(name):
    op = make(name)
    assert op.infer_shape([(4, 1), None], [])[0][1] == (4,)
    assert op.infer_shape([(4, 3), None], [])[0][1] == (4, 3)
    assert op.infer_shape([(4, 6), (4, 2, 3)], [])[0][1] == (4, 2, 3)
    with pytest.raises(ShapeError, match=r'Provided=\[4\], inferred shape=\[4,3\]'):
        op.infer_shape([(4, 3), (4,)], [])


# --- MakeLoss ------------------------------------------------------------------------------

@pytest.mark.parametrize('normalization,divisor', [('null', 1), ('batch', 4), ('valid', 5)])
def test_make_loss(normalization, divisor):
    x = np.array([[0.1, 0.5, 0.9], [0.2, 0.6, 0.0], [0.7, 0.3, 0.8], [0.0, 0.0, 0.35]])
    r = run('MakeLoss', [x], out_grad=np.ones((4, 3)) * 9, grad_scale=2,
            normalization=normalization, valid_thresh=0.45)   # 5 values above it
    np.testing.assert_array_equal(r.outputs[0], x)
    np.testing.assert_allclose(r.grads[0], np.full((4, 3), 2.0 / divisor))
    check_grads('MakeLoss', [x], [0], dict(grad_scale=2, normalization=normalization,
                                           valid_thresh=0.45),
                loss=lambda o, a: 2 * o.sum() / divisor)


def test_make_loss_valid_with_nothing_valid_divides_by_one():
    g = run('MakeLoss', [-np.ones((2, 2))], normalization='valid').grads[0]
    np.testing.assert_array_equal(g, 1)


@pytest.mark.parametrize('name,attrs,shapes', [
    ('SoftmaxOutput', {}, [(4, 3), (4,)]),
    ('SoftmaxOutput', dict(normalization='batch'), [(4, 3), (4, 3)]),
    ('LinearRegressionOutput', {}, [(4, 2), (4, 2)]),
    ('MAERegressionOutput', {}, [(4, 1), (4,)]),
    ('MakeLoss', dict(normalization='batch'), [(4, 2)])])
def test_loss_grad_req_add_and_null(name, attrs, shapes):
    args = [rng.rand(*s) for s in shapes]
    if name == 'SoftmaxOutput' and len(shapes[1]) == 1:
        args[1] = labels(shapes[1], shapes[0][1])
    r = Run(make(name, **attrs), args)
    r.forward()
    fresh = r.backward()[0].copy()
    before = rng.randn(*fresh.shape)
    grads = [before.copy()] + [np.full(a.shape, 3.0) for a in args[1:]]
    r.backward(req='add', grads=grads)
    np.testing.assert_allclose(grads[0], before + fresh)
    for g in grads[1:]:
        np.testing.assert_array_equal(g, 3.0)     # adding a zero label gradient
    grads[0] = before.copy()
    r.backward(req='null', grads=grads)
    np.testing.assert_array_equal(grads[0], before)
