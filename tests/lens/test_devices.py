"""DeviceLens: per device the slice, outputs, gradients, the KVStore's sum, and BatchNorm's
per-slice statistics read back from the moving averages."""
import numpy as np

import tutor as mx


def bn_net():
    net = mx.sym.FullyConnected(mx.sym.Variable('data'), name='fc1', num_hidden=6)
    net = mx.sym.BatchNorm(net, name='bn1', momentum=0.8)
    net = mx.sym.FullyConnected(net, name='fc2', num_hidden=3)
    return mx.sym.SoftmaxOutput(net, name='softmax')


def run(ndev=3, work_load_list=(2, 1, 1), n=16):
    rng = np.random.RandomState(0)
    x, y = (rng.randn(n, 5) * 3 + 1).astype('f'), rng.randint(0, 3, n).astype('f')
    mod = mx.mod.Module(bn_net(), context=[mx.cpu(i) for i in range(ndev)],
                        work_load_list=list(work_load_list))
    lens = mx.lens.DeviceLens().attach(mod)
    mod.bind(data_shapes=[('data', (n, 5))], label_shapes=[('softmax_label', (n,))])
    mod.init_params(mx.init.Xavier())
    mod.init_optimizer(optimizer_params={'learning_rate': 0.1})
    batch = mx.io.DataBatch([mx.nd.array(x)], [mx.nd.array(y)])
    w, b = (mod._exec.arg_dict[k].asnumpy().astype(np.float64) for k in ('fc1_weight',
                                                                           'fc1_bias'))
    mod.forward_backward(batch)
    return mod, lens, x, w, b


def test_slices_outputs_and_gradients_per_device():
    mod, lens, x, _, _ = run()
    assert lens.slices == [('cpu(0)', 0, 8), ('cpu(1)', 8, 12), ('cpu(2)', 12, 16)]
    assert [o[0].shape for o in lens.outputs] == [(8, 3), (4, 3), (4, 3)]
    np.testing.assert_array_equal(np.concatenate([o[0] for o in lens.outputs]),
                                  mod.get_outputs()[0].asnumpy())
    g = lens.device_grads('fc2_weight')
    assert len(g) == 3
    # 'local' adds the first device to the sum of the others
    np.testing.assert_array_equal(lens.kv_sum('fc2_weight'), g[0] + (g[1] + g[2]))
    assert lens.history[-1]['sum_norms']['fc2_weight'] > 0


def test_batchnorm_statistics_are_each_slices_own():
    _, lens, x, w, b = run()
    h = x.astype(np.float64) @ w.T + b
    for (ctx, start, stop), (mu, var) in zip(lens.slices, lens.batchnorm['bn1']):
        part = h[start:stop]
        np.testing.assert_allclose(mu, part.mean(0), rtol=1e-3, atol=1e-4)
        np.testing.assert_allclose(var, part.var(0), rtol=1e-3, atol=1e-4)
    means = [mu for mu, _ in lens.batchnorm['bn1']]
    assert not np.allclose(means[0], means[1])


def test_report_in_both_languages():
    _, lens, _, _, _ = run(2, (1, 1))
    text = str(lens)
    assert 'cpu(1)' in text and 'KVStore' in text and 'bn1' in text
    with mx.i18n.using('zh'):
        assert '设备' in str(lens) and '切片' in str(lens)


def test_nothing_seen_yet():
    lens = mx.lens.DeviceLens()
    assert 'not' in str(lens).lower() or str(lens)
    mod = mx.mod.Module(bn_net(), context=[mx.cpu(0), mx.cpu(1)])
    lens.attach(mod)
    assert 'forward' in str(lens)
