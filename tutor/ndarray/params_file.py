"""MXNet's binary ``.params`` format (``nd.save`` / ``nd.load``), byte for byte.

Layout of a file written by ``nd.save`` (all integers little-endian)::

    u64 0x112  u64 0  u64 N                        list header
    N records: u32 0xF993FAC9  i32 stype(0)  i32 ndim  i64*ndim dims
               i32 dev_type(1)  i32 dev_id(0)  i32 type_flag  raw data (C order)
    u64 K  K names: u64 len, UTF-8 bytes           K is 0 when a list was saved
"""
import os
import struct

import numpy as np

from ..atomic import NDArrayFileNotFoundError, atomic_write  # noqa: F401 - re-exported
from ..base import MXNetError
from ..i18n import text as _
from .ndarray import NDArray

LIST_MAGIC = 0x112
V1_MAGIC, V2_MAGIC, V3_MAGIC = 0xF993FAC8, 0xF993FAC9, 0xF993FACA

# MXNet's type flags and the NumPy dtypes they stand for (bfloat16 has none in NumPy).
TYPE_FLAGS = {0: np.float32, 1: np.float64, 2: np.float16, 3: np.uint8, 4: np.int32,
              5: np.int8, 6: np.int64, 7: np.bool_, 8: np.int16, 9: np.uint16,
              10: np.uint32, 11: np.uint64}
DTYPE_TO_FLAG = {np.dtype(v): k for k, v in TYPE_FLAGS.items()}


class NDArrayFormatError(MXNetError, ValueError):
    """A ``.params`` file that is not a valid NDArray list. It is a ValueError (what a Python
    user expects for bad input) and an MXNetError (what real MXNet raises)."""


def _record(arr):
    a = np.asarray(arr)
    if a.dtype not in DTYPE_TO_FLAG:
        raise TypeError('tutor.nd.save cannot store dtype %s; use one of %s'
                        % (a.dtype, sorted(str(d) for d in DTYPE_TO_FLAG)))
    head = struct.pack('<IiI', V2_MAGIC, 0, a.ndim) + struct.pack('<%dq' % a.ndim, *a.shape)
    head += struct.pack('<iii', 1, 0, DTYPE_TO_FLAG[a.dtype])
    return head + np.ascontiguousarray(a, dtype=a.dtype.newbyteorder('<')).tobytes()


class _SaveArgumentError(ValueError, TypeError):
    """``nd.save`` of something that is no array, list or dict: MXNet's ValueError."""


def save_to_bytes(data):
    """The bytes ``nd.save`` would write for ``data`` (an array, a list, or a str-keyed dict)."""
    if isinstance(data, np.ndarray):
        data = [data]
    if isinstance(data, dict):
        if not all(isinstance(k, str) for k in data):
            raise TypeError('save only accept dict str->NDArray or list of NDArray')
        names, arrays = list(data.keys()), list(data.values())
    elif isinstance(data, list):   # MXNet takes a list, not a tuple
        names, arrays = [], list(data)
    else:  # MXNet raises ValueError here (TypeError for bad list/dict contents)
        raise _SaveArgumentError('data needs to either be a NDArray, dict of str, NDArray pairs '
                                 'or a list of NDarrays. (save only accept dict str->NDArray or '
                                 'list of NDArray; got %s)' % type(data).__name__)
    if not all(isinstance(a, np.ndarray) for a in arrays):
        raise TypeError('save only accept dict str->NDArray or list of NDArray')
    for i, a in enumerate(arrays):
        if np.ndim(a) == 0:  # MXNet writes it, then cannot read the file back: refuse early
            raise ValueError('nd.save cannot store %s: it is a 0-d array (a scalar), which the '
                             '.params format reads back as "no array", breaking the file. %s'
                             % (repr(names[i]) if names else 'array %d' % i,
                                _('err.save_scalar')))
    parts = [struct.pack('<QQQ', LIST_MAGIC, 0, len(arrays))]
    parts += [_record(a) for a in arrays]
    parts.append(struct.pack('<Q', len(names)))
    for n in names:
        b = n.encode('utf-8')
        parts.append(struct.pack('<Q', len(b)) + b)
    return b''.join(parts)


def save(fname, data):
    """Save an NDArray, a list of NDArrays or a dict str->NDArray in MXNet's binary format."""
    atomic_write(fname, save_to_bytes(data))


class _Reader:
    """Reads little-endian fields from bytes, refusing to read past the end. An error names
    the byte where the faulty field starts (``start``: the field read last or attempted)."""

    def __init__(self, buf, source):
        self.buf, self.pos, self.start, self.source = memoryview(buf), 0, 0, source

    def fail(self, what, at=None):
        raise NDArrayFormatError('%s is not a valid MXNet NDArray file: %s (at byte %d). %s'
                                 % (self.source, what, self.start if at is None else at,
                                    _('err.params_file')))

    def take(self, n, what):
        self.start = self.pos
        if n < 0 or self.pos + n > len(self.buf):
            self.fail('it ends before %s (%d bytes needed, %d left)'
                      % (what, n, len(self.buf) - self.pos))
        out = self.buf[self.pos:self.pos + n]
        self.pos += n
        return out

    def unpack(self, fmt, what):
        return struct.unpack('<' + fmt, self.take(struct.calcsize('<' + fmt), what))

    def remaining(self):
        return len(self.buf) - self.pos


