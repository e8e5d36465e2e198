"""The new maths and layer operators called imperatively (``mx.nd.<op>``, built from the same
registry as ``mx.sym``) give MXNet 1.9.1's values, as does NDArray's ``**``.

Run: MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity/test_math_ops_nd_parity.py
"""
import numpy as np
import pytest

mx = pytest.importorskip('mxnet')
from _both import LIBS  # noqa: E402

_rng = np.random.RandomState(0)
X = _rng.uniform(-2, 2, (2, 3, 4, 4)).astype(np.float32)
Y = _rng.uniform(0.5, 2, (1, 3, 1, 1)).astype(np.float32)

CALLS = {
    'broadcast_add': lambda m: m.nd.broadcast_add(m.nd.array(X), m.nd.array(Y)),
    'broadcast_plus': lambda m: m.nd.broadcast_plus(m.nd.array(X), m.nd.array(Y)),
    'broadcast_power': lambda m: m.nd.broadcast_power(m.nd.array(Y), m.nd.array(X)),
    'broadcast_greater': lambda m: m.nd.broadcast_greater(m.nd.array(X), m.nd.array(Y)),
    'relu': lambda m: m.nd.relu(m.nd.array(X)),
    'rsqrt': lambda m: m.nd.rsqrt(m.nd.array(Y)),
    'LeakyReLU elu': lambda m: m.nd.LeakyReLU(m.nd.array(X), act_type='elu'),
    'LeakyReLU prelu': lambda m: m.nd.LeakyReLU(m.nd.array(X), m.nd.array(Y.reshape(3)),
                                                act_type='prelu'),
    'LeakyReLU gelu': lambda m: m.nd.LeakyReLU(m.nd.array(X), act_type='gelu'),
    'LayerNorm': lambda m: m.nd.LayerNorm(m.nd.array(X), m.nd.ones((4,)), m.nd.zeros((4,))),
    'InstanceNorm': lambda m: m.nd.InstanceNorm(m.nd.array(X), m.nd.ones((3,)),
                                                m.nd.zeros((3,))),
    'L2Normalization': lambda m: m.nd.L2Normalization(m.nd.array(X), mode='channel'),
    'LRN': lambda m: m.nd.LRN(m.nd.array(X), nsize=3),
    'UpSampling': lambda m: m.nd.UpSampling(m.nd.array(X), scale=2, sample_type='nearest'),
    'Deconvolution': lambda m: m.nd.Deconvolution(
        m.nd.array(X), m.nd.array(np.linspace(-1, 1, 24).reshape(3, 2, 2, 2)), kernel=(2, 2),
        num_filter=2),
    'clip': lambda m: m.nd.clip(m.nd.array(X), -1, 1),
    'smooth_l1': lambda m: m.nd.smooth_l1(m.nd.array(X), scalar=2.0),
    'log_softmax': lambda m: m.nd.log_softmax(m.nd.array(X), axis=1),
    'add_n': lambda m: m.nd.add_n(m.nd.array(X), m.nd.array(X), m.nd.array(X)),
    'broadcast_to': lambda m: m.nd.broadcast_to(m.nd.array(Y), shape=(2, 3, 4, 4)),
    'maximum': lambda m: m.nd.maximum(m.nd.array(X), 0.5),
    'x ** 2': lambda m: m.nd.array(Y) ** 2,
    '2 ** x': lambda m: 2 ** m.nd.array(Y),
    'hard_sigmoid': lambda m: m.nd.hard_sigmoid(m.nd.array(X)),
    'erf': lambda m: m.nd.erf(m.nd.array(X)),
}


@pytest.mark.parametrize('name', sorted(CALLS))
def test_imperative_call_gives_mxnet_values(name):
    ref, got = (CALLS[name](lib).asnumpy() for _, lib in LIBS)
    assert got.shape == ref.shape and got.dtype == ref.dtype
    np.testing.assert_allclose(got, ref, rtol=1e-5, atol=1e-6)
