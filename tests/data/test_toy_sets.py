"""Toy 2-D sets: shapes, determinism, and that spirals need more than a straight line."""
import numpy as np
import pytest

from tutor.data import blobs, grid, spirals


@pytest.mark.parametrize('make', [blobs, spirals])
def test_shapes_dtypes_determinism(make):
    x, y = make(301, seed=3)
    assert x.shape == (301, 2) and x.dtype == np.float32
    assert y.shape == (301,) and y.dtype == np.int64
    again = make(301, seed=3)
    assert np.array_equal(x, again[0]) and np.array_equal(y, again[1])
    assert not np.array_equal(x, make(301, seed=4)[0])
    counts = np.bincount(y)
    assert counts.max() - counts.min() <= 1


def linear_accuracy(x, y):
    """Training accuracy of a least-squares linear classifier (one-hot targets)."""
    a = np.c_[x, np.ones(len(x))]
    w = np.linalg.lstsq(a, np.eye(y.max() + 1)[y], rcond=None)[0]
    return ((a @ w).argmax(1) == y).mean()


def test_blobs_are_linearly_separable_and_spirals_are_not():
    assert linear_accuracy(*blobs(600, seed=0)) > 0.9
    assert linear_accuracy(*spirals(600, seed=0)) < 0.75


def test_spirals_classes():
    x, y = spirals(300, seed=0, classes=3)
    assert set(y) == {0, 1, 2}
    assert np.abs(x).max() < 1.5


def test_grid_covers_the_data():
    x, _ = blobs(100, seed=1)
    xx, yy, pts = grid(x, steps=50, margin=0.5)
    assert xx.shape == yy.shape == (50, 50) and pts.shape == (2500, 2)
    assert pts.dtype == np.float32
    assert np.all(pts.min(0) <= x.min(0) - 0.49) and np.all(pts.max(0) >= x.max(0) + 0.49)
