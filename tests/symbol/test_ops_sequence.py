"""SequenceMask, SequenceLast, SequenceReverse: forward against hand-written loops, backward
against central differences (float64), both time axes, and their shape errors."""
import os
import sys

import numpy as np
import pytest

from tutor.symbol.op import ShapeError

sys.path.insert(0, os.path.dirname(__file__))
from _ophelp import Run, check_grads, make  # noqa: E402

rng = np.random.RandomState(11)
LENGTHS = np.array([2., 4., 1.])


def time_first(x, axis):
    return x if axis == 0 else np.swapaxes(x, 0, 1)


@pytest.mark.parametrize('axis', [0, 1])
def test_mask_sets_padding_to_value(axis):
    x = rng.randn(4, 3, 2) if axis == 0 else rng.randn(3, 4, 2)
    y = Run(make('SequenceMask', use_sequence_length=True, value=-1, axis=axis),
            [x, LENGTHS]).forward()
    xt, yt = time_first(x, axis), time_first(y, axis)
    for b, n in enumerate(LENGTHS.astype(int)):
        np.testing.assert_array_equal(yt[:n, b], xt[:n, b])
        assert (yt[n:, b] == -1).all()


def test_without_lengths_every_step_counts():
    x = rng.randn(4, 3)
    assert make('SequenceMask').arguments() == ['data']
    np.testing.assert_array_equal(Run(make('SequenceMask'), [x]).forward(), x)
    np.testing.assert_array_equal(Run(make('SequenceLast'), [x]).forward(), x[-1])
    np.testing.assert_array_equal(Run(make('SequenceReverse'), [x]).forward(), x[::-1])


@pytest.mark.parametrize('axis', [0, 1])
def test_last_picks_the_last_real_step(axis):
    x = rng.randn(4, 3, 2) if axis == 0 else rng.randn(3, 4, 2)
    op = make('SequenceLast', use_sequence_length=True, axis=axis)
    assert op.infer_shape([x.shape, None], [])[1] == [(3, 2)]
    y = Run(op, [x, LENGTHS]).forward()
    xt = time_first(x, axis)
    for b, n in enumerate(LENGTHS.astype(int)):
        np.testing.assert_array_equal(y[b], xt[n - 1, b])


def test_reverse_flips_only_the_real_steps():
    x = np.arange(12.).reshape(4, 3)
    y = Run(make('SequenceReverse', use_sequence_length=True), [x, LENGTHS]).forward()
    np.testing.assert_array_equal(y[:, 0], [3, 0, 6, 9])      # length 2: padding stays
    np.testing.assert_array_equal(y[:, 1], [10, 7, 4, 1])     # length 4: all reversed
    np.testing.assert_array_equal(y[:, 2], [2, 5, 8, 11])     # length 1: unchanged


@pytest.mark.parametrize('op_name,axis', [('SequenceMask', 0), ('SequenceMask', 1),
                                          ('SequenceLast', 0), ('SequenceLast', 1),
                                          ('SequenceReverse', 0)])
def test_gradients_by_central_differences(op_name, axis):
    x = rng.randn(4, 3, 2) if axis == 0 else rng.randn(3, 4, 2)
    op = make(op_name, use_sequence_length=True, axis=axis)
    out_shape = op.infer_shape([x.shape, None], [])[1][0]
    r = check_grads(op_name, [x, LENGTHS], [0], dict(use_sequence_length=True, axis=axis),
                    out_grad=rng.randn(*out_shape))
    assert (r.grads[1] == 0).all()   # a length has no gradient


def test_add_accumulates():
    x, dy = rng.randn(4, 3), rng.randn(4, 3)
    for name in ('SequenceMask', 'SequenceReverse'):
        r = Run(make(name, use_sequence_length=True), [x, LENGTHS])
        r.forward()
        first = r.backward(dy)[0].copy()
        np.testing.assert_allclose(r.backward(dy, req=['add', 'null'])[0], 2 * first)
    r = Run(make('SequenceLast', use_sequence_length=True), [x, LENGTHS])
    r.forward()
    first = r.backward(rng.randn(3))[0].copy()
    r.grads[0][...] = 1
    r.backward(np.zeros(3), req=['add', 'null'])
    np.testing.assert_array_equal(r.grads[0], 1)


def test_shape_errors_say_what_to_do():
    with pytest.raises(ShapeError, match='sequence_length'):
        make('SequenceMask', use_sequence_length=True).infer_shape([(4, 3), (2,)], [])
    with pytest.raises(ShapeError, match='expects axis to be 0'):
        make('SequenceReverse', axis=1).infer_shape([(3, 4)], [])
    with pytest.raises(ShapeError, match='axis=2'):
        make('SequenceLast', axis=2).infer_shape([(3, 4, 5)], [])


# --- reverse and where ----------------------------------------------------------------------

@pytest.mark.parametrize('axis', [(0,), (1,), (0, 2), (-1,)])
def test_reverse_flips_and_its_gradient_flips_back(axis):
    x = rng.randn(2, 3, 4)
    y = Run(make('reverse', axis=axis), [x]).forward()
    np.testing.assert_array_equal(y, np.flip(x, axis))
    check_grads('reverse', [x], [0], dict(axis=axis), out_grad=rng.randn(2, 3, 4))


def test_reverse_axis_out_of_range():
    with pytest.raises(ShapeError, match='exceeds the input dimension'):
        make('reverse', axis=(3,)).infer_shape([(2, 3)], [])


@pytest.mark.parametrize('cond_shape', [(3, 4), (3,)])
def test_where_picks_and_routes_gradients(cond_shape):
    cond = (rng.rand(*cond_shape) > 0.5).astype(float)
    x, y = rng.randn(3, 4), rng.randn(3, 4)
    out = Run(make('where'), [cond, x, y]).forward()
    taken = cond.reshape(cond.shape + (1,) * (2 - cond.ndim)) != 0
    np.testing.assert_array_equal(out, np.where(taken, x, y))
    r = check_grads('where', [cond, x, y], [1, 2], {}, out_grad=rng.randn(3, 4))
    assert (r.grads[0] == 0).all()


def test_where_condition_shape_error():
    with pytest.raises(ShapeError, match='condition'):
        make('where').infer_shape([(2, 2), (3, 4), None], [])
