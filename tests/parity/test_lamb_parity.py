"""LAMB against real MXNet 1.9.1 over 20 update steps (as the other optimizers in
test_init_optim_parity.py): weights after every step, states, update counts.

Run: MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity/test_lamb_parity.py
"""
import numpy as np
import pytest

mx = pytest.importorskip('mxnet')
import tutor  # noqa: E402
from test_init_optim_parity import _compare, _data  # noqa: E402

CASES = [
    dict(),
    dict(learning_rate=0.01, wd=0.01, rescale_grad=0.5),
    dict(learning_rate=0.01, clip_gradient=0.3, beta1=0.8, beta2=0.99),
    dict(learning_rate=0.01, bias_correction=False, epsilon=1e-4),
    dict(learning_rate=0.01, lower_bound=0.5, upper_bound=1.2, wd=0.02),
]


@pytest.mark.parametrize('kwargs', CASES)
def test_lamb_matches_mxnet_over_20_steps(kwargs):
    _compare('lamb', kwargs)


@pytest.mark.parametrize('kwargs', CASES[:2])
def test_lamb_matches_when_called_per_index(kwargs):
    _compare('lamb', kwargs, per_index=True)


@pytest.mark.parametrize('sched', ['factor', 'multi'])
def test_lamb_matches_with_scheduler(sched):
    _compare('lamb', dict(wd=0.01), sched=sched)


def test_lamb_float16_with_multi_precision():
    weights, grads = _data(11)
    out = []
    for lib in (mx, tutor):
        up = lib.optimizer.get_updater(lib.optimizer.create('lamb', learning_rate=0.01,
                                                            multi_precision=True))
        ws = [lib.nd.array(w, dtype=np.float16) for w in weights]
        for step_grads in grads:
            gs = [lib.nd.array(g, dtype=np.float16) for g in step_grads]
            up(tuple(range(len(ws))), tuple(gs), tuple(ws))
        out.append([w.asnumpy() for w in ws])
    for a, b in zip(*out):
        np.testing.assert_allclose(b.astype(np.float32), a.astype(np.float32),
                                   rtol=2e-3, atol=2e-3)
