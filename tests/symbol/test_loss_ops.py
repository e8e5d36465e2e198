"""Each loss op owns its loss: ``op.loss(output, label)`` is the function whose gradient its
backward writes. Checked by central differences in float64: backward's gradient (summed over
the batch, normalization 'null') is ``count ×`` d loss / d data, where ``count`` is how many
samples (or labelled positions) the loss averages over."""
import numpy as np
import pytest

from tutor.symbol.op import OPS
from _ophelp import Run, make, numeric_grad

RNG = np.random.default_rng(3)


def _labels(n, k, shape=None):
    return RNG.integers(0, k, shape or n).astype(np.float64)


# name: (op name, attrs, data, label or None, count)
CASES = {
    'softmax': ('SoftmaxOutput', {}, RNG.normal(size=(4, 5)), _labels(4, 5), 4),
    'softmax, smoothed': ('SoftmaxOutput', {'smooth_alpha': 0.2}, RNG.normal(size=(4, 5)),
                          _labels(4, 5), 4),
    'softmax, ignore': ('SoftmaxOutput', {'use_ignore': True, 'ignore_label': 1},
                        RNG.normal(size=(4, 3)), np.array([0., 1., 2., 1.]), 2),
    # MXNet divides a multi_output gradient by the positions: a mean per sample, summed
    'softmax, multi_output': ('SoftmaxOutput', {'multi_output': True},
                              RNG.normal(size=(2, 3, 4)), _labels(2, 3, (2, 4)), 2),
    'softmax, preserve_shape': ('SoftmaxOutput', {'preserve_shape': True},
                                RNG.normal(size=(2, 3, 4)), _labels(2, 4, (2, 3)), 6),
    'softmax, distributions': ('SoftmaxOutput', {}, RNG.normal(size=(3, 4)),
                               RNG.dirichlet(np.ones(4), 3), 3),
    'linear': ('LinearRegressionOutput', {}, RNG.normal(size=(4, 3)),
               RNG.normal(size=(4, 3)), 4),
    'linear, (N,) label': ('LinearRegressionOutput', {}, RNG.normal(size=(4, 1)),
                           RNG.normal(size=4), 4),
    'logistic': ('LogisticRegressionOutput', {}, RNG.normal(size=(4, 3)),
                 RNG.random((4, 3)), 4),
    'mae': ('MAERegressionOutput', {}, RNG.normal(size=(4, 3)), RNG.normal(size=(4, 3)) + 5, 4),
    'makeloss': ('MakeLoss', {}, RNG.normal(size=(4, 3)), None, 4),
}


def test_every_loss_op_is_checked():
    losses = {name for name, cls in OPS.items() if cls.formula is not None}
    assert losses == {case[0] for case in CASES.values()}
    for name in losses:
        plain, latex = OPS[name].formula
        assert plain.startswith('L = ') and latex.startswith('L = ')
        assert len(OPS[name].grad_formula) == 2


@pytest.mark.parametrize('case', sorted(CASES))
def test_loss_matches_the_gradient_backward_writes(case):
    op_name, attrs, data, label, count = CASES[case]
    args = [data] if label is None else [data, label]
    r = Run(make(op_name, **attrs), [np.array(a, np.float64) for a in args])

    def loss():
        return r.op.loss(r.forward(), r.args[1] if label is not None else None)

    want = numeric_grad(loss, r.args[0]) * count
    r.forward()
    got = r.backward()[0]
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-7)


def test_loss_needs_its_label():
    assert make('SoftmaxOutput').loss(np.full((2, 3), 1 / 3)) is None
    assert make('LinearRegressionOutput').loss(np.zeros((2, 3))) is None
    assert make('MakeLoss').loss(np.ones((2, 3))) == 3.0


def test_ops_that_are_not_losses_say_so():
    assert make('FullyConnected', num_hidden=2).formula is None
    assert make('FullyConnected', num_hidden=2).loss(np.zeros((2, 2))) is None
