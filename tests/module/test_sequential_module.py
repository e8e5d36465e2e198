"""SequentialModule and PythonLossModule: wiring, labels, gradients flowing back through
the chain, and MXNet's assertions."""
import numpy as np
import pytest

import tutor as mx


def two_modules(loss_module=None):
    body = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=4, name='fc1')
    head = mx.sym.FullyConnected(mx.sym.var('hidden'), num_hidden=3, name='fc2')
    seq = mx.mod.SequentialModule()
    seq.add(mx.mod.Module(body, label_names=None))
    if loss_module is None:
        seq.add(mx.mod.Module(mx.sym.SoftmaxOutput(head, name='softmax'),
                              data_names=['hidden']), take_labels=True, auto_wiring=True)
    else:
        seq.add(mx.mod.Module(head, data_names=['hidden'], label_names=None),
                auto_wiring=True)
        seq.add(loss_module, take_labels=True, auto_wiring=True)
    return seq


def bound(seq, batch=5):
    seq.bind(data_shapes=[('data', (batch, 6))], label_shapes=[('softmax_label', (batch,))])
    seq.init_params(mx.init.Xavier())
    return seq


def test_add_chains_and_refuses_unknown_metas():
    seq = mx.mod.SequentialModule()
    assert seq.add(mx.mod.Module(mx.sym.var('data') * 2, label_names=None)) is seq
    with pytest.raises(AssertionError, match='Unknown meta'):
        seq.add(mx.mod.Module(mx.sym.var('data')), take_label=True)


def test_bind_wires_output_shapes_into_the_next_data_names():
    seq = bound(two_modules())
    assert seq._modules[1].data_shapes[0].name == 'hidden'
    assert seq._modules[1].data_shapes[0].shape == (5, 4)
    assert seq._modules[1].inputs_need_grad and not seq._modules[0].inputs_need_grad
    assert seq.output_shapes == [('softmax_output', (5, 3))]
    assert seq.data_names == ['data'] and seq.output_names == ['softmax_output']


def test_backward_hands_input_grads_to_the_module_before():
    seq = bound(two_modules())
    x = np.random.RandomState(0).randn(5, 6).astype(np.float32)
    y = np.array([0, 1, 2, 1, 0], np.float32)
    seq.forward(mx.io.DataBatch([mx.nd.array(x)], [mx.nd.array(y)]), is_train=True)
    seq.backward()
    head_grad = seq._modules[1].get_input_grads()[0]
    w1 = seq._modules[0]._exec.grad_dict['fc1_weight']
    np.testing.assert_allclose(w1, head_grad.T @ x, rtol=1e-5, atol=1e-6)


def test_duplicate_parameter_names_are_refused():
    a = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=4, name='fc')
    b = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=4, name='fc')
    seq = mx.mod.SequentialModule()
    seq.add(mx.mod.Module(a, label_names=None))
    seq.add(mx.mod.Module(b, label_names=None), auto_wiring=True)
    seq.bind(data_shapes=[('data', (2, 4))])
    with pytest.raises(AssertionError, match='Duplicated parameter names'):
        seq.init_params()


def test_python_loss_module_gradient_is_grad_func():
    calls = []

    def grad(scores, labels):
        calls.append((scores.shape, labels.shape))
        return np.ones(scores.shape) * 0.5

    loss = mx.mod.PythonLossModule(grad_func=grad)
    seq = bound(two_modules(loss))
    seq.init_optimizer()
    x = np.ones((5, 6), np.float32)
    seq.forward(mx.io.DataBatch([mx.nd.array(x)], [mx.nd.zeros((5,))]), is_train=True)
    seq.backward()
    assert calls == [((5, 3), (5,))]
    np.testing.assert_allclose(seq._modules[1].get_input_grads()[0],
                               np.full((5, 3), 0.5) @ seq._modules[1]._exec.arg_dict[
                                   'fc2_weight'], rtol=1e-5)
    assert loss.get_params() == ({}, {}) and loss.output_names == ['pyloss_output']
    with pytest.raises(AssertionError):
        loss.backward(out_grads=[mx.nd.ones((5, 3))])


def test_python_loss_module_without_grad_func_must_be_subclassed():
    loss = mx.mod.PythonLossModule()
    loss.bind([('data', (2, 3))], [('softmax_label', (2,))])
    loss.forward(mx.io.DataBatch([mx.nd.ones((2, 3))], [mx.nd.zeros((2,))]))
    with pytest.raises(NotImplementedError):
        loss.backward()
