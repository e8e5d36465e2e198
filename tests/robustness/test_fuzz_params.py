"""Mutated ``.params`` files: every load returns exactly what the bytes say, or raises
NDArrayFormatError (a ValueError and MXNet's MXNetError) naming the file; each load within
1 s and a few MB even when a header claims terabytes.

"Exactly what the bytes say": writing the loaded value back gives the mutated file again,
except for the fields MXNet itself ignores (the reserved word, the device of each array,
V2-vs-V3 record magic). So a load never silently drops, shifts or invents data.
"""
import os
import struct
import sys

import numpy as np
import pytest
from hypothesis import given, strategies as st

import tutor as mx
from tutor.base import MXNetError
from tutor.ndarray import (DTYPE_TO_FLAG, NDArrayFormatError, TYPE_FLAGS, V2_MAGIC, V3_MAGIC,
                           save_to_bytes)

sys.path.insert(0, os.path.dirname(__file__))
from _robust import FUZZ, cases, check_load, fixture_bytes, write  # noqa: E402

KIND = '.params (nd.load)'


def _tutor_checkpoint():
    """A checkpoint as Module.save_checkpoint writes it: arg:/aux: keys, a Chinese name,
    float32, float64 and an int array, an empty array."""
    rng = np.random.RandomState(0)
    return save_to_bytes({
        'arg:fc1_weight': mx.nd.array(rng.randn(3, 4)),
        'arg:fc1_bias': mx.nd.zeros((3,)),
        'arg:层1_weight': mx.nd.array(rng.randn(2, 3), dtype=np.float64),
        'aux:bn_moving_var': mx.nd.ones((3,)),
        'aux:count': mx.nd.array([7], dtype=np.int64),
        'arg:empty': mx.nd.zeros((0, 2)),
    })


SEEDS = {
    'mxnet-tiny': fixture_bytes('mxnet-tiny.params'),      # written by real MXNet, a dict
    'mxnet-dtypes': fixture_bytes('mxnet-dtypes.params'),  # real MXNet, a list of 5 dtypes
    'tutor-checkpoint': _tutor_checkpoint(),
    'empty': save_to_bytes({}),
}


# --- the layout of a V2 file, field by field --------------------------------------------

def fields(buf):
    """[(offset, struct format, what)] for every header field of a V2 ``.params`` file."""
    out = [(0, 'Q', 'list magic'), (8, 'Q', 'reserved'), (16, 'Q', 'array count')]
    (n,) = struct.unpack_from('<Q', buf, 16)
    pos = 24
    for i in range(n):
        out += [(pos, 'I', 'magic'), (pos + 4, 'i', 'stype'), (pos + 8, 'i', 'ndim')]
        (ndim,) = struct.unpack_from('<i', buf, pos + 8)
        pos += 12
        for d in range(ndim):
            out.append((pos, 'q', 'dim %d' % d))
            pos += 8
        out += [(pos, 'i', 'dev_type'), (pos + 4, 'i', 'dev_id'), (pos + 8, 'i', 'type_flag')]
        (flag,) = struct.unpack_from('<i', buf, pos + 8)
        dims = struct.unpack_from('<%dq' % ndim, buf, pos - 8 * ndim)
        pos += 12 + int(np.prod(dims)) * np.dtype(TYPE_FLAGS[flag]).itemsize
    out.append((pos, 'Q', 'name count'))
    (k,) = struct.unpack_from('<Q', buf, pos)
    pos += 8
    for i in range(k):
        out.append((pos, 'Q', 'name length'))
        (length,) = struct.unpack_from('<Q', buf, pos)
        pos += 8 + length
    assert pos == len(buf)
    return out


def name_spans(buf):
    """(offset, length) of every name's bytes."""
    spans = []
    for off, fmt, what in fields(buf):
        if what == 'name length':
            (length,) = struct.unpack_from('<Q', buf, off)
            spans.append((off + 8, length))
    return spans


# --- what a successful load must satisfy --------------------------------------------------

