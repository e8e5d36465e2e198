"""Deconvolution, UpSampling and LRN (deconv.py, upsampling.py, lrn.py): forward against
direct formulas, every gradient against central differences in float64, shapes."""
import os
import sys

import numpy as np
import pytest

from tutor.base import MXNetError
from tutor.symbol.op import ShapeError

sys.path.insert(0, os.path.dirname(__file__))
from _ophelp import Run, check_grads, make  # noqa: E402

rng = np.random.RandomState(17)


def deconv_reference(x, w, stride, pad, out_hw):
    """Transposed convolution by its definition: each input value adds x·W into a window."""
    n, c, h, wd = x.shape
    f, kh, kw = w.shape[1], w.shape[2], w.shape[3]
    full = np.zeros((n, f, out_hw[0] + 2 * pad[0] + kh, out_hw[1] + 2 * pad[1] + kw))
    for i in range(h):
        for j in range(wd):
            full[:, :, i * stride[0]:i * stride[0] + kh, j * stride[1]:j * stride[1] + kw] += \
                np.einsum('nc,cfhw->nfhw', x[:, :, i, j], w)
    return full[:, :, pad[0]:pad[0] + out_hw[0], pad[1]:pad[1] + out_hw[1]]


@pytest.mark.parametrize('attrs', [dict(kernel=(3, 3), num_filter=2),
                                   dict(kernel=(2, 3), num_filter=3, stride=(2, 1), pad=(1, 1)),
                                   dict(kernel=(3, 3), num_filter=2, stride=(2, 2), pad=(1, 1),
                                        adj=(1, 0))])
