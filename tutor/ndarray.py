"""NDArray: a NumPy array that also speaks MXNet's NDArray API, and MXNet's binary
``.params`` format (``nd.save`` / ``nd.load``), byte for byte.

Layout of a file written by ``nd.save`` (all integers little-endian)::

    u64 0x112  u64 0  u64 N                        list header
    N records: u32 0xF993FAC9  i32 stype(0)  i32 ndim  i64*ndim dims
               i32 dev_type(1)  i32 dev_id(0)  i32 type_flag  raw data (C order)
    u64 K  K names: u64 len, UTF-8 bytes           K is 0 when a list was saved
"""
import os
import struct
import tempfile

import numpy as np

from .base import MXNetError
from .context import Context, cpu
from .i18n import text as _

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


class NDArray(np.ndarray):
    """A NumPy array with MXNet's NDArray methods (``asnumpy``, ``context``, ``copyto``...).

    Being a NumPy array, it works with every NumPy function; ``asnumpy()`` gives a plain copy.
    """

    @property
    def context(self):
        return getattr(self, '_ctx', None) or cpu()   # _ctx: set by an executor group

    ctx = context

    @property
    def stype(self):
        return 'default'

    def asnumpy(self):
        return np.array(self.view(np.ndarray), copy=True)

    def asscalar(self):
        if self.size != 1:
            raise ValueError("The current array is not a scalar")
        return self.view(np.ndarray).reshape(-1)[0]

    def copyto(self, other):
        if isinstance(other, np.ndarray):
            if other.shape != self.shape:
                raise MXNetError('copyto: shape %s does not match the target shape %s'
                                 % (self.shape, other.shape))
            other[...] = self
            return other
        if isinstance(other, Context):
            return self.copy()
        raise TypeError('copyto does not support type ' + str(type(other)))

    def as_in_context(self, context):
        return self

    def as_np_ndarray(self):
        return self.view(np.ndarray)

    def wait_to_read(self):
        """MXNet runs asynchronously and needs this; NumPy has already finished."""

    def __repr__(self):
        body = np.array2string(self.view(np.ndarray), separator=' ')
        return '\n%s\n<NDArray %s @%s>' % (body, 'x'.join(str(d) for d in self.shape),
                                          self.context)

    __str__ = __repr__

    def __reduce__(self):
        raise TypeError('NDArray is not pickled by tutor; save it with tutor.nd.save')


def _wrap(a):
    return np.asarray(a).view(NDArray)


def array(source_array, ctx=None, dtype=None):
    """A new NDArray holding a copy of ``source_array``. Like MXNet, NumPy arrays and lists
    become float32 unless ``dtype`` is given; an NDArray keeps its dtype."""
    if dtype is None:
        dtype = source_array.dtype if isinstance(source_array, NDArray) else np.float32
    return np.array(source_array, dtype=dtype).view(NDArray)


def empty(shape, ctx=None, dtype=np.float32):
    return np.empty(shape, dtype=dtype).view(NDArray)


def zeros(shape, ctx=None, dtype=np.float32, **kwargs):
    return np.zeros(shape, dtype=dtype).view(NDArray)


def ones(shape, ctx=None, dtype=np.float32, **kwargs):
    return np.ones(shape, dtype=dtype).view(NDArray)


def full(shape, val, ctx=None, dtype=np.float32):
    return np.full(shape, val, dtype=dtype).view(NDArray)


def arange(start, stop=None, step=1.0, repeat=1, ctx=None, dtype=np.float32):
    a = np.arange(start, stop, step, dtype=dtype)
    return np.repeat(a, repeat).view(NDArray)


def concat(*data, dim=1):
    return _wrap(np.concatenate([np.asarray(d) for d in data], axis=dim))


def concatenate(arrays, axis=0, always_copy=True):
    return _wrap(np.concatenate([np.asarray(d) for d in arrays], axis=axis))


def argmax(data, axis=None, keepdims=False):
    return _wrap(np.argmax(np.asarray(data), axis=axis).astype(np.float32))


