"""Data iterators (MXNet's ``mx.io``): DataDesc, DataBatch, DataIter, NDArrayIter, ResizeIter.

A DataIter hands ``fit`` one DataBatch per step. NDArrayIter serves in-memory arrays: each
batch is a slice of the stored arrays (a view, no copy), except the padded or rolled-over
batch at the end of an epoch, which has to be glued together from two pieces.
"""
import warnings
from collections import namedtuple

import numpy as np

from .base import MXNetError
from .i18n import text as _
from .ndarray import NDArray, array

_LAST_BATCH_HANDLES = ('pad', 'discard', 'roll_over')


class DataDesc(namedtuple('DataDesc', ['name', 'shape'])):
    """Name, shape, dtype and layout of one input. Compares and unpacks as ``(name, shape)``;
    ``layout`` tells which axis is the batch (``N``)."""

    def __new__(cls, name, shape, dtype=np.float32, layout='NCHW'):
        ret = super(DataDesc, cls).__new__(cls, name, shape)
        ret.dtype = dtype
        ret.layout = layout
        return ret

    def __repr__(self):
        return 'DataDesc[%s,%s,%s,%s]' % (self.name, self.shape, self.dtype, self.layout)

    @staticmethod
    def get_batch_axis(layout):
        """The axis that holds the batch: where ``N`` is in ``layout`` (0 when layout is None)."""
        if layout is None:
            return 0
        return layout.find('N')

    @staticmethod
    def get_list(shapes, types):
        """DataDescs from ``[(name, shape)]`` and optional ``[(name, dtype)]``."""
        if types is not None:
            type_dict = dict(types)
            return [DataDesc(x[0], x[1], type_dict[x[0]]) for x in shapes]
        return [DataDesc(x[0], x[1]) for x in shapes]


class DataBatch(object):
    """One batch: ``data`` and ``label`` are lists of arrays; ``pad`` counts filler rows at
    the end that ``predict`` drops."""

    def __init__(self, data, label=None, pad=None, index=None,
                 bucket_key=None, provide_data=None, provide_label=None):
        if data is not None:
            assert isinstance(data, (list, tuple)), 'Data must be list of NDArrays'
        if label is not None:
            assert isinstance(label, (list, tuple)), 'Label must be list of NDArrays'
        self.data = data
        self.label = label
        self.pad = pad
        self.index = index
        self.bucket_key = bucket_key
        self.provide_data = provide_data
        self.provide_label = provide_label

    def __str__(self):
        data_shapes = [d.shape for d in self.data]
        label_shapes = [l.shape for l in self.label] if self.label else None
        return '{}: data shapes: {} label shapes: {}'.format(
            self.__class__.__name__, data_shapes, label_shapes)


class DataIter(object):
    """Base class of data iterators: a Python iterator of DataBatch with ``reset()``.

    Subclasses implement ``iter_next`` (advance; False at the end) and ``getdata``,
    ``getlabel``, ``getpad`` (and optionally ``getindex``) for the current batch.
    """

    def __init__(self, batch_size=0):
        self.batch_size = batch_size

    def __iter__(self):
        return self

    def reset(self):
        """Go back to the start of the data."""

    def next(self):
        """The next DataBatch; StopIteration at the end of the data (call ``reset()``)."""
        if self.iter_next():
            return DataBatch(data=self.getdata(), label=self.getlabel(),
                             pad=self.getpad(), index=self.getindex())
        raise StopIteration

    def __next__(self):
        return self.next()

    def iter_next(self):
        """Move to the next batch; return whether there is one."""

    def getdata(self):
        """The data arrays of the current batch."""

    def getlabel(self):
        """The label arrays of the current batch."""

    def getindex(self):
        """The sample indices of the current batch (None when unknown)."""
        return None

    def getpad(self):
        """How many rows at the end of the current batch are filler."""


class ResizeIter(DataIter):
    """Makes ``data_iter`` yield exactly ``size`` batches per epoch, restarting it when it
    runs out early and stopping it early when it has more."""

    def __init__(self, data_iter, size, reset_internal=True):
        super(ResizeIter, self).__init__()
        self.data_iter = data_iter
        self.size = size
        self.reset_internal = reset_internal
        self.cur = 0
        self.current_batch = None
        self.provide_data = data_iter.provide_data
        self.provide_label = data_iter.provide_label
        self.batch_size = data_iter.batch_size
        if hasattr(data_iter, 'default_bucket_key'):
            self.default_bucket_key = data_iter.default_bucket_key

    def reset(self):
        self.cur = 0
        if self.reset_internal:
            self.data_iter.reset()

    def iter_next(self):
        if self.cur == self.size:
            return False
        try:
            self.current_batch = self.data_iter.next()
        except StopIteration:
            self.data_iter.reset()
            self.current_batch = self.data_iter.next()
        self.cur += 1
        return True

    def getdata(self):
        return self.current_batch.data

    def getlabel(self):
        return self.current_batch.label

    def getindex(self):
        return self.current_batch.index

    def getpad(self):
        return self.current_batch.pad


