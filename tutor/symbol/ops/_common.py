"""Small helpers every op file shares: shape checks with MXNet's messages, reusable scratch
buffers, and writing a result into the caller's array (whatever its strides) as its
grad_req asks, without allocating."""
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
    pool = None     # the executor's memory pool (executor/memory_pool.py), set at bind

    def get(self, key, shape, dtype):
        a = self.__dict__.get(key)
        if a is None or a.shape != tuple(shape) or a.dtype != dtype:
            pooled = a is None and self.pool is not None   # a changed shape: not pooled
            a = self.pool.alloc(shape, dtype) if pooled else np.empty(shape, dtype=dtype)
            setattr(self, key, a)
        return a

    def view(self, key, a, shape):
        """``a`` seen with ``shape``, sharing its memory; None when its strides allow no such
        view (NumPy's reshape would then copy, and writes to the copy would be lost). Made
        once per array: the executor passes the same arrays on every call."""
        cached = self.__dict__.get('@' + key)   # a tuple: allocations() does not count it
        if cached is not None and cached[0] is a and cached[1] == shape:
            return cached[2]
        view = a.reshape(shape)
        if view.size and not np.may_share_memory(view, a):
            view = None
        setattr(self, '@' + key, (a, shape, view))
        return view


# --- writing into the caller's arrays, whatever their layout --------------------------------
# The executor hands an op the caller's own arrays (bound gradients may be strided slices).
# An op computes in the shape its maths wants (often 2-D) through these helpers:
#
#     dx = grad_target(state, 'ddata', in_grads[0], req[0], shape=(rows, cols))
#     if dx is not None:
#         dot_into(dy, w, dx)                      # dx = dy·W
#         grad_finish(in_grads[0], req[0], dx)
#
# ``dx`` is the caller's array itself (seen with ``shape``) when its strides allow that, and a
# scratch buffer otherwise ('add' always uses one); grad_finish then copies or adds it back.

def read_as(state, key, a, shape):
    """``a`` with ``shape`` for reading: a view of it, or a copy when its strides allow none."""
    if a.shape == shape:
        return a
    view = state.view(key, a, shape)
    return a.reshape(shape) if view is None else view


def grad_target(state, key, dst, req, shape=None):
    """Where to compute a result of ``shape`` (default: dst's) that belongs in ``dst``:
    dst itself for 'write' when it can take that shape, else the scratch buffer ``key``;
    None for 'null' or no array (skip the work)."""
    if dst is None or req == 'null':
        return None
    if req == 'write':
        if shape is None or dst.shape == shape:
            return dst
        view = state.view(key, dst, shape)
        if view is not None:
            return view
    return state.get(key, dst.shape if shape is None else shape, dst.dtype)


def grad_finish(dst, req, buf):
    """Move a result computed in a scratch buffer into ``dst``: 'add' adds it, 'write' copies
    it. Nothing to do when ``buf`` is dst or a view of it."""
    if buf is None or buf is dst:
        return
    if req == 'add':
        dst += buf.reshape(dst.shape)
    elif not np.may_share_memory(buf, dst):   # a view of dst already holds the result
        np.copyto(dst, buf.reshape(dst.shape))


def out_target(state, key, dst, shape):
    """A forward output ``dst`` seen with ``shape``: grad_target with req 'write'."""
    if dst.shape == shape:     # the usual case: the output already has the maths' shape
        return dst
    return grad_target(state, key, dst, 'write', shape)


def out_finish(dst, buf):
    if buf is not dst:
        grad_finish(dst, 'write', buf)


def write_grad(dst, req, value):
    """Store an already computed gradient ``value`` as req asks: 'write' replaces (casting to
    dst's dtype), 'add' accumulates, 'null' (or no array) skips."""
    if dst is None or req == 'null':
        return
    if req == 'add':
        dst += value
    else:
        np.copyto(dst, value, casting='unsafe')


def dot_into(a, b, out):
    """``out[...] = a·b``. NumPy's dot writes straight into ``out`` (no temporary) when out is
    C-contiguous with the operands' dtype, the usual case, so that is tried first; NumPy
    refuses any other ``out`` with a ValueError, and then the product is copied (and cast)."""
    try:
        a.dot(b, out=out)   # the method: np.dot would first run a Python-level dispatcher
    except ValueError:
        out[...] = a.dot(b)


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