def _reduce(fn, data, axis, keepdims):
    out = fn(np.asarray(data), axis=axis, keepdims=keepdims)
    return _wrap(np.reshape(out, (1,)) if np.ndim(out) == 0 else out)


def sum(data, axis=None, keepdims=False):  # noqa: A001 - MXNet's name
    return _reduce(np.sum, data, axis, keepdims)


def mean(data, axis=None, keepdims=False):
    return _reduce(np.mean, data, axis, keepdims)


def norm(data, ord=2, axis=None, keepdims=False):  # noqa: A002 - MXNet's name
    return _reduce(lambda a, axis, keepdims: np.sqrt(np.sum(np.square(a, dtype=np.float64),
                                                            axis=axis, keepdims=keepdims)
                                                     ).astype(a.dtype),
                   data, axis, keepdims)


def dot(lhs, rhs, transpose_a=False, transpose_b=False):
    a, b = np.asarray(lhs), np.asarray(rhs)
    return _wrap(np.dot(a.T if transpose_a else a, b.T if transpose_b else b))


def waitall():
    """MXNet waits for its asynchronous engine here; NumPy is always done."""


# ---------------------------------------------------------------------------------------
# .params files

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


def _umask():
    try:  # Linux tells it without changing it (os.umask would, for a moment, in all threads)
        with open('/proc/self/status') as f:
            for line in f:
                if line.startswith('Umask:'):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(fname, payload):
    """Write ``payload`` to ``fname`` through a temporary file in the same folder and a rename,
    so a failed or interrupted write leaves any earlier file untouched."""
    folder = os.path.dirname(os.path.abspath(fname))
    if not os.path.isdir(folder):  # say so about fname, not about the temporary file
        err = NDArrayFileNotFoundError('Open "%s": No such file or directory. %s'
                                       % (fname, _('err.no_folder', folder=folder)))
        err.filename = fname
        raise err
    fd, tmp = tempfile.mkstemp(prefix='.' + os.path.basename(fname) + '.', suffix='.tmp',
                               dir=folder)
    try:
        with os.fdopen(fd, 'wb') as f:
            if hasattr(os, 'fchmod'):  # mkstemp made it private; give what new files get
                os.fchmod(f.fileno(), 0o666 & ~_umask())
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, fname)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def save(fname, data):
    """Save an NDArray, a list of NDArrays or a dict str->NDArray in MXNet's binary format."""
    atomic_write(fname, save_to_bytes(data))


class _Reader:
    """Reads little-endian fields from bytes, refusing to read past the end."""

    def __init__(self, buf, source):
        self.buf, self.pos, self.source = memoryview(buf), 0, source

    def fail(self, what):
        raise NDArrayFormatError('%s is not a valid MXNet NDArray file: %s (at byte %d). %s'
                                 % (self.source, what, self.pos, _('err.params_file')))

    def take(self, n, what):
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
        r.fail('%s claims shape %s, which no array can have' % (what, tuple(shape)))
    nbytes = count * dtype.itemsize
    if nbytes > r.remaining():  # checked before any allocation
        r.fail('%s claims shape %s (%d bytes) but only %d bytes are left'
               % (what, tuple(shape), nbytes, r.remaining()))
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
    names = []
    for i in range(k):
        (length,) = r.unpack('Q', 'name %d length' % i)
        raw = r.take(length, 'name %d' % i)
        try:
            names.append(bytes(raw).decode('utf-8'))
        except UnicodeDecodeError:
            r.fail('name %d is not UTF-8' % i)
    if r.remaining():
        r.fail('%d unexpected bytes follow the last name' % r.remaining())
    if k == 0:
        return arrays
    if len(set(names)) != len(names):
        r.fail('it repeats the name %r' % next(n for n in names if names.count(n) > 1))
    return dict(zip(names, arrays))


class NDArrayFileNotFoundError(MXNetError, FileNotFoundError):
    """No file to load: MXNet raises MXNetError; it is a FileNotFoundError too."""
    __str__ = BaseException.__str__   # the message, not OSError's "[Errno None] None"


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
