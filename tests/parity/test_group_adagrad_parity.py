"""GroupAdaGrad against real MXNet 1.9.1 over 20 steps on 2-D weights (its only kind).

Run: MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity/test_group_adagrad_parity.py
"""
import numpy as np
import pytest

mx = pytest.importorskip('mxnet')
import tutor  # noqa: E402
from _both import errors_alike  # noqa: E402

SHAPES = [(4, 5), (6, 3)]


def _run(lib, kwargs, seed):
    rs = np.random.RandomState(seed)
    weights = [rs.uniform(-1, 1, s).astype(np.float32) for s in SHAPES]
    up = lib.optimizer.get_updater(lib.optimizer.create('groupadagrad', **kwargs))
    ws = [lib.nd.array(w) for w in weights]
    history = []
    for _ in range(20):
        gs = [lib.nd.array(rs.normal(0, 1.5, s).astype(np.float32)) for s in SHAPES]
        up(tuple(range(len(ws))), tuple(gs), tuple(ws))
        history.append([w.asnumpy() for w in ws] + [up.states[i].asnumpy()
                                                    for i in range(len(ws))])
    return history


@pytest.mark.parametrize('kwargs', [dict(), dict(learning_rate=0.1, rescale_grad=0.5),
                                    dict(learning_rate=0.05, clip_gradient=0.4, eps=1e-3)])
def test_group_adagrad_matches_mxnet_over_20_steps(kwargs):
    for step, (a, b) in enumerate(zip(_run(mx, kwargs, 5), _run(tutor, kwargs, 5))):
        for x, y in zip(a, b):
            np.testing.assert_allclose(y, x, rtol=1e-5, atol=1e-6, err_msg='step %d' % step)


def test_group_adagrad_refuses_weight_decay_and_vectors():
    def wd(lib):
        up = lib.optimizer.get_updater(lib.optimizer.create('groupadagrad', wd=0.1))
        up(0, lib.nd.ones((2, 2)), lib.nd.ones((2, 2)))
    errors_alike(wd)

    def vector(lib):
        up = lib.optimizer.get_updater(lib.optimizer.create('groupadagrad'))
        up(0, lib.nd.ones((3,)), lib.nd.ones((3,)))
    errors_alike(vector)
