"""Cutting a batch into one slice per device (by work load) and joining outputs back."""
import pytest

import tutor as mx
from tutor.module.slicing import _merge_multi_context, _split_input_slice


@pytest.mark.parametrize('size,loads,expected', [
    (10, [1, 1], [(0, 5), (5, 10)]),
    (10, [1, 1, 1], [(0, 3), (3, 6), (6, 10)]),      # the last device takes the remainder
    (30, [3, 1, 2], [(0, 15), (15, 20), (20, 30)]),
    (5, [1, 1, 1, 1], [(0, 1), (1, 2), (2, 3), (3, 5)]),
    (7, [0.5, 0.5], [(0, 4), (4, 7)]),               # round(3.5) == 4 (banker's rounding)
])
def test_split_input_slice(size, loads, expected):
    assert [(s.start, s.stop) for s in _split_input_slice(size, loads)] == expected


def test_too_many_slices():
    with pytest.raises(ValueError, match='Too many slices'):
        _split_input_slice(2, [1, 1, 1])


def test_merge_joins_along_the_batch_axis():
    a, b = mx.nd.ones((2, 3)), mx.nd.zeros((1, 3))
    merged = _merge_multi_context([[a, b]], [0])[0]
    assert merged.shape == (3, 3) and isinstance(merged, mx.nd.NDArray)
    assert _merge_multi_context([[a, b]], [-1])[0] is a
