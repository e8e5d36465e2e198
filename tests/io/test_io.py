"""tutor.io: DataDesc, DataBatch, DataIter, NDArrayIter (spec §4), ResizeIter."""
import numpy as np
import pytest

import tutor as mx
from tutor.ndarray import NDArray


def rows(batch, i=0):
    return batch.data[i].asnumpy().ravel().astype(int).tolist()


def epoch(it):
    return [(rows(b), b.pad) for b in it]


# ---------------------------------------------------------------------------------------
# DataDesc / DataBatch / DataIter

def test_datadesc_is_a_name_shape_tuple_with_dtype_and_layout():
    d = mx.io.DataDesc('data', (2, 3))
    assert d == ('data', (2, 3))
    name, shape = d
    assert (name, shape) == ('data', (2, 3))
    assert d.dtype is np.float32 and d.layout == 'NCHW'
    assert repr(d) == "DataDesc[data,(2, 3),<class 'numpy.float32'>,NCHW]"
    d2 = mx.io.DataDesc('x', (5,), np.int32, 'NC')
    assert (d2.dtype, d2.layout) == (np.int32, 'NC')


def test_datadesc_batch_axis_and_get_list():
    assert mx.io.DataDesc.get_batch_axis(None) == 0
    assert mx.io.DataDesc.get_batch_axis('TNC') == 1
    descs = mx.io.DataDesc.get_list([('a', (1, 2)), ('b', (3,))], [('a', np.int32),
                                                                  ('b', np.float64)])
    assert [d.dtype for d in descs] == [np.int32, np.float64]
    assert mx.io.DataDesc.get_list([('a', (1, 2))], None)[0].dtype is np.float32


def test_databatch_checks_lists_and_prints_shapes():
    with pytest.raises(AssertionError, match='Data must be list of NDArrays'):
        mx.io.DataBatch(mx.nd.ones((2, 3)))
    with pytest.raises(AssertionError, match='Label must be list of NDArrays'):
        mx.io.DataBatch([mx.nd.ones((2, 3))], mx.nd.ones((2,)))
    b = mx.io.DataBatch([mx.nd.ones((2, 3))])
    assert str(b) == 'DataBatch: data shapes: [(2, 3)] label shapes: None'
    b = mx.io.DataBatch([mx.nd.ones((2, 3))], [mx.nd.ones((2,))], pad=1, bucket_key=7)
    assert str(b) == 'DataBatch: data shapes: [(2, 3)] label shapes: [(2,)]'
    assert (b.pad, b.index, b.bucket_key, b.provide_data) == (1, None, 7, None)


class CountIter(mx.io.DataIter):
    """Three batches of one number each, through the base class's next()."""

    def __init__(self):
        super().__init__(batch_size=1)
        self.i = 0

    def iter_next(self):
        self.i += 1
        return self.i <= 3

    def getdata(self):
        return [mx.nd.array([self.i])]

    def getlabel(self):
        return None

    def getpad(self):
        return 0

    def reset(self):
        self.i = 0


def test_dataiter_base_builds_batches_from_the_getters():
    it = CountIter()
    assert iter(it) is it and it.batch_size == 1
    got = [(rows(b), b.pad, b.index, b.label) for b in it]
    assert got == [([1], 0, None, None), ([2], 0, None, None), ([3], 0, None, None)]
    with pytest.raises(StopIteration):
        it.next()
    it.reset()
    assert rows(next(it)) == [1]


# ---------------------------------------------------------------------------------------
# NDArrayIter: 10 samples, batch size 4 (spec §4)

TEN = np.arange(10)


def test_pad_wraps_to_the_start_every_epoch():
    it = mx.io.NDArrayIter(TEN, TEN, batch_size=4)
    for _ in range(3):
        assert epoch(it) == [([0, 1, 2, 3], 0), ([4, 5, 6, 7], 0), ([8, 9, 0, 1], 2)]
        it.reset()


def test_discard_drops_the_short_tail():
    it = mx.io.NDArrayIter(TEN, TEN, batch_size=4, last_batch_handle='discard')
    for _ in range(2):
        assert epoch(it) == [([0, 1, 2, 3], 0), ([4, 5, 6, 7], 0)]
        it.reset()