def _init_data(data, allow_empty, default_name):
    """``data`` (array, list or dict) as a list of ``(name, NDArray)`` sorted by name.

    NumPy arrays and lists become float32 NDArrays (as ``mx.nd.array`` does); NDArrays are
    kept as they are. A list of several arrays is named ``_0_<name>``, ``_1_<name>``...
    """
    assert (data is not None) or allow_empty
    if data is None:
        data = []
    if isinstance(data, np.ndarray):
        data = [data]
    if isinstance(data, list):
        if not allow_empty:
            assert len(data) > 0
        if len(data) == 1:
            data = {default_name: data[0]}
        else:
            data = {'_%d_%s' % (i, default_name): d for i, d in enumerate(data)}
    if not isinstance(data, dict):
        raise TypeError('Input must be NDArray, numpy.ndarray, h5py.Dataset a list of them '
                        'or dict with them as values')
    out = []
    for k, v in data.items():
        if not isinstance(v, NDArray):
            try:
                v = array(v)
            except Exception:
                raise TypeError(("Invalid type '%s' for %s, " % (type(v), k))
                                + 'should be NDArray, numpy.ndarray or h5py.Dataset')
        out.append((k, v))
    return sorted(out, key=lambda kv: kv[0])


def _concat(first, second, axis):
    """Join two lists of arrays pairwise along ``axis`` (either list may be empty)."""
    if not first or not second:
        return first if first else second
    assert len(first) == len(second), 'data source should contain the same size'
    return [np.concatenate((a, b), axis=axis).view(NDArray) for a, b in zip(first, second)]


class DataLengthError(MXNetError, ValueError):
    """Data and labels with different numbers of samples (MXNet fails later, mid-epoch)."""


def _check_lengths(sources, axis):
    """Every array must hold the same number of samples along the batch axis."""
    lengths = [(name, arr.shape[axis] if arr.ndim > axis else None) for name, arr in sources]
    if len({n for _, n in lengths}) > 1:
        listed = ', '.join('%s: %s' % (name, n) for name, n in lengths)
        raise DataLengthError(_('err.data_lengths', listed=listed, axis=axis))


