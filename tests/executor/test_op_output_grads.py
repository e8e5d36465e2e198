"""Executor.op_output_grads: the gradient backward leaves at every op output (MXNet keeps
these internal), in forward order, None where bind keeps none."""
import numpy as np

import tutor as mx


def test_each_output_gets_the_gradient_its_consumers_sent_down():
    x = mx.sym.Variable('x')
    parts = mx.sym.SliceChannel(x, num_outputs=2, axis=1, name='split')
    y = mx.sym.MakeLoss(mx.sym.sum(parts[0] * 3) + mx.sym.sum(mx.sym.square(parts[1])),
                        name='loss')
    exe = y.simple_bind(mx.cpu(), x=(2, 4))
    xv = np.arange(8, dtype=np.float32).reshape(2, 4)
    exe.arg_dict['x'][:] = xv
    exe.forward(is_train=True)
    exe.backward()
    grads = dict(exe.op_output_grads())
    assert list(grads) == [name for name, _ in exe.op_outputs()]
    assert np.allclose(grads['split_output0'].asnumpy(), 3)            # d(3 sum a)/da
    assert np.allclose(grads['split_output1'].asnumpy(), 2 * xv[:, 2:])  # d(sum b²)/db
    assert grads['loss_output'] is None    # a loss layer ignores its head gradient
    assert np.allclose(exe.grad_dict['x'].asnumpy(),
                       np.hstack([grads['split_output0'].asnumpy(),
                                  grads['split_output1'].asnumpy()]))


def test_the_tutorial_mlp_fc2_output_gradient_sums_to_fc2_bias_gradient():
    net = mx.sym.Variable('data')
    net = mx.sym.FullyConnected(net, name='fc1', num_hidden=8)
    net = mx.sym.Activation(net, name='relu1', act_type='relu')
    net = mx.sym.FullyConnected(net, name='fc2', num_hidden=5)
    net = mx.sym.SoftmaxOutput(net, name='softmax')
    exe = net.simple_bind(mx.cpu(), data=(6, 3), softmax_label=(6,))
    rng = np.random.RandomState(0)
    for name, arr in exe.arg_dict.items():
        arr[:] = rng.uniform(-1, 1, arr.shape)
    exe.arg_dict['softmax_label'][:] = [0, 1, 2, 3, 4, 0]
    exe.forward(is_train=True)
    exe.backward()
    grads = dict(exe.op_output_grads())
    assert set(grads) == {'fc1_output', 'relu1_output', 'fc2_output', 'softmax_output'}
    assert np.allclose(grads['fc2_output'].asnumpy().sum(axis=0),
                       exe.grad_dict['fc2_bias'].asnumpy(), atol=1e-6)
    fc1 = dict(exe.op_outputs())['fc1_output'].asnumpy()
    assert np.allclose(grads['fc1_output'].asnumpy(),
                       grads['relu1_output'].asnumpy() * (fc1 > 0), atol=1e-7)   # relu's mask
