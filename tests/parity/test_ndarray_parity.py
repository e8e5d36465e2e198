"""``.params`` files (``nd.save`` / ``nd.load``) against real MXNet 1.9.1: the same arrays give
byte-identical files, and each library loads what the other wrote, with the same names,
dtypes, shapes and values.

Run: MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity/test_ndarray_parity.py
"""
import numpy as np
import pytest

mx = pytest.importorskip('mxnet')
import tutor  # noqa: E402
from _both import LIBS, errors_alike  # noqa: E402

DTYPES = ['float32', 'float64', 'int32', 'int64', 'uint8', 'float16', 'int8']
SHAPES = [(1,), (5,), (2, 3), (2, 3, 4), (1, 1, 1, 7), (26, 64)]


def _values(rng, shape, dtype):
    if np.dtype(dtype).kind == 'f':
        return rng.randn(*shape).astype(dtype)
    info = np.iinfo(dtype)
    return rng.randint(max(info.min, -1000), min(info.max, 1000) + 1, shape).astype(dtype)


def _payloads(rng):
    """name -> what to pass to nd.save, as numpy (each library wraps it itself)."""
    out = {}
    for dt in DTYPES:
        out['list-' + dt] = [_values(rng, s, dt) for s in SHAPES]
        out['dict-' + dt] = {'arg:w%d' % i: _values(rng, s, dt) for i, s in enumerate(SHAPES)}
    out['mixed dict'] = {'arg:fc1_weight': _values(rng, (4, 3), 'float32'),
                         'arg:fc1_bias': _values(rng, (4,), 'float32'),
                         'aux:bn_moving_var': _values(rng, (4,), 'float64'),
                         'arg:steps': _values(rng, (2,), 'int64'),
                         'arg:权重': _values(rng, (2, 2), 'uint8')}
    out['empty dict'] = {}
    out['empty list'] = []
    out['one array in a list'] = [_values(rng, (3,), 'float32')]
    return out


PAYLOAD_NAMES = sorted(_payloads(np.random.RandomState(0)))


def _wrap(lib, payload):
    conv = lambda a: lib.nd.array(a, dtype=a.dtype)  # noqa: E731
    if isinstance(payload, dict):
        return {k: conv(v) for k, v in payload.items()}
    return [conv(v) for v in payload]


def _save(lib, path, payload):
    lib.nd.save(str(path), _wrap(lib, payload))
    return path.read_bytes()


def _check_loaded(loaded, payload, lib_name):
    if isinstance(payload, dict) and payload:
        assert isinstance(loaded, dict), lib_name
        assert list(loaded) == list(payload), lib_name
        pairs = [(loaded[k], payload[k]) for k in payload]
    else:  # a list, and also the empty dict: MXNet loads an empty file as []
        assert isinstance(loaded, list), lib_name
        assert len(loaded) == len(payload), lib_name
        pairs = list(zip(loaded, payload))
    for got, want in pairs:
        assert got.dtype == want.dtype, (lib_name, got.dtype, want.dtype)
        assert got.shape == want.shape
        np.testing.assert_array_equal(got.asnumpy(), want)


@pytest.mark.parametrize('name', PAYLOAD_NAMES)
def test_files_are_byte_identical(name, tmp_path):
    payload = _payloads(np.random.RandomState(7))[name]
    ref = _save(mx, tmp_path / 'mx.params', payload)
    got = _save(tutor, tmp_path / 'tutor.params', payload)
    assert got == ref
    if not payload:
        assert len(got) == 32


@pytest.mark.parametrize('name', PAYLOAD_NAMES)
def test_mxnet_loads_tutors_file(name, tmp_path):
    payload = _payloads(np.random.RandomState(8))[name]
    path = tmp_path / 'tutor.params'
    written = _save(tutor, path, payload)
    loaded = mx.nd.load(str(path))
    _check_loaded(loaded, payload, 'mxnet')
    mx.nd.save(str(tmp_path / 'again.params'), loaded)
    assert (tmp_path / 'again.params').read_bytes() == written


