"""``mx.kv``: the key-value store that sums gradients from several devices, as MXNet's 'local'
and 'device' KVStores do inside one process.

    kv = mx.kv.create('local')
    kv.init('w', mx.nd.ones((2, 3)))
    kv.push('w', [g0, g1])            # a list pushed to one key is summed
    kv.pull('w', out=[w0, w1])        # the stored value is copied into every output

Without an optimizer, a push *replaces* the stored value by the sum; with one
(``set_optimizer``), the sum is a gradient and the stored value is the weight it updates.
The distributed types ('dist_sync', 'dist_async', 'dist_device_sync') and 'horovod' need
several processes and machines: tutor refuses them and says where real MXNet runs them.
"""
import numpy as np

from .base import MXNetError
from .i18n import text as _
from .ndarray import NDArray, atomic_write

__all__ = ['KVStoreBase', 'KVStore', 'create']

# What MXNet 1.9.1 builds in one process: 'local' reduces on the CPU, 'device' on the GPUs.
# Any other name makes a local store of that type in MXNet 1.9.1 (even a typo); the 'dist'
# types and 'horovod' need several processes or machines, and tutor refuses them.
_REFUSED = ('horovod',)


class KVStoreBase:
    """MXNet's common base of key-value stores; its capability names live here."""
    OPTIMIZER = 'optimizer'


def _pairs(key, value, what):
    """(keys, values) flattened: one key and a list of values means that key once per value,
    as MXNet's ``_ctype_key_value`` does (with its AssertionErrors for wrong types)."""
    if isinstance(key, (tuple, list)):
        assert len(key) == len(value), '%s: %d keys but %d values' % (what, len(key),
                                                                      len(value))
        keys, values, kinds = [], [], set()
        for k, v in zip(key, value):
            ks, vs = _pairs(k, v, what)
            keys += ks
            values += vs
            kinds.add(isinstance(k, str))
        assert len(kinds) <= 1, 'inconsistent types of keys detected.'
        return keys, values
    assert isinstance(key, (int, str)) and not isinstance(key, bool), \
        'unexpected type for keys: ' + str(type(key))
    values = [value] if isinstance(value, NDArray) else list(value)
    for v in values:
        assert isinstance(v, NDArray), ('%s: the values of a KVStore are NDArrays (mx.nd.array'
                                        '(...)), got %s' % (what, type(v).__name__))
    return [key] * len(values), values


def _grouped(keys, values):
    """[(key, [values...])] in first-seen order: MXNet sums every value pushed to one key."""
    groups = {}
    for k, v in zip(keys, values):
        groups.setdefault(k, []).append(v)
    return list(groups.items())


def reduce_sum(values, in_fours=True):
    """The sum of the pushed arrays in MXNet's float32 order. 'local' (CommCPU) adds the first
    array to the others taken in fours: a + (b + c) for three; 'device' (CommDevice) adds left
    to right. (MXNet first sorts a push's pairs by key with an unstable sort: past 16 pairs in
    one call a key's values may be added in another order, which tutor does not copy.)"""
    merged = np.array(values[0], dtype=values[0].dtype, copy=True).view(NDArray)
    rest = [np.asarray(v) for v in values[1:]]
    step = 4 if in_fours else 1
    for start in range(0, len(rest), step):
        group = rest[start:start + step]
        total = group[0]
        for arr in group[1:]:
            total = total + arr
        merged += total
    return merged