def test_roll_over_carries_the_tail_into_the_next_epoch():
    it = mx.io.NDArrayIter(TEN, TEN, batch_size=4, last_batch_handle='roll_over')
    assert epoch(it) == [([0, 1, 2, 3], 0), ([4, 5, 6, 7], 0)]
    it.reset()
    batches = list(it)
    # pad counts the carried-over rows, which sit at the *front* (MXNet's quirk)
    assert [(rows(b), b.pad) for b in batches] == [([8, 9, 0, 1], 2), ([2, 3, 4, 5], 0),
                                                   ([6, 7, 8, 9], 0)]
    assert rows(batches[0], 0) == batches[0].label[0].asnumpy().astype(int).tolist()
    it.reset()
    assert epoch(it) == [([0, 1, 2, 3], 0), ([4, 5, 6, 7], 0)]


def test_roll_over_with_fewer_samples_than_a_batch():
    it = mx.io.NDArrayIter(np.arange(3), batch_size=4, last_batch_handle='roll_over')
    seen = []
    for _ in range(3):
        seen.append(epoch(it))
        it.reset()
    assert seen == [[], [([0, 1, 2, 0], 3)], [([1, 2, 0, 1], 2)]]


def test_roll_over_batch_larger_than_twice_the_data_fails_like_mxnet():
    it = mx.io.NDArrayIter(TEN, batch_size=25, last_batch_handle='roll_over')
    assert epoch(it) == []
    it.reset()
    with pytest.raises(mx.MXNetError, match='batch_size'):
        next(it)


def test_hard_reset_forgets_the_rolled_over_tail():
    it = mx.io.NDArrayIter(TEN, batch_size=4, last_batch_handle='roll_over')
    list(it)
    it.hard_reset()
    assert epoch(it)[0] == ([0, 1, 2, 3], 0)


def test_pad_tiles_when_the_batch_is_larger_than_the_data():
    it = mx.io.NDArrayIter(TEN, batch_size=25)
    (b,) = list(it)
    assert rows(b) == list(range(10)) * 2 + [0, 1, 2, 3, 4] and b.pad == 15


def test_a_second_loop_without_reset_yields_nothing():
    it = mx.io.NDArrayIter(TEN, batch_size=4)
    assert len(list(it)) == 3
    assert list(it) == []
    with pytest.raises(StopIteration):
        it.next()


def test_cursor_num_data_and_getters():
    it = mx.io.NDArrayIter(TEN, TEN * 10, batch_size=4)
    assert (it.cursor, it.num_data, it.batch_size) == (-4, 10, 4)
    assert it.iter_next() and it.cursor == 0
    assert it.getdata()[0].asnumpy().tolist() == [0, 1, 2, 3]
    assert it.getlabel()[0].asnumpy().tolist() == [0, 10, 20, 30]
    assert (it.getpad(), it.getindex()) == (0, None)


def test_names_dtypes_and_provide_data():
    it = mx.io.NDArrayIter(np.zeros((10, 3, 2), dtype=np.int64), TEN, batch_size=4)
    assert it.provide_data == [('data', (4, 3, 2))]
    assert it.provide_label == [('softmax_label', (4,))]
    assert repr(it.provide_data) == "[DataDesc[data,(4, 3, 2),<class 'numpy.float32'>,NCHW]]"
    b = next(it)
    assert isinstance(b.data[0], NDArray) and isinstance(b.label[0], NDArray)
    assert b.data[0].dtype == np.float32 and b.label[0].dtype == np.float32  # ints too


def test_label_none_gives_empty_label_lists():
    it = mx.io.NDArrayIter(TEN, batch_size=4)
    assert it.provide_label == []
    b = next(it)
    assert b.label == [] and 'label shapes: None' in str(b)


def test_data_none_and_bad_inputs_fail():
    with pytest.raises(AssertionError):
        mx.io.NDArrayIter(None)
    with pytest.raises(TypeError, match='Input must be NDArray'):
        mx.io.NDArrayIter((TEN,))
    with pytest.raises(TypeError, match="Invalid type '<class 'str'>' for a"):
        mx.io.NDArrayIter({'a': 'text'})


def test_list_inputs_get_numbered_names_sorted_as_strings():
    it = mx.io.NDArrayIter([TEN] * 11, [TEN, TEN], batch_size=2)
    names = [d.name for d in it.provide_data]
    assert names[:3] == ['_0_data', '_10_data', '_1_data'] and len(names) == 11
    assert [d.name for d in it.provide_label] == ['_0_softmax_label', '_1_softmax_label']
    one = mx.io.NDArrayIter([TEN], [TEN], batch_size=2, data_name='x', label_name='y')
    assert [d.name for d in one.provide_data + one.provide_label] == ['x', 'y']


