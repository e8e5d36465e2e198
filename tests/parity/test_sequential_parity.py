"""SequentialModule and PythonLossModule against real MXNet 1.9.1: two modules chained
(auto_wiring, take_labels) trained by fit end with the same parameters and outputs; a
PythonLossModule's gradient reaches the module before it.

Run: MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity/test_sequential_parity.py
"""
import logging

import numpy as np
import pytest

mx = pytest.importorskip('mxnet')
import tutor  # noqa: E402
from _both import LIBS, close  # noqa: E402

F32 = np.float32


def data():
    rng = np.random.RandomState(2)
    x = rng.randn(40, 6).astype(F32)
    y = (x[:, 0] + x[:, 1] > 0).astype(F32) + (x[:, 2] > 1).astype(F32)
    return x, y


def start_params():
    rng = np.random.RandomState(4)
    return {'fc1_weight': rng.uniform(-.4, .4, (8, 6)).astype(F32),
            'fc1_bias': np.zeros(8, F32),
            'fc2_weight': rng.uniform(-.4, .4, (3, 8)).astype(F32),
            'fc2_bias': np.zeros(3, F32)}


def chain(lib, loss='softmax'):
    body = lib.sym.Activation(lib.sym.FullyConnected(lib.sym.var('data'), num_hidden=8,
                                                     name='fc1'), act_type='relu', name='r1')
    head = lib.sym.FullyConnected(lib.sym.var('hidden'), num_hidden=3, name='fc2')
    seq = lib.mod.SequentialModule()
    seq.add(lib.mod.Module(body, data_names=['data'], label_names=None))
    if loss == 'softmax':
        head = lib.sym.SoftmaxOutput(head, name='softmax')
        seq.add(lib.mod.Module(head, data_names=['hidden']), take_labels=True,
                auto_wiring=True)
        return seq
    seq.add(lib.mod.Module(head, data_names=['hidden'], label_names=None), auto_wiring=True)
    seq.add(lib.mod.PythonLossModule(grad_func=softmax_grad), take_labels=True,
            auto_wiring=True)
    return seq


def softmax_grad(scores, labels):
    """d(cross-entropy)/d(scores), summed over the batch like SoftmaxOutput's."""
    s = scores.asnumpy()
    p = np.exp(s - s.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(p)), labels.asnumpy().astype(int)] -= 1
    return p


@pytest.mark.parametrize('loss', ['softmax', 'python'])
def test_two_modules_fit_like_mxnet(loss):
    x, y = data()
    results = []
    logging.disable(logging.CRITICAL)
    try:
        for _, lib in LIBS:
            seq = chain(lib, loss)
            it = lib.io.NDArrayIter(x, y, batch_size=8)
            seq.fit(it, num_epoch=3, arg_params={k: lib.nd.array(v)
                                                 for k, v in start_params().items()},
                    optimizer_params=(('learning_rate', 0.3),), eval_metric='acc')
            args, _ = seq.get_params()
            it.reset()
            results.append(({k: v.asnumpy() for k, v in args.items()},
                            seq.predict(it).asnumpy(), seq.output_names))
    finally:
        logging.disable(logging.NOTSET)
    (ref_args, ref_out, ref_names), (got_args, got_out, got_names) = results
    assert got_names == ref_names
    assert sorted(got_args) == sorted(ref_args) == sorted(start_params())
    for name, value in ref_args.items():
        assert not np.allclose(value, start_params()[name])
        close(got_args[name], value, 'parameter %s' % name, rtol=1e-4, atol=1e-5)
    close(got_out, ref_out, 'predictions', rtol=1e-4, atol=1e-5)


def test_shapes_and_input_grads_like_mxnet():
    x, y = data()
    seen = []
    for _, lib in LIBS:
        seq = chain(lib)
        seq.bind(data_shapes=[('data', (8, 6))], label_shapes=[('softmax_label', (8,))],
                 inputs_need_grad=True)
        seq.init_params(arg_params={k: lib.nd.array(v) for k, v in start_params().items()})
        seq.forward(lib.io.DataBatch([lib.nd.array(x[:8])], [lib.nd.array(y[:8])]),
                    is_train=True)
        seq.backward()
        with pytest.raises(AssertionError):   # MXNet's bind never sets inputs_need_grad
            seq.get_input_grads()
        seen.append(([tuple(s) for _, s in seq.output_shapes],
                     seq._modules[1].data_shapes[0][0], seq.label_shapes is not None,
                     seq._modules[0].get_input_grads()[0].asnumpy()))
    (a_shapes, a_name, a_lab, a_grad), (b_shapes, b_name, b_lab, b_grad) = seen
    assert (a_shapes, a_name, a_lab) == (b_shapes, b_name, b_lab)
    close(b_grad, a_grad, 'input gradient')
