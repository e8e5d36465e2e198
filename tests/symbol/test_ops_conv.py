"""Convolution and Pooling: forward against direct loops over every output position,
backward against central differences (float64), shapes and errors."""
import math
import os
import sys

import numpy as np
import pytest

from tutor.symbol.op import ShapeError

sys.path.insert(0, os.path.dirname(__file__))
from _ophelp import Run, check_grads, make  # noqa: E402

rng = np.random.RandomState(11)


def conv_loops(x, w, b, stride, pad, dilate, groups):
    n, c, h, wd = x.shape
    f, cg, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad[0], pad[0]), (pad[1], pad[1])))
    oh = (h + 2 * pad[0] - dilate[0] * (kh - 1) - 1) // stride[0] + 1
    ow = (wd + 2 * pad[1] - dilate[1] * (kw - 1) - 1) // stride[1] + 1
    y = np.zeros((n, f, oh, ow))
    fg = f // groups
    for i in range(oh):
        for j in range(ow):
            h0, w0 = i * stride[0], j * stride[1]
            patch = xp[:, :, h0:h0 + dilate[0] * (kh - 1) + 1:dilate[0],
                       w0:w0 + dilate[1] * (kw - 1) + 1:dilate[1]]
            for k in range(f):
                g = k // fg
                y[:, k, i, j] = (patch[:, g * cg:(g + 1) * cg] * w[k]).sum(axis=(1, 2, 3))
    return y + (0 if b is None else b.reshape(1, -1, 1, 1))


CONV_CASES = [  # data shape, num_filter, kernel, stride, pad, dilate, groups, no_bias
    ((2, 3, 5, 5), 4, (3, 3), (1, 1), (0, 0), (1, 1), 1, False),
    ((2, 3, 7, 6), 2, (3, 2), (2, 1), (1, 0), (1, 1), 1, False),
    ((1, 4, 7, 7), 6, (3, 3), (2, 2), (1, 1), (2, 2), 2, False),
    ((2, 4, 4, 4), 4, (1, 1), (1, 1), (0, 0), (1, 1), 4, True)]


@pytest.mark.parametrize('shape,f,kernel,stride,pad,dilate,groups,no_bias', CONV_CASES)
def test_convolution_forward_and_gradients(shape, f, kernel, stride, pad, dilate, groups,
                                           no_bias):
    attrs = dict(kernel=kernel, num_filter=f, stride=stride, pad=pad, dilate=dilate,
                 num_group=groups, no_bias=no_bias)
    op = make('Convolution', **attrs)
    in_shapes, out_shapes, _ = op.infer_shape([shape] + [None] * (len(op.arguments()) - 1), [])
    args = [rng.randn(*s) for s in in_shapes]
    y = Run(op, args).forward()
    want = conv_loops(args[0], args[1], None if no_bias else args[2], stride, pad, dilate,
                      groups)
    assert y.shape == out_shapes[0]
    np.testing.assert_allclose(y, want, rtol=1e-10, atol=1e-10)
    check_grads('Convolution', args, range(len(args)), attrs, out_grad=rng.randn(*y.shape))


def test_convolution_1d_is_height_one_2d():
    x, w, b = rng.randn(2, 3, 9), rng.randn(4, 3, 3), rng.randn(4)
    attrs = dict(kernel=(3,), num_filter=4, stride=(2,), pad=(1,))
    y = Run(make('Convolution', **attrs), [x, w, b]).forward()
    want = conv_loops(x[:, :, None], w[:, :, None], b, (1, 2), (0, 1), (1, 1), 1)[:, :, 0]
    np.testing.assert_allclose(y, want, rtol=1e-10, atol=1e-10)
    check_grads('Convolution', [x, w, b], [0, 1, 2], attrs, out_grad=rng.randn(*y.shape))


def test_convolution_shapes_and_errors():
    op = make('Convolution', kernel=(3, 3), num_filter=8)
    assert op.hint == 'convolution'
    assert op.infer_shape([(2, 3, 28, 28), None, None], []) == \
        ([(2, 3, 28, 28), (8, 3, 3, 3), (8,)], [(2, 8, 26, 26)], [])
    with pytest.raises(ShapeError, match=r'Provided = \[8,4,3,3\]'):
        op.infer_shape([(2, 3, 28, 28), (8, 4, 3, 3), None], [])
    with pytest.raises(ShapeError, match='larger than the padded data'):
        op.infer_shape([(2, 3, 2, 2), None, None], [])
    with pytest.raises(ShapeError, match='num_group=2 must divide'):
        make('Convolution', kernel=(1, 1), num_filter=4, num_group=2).infer_shape(
            [(2, 3, 4, 4), None, None], [])
    with pytest.raises(ShapeError, match='kernel=\\(3, 3\\) has 2 axes'):
        op.infer_shape([(2, 3, 28), None, None], [])


def test_convolution_grad_req_add_and_null():
    args = [rng.randn(2, 2, 5, 5), rng.randn(3, 2, 3, 3), rng.randn(3)]
    r = Run(make('Convolution', kernel=(3, 3), num_filter=3, pad=(1, 1)), args)
    dy = rng.randn(*r.forward().shape)
    fresh = [g.copy() for g in r.backward(dy)]
    before = [rng.randn(*g.shape) for g in fresh]
    grads = [b.copy() for b in before]
    r.backward(dy, req='add', grads=grads)
    for g, b, f in zip(grads, before, fresh):
        np.testing.assert_allclose(g, b + f)
    grads = [b.copy() for b in before]
    r.backward(dy, req=['null', 'write', 'null'], grads=grads)
    np.testing.assert_array_equal(grads[0], before[0])
    np.testing.assert_allclose(grads[1], fresh[1])     # twice in a row: same weight grad
    np.testing.assert_array_equal(grads[2], before[2])