class KVStore(KVStoreBase):
    """A store of arrays by key for the devices of one machine (MXNet's KVStoreLocal)."""

    def __init__(self, kvtype='local'):
        self._type = kvtype
        self._store = {}            # key -> the stored NDArray
        self._key_type = None       # int or str: MXNet allows one kind per store
        self._updater = None
        self._compression = None

    # --- facts about this store ---------------------------------------------------------
    @property
    def type(self):
        return self._type

    @property
    def rank(self):
        """This process's number among the workers: one machine, one worker, rank 0."""
        return 0

    @property
    def num_workers(self):
        return 1

    def is_capable(self, capability):
        """Whether this store can do ``capability`` (a local store can run an optimizer)."""
        if capability.lower() == KVStoreBase.OPTIMIZER:
            return True
        raise ValueError('Unknown capability: {}'.format(capability))

    # --- init, push, pull ---------------------------------------------------------------
    def _check_keys(self, keys):
        for key in keys:
            kind = str if isinstance(key, str) else int
            if self._key_type is None:
                self._key_type = kind
            elif kind is not self._key_type:
                raise MXNetError('Mixed key types are not allowed: this store has %s keys, '
                                 'got %r. Use only ints or only strings as keys.'
                                 % (self._key_type.__name__, key))

    def _stored(self, key):
        try:
            return self._store[key]
        except KeyError:
            raise MXNetError(_('kv.not_inited', name=key, shown=repr(key))) from None

    def init(self, key, value):
        """Store a copy of ``value`` under ``key`` (each key once)."""
        keys, values = _pairs(key, value, 'init')
        self._check_keys(keys)
        for k, v in zip(keys, values):
            if k in self._store:
                raise MXNetError('duplicate init of key %s. Please double check if you called '
                                 'kv.init or kv.broadcast with this key multiple times' % k)
            self._store[k] = np.array(v, copy=True).view(NDArray)

    def push(self, key, value, priority=0):
        """Sum the values pushed to each key; then either update the stored weight with the
        optimizer (when one is set) or make the sum the stored value."""
        keys, values = _pairs(key, value, 'push')
        self._check_keys(keys)
        for k, vals in _grouped(keys, values):
            stored = self._stored(k)
            merged = vals[0] if len(vals) == 1 else reduce_sum(vals, 'device' not in self._type)
            if self._updater is not None:
                # MXNet hands a string key to the updater as bytes (a C string)
                self._updater(k.encode() if isinstance(k, str) else k, merged, stored)
            else:
                # MXNet keeps the merged array itself (for one value: the pushed array)
                self._store[k] = merged if isinstance(merged, NDArray) else merged.view(NDArray)

    def pull(self, key, out=None, priority=0, ignore_sparse=True):
        """Copy the stored value of each key into its output(s)."""
        assert out is not None, 'pull: give the arrays to copy into with out=...'
        keys, outs = _pairs(key, out, 'pull')
        self._check_keys(keys)
        for k, dsts in _grouped(keys, outs):
            stored = self._stored(k)
            for dst in dsts:
                if dst.shape != stored.shape:
                    raise MXNetError('operands shape mismatch from.shape = %s to.shape=%s: the '
                                     'output for key %r must have the stored value\'s shape'
                                     % (list(stored.shape), list(dst.shape), k))
                np.copyto(dst, stored, casting='unsafe')

    def pushpull(self, key, value, out=None, priority=0):
        """push, then pull into ``out`` (into the pushed arrays when ``out`` is None)."""
        self.push(key, value, priority)
        self.pull(key, value if out is None else out, priority)

    def broadcast(self, key, value, out, priority=0):
        """init ``key`` with ``value``, then pull it into ``out``."""
        self.init(key, value)
        self.pull(key, out, priority)

    def row_sparse_pull(self, key, out=None, priority=0, row_ids=None):
        raise MXNetError('row_sparse_pull needs row_sparse arrays, which tutor does not have; '
                         'use pull with dense arrays')

    def set_gradient_compression(self, compression_params):
        """Gradient compression shrinks what travels between GPUs or machines; MXNet allows
        it only for 'device' and the dist types."""
        if 'device' in self._type or 'dist' in self._type:
            self._compression = dict(compression_params)
            return
        raise Exception('Gradient compression is not supported for this type of kvstore')

    # --- the optimizer on the store -----------------------------------------------------
    def set_optimizer(self, optimizer):
        """Run ``optimizer`` inside the store: every push then updates the stored weight."""
        from .optimizer import get_updater
        self._set_updater(get_updater(optimizer))

    def _set_updater(self, updater):
        """``updater(key, merged_gradient, stored_weight)`` is called on every push."""
        self._updater = updater

    def _barrier(self):
        """All workers meet here; with one worker there is no one to wait for."""

    def _send_command_to_servers(self, head, body):
        raise MXNetError('a local KVStore has no servers to send commands to')

    def save_optimizer_states(self, fname, dump_optimizer=False):
        assert self._updater is not None, 'Cannot save states for distributed training'
        atomic_write(fname, self._updater.get_states(dump_optimizer))

    def load_optimizer_states(self, fname):
        assert self._updater is not None, 'Cannot load states for distributed training'
        with open(fname, 'rb') as f:
            self._updater.set_states(f.read())


def create(name='local'):
    """A new KVStore: 'local' (or 'device') for the devices of this machine."""
    if not isinstance(name, str):
        raise TypeError('name must be a string')
    name = name.lower()
    if name in _REFUSED or 'dist' in name:
        raise MXNetError(_('kv.refused', name=name))
    if name == 'nccl':   # MXNet's CPU build says the same: NCCL reduces between GPUs
        raise MXNetError("compile with USE_NCCL=1 to use nccl: 'nccl' sums gradients between "
                         "GPUs; tutor has none, use 'local' or 'device'")
    return KVStore(name)