def test_dict_inputs_are_sorted_by_key():
    it = mx.io.NDArrayIter({'b': TEN * 2, 'a': TEN}, {'lab': TEN}, batch_size=5)
    assert [d.name for d in it.provide_data] == ['a', 'b']
    b = next(it)
    assert rows(b, 0) == [0, 1, 2, 3, 4] and rows(b, 1) == [0, 2, 4, 6, 8]


def test_full_batches_are_views_of_the_stored_arrays():
    x = np.random.rand(12, 3).astype(np.float32)
    it = mx.io.NDArrayIter(x, TEN.repeat(2)[:12], batch_size=4)
    stored = it.data[0][1]
    for b in it:
        assert np.shares_memory(b.data[0], stored)
        assert b.data[0].flags['C_CONTIGUOUS']
    np.testing.assert_array_equal(stored, x)
    assert not np.shares_memory(stored, x)  # numpy input is converted (copied) once


def test_ndarray_input_keeps_dtype_and_memory():
    arr = mx.nd.array(np.arange(8), dtype=np.float64)
    it = mx.io.NDArrayIter(arr, batch_size=4)
    assert it.data[0][1] is arr
    assert it.provide_data[0].dtype is np.float64


def test_padded_batch_is_a_fresh_array():
    it = mx.io.NDArrayIter(TEN, batch_size=4)
    *_, last = list(it)
    assert not np.shares_memory(last.data[0], it.data[0][1])


def test_shuffle_uses_numpy_global_rng_and_reorders_the_data():
    x = np.arange(20).reshape(10, 2)
    np.random.seed(3)
    it = mx.io.NDArrayIter(x, TEN, batch_size=5, shuffle=True)
    np.random.seed(3)
    idx = np.arange(10)
    np.random.shuffle(idx)
    order0 = idx.copy()
    np.testing.assert_array_equal(it.data[0][1], x[order0])
    got = np.concatenate([b.label[0].asnumpy() for b in it])
    np.testing.assert_array_equal(got, order0)
    state = np.random.get_state()
    it.reset()
    data_rows = np.concatenate([b.data[0].asnumpy() for b in it])
    # the reset shuffles again: the (shuffled) index is shuffled in place and the
    # *already reordered* data is reordered by it, so permutations compound
    np.random.set_state(state)
    np.random.shuffle(idx)
    np.testing.assert_array_equal(data_rows, x[order0][idx])
    np.testing.assert_array_equal(it.label[0][1], order0[idx])


def test_shuffled_data_becomes_float32_even_for_ndarray_input():
    arr = mx.nd.array(np.arange(8), dtype=np.float64)
    it = mx.io.NDArrayIter(arr, batch_size=4, shuffle=True)
    assert it.provide_data[0].dtype is np.float32
    assert sorted(it.data[0][1].tolist()) == list(range(8))


def test_layout_moves_the_batch_axis():
    x = np.arange(32).reshape(4, 4, 2)  # T, N, C
    it = mx.io.NDArrayIter(x, batch_size=2, layout='TNC')
    assert it.provide_data == [('data', (4, 2, 2))]
    assert [b.data[0].asnumpy().tolist() for b in it] == [x[:, 0:2].tolist(),
                                                          x[:, 2:4].tolist()]
    # like MXNet, the number of samples is still read from axis 0 (here T)
    assert mx.io.NDArrayIter(np.zeros((3, 5, 2)), layout='TNC').num_data == 3


def test_unknown_last_batch_handle_warns_and_discards():
    with pytest.warns(UserWarning, match="last_batch_handle='padd'"):
        it = mx.io.NDArrayIter(TEN, batch_size=4, last_batch_handle='padd')
    assert epoch(it) == [([0, 1, 2, 3], 0), ([4, 5, 6, 7], 0)]


def test_resize_iter_restarts_and_cuts_the_inner_iterator():
    it = mx.io.ResizeIter(mx.io.NDArrayIter(TEN, batch_size=4), 5)
    assert it.provide_data == [('data', (4,))] and it.batch_size == 4
    assert epoch(it) == [([0, 1, 2, 3], 0), ([4, 5, 6, 7], 0), ([8, 9, 0, 1], 2),
                         ([0, 1, 2, 3], 0), ([4, 5, 6, 7], 0)]
    it.reset()
    assert len(epoch(it)) == 5
    short = mx.io.ResizeIter(mx.io.NDArrayIter(TEN, batch_size=4), 1)
    assert epoch(short) == [([0, 1, 2, 3], 0)]
