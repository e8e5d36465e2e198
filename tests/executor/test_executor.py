"""The executor: bind once, forward and backward in topological order into fixed arrays."""
import numpy as np
import pytest

import tutor as mx


def mlp():
    net = mx.sym.Variable('data')
    net = mx.sym.FullyConnected(net, name='fc1', num_hidden=3)
    net = mx.sym.Activation(net, name='relu1', act_type='relu')
    net = mx.sym.FullyConnected(net, name='fc2', num_hidden=2)
    return mx.sym.SoftmaxOutput(net, name='softmax')


def bound(grad_req='write', n=4):
    rng = np.random.RandomState(0)
    exe = mlp().simple_bind(mx.cpu(), grad_req=grad_req, data=(n, 5))
    for name, arr in exe.arg_dict.items():
        arr[...] = rng.uniform(-1, 1, arr.shape)
    exe.arg_dict['softmax_label'][:] = rng.randint(0, 2, n)
    return exe


def manual(exe):
    a = {k: v.asnumpy().astype(np.float64) for k, v in exe.arg_dict.items()}
    h = a['data'] @ a['fc1_weight'].T + a['fc1_bias']
    r = np.maximum(h, 0)
    z = r @ a['fc2_weight'].T + a['fc2_bias']
    p = np.exp(z - z.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    g = p.copy()
    g[np.arange(len(g)), a['softmax_label'].astype(int)] -= 1
    gw2 = g.T @ r
    gr = (g @ a['fc2_weight']) * (h > 0)
    return p, {'fc2_weight': gw2, 'fc2_bias': g.sum(0), 'fc1_weight': gr.T @ a['data'],
               'fc1_bias': gr.sum(0), 'data': gr @ a['fc1_weight']}


def test_forward_backward_match_a_hand_written_mlp():
    exe = bound()
    out = exe.forward(is_train=True)
    p, grads = manual(exe)
    np.testing.assert_allclose(out[0], p, rtol=1e-5)
    exe.backward()
    for name, g in grads.items():
        np.testing.assert_allclose(exe.grad_dict[name], g, rtol=1e-4, atol=1e-6)


def test_arrays_are_allocated_once():
    exe = bound()
    ids = [id(a) for a in exe.arg_arrays + exe.grad_arrays + exe.outputs]
    mem = [a.__array_interface__['data'][0] for a in exe.outputs + exe.grad_arrays]
    for _ in range(3):
        exe.forward(is_train=True)
        exe.backward()
    assert ids == [id(a) for a in exe.arg_arrays + exe.grad_arrays + exe.outputs]
    assert mem == [a.__array_interface__['data'][0] for a in exe.outputs + exe.grad_arrays]


def test_grad_req_add_accumulates_and_null_skips():
    exe = bound(grad_req={'fc1_weight': 'add', 'fc2_weight': 'write'})
    assert exe.grad_dict['fc1_bias'] is None and exe.grad_dict['data'] is None
    exe.forward(is_train=True)
    exe.backward()
    once = exe.grad_dict['fc1_weight'].copy()
    exe.backward()
    np.testing.assert_allclose(exe.grad_dict['fc1_weight'], 2 * once, rtol=1e-5)


def test_shared_input_gradients_add_up():
    x = mx.sym.Variable('x')
    y = x * x + x  # d/dx = 2x + 1
    exe = y.simple_bind(mx.cpu(), x=(3,))
    exe.arg_dict['x'][:] = [1, 2, 3]
    exe.forward(is_train=True)
    exe.backward(mx.nd.ones((3,)))
    np.testing.assert_allclose(exe.grad_dict['x'], [3, 5, 7])


def test_backward_without_a_loss_needs_head_gradients():
    fc = mx.sym.FullyConnected(mx.sym.Variable('data'), num_hidden=2, name='fc')
    exe = fc.simple_bind(mx.cpu(), data=(2, 3))
    exe.forward(is_train=True)
    with pytest.raises(mx.MXNetError, match='head_gradient is required'):
        exe.backward()
    exe.backward(mx.nd.ones((2, 2)))
    np.testing.assert_allclose(exe.grad_dict['fc_bias'], [2, 2])


def test_bind_with_given_arrays_shares_them():
    net = mlp()
    shapes = dict(zip(net.list_arguments(), net.infer_shape(data=(2, 5))[0]))
    args = {k: mx.nd.ones(s) for k, s in shapes.items()}
    exe = net.bind(mx.cpu(), args=args, grad_req='null')
    assert exe.arg_dict['fc1_weight'] is args['fc1_weight']
    with pytest.raises(ValueError, match='fc2_bias'):
        net.bind(mx.cpu(), args={k: v for k, v in args.items() if k != 'fc2_bias'})


def test_reshape_shares_parameters_and_refuses_a_parameter_change():
    exe = bound()
    new = exe.reshape(data=(7, 5), softmax_label=(7,))
    assert new.arg_dict['fc1_weight'] is exe.arg_dict['fc1_weight']
    assert new.outputs[0].shape == (7, 2)
    with pytest.raises(mx.MXNetError, match='unspecifie arg: fc1_weight'):
        exe.reshape(data=(7, 6), softmax_label=(7,))


def test_forward_copies_inputs_and_checks_their_shape():
    exe = bound()
    exe.forward(data=np.zeros((4, 5)))
    assert not exe.arg_dict['data'].any()
    with pytest.raises(mx.MXNetError, match='bound with'):
        exe.forward(data=np.zeros((3, 5)))


def test_teaching_views():
    exe = bound()
    assert exe.topo_order() == [('fc1', 'FullyConnected'), ('relu1', 'Activation'),
                                ('fc2', 'FullyConnected'), ('softmax', 'SoftmaxOutput')]
    rows = exe.allocations()
    kinds = {(r[0], r[1]) for r in rows}
    assert ('argument', 'fc1_weight') in kinds and ('output', 'relu1_output') in kinds
    assert ('output gradient', 'softmax_output') not in kinds  # a loss layer needs none
    assert 'Op:FullyConnected, Name=fc1' in exe.debug_str()


def test_monitor_callback_sees_every_output():
    exe = bound()
    seen = []
    exe.set_monitor_callback(lambda name, arr: seen.append(name))
    exe.forward(is_train=True)
    exe.backward()
    assert seen[:4] == ['fc1_output', 'relu1_output', 'fc2_output', 'softmax_output']
    assert 'fc1_backward_output1' in seen and 'relu1_backward_output' in seen
