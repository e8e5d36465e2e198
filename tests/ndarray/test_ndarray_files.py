"""NDArray and MXNet's binary .params format: byte-identical writes, strict reads."""
import os

import numpy as np
import pytest

import tutor as mx
from tutor.ndarray import NDArrayFormatError

FIX = os.path.join(os.path.dirname(__file__), '..', 'fixtures')


def test_array_defaults_to_float32_like_mxnet():
    assert mx.nd.array(np.arange(3, dtype=np.int64)).dtype == np.float32
    assert mx.nd.array([1, 2]).dtype == np.float32
    a = mx.nd.array([1, 2], dtype='float64')
    assert mx.nd.array(a).dtype == np.float64  # an NDArray keeps its dtype


def test_ndarray_surface():
    a = mx.nd.array([[1, 2], [3, 4]])
    assert isinstance(a, mx.nd.NDArray) and a.context == mx.cpu()
    assert type(a.asnumpy()) is np.ndarray
    assert repr(a) == '\n[[1. 2.]\n [3. 4.]]\n<NDArray 2x2 @cpu(0)>'
    assert mx.nd.sum(a).asscalar() == 10
    b = mx.nd.zeros((2, 2))
    a.copyto(b)
    assert (b == a).all()
    with pytest.raises(ValueError):
        a.asscalar()


def test_save_is_byte_identical_to_mxnet(tmp_path):
    f = tmp_path / 'tiny.params'
    mx.nd.save(str(f), {'arg:fc_weight': mx.nd.array([[1, 2], [3, 4]]),
                        'aux:bn_moving_var': mx.nd.array([0.5])})
    with open(os.path.join(FIX, 'mxnet-tiny.params'), 'rb') as ref:
        assert f.read_bytes() == ref.read()


def test_dtypes_round_trip_and_match_mxnet(tmp_path):
    arrays = mx.nd.load(os.path.join(FIX, 'mxnet-dtypes.params'))
    kinds = [np.float32, np.float64, np.int32, np.int64, np.uint8]
    assert [a.dtype for a in arrays] == [np.dtype(k) for k in kinds]
    for a in arrays:
        assert a.tolist() == [[0, 1, 2], [3, 4, 5]]
    f = tmp_path / 'd.params'
    mx.nd.save(str(f), arrays)
    with open(os.path.join(FIX, 'mxnet-dtypes.params'), 'rb') as ref:
        assert f.read_bytes() == ref.read()


def test_list_and_empty(tmp_path):
    f = str(tmp_path / 'l.params')
    mx.nd.save(f, [mx.nd.ones((2,)), mx.nd.zeros((1, 3))])
    out = mx.nd.load(f)
    assert isinstance(out, list) and out[1].shape == (1, 3)
    mx.nd.save(f, {})
    assert os.path.getsize(f) == 32 and mx.nd.load(f) == []


def test_save_rejects_other_types(tmp_path):
    with pytest.raises(TypeError, match='save only accept'):
        mx.nd.save(str(tmp_path / 'x'), 'hello')
    with pytest.raises(TypeError):
        mx.nd.save(str(tmp_path / 'x'), {1: mx.nd.ones(1)})


@pytest.mark.parametrize('cut', [0, 7, 30, 60, 100, 169])
def test_truncated_file_is_refused_and_named(tmp_path, cut):
    data = open(os.path.join(FIX, 'mxnet-tiny.params'), 'rb').read()[:cut]
    f = tmp_path / 'broken.params'
    f.write_bytes(data)
    with pytest.raises(ValueError, match='broken.params'):
        mx.nd.load(str(f))


def test_garbage_and_huge_claims_are_refused_before_allocating(tmp_path):
    f = tmp_path / 'g.params'
    f.write_bytes(b'PK\x03\x04 this is a zip file, not params')
    with pytest.raises(NDArrayFormatError, match='magic'):
        mx.nd.load(str(f))
    data = bytearray(open(os.path.join(FIX, 'mxnet-tiny.params'), 'rb').read())
    data[0x24:0x2c] = (10 ** 12).to_bytes(8, 'little')  # first dim: a terabyte of floats
    f.write_bytes(bytes(data))
    with pytest.raises(ValueError, match='claims shape'):
        mx.nd.load(str(f))
    with pytest.raises(mx.MXNetError):  # also MXNet's error type
        mx.nd.load(str(f))


def test_failed_save_keeps_the_previous_file(tmp_path, monkeypatch):
    f = str(tmp_path / 'keep.params')
    mx.nd.save(f, {'arg:w': mx.nd.ones((2,))})
    before = open(f, 'rb').read()

    def boom(*a, **k):
        raise OSError('disk full')
    monkeypatch.setattr(os, 'fsync', boom)
    with pytest.raises(OSError):
        mx.nd.save(f, {'arg:w': mx.nd.zeros((5,))})
    assert open(f, 'rb').read() == before
    assert os.listdir(str(tmp_path)) == ['keep.params']  # no temporary file left behind


def test_ndarray_pickles_through_its_params_bytes():
    """As MXNet's NDArray: the pickle holds the array's .params bytes, and reading it back
    runs tutor's checked .params reader (no NumPy object pickle inside)."""
    import pickle
    from tutor.ndarray.params_file import save_to_bytes
    a = mx.nd.array([[1, 2], [3, 4]], dtype='int64')
    blob = pickle.dumps(a)
    assert save_to_bytes([a]) in blob and b'numpy' not in blob
    back = pickle.loads(blob)
    assert isinstance(back, mx.nd.NDArray) and back.dtype == np.int64
    assert back.asnumpy().tolist() == [[1, 2], [3, 4]]
