"""Concat, SliceChannel, Embedding, Reshape and SwapAxis: forward against NumPy, backward
against central differences (float64; write, add, null, strided gradients), shapes from
complete, partial (0 = unknown dim) and unknown (None) inputs."""
import os
import sys

import numpy as np
import pytest

import tutor as mx
from tutor.base import MXNetError

sys.path.insert(0, os.path.dirname(__file__))
from _arrayhelp import Bound, check_op_grads  # noqa: E402
from _ophelp import make  # noqa: E402

rng = np.random.RandomState(11)


# --- Concat ------------------------------------------------------------------------------

@pytest.mark.parametrize('shapes,dim', [([(2, 3), (2, 1), (2, 4)], 1), ([(1, 3), (2, 3)], 0),
                                        ([(2, 2, 3), (2, 2, 1)], -1)])
def test_concat_forward_and_gradients(shapes, dim):
    args = [rng.randn(*s) for s in shapes]
    b = check_op_grads('Concat', args, dict(num_args=len(shapes), dim=dim))
    np.testing.assert_array_equal(b.forward()[0], np.concatenate(args, axis=dim))


def test_concat_shapes_from_partial_and_unknown_inputs():
    op = make('Concat', num_args=3, dim=1)
    assert op.infer_shape([None, None, None], []) == ([None] * 3, [None], [])
    assert op.infer_shape([(2, 3), None, (0, 4)], []) == \
        ([(2, 3), (2, 0), (2, 4)], [(2, 0)], [])
    assert op.infer_shape([(2, 3), (2, 1), (0, 4)], []) == \
        ([(2, 3), (2, 1), (2, 4)], [(2, 8)], [])
    with pytest.raises(MXNetError, match='Shape inconsistent'):
        op.infer_shape([(2, 3), (3, 1), None], [])
    with pytest.raises(MXNetError, match='exceeds the input dimension'):
        make('Concat', num_args=1, dim=2).infer_shape([(2, 3)], [])


def test_concat_needs_an_input():
    with pytest.raises(MXNetError, match='num_args'):
        make('Concat', num_args=0)


def test_concat_names_its_inputs_and_counts_them():
    a, b = mx.sym.var('a'), mx.sym.var('b')
    c = mx.sym.Concat(a, b, a, dim=0, name='c')
    assert c.list_arguments() == ['a', 'b'] and c.attr('num_args') == '3'
    d = mx.sym.concat(a, num_args=2, name='d')
    assert d.list_arguments() == ['a', 'd_arg1']
    assert mx.sym.concat(a, b).name.startswith('concat')


# --- SliceChannel ------------------------------------------------------------------------

@pytest.mark.parametrize('shape,attrs', [
    ((2, 6), dict(num_outputs=3)), ((4, 3, 2), dict(num_outputs=2, axis=0)),
    ((2, 3, 4), dict(num_outputs=2, axis=-1)), ((3, 2, 4), dict(num_outputs=2, squeeze_axis=1))])
def test_split_forward_and_gradients(shape, attrs):
    x = rng.randn(*shape)
    b = check_op_grads('SliceChannel', [x], attrs)
    want = np.split(x, attrs['num_outputs'], axis=attrs.get('axis', 1))
    if attrs.get('squeeze_axis'):
        want = [w.squeeze(attrs.get('axis', 1)) for w in want]
    for got, w in zip(b.forward(), want):
        np.testing.assert_array_equal(got, w)


def test_split_outputs_without_a_gradient_count_as_zero():
    b = Bound(make('SliceChannel', num_outputs=3), [rng.randn(2, 6)])
    b.forward()
    dx = np.full((2, 6), 5.0)
    head = rng.randn(2, 2)
    b.backward([None, head, None], [dx], ['write'])
    np.testing.assert_array_equal(dx, np.concatenate([np.zeros((2, 2)), head,
                                                      np.zeros((2, 2))], axis=1))


def test_split_names_and_shapes():
    s = mx.sym.split(mx.sym.var('x'), num_outputs=2, axis=0, name='s')
    assert s.list_outputs() == ['s_output0', 's_output1'] and len(s) == 2
    assert s.infer_shape(x=(4, 3))[1] == [(2, 3), (2, 3)]
    op = make('SliceChannel', num_outputs=2)
    assert op.infer_shape([None], []) == ([None], [None, None], [])
    assert op.infer_shape([(0, 6)], [])[1] == [(0, 3), (0, 3)]
    with pytest.raises(MXNetError, match='evenly'):
        op.infer_shape([(2, 5)], [])
    with pytest.raises(MXNetError, match='squeeze_axis'):
        make('SliceChannel', num_outputs=2, squeeze_axis=True).infer_shape([(2, 4)], [])


# --- Embedding ---------------------------------------------------------------------------

def test_embedding_forward_truncates_and_clips_indices():
    w = rng.randn(5, 2)
    x = np.array([[0, 1.7, 4.2], [-1, 7, 2.9]])
    b = Bound(make('Embedding', input_dim=5, output_dim=2), [x, w])
    np.testing.assert_array_equal(b.forward()[0], w[[[0, 1, 4], [0, 4, 2]]])


def test_embedding_weight_gradient():
    x = np.array([[0, 1, 4], [1, 3, 1]], dtype=np.float64)   # row 1 three times, 2 never
    check_op_grads('Embedding', [x, rng.randn(5, 2)], dict(input_dim=5, output_dim=2),
                   which=[1])


def test_embedding_refuses_a_data_gradient():
    b = Bound(make('Embedding', input_dim=5, output_dim=2), [np.zeros(3), rng.randn(5, 2)])
    b.forward()
    with pytest.raises(MXNetError, match="grad_req 'null'"):
        b.backward([np.ones((3, 2))], [np.zeros(3), np.zeros((5, 2))], ['write', 'write'])


