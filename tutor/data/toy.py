"""Small 2-D data sets for the widget chapters, where a decision boundary can be drawn.

Both return (data (n, 2) float32, label (n,) int64) in random order, deterministic for a seed
(NumPy ``RandomState``, whose streams do not change between NumPy versions).
"""
import numpy as np


def _counts(n, classes):
    counts = np.full(classes, n // classes)
    counts[:n % classes] += 1
    return counts


def blobs(n=300, seed=0, classes=3, spread=0.6):
    """Gaussian blobs around ``classes`` centres on a circle of radius 2: an easy set that a
    linear model already separates."""
    rs = np.random.RandomState(seed)
    angle = 2 * np.pi * np.arange(classes) / classes + np.pi / 2
    centres = 2.0 * np.stack([np.cos(angle), np.sin(angle)], 1)
    label = np.repeat(np.arange(classes), _counts(n, classes))
    data = centres[label] + rs.normal(0, spread, size=(n, 2))
    order = rs.permutation(n)
    return data[order].astype(np.float32), label[order].astype(np.int64)


def spirals(n=300, seed=0, classes=2, turns=1.5, noise=0.08):
    """Interleaved spiral arms, one per class: no straight line separates them, so a hidden
    layer (and enough epochs) is needed."""
    rs = np.random.RandomState(seed)
    label = np.repeat(np.arange(classes), _counts(n, classes))
    t = rs.uniform(0.05, 1, size=n)                  # position along the arm, centre to tip
    angle = 2 * np.pi * (turns * t + label / classes)
    data = np.stack([t * np.cos(angle), t * np.sin(angle)], 1)
    data = data + rs.normal(0, noise, size=(n, 2))
    order = rs.permutation(n)
    return data[order].astype(np.float32), label[order].astype(np.int64)


def grid(data, steps=100, margin=0.5):
    """A regular grid covering ``data`` (plus a margin) for decision-boundary plots.

    Returns (xx, yy, points): xx and yy are (steps, steps) for ``contourf``, and points is
    (steps*steps, 2) float32, ready for ``mod.predict`` or a forward pass.
    """
    data = np.asarray(data)
    lo, hi = data.min(0) - margin, data.max(0) + margin
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], steps), np.linspace(lo[1], hi[1], steps))
    return xx, yy, np.stack([xx.ravel(), yy.ravel()], 1).astype(np.float32)