def resave(value):
    """The bytes of ``value`` in V2 layout, plus the byte positions MXNet ignores on load."""
    names, arrays = (list(value), list(value.values())) if isinstance(value, dict) \
        else ([], list(value))
    out = bytearray(struct.pack('<QQQ', 0x112, 0, len(arrays)))
    ignored = set(range(8, 16))
    for a in arrays:
        rec = len(out)
        if a is None:   # a "none" array: the loader accepts any ndim <= 0 here
            out += struct.pack('<Iii', V2_MAGIC, 0, 0)
            ignored |= {rec} | set(range(rec + 8, rec + 12))
            continue
        assert isinstance(a, mx.nd.NDArray) and a.dtype in DTYPE_TO_FLAG
        magic = V3_MAGIC if a.ndim == 0 else V2_MAGIC
        out += struct.pack('<IiI', magic, 0, a.ndim) + struct.pack('<%dq' % a.ndim, *a.shape)
        ignored |= {rec} | set(range(len(out), len(out) + 8))
        out += struct.pack('<iii', 1, 0, DTYPE_TO_FLAG[a.dtype])
        out += np.ascontiguousarray(a, dtype=a.dtype.newbyteorder('<')).tobytes()
    out += struct.pack('<Q', len(names))
    for n in names:
        assert isinstance(n, str)
        b = n.encode('utf-8')
        out += struct.pack('<Q', len(b)) + b
    return bytes(out), ignored


def faithful(data):
    def check(value):
        assert isinstance(value, (list, dict))
        again, ignored = resave(value)
        assert len(again) == len(data), 'the load kept %d of %d bytes' % (len(again), len(data))
        differ = np.frombuffer(data, np.uint8) != np.frombuffer(again, np.uint8)
        diff = [i for i in np.flatnonzero(differ) if i not in ignored]
        assert not diff, 'bytes %s were not read as written' % diff[:8]
    return check


def load_case(tmp, data, tag='case'):
    path = write(os.path.join(tmp, tag + '.params'), data)
    return check_load(KIND, path, mx.nd.load, NDArrayFormatError, faithful(data))[0]


@pytest.fixture(scope='module')
def tmp(fuzz_dir):
    return fuzz_dir


# --- exhaustive sweeps --------------------------------------------------------------------

@pytest.mark.parametrize('seed', sorted(SEEDS))
def test_seeds_load_to_their_content(tmp, seed):
    assert load_case(tmp, SEEDS[seed], seed) == 'loaded'


@pytest.mark.parametrize('seed', sorted(SEEDS))
def test_every_truncation_and_any_extra_byte_is_refused(tmp, seed):
    data = SEEDS[seed]
    for cut in range(len(data)):
        assert load_case(tmp, data[:cut]) == 'refused', cut
    for tail in (b'\x00', b'\x00' * 8, b'garbage', data):
        assert load_case(tmp, data + tail) == 'refused'