def test_embedding_shapes():
    op = make('Embedding', input_dim=5, output_dim=2)
    assert op.infer_shape([None, None], []) == ([None, None], [None], [])
    assert op.infer_shape([(0, 3), None], []) == ([(0, 3), (5, 2)], [(0, 3, 2)], [])
    with pytest.raises(MXNetError, match='input_dim, output_dim'):
        op.infer_shape([(4,), (5, 3)], [])


# --- Reshape and SwapAxis ----------------------------------------------------------------

@pytest.mark.parametrize('shape,attrs,out', [
    ((2, 3, 4), dict(shape=(0, -1)), (2, 12)), ((2, 3, 4), dict(shape=(-2, 1)), (2, 3, 4, 1)),
    ((2, 3, 4, 5), dict(shape=(-3, -2)), (6, 4, 5)),
    ((6, 4), dict(shape=(-4, -1, 3, 0)), (2, 3, 4)),
    ((10, 5, 4), dict(shape=(-1, 0), reverse=True), (50, 4)),
    ((2, 3, 4), dict(target_shape=(0, 4)), (6, 4)),
    ((2, 3, 4), dict(target_shape=(0, 12), keep_highest=True), (2, 12)),
])
def test_reshape_special_values_and_gradients(shape, attrs, out):
    x = rng.randn(*shape)
    b = check_op_grads('Reshape', [x], attrs)
    np.testing.assert_array_equal(b.forward()[0], x.reshape(out))


@pytest.mark.parametrize('shape,attrs,out', [
    ((0, 3, 4), dict(shape=(0, -1)), (0, 0)), ((0, 3, 4), dict(shape=(-1, 4)), (0, 4)),
    ((0, 3, 4), dict(shape=(6, -1)), (6, 0)), ((2, 0, 4), dict(shape=(-3, 0)), (0, 4)),
])
def test_reshape_partial_shapes(shape, attrs, out):
    assert make('Reshape', **attrs).infer_shape([shape], [])[1] == [out]


def test_reshape_fills_the_one_unknown_input_dim_from_a_known_output():
    assert make('Reshape', shape=(2, 3, 4)).infer_shape([(0, 3, 4)], []) == \
        ([(2, 3, 4)], [(2, 3, 4)], [])


@pytest.mark.parametrize('attrs,match', [
    (dict(shape=(-1, -1)), 'One and only one'), (dict(shape=(3, 7)), 'size is different'),
    (dict(shape=(-4, -1, -1, -2)), 'cannot both be -1'), (dict(shape=(-4, 5, 1, -2)),
                                                           'do not divide'),
    (dict(shape=(0, 0, 0, 0)), 'only 3 dims'), (dict(shape=(-3, -3)), 'none left')])
def test_reshape_errors_say_what_is_wrong(attrs, match):
    with pytest.raises(MXNetError, match=match):
        make('Reshape', **attrs).infer_shape([(2, 3, 4)], [])


def test_reshape_without_a_shape_decides_nothing():
    assert make('Reshape').infer_shape([(2, 3)], []) == ([(2, 3)], [None], [])
    assert make('Reshape', shape=(0, -1)).infer_shape([None], []) == ([None], [None], [])


@pytest.mark.parametrize('shape,attrs', [((2, 3, 4), dict(dim1=0, dim2=2)),
                                         ((2, 3), dict(dim1=-1, dim2=0)), ((3, 2), {})])
def test_swapaxis_forward_and_gradients(shape, attrs):
    x = rng.randn(*shape)
    b = check_op_grads('SwapAxis', [x], attrs)
    np.testing.assert_array_equal(b.forward()[0],
                                  np.swapaxes(x, attrs.get('dim1', 0), attrs.get('dim2', 0)))


def test_swapaxis_shapes():
    op = make('SwapAxis', dim1=0, dim2=2)
    assert op.infer_shape([(0, 3, 4)], [])[1] == [(4, 3, 0)]
    assert op.infer_shape([None], [])[1] == [None]
    with pytest.raises(MXNetError, match='dim2 2 exceeds'):
        op.infer_shape([(2, 3)], [])


def test_aliases_make_the_same_op_with_their_own_names():
    x = mx.sym.var('x')
    with mx.name.NameManager():
        for fn, op in [('split', 'SliceChannel'), ('concat', 'Concat'), ('reshape', 'Reshape'),
                       ('swapaxes', 'SwapAxis')]:
            kw = {'num_outputs': 1} if fn == 'split' else {}
            s = getattr(mx.sym, fn)(x, **kw)
            assert s.name == fn + '0' and s._outputs[0][0].op.name == op


def test_concat_and_split_infer_their_inputs_backwards_from_the_outputs():
    op = make('Concat', num_args=2, dim=1)
    assert op.infer_shape([(0, 10), (0, 0)], [], [(2, 15)]) == \
        ([(2, 10), (2, 5)], [(2, 15)], [])
    op = make('SliceChannel', num_outputs=3)
    assert op.infer_shape([(0, 15, 0)], [], [None, (3, 5, 2), None]) == \
        ([(3, 15, 2)], [(3, 5, 2)] * 3, [])
    op = make('SliceChannel', num_outputs=10, squeeze_axis=True)
    assert op.infer_shape([(0, 10)], [], [None, (5,)] + [None] * 8)[0] == [(5, 10)]
    with pytest.raises(MXNetError, match='Shape inconsistent'):
        make('Concat', num_args=2, dim=0).infer_shape([(2, 3), None], [], [(4, 5)])
