"""What an executor bound with a shared group (``Module.bind(shared_module=...)``, as
BucketingModule binds every bucket) takes from that group instead of allocating it.

* Parameters, their gradients and aux states: the shared executor's very arrays (one set
  of weights behind every bucket).
* Inputs (data, labels, states) and their gradients: looked up by name in the group's
  ``shared_data_arrays`` (MXNet's ``shared_buffer``), one dict per device handed down from
  the default bucket's group to every other one. ``reshape_or_create`` is MXNet's rule.
* Op outputs, their gradients and scratch: the executor's memory pool
  (tutor/executor/memory_pool.py), given the shared executor.
"""
import numpy as np

from ..base import MXNetError
from ..ndarray import NDArray


class _SharedArrays:
    """The parameter, gradient and aux arrays an executor bound with a shared group takes from
    that group's executor on the same device (the same arrays, not copies): a bucket of
    BucketingModule trains the weights every other bucket reads."""

    def __init__(self, shared_exec, param_names):
        self.args = shared_exec.arg_dict if shared_exec is not None else {}
        self.grads = shared_exec.grad_dict if shared_exec is not None else {}
        self.auxs = shared_exec.aux_dict if shared_exec is not None else {}
        self.param_names = set(param_names)

    def arg(self, name, shape):
        if name not in self.param_names or name not in self.args:
            return None, None
        arr = self.args[name]
        if arr.shape != tuple(shape):
            raise MXNetError('shared_module: parameter %s has shape %s there but this symbol '
                             'needs %s; buckets must agree on every parameter shape'
                             % (name, arr.shape, tuple(shape)))
        return arr, self.grads.get(name)

    def aux(self, name, shape):
        arr = self.auxs.get(name)
        if arr is not None and arr.shape == tuple(shape):
            return arr
        return np.zeros(shape, dtype=np.float32).view(NDArray)


def _mx_shape(shape):
    return '[%s]' % ','.join(str(d) for d in shape)


def reshape_or_create(buffer, name, shape, dtype, logger):
    """The array for input ``name`` (or ``'grad of ' + name``): the one in ``buffer`` seen
    with ``shape`` when it has enough elements (a view: no new memory), else a new zero
    array, which then replaces it in ``buffer`` so later buckets share the larger one
    (MXNet 1.9.1's ReshapeOrCreate, warning included)."""
    shape, dtype = tuple(shape), np.dtype(dtype)
    size = int(np.prod(shape))
    have = buffer.get(name)
    if have is not None and have.size >= size:
        if have.dtype != dtype:      # MXNet: a failed check, raised by simple_bind as this
            raise RuntimeError("simple_bind error. Requested arg array's dtype does not match "
                               "that of the reusable ndarray: %s is %s in the shared buffer "
                               "(the default bucket's) but %s here; give every bucket's inputs "
                               "the same dtypes" % (name, have.dtype, dtype))
        return have.reshape(-1)[:size].reshape(shape)
    if have is not None:
        logger.warning('Bucketing: data %s has a shape %s, which is larger than already '
                       'allocated shape %s. Need to re-allocate. Consider putting default '
                       'bucket key to be the bucket taking the largest input for better '
                       'memory sharing.', name, _mx_shape(shape), _mx_shape(have.shape))
    buffer[name] = np.zeros(shape, dtype=dtype).view(NDArray)
    return buffer[name]