@pytest.mark.parametrize('seed', sorted(SEEDS))
def test_every_single_bit_flip(tmp, seed):
    data = SEEDS[seed]
    for bit in range(8 * len(data)):
        flipped = bytearray(data)
        flipped[bit // 8] ^= 1 << (bit % 8)
        load_case(tmp, bytes(flipped))


SPECIAL = [0, 1, 2, 3, 7, 32, 33, 255, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32,
           10 ** 12, 2 ** 40, 2 ** 62, 2 ** 63 - 1, 2 ** 63, 2 ** 64 - 1]


def _set(data, off, fmt, value):
    out = bytearray(data)
    size = struct.calcsize('<' + fmt)
    out[off:off + size] = (value % 2 ** (8 * size)).to_bytes(size, 'little')
    return bytes(out)


@pytest.mark.parametrize('seed', sorted(SEEDS))
def test_every_header_field_set_to_extreme_values(tmp, seed):
    """Counts, dims, ndim, name lengths claiming up to 2**64: refused before allocating
    (the memory bound would catch an allocation), never an overflow or a hang."""
    data = SEEDS[seed]
    for off, fmt, what in fields(data):
        for value in SPECIAL + [-v for v in SPECIAL[1:12]]:
            load_case(tmp, _set(data, off, fmt, value))


def test_wrong_magic_dtype_stype_and_device_are_refused_by_name(tmp):
    data = SEEDS['mxnet-tiny']
    checks = [(0, 'Q', 0x113, 'magic'), (0, 'Q', 0x80, 'magic'),
              (0x18, 'I', 0xF993FACB, 'no known NDArray magic'),
              (0x1c, 'i', 1, 'sparse'), (0x1c, 'i', 2, 'sparse'),
              (0x34, 'i', 9, 'device type'), (0x3c, 'i', 12, 'type flag 12'),
              (0x3c, 'i', 13, 'type flag 13'), (0x3c, 'i', -1, 'type flag -1')]
    for off, fmt, value, words in checks:
        path = write(os.path.join(tmp, 'wrong.params'), _set(data, off, fmt, value))
        with pytest.raises(NDArrayFormatError, match=words) as err:
            mx.nd.load(path)
        assert 'wrong.params' in str(err.value)
        assert isinstance(err.value, ValueError) and isinstance(err.value, MXNetError)
    for flag in range(-3, 20):
        if flag not in TYPE_FLAGS:
            assert load_case(tmp, _set(data, 0x3c, 'i', flag)) == 'refused'


BAD_UTF8 = [b'\xff', b'\xfe\xff', b'\x80', b'\xc0\xaf', b'\xed\xa0\x80', b'\xf8\x88\x80\x80\x80',
            b'\xe4\xb8', b'a\xc3']


@pytest.mark.parametrize('seed', ['mxnet-tiny', 'tutor-checkpoint'])
def test_names_that_are_not_utf8_or_repeat_are_refused(tmp, seed):
    data = SEEDS[seed]
    for off, length in name_spans(data):
        for bad in BAD_UTF8:
            if len(bad) > length:
                continue
            mutated = bytearray(data)
            mutated[off + length - len(bad):off + length] = bad
            path = write(os.path.join(tmp, 'names.params'), bytes(mutated))
            with pytest.raises(NDArrayFormatError, match='not UTF-8'):
                mx.nd.load(path)
    # the same name twice: a dict cannot hold both, so the file is refused (no silent loss)
    start = [off for off, _, what in fields(data) if what == 'name count'][0]
    (k,) = struct.unpack_from('<Q', data, start)
    first = data[name_spans(data)[0][0]:][:name_spans(data)[0][1]]
    names = struct.pack('<Q', k) + (struct.pack('<Q', len(first)) + first) * k
    path = write(os.path.join(tmp, 'dup.params'), data[:start] + names)
    with pytest.raises(NDArrayFormatError, match='repeats the name') as err:
        mx.nd.load(path)
    assert first.decode('utf-8') in str(err.value)


def test_pickle_and_other_formats_are_refused_without_unpickling(tmp, monkeypatch):
    import pickle
    import zipfile

    def never(*a, **k):
        raise AssertionError('something tried to unpickle a file')
    monkeypatch.setattr(pickle, 'loads', never)
    monkeypatch.setattr(pickle, 'load', never)
    monkeypatch.setattr(pickle, 'Unpickler', never)
    payloads = [pickle.dumps({'arg:w': np.ones(3)}, protocol=p) for p in range(0, 6)]
    zpath = os.path.join(tmp, 'z.npz')
    np.savez(zpath, w=np.ones(3))
    payloads += [open(zpath, 'rb').read(), b'', b'\x00' * 7, b'{"nodes": []}',
                 b'\x89PNG\r\n\x1a\n' + b'\x00' * 40]
    for data in payloads:
        assert load_case(tmp, data, 'foreign') == 'refused'


# --- random mutations (hypothesis) --------------------------------------------------------

def _mutate(data, ops):
    out = bytearray(data)
    for kind, pos, val in ops:
        if not out:
            out = bytearray(val)
            continue
        pos %= len(out)
        if kind == 'flip':
            out[pos] ^= 1 << (val[0] % 8) if val else 0xFF
        elif kind == 'set':
            out[pos:pos + len(val)] = val
        elif kind == 'insert':
            out[pos:pos] = val
        elif kind == 'delete':
            del out[pos:pos + 1 + (val[0] if val else 0) % 16]
        else:  # 'field': overwrite 8 bytes with a big little-endian number
            big = int.from_bytes(val.ljust(8, b'\xff')[:8], 'little')
            out[pos:pos + 8] = big.to_bytes(8, 'little')
    return bytes(out)


mutations = st.lists(st.tuples(st.sampled_from(['flip', 'set', 'insert', 'delete', 'field']),
                               st.integers(0, 2 ** 16), st.binary(min_size=0, max_size=9)),
                     min_size=1, max_size=6)


@FUZZ
@given(seed=st.sampled_from(sorted(SEEDS)), ops=mutations)
def _random_mutations(tmp, seed, ops):
    load_case(tmp, _mutate(SEEDS[seed], ops))


@FUZZ
@given(head=st.sampled_from([b'', struct.pack('<QQ', 0x112, 0)]),
       body=st.binary(min_size=0, max_size=300))
def _random_bytes(tmp, head, body):
    load_case(tmp, head + body)


def test_random_mutations_hypothesis(tmp):
    before = cases(KIND)
    _random_mutations(tmp)
    _random_bytes(tmp)
    assert cases(KIND) - before >= 500


def test_case_count():
    """The sweeps above fuzzed thousands of files (checked when the whole file runs)."""
    if cases(KIND) == 0:
        pytest.skip('run the whole file to count its cases')
    assert cases(KIND) >= 10000
