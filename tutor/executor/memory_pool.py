"""The memory an executor's intermediate arrays live in: every op output, the gradients
flowing back through them, and op scratch buffers.

Alone, an executor allocates each buffer for itself. Bound with ``shared_exec`` (as
BucketingModule binds every bucket with the default bucket's executor), it first looks at
the shared executor's buffers and takes, for each of its own, a view of the first one that
is free (not yet taken by this executor), of the same dtype and large enough; only what fits
nowhere is allocated, and that new buffer joins the shared list, as in MXNet 1.9.1
(GraphExecutor::InitDataEntryMemory pushes it into the shared executor's pool). A bucket
shorter than the default one so adds no memory; that is why MXNet wants the default bucket
to be the largest.

Why it is safe: only one executor sharing a pool runs at a time (a BucketingModule runs one
bucket's forward and backward, then the next bucket's), and every buffer of the pool is
written before it is read within one forward/backward, so what another bucket left there
never matters. MXNet makes the same assumption. Within one executor no two buffers overlap:
each pool buffer is lent at most once per executor. What does not hold: the outputs of one
bucket are overwritten when another bucket runs (as in MXNet: copy them to keep them).
"""
from math import prod

import numpy as np


class MemoryPool:
    """``buffers`` (flat arrays) are shared with every pool made from this one; ``lent``
    are the ones this executor already uses."""

    def __init__(self, shared=None):
        self.buffers = shared.buffers if shared is not None else []
        self.lent = set()            # ids of the buffers in use by this executor

    def alloc(self, shape, dtype):
        """An array of ``shape`` and ``dtype``: a view of a free shared buffer, or new (zeros)."""
        dtype, size = np.dtype(dtype), prod(shape)
        for buf in self.buffers:                         # first fit
            if id(buf) not in self.lent and buf.dtype == dtype and buf.size >= size:
                self.lent.add(id(buf))
                return buf[:size].reshape(shape)
        buf = np.zeros(size, dtype=dtype)
        self.buffers.append(buf)                         # later executors may borrow it
        self.lent.add(id(buf))
        return buf.reshape(shape)