@pytest.mark.parametrize('name', PAYLOAD_NAMES)
def test_tutor_loads_mxnets_file(name, tmp_path):
    payload = _payloads(np.random.RandomState(9))[name]
    path = tmp_path / 'mx.params'
    written = _save(mx, path, payload)
    loaded = tutor.nd.load(str(path))
    _check_loaded(loaded, payload, 'tutor')
    tutor.nd.save(str(tmp_path / 'again.params'), loaded)
    assert (tmp_path / 'again.params').read_bytes() == written


def test_a_single_ndarray_is_saved_as_a_list(tmp_path):
    files = []
    for name, lib in LIBS:
        path = tmp_path / ('%s.params' % name)
        lib.nd.save(str(path), lib.nd.array([[1, 2], [3, 4]]))
        files.append(path.read_bytes())
        assert isinstance(lib.nd.load(str(path)), list)
    assert files[0] == files[1]


def test_the_specs_hexdump_file(tmp_path):
    """spec §2: {'arg:fc_weight': [[1,2],[3,4]], 'aux:bn_moving_var': [0.5]} is 170 bytes."""
    files = []
    for name, lib in LIBS:
        path = tmp_path / ('%s.params' % name)
        lib.nd.save(str(path), {'arg:fc_weight': lib.nd.array([[1, 2], [3, 4]]),
                                'aux:bn_moving_var': lib.nd.array([0.5])})
        files.append(path.read_bytes())
    assert files[0] == files[1] and len(files[1]) == 170


def test_nd_array_default_dtypes_match():
    """nd.array makes float32 from numpy float64/int64 and from lists; an NDArray keeps its
    dtype; dtype= wins."""
    sources = [np.arange(3, dtype=np.float64), np.arange(3, dtype=np.int64), [1, 2, 3],
               [[1.5, 2.5]], np.arange(4, dtype=np.uint8).reshape(2, 2)]
    for src in sources:
        got, ref = tutor.nd.array(src), mx.nd.array(src)
        assert got.dtype == ref.dtype and got.shape == ref.shape
        np.testing.assert_array_equal(got.asnumpy(), ref.asnumpy())
    for dt in ('float64', 'int32', 'uint8'):
        assert tutor.nd.array([1, 2], dtype=dt).dtype == mx.nd.array([1, 2], dtype=dt).dtype
        keep_t = tutor.nd.array(tutor.nd.array([1, 2], dtype=dt))
        keep_m = mx.nd.array(mx.nd.array([1, 2], dtype=dt))
        assert keep_t.dtype == keep_m.dtype


def test_ndarray_repr_matches():
    for value in ([[1, 2], [3, 4]], [0.5], [[1.25, -2.0, 3.0]]):
        assert repr(tutor.nd.array(value)) == repr(mx.nd.array(value))


# ---------------------------------------------------------------------------------------
# errors


@pytest.mark.parametrize('make', [
    lambda lib, p: lib.nd.save(p, 'not arrays'),
    lambda lib, p: lib.nd.save(p, [np.ones(2), 'x']),
    lambda lib, p: lib.nd.save(p, {1: lib.nd.ones(2)}),
], ids=['string', 'list with a non-array', 'dict with a non-str key'])
def test_save_refuses_what_mxnet_refuses(make, tmp_path):
    errors_alike(lambda lib: make(lib, str(tmp_path / ('%s.params' % lib.__name__))))


@pytest.mark.parametrize('content', [b'', b'garbage file that is not params' * 3,
                                     'truncated'], ids=['empty', 'garbage', 'truncated'])
def test_bad_files_raise_mxnets_error_type(content, tmp_path):
    path = tmp_path / 'bad.params'
    if content == 'truncated':
        mx.nd.save(str(path), {'arg:w': mx.nd.ones((4, 4))})
        content = path.read_bytes()[:60]
    path.write_bytes(content)
    errors_alike(lambda lib: lib.nd.load(str(path)))


def test_missing_file_raises_mxnets_error_type(tmp_path):
    errors_alike(lambda lib: lib.nd.load(str(tmp_path / 'nope.params')))
