"""Mutated ``letter-recognition.data`` files: ``tutor.data.load_uci_letters`` returns rows
that say exactly what the file says, or raises a ValueError naming the file (and the line),
within 1 s and a few MB, also for binary junk, non-UTF-8 text and a 20 MB line."""
import os
import sys

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from tutor.data import load_uci_letters

sys.path.insert(0, os.path.dirname(__file__))
from _robust import FUZZ, cases, check_load, write  # noqa: E402

KIND = 'UCI letters (text)'
GOOD = (b'T,2,8,3,5,1,8,13,0,6,6,10,8,0,8,0,8\n'
        b'I,5,12,3,7,2,10,5,5,4,13,3,9,2,8,4,10\n'
        b'A,4,9,6,6,2,9,5,3,1,8,1,8,2,7,2,8\n')


def _reference(data):
    """What the file says, read the simplest way (None if any line is not a valid row)."""
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError:
        return None
    if text.startswith('\ufeff'):
        text = text[1:]
    rows, labels = [], []
    for line in text.splitlines():
        if not line.strip():
            continue
        fields = [f.strip() for f in line.strip().split(',')]
        if len(fields) != 17 or len(fields[0]) != 1 or not 'A' <= fields[0] <= 'Z':
            return None
        try:
            values = [int(f) for f in fields[1:] if f.lstrip('+-').isdigit() and f.isascii()]
        except ValueError:
            return None
        if len(values) != 16 or not all(0 <= v <= 15 for v in values):
            return None
        rows.append(values)
        labels.append(ord(fields[0]) - 65)
    return (rows, labels) if rows else None


def faithful(data):
    def check(value):
        x, y = value
        ref = _reference(data)
        assert ref is not None, 'loaded a file the reference refuses: %r' % data[:80]
        assert x.dtype == np.float64 and y.dtype == np.int64 and x.shape == (len(y), 16)
        assert x.tolist() == ref[0] and y.tolist() == ref[1]
    return check


def load_case(tmp, data, tag='letter-recognition'):
    path = write(os.path.join(tmp, tag + '.data'), data)
    return check_load(KIND, path, load_uci_letters, ValueError, faithful(data))[0]


@pytest.fixture(scope='module')
def tmp(fuzz_dir):
    return fuzz_dir


def test_good_file_with_bom_crlf_and_blank_lines(tmp):
    assert load_case(tmp, GOOD) == 'loaded'
    assert load_case(tmp, b'\xef\xbb\xbf' + GOOD.replace(b'\n', b'\r\n') + b'\n\n') == 'loaded'


def test_every_truncation_and_every_single_bit_flip(tmp):
    for cut in range(len(GOOD)):
        load_case(tmp, GOOD[:cut])
    for bit in range(8 * len(GOOD)):
        flipped = bytearray(GOOD)
        flipped[bit // 8] ^= 1 << (bit % 8)
        load_case(tmp, bytes(flipped))


def test_binary_and_text_that_is_not_utf8_is_refused_with_the_line(tmp):
    for bad in (b'\xff', b'\xc0\xaf', b'\xed\xa0\x80', b'\x00', b'\xe4\xb8'):
        data = GOOD + b'Q,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,' + bad + b'\n'
        path = write(os.path.join(tmp, 'letters.data'), data)
        with pytest.raises(ValueError) as err:
            load_uci_letters(path)
        assert str(err.value).startswith('%s, line 4' % path), str(err.value)
        assert load_case(tmp, data) == 'refused'
    for junk in (open(__file__, 'rb').read()[:300], bytes(range(256)), b'\x89PNG\r\n\x1a\n'):
        assert load_case(tmp, junk) == 'refused'


def test_a_huge_line_or_a_huge_file_without_newlines_is_refused_in_bounded_memory(tmp):
    assert load_case(tmp, GOOD + b'A,' + b'1,' * (10 * 2 ** 20)) == 'refused'
    assert load_case(tmp, b' ' * (20 * 2 ** 20)) == 'refused'


@settings(FUZZ, max_examples=300)
@given(ops=st.lists(st.tuples(st.integers(0, 500), st.binary(max_size=4), st.integers(0, 4)),
                    min_size=1, max_size=4))
def _random_edits(tmp, ops):
    out = bytearray(GOOD)
    for pos, val, cut in ops:
        pos %= max(len(out), 1)
        out[pos:pos + cut] = val
    load_case(tmp, bytes(out))


@settings(FUZZ, max_examples=200)
@given(text=st.text(alphabet=st.sampled_from(list('ABZaz0123456789,+- \t\r\n\u00a0\u0663')),
                    max_size=120))
def _random_text(tmp, text):
    load_case(tmp, text.encode('utf-8'))


def test_random_mutations_hypothesis(tmp):
    before = cases(KIND)
    _random_edits(tmp)
    _random_text(tmp)
    assert cases(KIND) - before >= 400
