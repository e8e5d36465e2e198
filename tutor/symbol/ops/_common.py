"""Small helpers every op file shares: shape checks with MXNet's messages, reusable scratch
buffers, and writing a gradient as its grad_req asks without allocating."""
import numpy as np

from ..op import ShapeError, known, merge_shapes  # noqa: F401 - ops import them from here


def mx_list(shape):
    """MXNet prints a provided shape as ``[5,5]``..."""
    return '[%s]' % ','.join(str(d) for d in shape)


def mx_tuple(shape):
    """...and an inferred one as ``(3,5)``."""
    return '(%s)' % ','.join(str(d) for d in shape)


def assign_shape(op, shapes, index, expected, slot, why=''):
    """Fill ``shapes[index]`` with ``expected``, or check a provided shape agrees with it."""
    expected = tuple(int(d) for d in expected)
    have = shapes[index]
    if have is None:
        shapes[index] = expected
        return
    try:  # partial shapes (0 = unknown dimension) fill each other in
        shapes[index] = merge_shapes(have, expected)
    except ShapeError:
        raise op.shape_error(
            'Shape inconsistent, Provided = %s, inferred shape=%s: %s has shape %s but %s '
            'needs %s%s. Give %s the shape %s (or fix the shapes it is computed from).'
            % (mx_list(have), mx_tuple(expected), slot, tuple(have), op.name, expected,
               (' (%s)' % why) if why else '', slot, expected)) from None


def prod(shape):
    n = 1
    for d in shape:
        n *= int(d)
    return n


class Scratch:
    """Buffers one bound op reuses on every call. Each is made on first use (its dtype is
    known only then) and kept, so a training loop allocates nothing after the first batch.
    Attributes that are arrays show up in ``Executor.allocations()``."""

    def get(self, key, shape, dtype):
        a = self.__dict__.get(key)
        if a is None or a.shape != tuple(shape) or a.dtype != dtype:
            a = np.empty(shape, dtype=dtype)
            setattr(self, key, a)
        return a


def grad_target(state, key, dst, req):
    """Where to compute a gradient: straight into ``dst`` for 'write', into a scratch buffer
    for 'add' (then ``grad_finish`` adds it), None for 'null' (skip the work)."""
    if dst is None or req == 'null':
        return None
    if req == 'add':
        return state.get(key, dst.shape, dst.dtype)
    return dst


def grad_finish(dst, req, tmp):
    if req == 'add' and tmp is not None:
        dst += tmp


def dot_into(a, b, out):
    """``out[...] = a @ b``, with no temporary when out is a C-contiguous array of the
    product's dtype (the usual case, so it is tried first)."""
    try:
        a.dot(b, out=out)   # the method: np.dot would first run a Python-level dispatcher
    except ValueError:  # NumPy refuses that out: compute, then copy (and cast)
        out[...] = np.dot(a, b)


def zero_grad(dst, req):
    """A gradient that is zero (labels): 'write' zeroes, 'add' leaves it as it is."""
    if dst is not None and req == 'write':
        dst.fill(0)


def row_offsets(state, n, k):
    """[0, K, 2K, ...]: where each row of an (n, K) matrix starts when flat; made once."""
    offsets = getattr(state, 'row_offsets', None)
    if offsets is None or offsets.size != n or (n > 1 and offsets[1] != k):
        offsets = state.row_offsets = np.arange(n) * k
    return offsets