def test_deconvolution_forward_is_the_transposed_convolution(attrs):
    x = rng.randn(2, 3, 3, 4)
    op = make('Deconvolution', **attrs)
    _, outs, _ = op.infer_shape([x.shape, None], [])
    w = rng.randn(3, attrs['num_filter'], *attrs['kernel'])
    y = Run(op, [x, w]).forward()
    want = deconv_reference(x, w, attrs.get('stride', (1, 1)), attrs.get('pad', (0, 0)),
                            outs[0][2:])
    np.testing.assert_allclose(y, want, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize('shape,attrs', [
    ((2, 3, 3, 3), dict(kernel=(3, 3), num_filter=2, no_bias=False)),
    ((1, 4, 3, 2), dict(kernel=(2, 2), num_filter=4, stride=(2, 2), num_group=2, pad=(1, 0),
                        adj=(1, 1))),
    ((2, 2, 4), dict(kernel=(3,), num_filter=3, stride=(2,), dilate=(2,), no_bias=False)),
    ((1, 2, 3, 3), dict(kernel=(4, 4), num_filter=2, stride=(2, 2), target_shape=(6, 7))),
])
def test_deconvolution_gradients(shape, attrs):
    op = make('Deconvolution', **attrs)
    n_in = len(op.arguments())
    ins, outs, _ = op.infer_shape([shape] + [None] * (n_in - 1), [])
    args = [rng.randn(*s) for s in ins]
    check_grads('Deconvolution', args, range(n_in), attrs, out_grad=rng.randn(*outs[0]))


def test_deconvolution_shapes():
    op = make('Deconvolution', kernel=(4, 4), num_filter=5, stride=(2, 2), target_shape=(10, 9))
    assert op.arguments() == ['data', 'weight'] and op.p['no_bias'] is True
    assert op.infer_shape([(2, 3, 5, 5), None], []) == ([(2, 3, 5, 5), (3, 5, 4, 4)],
                                                        [(2, 5, 10, 9)], [])
    assert op.infer_shape([(0, 3, 5, 5), None], [])[1] == [(0, 5, 10, 9)]
    assert op.infer_shape([(2, 0, 5, 5), None], [])[0][1] == (0, 5, 4, 4)
    with pytest.raises(ShapeError, match='too big target shape'):
        make('Deconvolution', kernel=(3, 3), num_filter=1, target_shape=(9, 9)).infer_shape(
            [(1, 1, 2, 2), None], [])


# --- UpSampling ----------------------------------------------------------------------------

def test_upsampling_nearest_copies_blocks_and_sums_them_back():
    x = rng.randn(1, 2, 2, 3)
    r = check_grads('UpSampling', [x], [0], dict(scale=2, sample_type='nearest', num_args=1),
                    out_grad=rng.randn(1, 2, 4, 6))
    np.testing.assert_array_equal(r.forward(), x.repeat(2, axis=2).repeat(2, axis=3))


@pytest.mark.parametrize('mode', ['concat', 'sum'])
def test_upsampling_several_inputs(mode):
    a, b = rng.randn(2, 2, 2, 2), rng.randn(2, 2, 4, 4)
    attrs = dict(scale=2, sample_type='nearest', num_args=2, multi_input_mode=mode)
    out = (2, 4 if mode == 'concat' else 2, 4, 4)
    r = check_grads('UpSampling', [a, b], [0, 1], attrs, out_grad=rng.randn(*out))
    big_a = a.repeat(2, axis=2).repeat(2, axis=3)
    want = np.concatenate([big_a, b], axis=1) if mode == 'concat' else big_a + b
    np.testing.assert_array_equal(r.forward(), want)


def test_upsampling_bilinear_is_a_deconvolution_with_one_filter_per_channel():
    op = make('UpSampling', scale=2, sample_type='bilinear', num_filter=3, num_args=1)
    assert op.arguments() == ['data', 'weight']
    assert op.infer_shape([(2, 3, 4, 5), None], [])[:2] == ([(2, 3, 4, 5), (3, 1, 4, 4)],
                                                            [(2, 3, 8, 10)])
    check_grads('UpSampling', [rng.randn(1, 3, 2, 3), rng.randn(3, 1, 4, 4)], [0, 1],
                dict(scale=2, sample_type='bilinear', num_filter=3, num_args=1),
                out_grad=rng.randn(1, 3, 4, 6))
    with pytest.raises(MXNetError, match='num_filter'):
        make('UpSampling', scale=2, sample_type='bilinear', num_args=1)


def test_upsampling_shape_errors():
    op = make('UpSampling', scale=2, sample_type='nearest', num_args=2)
    assert op.arguments() == ['arg0', 'arg1']
    with pytest.raises(ShapeError, match='does not divide'):
        op.infer_shape([(1, 1, 4, 4), (1, 1, 3, 3)], [])
    with pytest.raises(ShapeError, match='4D'):
        op.infer_shape([(1, 1, 4), (1, 1, 4, 4)], [])
    assert op.infer_shape([(1, 1, 4, 4), None], [])[1] == [None]


# --- LRN -----------------------------------------------------------------------------------

@pytest.mark.parametrize('attrs', [dict(nsize=3), dict(nsize=5, alpha=0.1, beta=0.5, knorm=1),
                                   dict(nsize=7, alpha=0.3), dict(nsize=1, alpha=0.5)])
def test_lrn(attrs):
    x = rng.randn(2, 6, 2, 3)
    r = check_grads('LRN', [x], [0], attrs, out_grad=rng.randn(*x.shape))
    n, a, b, k = attrs['nsize'], attrs.get('alpha', 1e-4), attrs.get('beta', 0.75), \
        attrs.get('knorm', 2.0)
    sq = np.zeros_like(x)
    for c in range(6):
        lo = max(0, c - n // 2)
        sq[:, c] = (x[:, lo:c - n // 2 + n] ** 2).sum(axis=1)
    np.testing.assert_allclose(r.forward(), x / (k + a / n * sq) ** b, rtol=1e-12)


def test_lrn_needs_4d_data_and_odd_nsize_to_run():
    op = make('LRN', nsize=3)
    assert op.infer_shape([(3, 4)], [])[1] == [(3, 4), (3, 4)]
    with pytest.raises(ShapeError, match='4-D'):
        op.create_state([(3, 4)], [(3, 4), (3, 4)])
    with pytest.raises(ShapeError, match='odd'):
        make('LRN', nsize=4).create_state([(1, 5, 2, 2)], [(1, 5, 2, 2)] * 2)