# --- Pooling -------------------------------------------------------------------------------

def pool_loops(x, kernel, stride, pad, pool_type, full=False, include_pad=True):
    n, c, h, w = x.shape
    size = [(d + 2 * p - k) / s for d, p, k, s in zip((h, w), pad, kernel, stride)]
    oh, ow = [1 + (math.ceil(v) if full else math.floor(v)) for v in size]
    y = np.zeros((n, c, oh, ow))
    for i in range(oh):
        for j in range(ow):
            hs, ws = i * stride[0] - pad[0], j * stride[1] - pad[1]
            he, we = min(hs + kernel[0], h + pad[0]), min(ws + kernel[1], w + pad[1])
            area = (he - hs) * (we - ws)
            hs, ws, he, we = max(hs, 0), max(ws, 0), min(he, h), min(we, w)
            win = x[:, :, hs:he, ws:we]
            if pool_type == 'max':
                y[:, :, i, j] = win.max(axis=(2, 3))
            else:
                y[:, :, i, j] = win.sum(axis=(2, 3))
                if pool_type == 'avg':
                    y[:, :, i, j] /= area if include_pad else (he - hs) * (we - ws)
    return y


POOL_CASES = [  # shape, kernel, stride, pad, convention
    ((2, 3, 6, 6), (2, 2), (2, 2), (0, 0), 'valid'),
    ((2, 2, 7, 7), (3, 3), (2, 2), (0, 0), 'valid'),
    ((2, 2, 7, 7), (3, 3), (2, 2), (0, 0), 'full'),
    ((1, 2, 7, 6), (3, 2), (2, 1), (1, 1), 'valid'),
    ((1, 2, 8, 8), (3, 3), (2, 2), (1, 1), 'full')]


@pytest.mark.parametrize('pool_type', ['max', 'avg', 'sum'])
@pytest.mark.parametrize('shape,kernel,stride,pad,convention', POOL_CASES)
def test_pooling_forward_and_gradient(pool_type, shape, kernel, stride, pad, convention):
    attrs = dict(kernel=kernel, stride=stride, pad=pad, pool_type=pool_type,
                 pooling_convention=convention)
    x = rng.randn(*shape)
    y = Run(make('Pooling', **attrs), [x]).forward()
    np.testing.assert_allclose(y, pool_loops(x, kernel, stride, pad, pool_type,
                                             full=convention == 'full'), rtol=1e-12)
    check_grads('Pooling', [x], [0], attrs, out_grad=rng.randn(*y.shape))


def test_avg_pooling_without_counting_padding():
    attrs = dict(kernel=(3, 3), stride=(2, 2), pad=(1, 1), pool_type='avg',
                 count_include_pad=False)
    x = rng.randn(2, 2, 7, 7)
    y = Run(make('Pooling', **attrs), [x]).forward()
    np.testing.assert_allclose(y, pool_loops(x, (3, 3), (2, 2), (1, 1), 'avg',
                                             include_pad=False))
    check_grads('Pooling', [x], [0], attrs, out_grad=rng.randn(*y.shape))


@pytest.mark.parametrize('pool_type', ['max', 'avg', 'sum'])
def test_global_and_1d_pooling(pool_type):
    x = rng.randn(2, 3, 5, 4)
    y = Run(make('Pooling', kernel=(1, 1), global_pool=True, pool_type=pool_type), [x]).forward()
    reduce = {'max': np.max, 'avg': np.mean, 'sum': np.sum}[pool_type]
    np.testing.assert_allclose(y, reduce(x, axis=(2, 3), keepdims=True))
    x1 = rng.randn(2, 3, 9)
    attrs = dict(kernel=(3,), stride=(2,), pool_type=pool_type)
    y1 = Run(make('Pooling', **attrs), [x1]).forward()
    np.testing.assert_allclose(y1, pool_loops(x1[:, :, None], (1, 3), (1, 2), (0, 0),
                                              pool_type)[:, :, 0])
    check_grads('Pooling', [x1], [0], attrs, out_grad=rng.randn(*y1.shape))


def test_max_pooling_gradient_goes_to_one_maximum_on_ties():
    x = np.ones((1, 1, 2, 2))
    r = Run(make('Pooling', kernel=(2, 2)), [x])
    r.forward()
    g = r.backward(np.array([[[[5.0]]]]))[0]
    np.testing.assert_array_equal(g, [[[[5, 0], [0, 0]]]])


def test_pooling_shapes_and_errors():
    op = make('Pooling', kernel=(2, 2), stride=(2, 2))
    assert op.hint == 'pooling' and op.p['pool_type'] == 'max'
    # max pooling has a hidden second output (workspace) in MXNet's pip build
    assert op.infer_shape([(1, 4, 6, 6)], []) == ([(1, 4, 6, 6)], [(1, 4, 3, 3)] * 2, [])
    assert make('Pooling', kernel=(3, 3), stride=(2, 2), pooling_convention='full') \
        .infer_shape([(1, 1, 8, 8)], [])[1][0] == (1, 1, 4, 4)
    assert make('Pooling', global_pool=True).infer_shape([(2, 3, 5, 7)], [])[1][0] == \
        (2, 3, 1, 1)
    with pytest.raises(ShapeError, match='larger than the padded data'):
        op.infer_shape([(1, 1, 1, 1)], [])
    with pytest.raises(ShapeError, match="'lp' is not implemented"):
        make('Pooling', kernel=(2, 2), pool_type='lp').infer_shape([(1, 1, 4, 4)], [])
