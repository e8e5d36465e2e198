"""The memory an executor's intermediate arrays live in: every op output, the gradients
flowing back through them, and op scratch buffers.

Alone, an executor allocates each buffer for itself. Bound with ``shared_exec`` (as
BucketingModule binds every bucket with the default bucket's executor), it first looks at
the shared executor's buffers and takes, for each of its own, a view of the first one that
is free (not yet taken by this executor), of the same dtype and large enough; only what fits
nowhere is allocated, and that new buffer joins the shared list, as in MXNet 1.9.1
(GraphExecutor::InitDataEntryMemory pushes it into the shared executor's pool). A bucket
shorter than the default one so adds almost nothing (only what an op fills once and keeps,
such as a vector of ones, stays its own); that is why MXNet wants the default bucket to be
the largest.

Why it is safe: only one executor sharing a pool runs at a time (a BucketingModule runs one
bucket's forward and backward, then the next bucket's), and every buffer of the pool is
written before it is read within one forward/backward, so what another bucket left there
never matters (a gradient nothing writes is read as 0: the plan keeps those out of the
pool). MXNet makes the same assumption. Within one executor no two buffers overlap: each
pool buffer is lent at most once per executor. What does not hold: the outputs of one
bucket are overwritten when another bucket runs (as in MXNet: copy them to keep them).
"""
from math import prod

import numpy as np


class MemoryPool:
    """``buffers`` (flat arrays) are shared with every pool made from this one; ``free`` are
    those this executor has not taken yet, in order."""

    def __init__(self, shared=None):
        self.buffers = shared.buffers if shared is not None else []
        self.free = list(self.buffers)
        self.seen = len(self.buffers)

    def alloc(self, shape, dtype):
        """An array of ``shape`` and ``dtype``: a view of a free shared buffer, or new (zeros)."""
        dtype, size = np.dtype(dtype), prod(shape)
        self.free += self.buffers[self.seen:]            # added by other executors since
        for k, buf in enumerate(self.free):              # first fit
            if buf.dtype == dtype and buf.size >= size:
                del self.free[k]                         # lent once per executor
                self.seen = len(self.buffers)
                return buf[:size].reshape(shape)
        buf = np.zeros(size, dtype=dtype)
        self.buffers.append(buf)                         # later executors may borrow it
        self.seen = len(self.buffers)                    # (not this one: it is taken)
        return buf.reshape(shape)
