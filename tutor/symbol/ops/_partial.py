"""Shapes that are only partly known, as MXNet reads them: a shape of None is unknown, and a
0 inside a shape is one unknown dimension (``(0, 10)``: the batch size is not known yet).
Shape inference of the array operators fills in what it can and never fails on them."""
from ._common import mx_list


def norm(shape):
    """None for an unknown shape (MXNet 1.x reads an empty shape as unknown too), else a tuple."""
    return None if shape is None or len(shape) == 0 else tuple(int(d) for d in shape)


def axis_of(op, axis, ndim, what='axis'):
    """``axis`` as a non-negative index into ``ndim`` axes (MXNet's CheckAxis)."""
    if not -ndim <= axis < ndim:
        raise op.shape_error('%s %d exceeds the input dimension of %d: the data has axes 0..%d '
                             '(or -%d..-1); pick one of those' % (what, axis, ndim, ndim - 1,
                                                                  ndim))
    return axis % ndim


def merge(op, a, b, what):
    """One shape from two partial descriptions of it, or a clear error if they disagree."""
    if a is None:
        return None if b is None else tuple(b)
    if b is None:
        return tuple(a)
    if len(a) != len(b) or any(x and y and x != y for x, y in zip(a, b)):
        raise op.shape_error('Shape inconsistent, Provided = %s, inferred shape=%s: %s of %s '
                             'must agree on every axis (0 means unknown)'
                             % (mx_list(a), mx_list(b), what, op.name))
    return tuple(x or y for x, y in zip(a, b))


def complete(shape):
    """True when every dimension is known."""
    return shape is not None and all(d > 0 for d in shape)
