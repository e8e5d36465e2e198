"""Every loader error points at the bytes (or line) that are wrong (issue 19: a bad magic
number was reported "at byte 16"; it is at byte 0)."""
import re
import struct

import numpy as np
import pytest

import tutor as mx
from tutor.ndarray import NDArrayFormatError, load_frombuffer, save_to_bytes
from tutor.optimizer.states_io import StatesFormatError

# One float32 array of shape (2, 3) named 'w': the byte layout of nd.save.
GOOD = save_to_bytes({'w': mx.nd.array(np.arange(6, dtype=np.float32).reshape(2, 3))})
RECORD = 24                     # list header: magic u64, reserved u64, count u64
NDIM = RECORD + 8               # record: magic u32, stype i32, ndim i32, dims i64 ...
DIMS = RECORD + 12
DEVICE = DIMS + 16
FLAG = DEVICE + 8
DATA = FLAG + 4
NAMES = DATA + 24               # name count u64, then length u64 + bytes per name


def _at(err):
    return int(re.search(r'at byte (\d+)', str(err)).group(1))


def _patch(buf, offset, fmt, value):
    buf = bytearray(buf)
    struct.pack_into('<' + fmt, buf, offset, value)
    return bytes(buf)


CASES = {
    'wrong list magic': (_patch(GOOD, 0, 'Q', 0x113), 0),
    'an array count larger than the file': (_patch(GOOD, 16, 'Q', 10 ** 6), 16),
    'unknown record magic': (_patch(GOOD, RECORD, 'I', 0xDEADBEEF), RECORD),
    'sparse storage': (_patch(GOOD, RECORD + 4, 'i', 1), RECORD + 4),
    'too many dimensions': (_patch(GOOD, NDIM, 'i', 40), NDIM),
    'a negative dimension': (_patch(GOOD, DIMS + 8, 'q', -3), DIMS),
    'a shape larger than the file': (_patch(GOOD, DIMS, 'q', 10 ** 9), DATA),
    'an unknown device': (_patch(GOOD, DEVICE, 'i', 9), DEVICE),
    'an unknown type flag': (_patch(GOOD, FLAG, 'i', 99), FLAG),
    'a name count that does not match': (_patch(GOOD, NAMES, 'Q', 5), NAMES),
    'a name that is not UTF-8': (_patch(GOOD, NAMES + 16, 'B', 0xFF), NAMES + 16),
    'bytes after the last name': (GOOD + b'\0\0\0', len(GOOD)),
    'truncated inside the data': (GOOD[:DATA + 10], DATA),
    'truncated inside the header': (GOOD[:12], 0),
}


def test_the_layout_assumed_here_is_the_files():
    assert struct.unpack_from('<Q', GOOD, NAMES)[0] == 1
    assert GOOD[NAMES + 16:] == b'w'
    assert load_frombuffer(GOOD)['w'].shape == (2, 3)


@pytest.mark.parametrize('case', sorted(CASES))
def test_params_errors_name_the_offset_of_the_bad_field(case):
    buf, offset = CASES[case]
    with pytest.raises(NDArrayFormatError) as err:
        load_frombuffer(buf, source='x.params')
    assert _at(err.value) == offset, str(err.value)


def test_a_shape_too_large_for_the_file_also_names_where_the_shape_is():
    with pytest.raises(NDArrayFormatError, match='shape stored from byte %d' % DIMS):
        load_frombuffer(_patch(GOOD, DIMS, 'q', 10 ** 9))


def test_a_repeated_name_points_at_its_second_occurrence():
    buf = save_to_bytes({'ab': mx.nd.ones((1,)), 'cd': mx.nd.ones((1,))})
    second = buf.rindex(b'cd')
    buf = buf[:second] + b'ab' + buf[second + 2:]
    with pytest.raises(NDArrayFormatError, match='repeats') as err:
        load_frombuffer(buf)
    assert _at(err.value) == second


def test_nd_load_of_a_file_names_file_and_offset(tmp_path):
    path = tmp_path / 'bad.params'
    path.write_bytes(_patch(GOOD, 0, 'Q', 0x113))
    with pytest.raises(NDArrayFormatError) as err:
        mx.nd.load(str(path))
    assert 'bad.params' in str(err.value) and _at(err.value) == 0


def test_optimizer_states_errors_name_the_offset_too():
    from tutor.optimizer import states_io
    with pytest.raises(StatesFormatError) as err:
        states_io.load(_patch(GOOD, FLAG, 'i', 99))
    assert _at(err.value) == FLAG


def test_symbol_json_errors_name_line_and_column_of_the_bad_text(tmp_path):
    text = mx.sym.Variable('x').tojson().splitlines()
    text[3] = text[3] + ' ,,'                     # a syntax error on line 4
    path = tmp_path / 'net-symbol.json'
    path.write_text('\n'.join(text))
    with pytest.raises(mx.base.MXNetError) as err:
        mx.sym.load(str(path))
    m = re.search(r'line (\d+) column (\d+)', str(err.value))
    assert m, str(err.value)
    assert int(m.group(1)) == 4


def test_uci_errors_name_the_line(tmp_path):
    from tutor.data.uci import load_uci_letters
    lines = ['A,%s' % ','.join(['1'] * 16)] * 5
    lines[3] = 'A,1,2'
    path = tmp_path / 'letter-recognition.data'
    path.write_text('\n'.join(lines) + '\n')
    with pytest.raises(ValueError, match=r'line 4\b'):
        load_uci_letters(str(path))