class NDArrayIter(DataIter):
    """Iterates over in-memory arrays (NumPy or NDArray; a single array, a list or a dict).

    ``last_batch_handle`` decides what happens to the short tail of an epoch: ``'pad'``
    fills it from the start of the data, ``'discard'`` drops it, ``'roll_over'`` keeps it
    for the first batch of the next epoch. ``shuffle=True`` reorders the stored data with
    ``np.random.shuffle`` (NumPy's global generator, as in MXNet) at construction and at
    every ``reset()``.
    """

    def __init__(self, data, label=None, batch_size=1, shuffle=False,
                 last_batch_handle='pad', data_name='data',
                 label_name='softmax_label', layout='NCHW'):
        super(NDArrayIter, self).__init__(batch_size)
        self.data = _init_data(data, allow_empty=False, default_name=data_name)
        self.label = _init_data(label, allow_empty=True, default_name=label_name)
        if last_batch_handle not in _LAST_BATCH_HANDLES:
            # MXNet accepts any string and then behaves like 'discard'; so do we, but say so.
            warnings.warn("last_batch_handle=%r is not one of %s; the short last batch will "
                          "be discarded" % (last_batch_handle, _LAST_BATCH_HANDLES),
                          UserWarning, stacklevel=2)
        _check_lengths(self.data + self.label, max(layout.find('N'), 0))
        self.idx = np.arange(self.data[0][1].shape[0])
        self.shuffle = shuffle
        self.last_batch_handle = last_batch_handle
        self.batch_size = batch_size
        self.cursor = -self.batch_size
        self.num_data = self.idx.shape[0]
        self.layout = layout
        self._axis = layout.find('N')
        self._cache_data = None
        self._cache_label = None
        self.reset()  # shuffles, if asked
        self.data_list = [x[1] for x in self.data] + [x[1] for x in self.label]
        self.num_source = len(self.data_list)

    def _descs(self, sources):
        axis = self._axis
        return [DataDesc(k, tuple(v.shape[:axis]) + (self.batch_size,) + tuple(v.shape[axis + 1:]),
                         np.dtype(v.dtype).type, layout=self.layout)
                for k, v in sources]

    @property
    def provide_data(self):
        """``[DataDesc]`` of the data: name, batch shape, dtype, layout."""
        return self._descs(self.data)

    @property
    def provide_label(self):
        """``[DataDesc]`` of the labels (``[]`` without labels)."""
        return self._descs(self.label)

    def hard_reset(self):
        """Start over, forgetting any rolled-over tail."""
        if self.shuffle:
            self._shuffle_data()
        self.cursor = -self.batch_size
        self._cache_data = None
        self._cache_label = None

    def reset(self):
        """Start a new epoch (with 'roll_over', the cached tail opens it)."""
        if self.shuffle:
            self._shuffle_data()
        if self.last_batch_handle == 'roll_over' and \
                self.num_data - self.batch_size < self.cursor < self.num_data:
            # cursor - num_data rows are cached; the first batch takes the rest from the start
            self.cursor = self.cursor - self.num_data - self.batch_size
        else:
            self.cursor = -self.batch_size

    def iter_next(self):
        self.cursor += self.batch_size
        return self.cursor < self.num_data

    def next(self):
        if not self.iter_next():
            raise StopIteration
        data = self.getdata()
        label = self.getlabel()
        if data[0].shape[self._axis] != self.batch_size:
            # a short tail: kept for 'roll_over', never returned
            self._cache_data = data
            self._cache_label = label
            raise StopIteration
        return DataBatch(data=data, label=label, pad=self.getpad(), index=None)

    def _slice(self, sources, start, end):
        if self._axis == 0:
            return [v[start:end] for _, v in sources]
        index = (slice(None),) * self._axis + (slice(start, end),)
        return [v[index] for _, v in sources]

    def _batchify(self, sources):
        """The current batch of ``sources``: a view for a full batch, else a new array."""
        assert self.cursor < self.num_data, 'DataIter needs reset.'
        cursor, bs, n = self.cursor, self.batch_size, self.num_data
        if cursor >= 0 and cursor + bs <= n:  # the common case: one slice, no copy
            return self._slice(sources, cursor, cursor + bs)
        handle = self.last_batch_handle
        if handle == 'roll_over' and -bs < cursor < 0:
            assert self._cache_data is not None or self._cache_label is not None, \
                'next epoch should have cached data'
            # getdata takes the data cache, then getlabel the label cache
            if self._cache_data is not None:
                cache, self._cache_data = self._cache_data, None
            else:
                cache, self._cache_label = self._cache_label, None
            if cursor + bs > n:
                raise MXNetError(
                    "NDArrayIter(last_batch_handle='roll_over'): the first batch needs %d rows "
                    "after the %d carried over, but there are only %d samples. Use a batch_size "
                    "of at most the number of samples." % (cursor + bs, -cursor, n))
            return _concat(cache, self._slice(sources, 0, cursor + bs), self._axis)
        if handle == 'pad' and cursor + bs > n:
            # wrap around to the start (several times if batch_size > num_data)
            rows = np.concatenate((np.arange(cursor, n), np.arange(cursor + bs - n) % n))
            return [np.take(v, rows, axis=self._axis).view(NDArray) for _, v in sources]
        return self._slice(sources, cursor, n)

    def getdata(self):
        return self._batchify(self.data)

    def getlabel(self):
        return self._batchify(self.label)

    def getpad(self):
        if self.last_batch_handle == 'pad' and self.cursor + self.batch_size > self.num_data:
            return self.cursor + self.batch_size - self.num_data
        if self.last_batch_handle == 'roll_over' and -self.batch_size < self.cursor < 0:
            return -self.cursor  # counts the carried-over rows, which sit at the front
        return 0

    def _shuffle_data(self):
        # Like MXNet: shuffle the index in place, then physically reorder the *current*
        # arrays by it (so permutations compound), converting through mx.nd.array (float32).
        np.random.shuffle(self.idx)
        self.data = [(k, _reordered(v, self.idx)) for k, v in self.data]
        self.label = [(k, _reordered(v, self.idx)) for k, v in self.label]


def _reordered(arr, idx):
    """``arr`` with its rows in ``idx`` order, as float32 (MXNet goes through asnumpy and
    mx.nd.array, which turns every dtype into float32). One copy, not two."""
    out = np.take(np.asarray(arr), idx, axis=0)
    if out.dtype != np.float32:
        out = out.astype(np.float32)
    return out.view(NDArray)