def _read_array(r, index):
    what = 'array %d' % index
    (magic,) = r.unpack('I', what + ' header')
    if magic in (V2_MAGIC, V3_MAGIC):
        (stype,) = r.unpack('i', what + ' storage type')
        if stype != 0:
            r.fail('%s is sparse (storage type %d); tutor reads dense arrays only'
                   % (what, stype))
        (ndim,) = r.unpack('i', what + ' ndim')
        if ndim <= 0:  # V2/V3 "none" array (ndim 0 in V2, -1 unknown in V3)
            if magic == V3_MAGIC and ndim == 0:
                shape = ()
            else:
                return None
        else:
            if ndim > 32:
                r.fail('%s claims %d dimensions' % (what, ndim))
            shape = r.unpack('%dq' % ndim, what + ' shape')
    elif magic == V1_MAGIC:
        (ndim,) = r.unpack('i', what + ' ndim')
        if not 0 <= ndim <= 32:
            r.fail('%s claims %d dimensions' % (what, ndim))
        shape = r.unpack('%dq' % ndim, what + ' shape')
    else:  # legacy: no magic, the first u32 is ndim and dims are u32
        ndim = magic
        if ndim > 32:
            r.fail('%s starts with 0x%08X, which is no known NDArray magic' % (what, magic))
        shape = r.unpack('%dI' % ndim, what + ' shape')
    shape_at = r.start if ndim > 0 else None   # where the shape's bytes begin
    if any(d < 0 for d in shape):
        r.fail('%s has a negative dimension %s' % (what, tuple(shape)))
    if ndim == 0 and magic != V3_MAGIC:
        return None
    dev_type, _dev_id = r.unpack('ii', what + ' context')
    if dev_type not in (1, 2, 3, 5):
        r.fail('%s has an unknown device type %d' % (what, dev_type))
    (flag,) = r.unpack('i', what + ' dtype')
    if flag not in TYPE_FLAGS:
        r.fail('%s has type flag %d, which tutor cannot read (known: %s)'
               % (what, flag, sorted(TYPE_FLAGS)))
    dtype = np.dtype(TYPE_FLAGS[flag]).newbyteorder('<')
    count, nonzero = 1, dtype.itemsize
    for d in shape:
        count *= d
        nonzero *= max(d, 1)
    if nonzero >= 2 ** 63:  # (0, 2**62) holds no data, but NumPy cannot even describe it
        r.fail('%s claims shape %s, which no array can have' % (what, tuple(shape)), shape_at)
    nbytes = count * dtype.itemsize
    if nbytes > r.remaining():  # checked before any allocation
        r.fail('%s claims shape %s (shape stored from byte %s), so its data needs %d bytes, but '
               'only %d are left' % (what, tuple(shape), shape_at, nbytes, r.remaining()), r.pos)
    raw = r.take(nbytes, what + ' data')
    out = np.frombuffer(raw, dtype=dtype).astype(dtype.newbyteorder('='))
    return out.reshape(shape).view(NDArray)


def load_frombuffer(buf, source='<buffer>'):
    """Parse the bytes of a ``.params`` file: a list, or a dict if names were saved."""
    r = _Reader(buf, source)
    magic, _reserved = r.unpack('QQ', 'the list header')
    if magic != LIST_MAGIC:
        r.fail('Invalid NDArray file format: wrong magic number 0x%X (an NDArray list starts '
               'with 0x112)' % magic)
    (n,) = r.unpack('Q', 'the array count')
    if n > r.remaining() // 4:  # every record takes at least 4 bytes
        r.fail('it claims %d arrays but is only %d bytes long' % (n, len(r.buf)))
    arrays = [_read_array(r, i) for i in range(n)]
    (k,) = r.unpack('Q', 'the name count')
    if k not in (0, n):
        r.fail('it has %d arrays but %d names' % (n, k))
    names, name_at = [], []
    for i in range(k):
        (length,) = r.unpack('Q', 'name %d length' % i)
        raw = r.take(length, 'name %d' % i)
        name_at.append(r.start)
        try:
            names.append(bytes(raw).decode('utf-8'))
        except UnicodeDecodeError:
            r.fail('name %d is not UTF-8' % i)
    if r.remaining():
        r.fail('%d unexpected bytes follow the last name' % r.remaining(), r.pos)
    if k == 0:
        return arrays
    if len(set(names)) != len(names):
        again = next(i for i, n in enumerate(names) if n in names[:i])
        r.fail('it repeats the name %r' % names[again], name_at[again])
    return dict(zip(names, arrays))


def load(fname):
    """Load a file written by ``nd.save`` (tutor's or real MXNet's): a list or a dict."""
    try:
        with open(fname, 'rb') as f:
            buf = f.read()
    except FileNotFoundError:
        err = NDArrayFileNotFoundError('Open "%s": No such file or directory. Check the path '
                                       '(the working directory is %s)' % (fname, os.getcwd()))
        err.filename = fname
        raise err from None
    return load_frombuffer(buf, source=repr(str(fname)))
