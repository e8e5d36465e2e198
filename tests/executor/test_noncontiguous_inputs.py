"""Ops cache 2-D views of the arrays they are bound to. A non-contiguous bound array has no
such view (reshape copies), so every forward must read the array as it is now."""
import numpy as np

import tutor as mx


def _bind_on_strided_data(seed):
    rng = np.random.default_rng(seed)
    net = mx.sym.SoftmaxOutput(mx.sym.FullyConnected(mx.sym.Variable('data'), num_hidden=3,
                                                     name='fc'), name='sm')
    wide = rng.random((4, 2, 10)).astype(np.float32)
    data = wide[:, :, :5].view(mx.nd.NDArray)        # (4, 2, 5), not contiguous: flattening
    args = {'data': data, 'fc_weight': mx.nd.array(rng.random((3, 10))),  # it copies
            'fc_bias': mx.nd.array(np.zeros(3)), 'sm_label': mx.nd.array(np.zeros(4))}
    return net.bind(mx.cpu(), args), data, args['fc_weight']


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def test_forward_follows_a_strided_bound_array_after_it_changes():
    exe, data, weight = _bind_on_strided_data(0)
    first = exe.forward()[0].asnumpy()
    data[...] = np.random.default_rng(1).random((4, 2, 5))
    second = exe.forward()[0].asnumpy()
    assert not np.allclose(first, second)
    x = np.asarray(data).reshape(4, -1)
    np.testing.assert_allclose(second, _softmax(x @ np.asarray(weight).T),
                               rtol=1e-5)


def test_writing_the_bound_array_in_place_shows_in_the_next_forward():
    exe, data, weight = _bind_on_strided_data(2)
    exe.forward()
    exe.arg_dict['data'][...] = 0                    # the bound (strided) array itself
    out = exe.forward()[0].asnumpy()
    np.testing.assert_allclose(out, np.full((4, 3), 1 / 3), rtol=1e-6)
