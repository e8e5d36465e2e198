"""Partial shapes: as in MXNet 1.x, 0 in a shape is an unknown dimension that shape
inference fills in from the other shapes it meets."""
import pytest

import tutor as mx
from tutor.symbol.op import ShapeError, merge_shapes


def test_merge_fills_unknown_dimensions():
    assert merge_shapes((0, 10), (12, 0)) == (12, 10)
    assert merge_shapes(None, (0, 3)) == (0, 3)
    with pytest.raises(ShapeError):
        merge_shapes((2, 3), (3, 3))
    with pytest.raises(ShapeError):
        merge_shapes((2, 3), (2, 3, 1))


def test_two_partial_variables_complete_each_other():
    a = mx.sym.Variable('a', shape=(0, 10))
    b = mx.sym.Variable('b', shape=(12, 0))
    assert (a + b).infer_shape() == ([(12, 10), (12, 10)], [(12, 10)], [])
    assert (a + b).infer_shape_partial() == ([(12, 10), (12, 10)], [(12, 10)], [])


def test_partial_result_keeps_the_zeros():
    a = mx.sym.Variable('a', shape=(0, 10))
    assert (a * 2).infer_shape_partial() == ([(0, 10)], [(0, 10)], [])
    with pytest.warns(UserWarning, match='a: \\(0, 10\\)'):
        assert (a * 2).infer_shape() == (None, None, None)


def test_fully_connected_with_unknown_batch():
    fc = mx.sym.FullyConnected(mx.sym.Variable('data'), num_hidden=5)
    assert fc.infer_shape_partial(data=(0, 20)) == \
        ([(0, 20), (5, 20), (5,)], [(0, 5)], [])


@pytest.mark.parametrize('data, weight, out', [
    ((0, 3, 8, 8), (4, 3, 3, 3), (0, 4, 6, 6)),
    ((2, 3, 0, 8), (4, 3, 3, 3), (2, 4, 0, 6)),
    ((2, 0, 8, 8), (4, 0, 3, 3), (2, 4, 6, 6))])
def test_convolution_with_unknown_dimensions(data, weight, out):
    conv = mx.sym.Convolution(mx.sym.Variable('data'), num_filter=4, kernel=(3, 3))
    assert conv.infer_shape_partial(data=data) == ([data, weight, (4,)], [out], [])


def test_nothing_known_gives_empty_shapes():
    conv = mx.sym.Convolution(mx.sym.Variable('data'), num_filter=4, kernel=(3, 3))
    assert conv.infer_shape_partial() == ([(), (), ()], [()], [])


def test_a_given_partial_shape_is_completed_by_a_later_op():
    data = mx.sym.Variable('data')
    fc = mx.sym.FullyConnected(data, num_hidden=3, name='fc')
    net = fc + mx.sym.Variable('other', shape=(8, 3))
    arg, out, _ = net.infer_shape(data=(0, 5))
    assert arg == [(8, 5), (3, 5), (3,), (8, 3)] and out == [(8, 3)]


def test_known_dimensions_that_disagree_still_fail():
    a = mx.sym.Variable('a', shape=(2, 10))
    b = mx.sym.Variable('b', shape=(3, 0))
    with pytest.raises(mx.base.MXNetError):
        (a + b).infer_shape()
