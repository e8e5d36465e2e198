"""The data-parallel executor group: per-device executors and their ctx groups, the sum of
the slices' gradients equal to the whole batch's, and one context unchanged."""
import numpy as np
import pytest

import tutor as mx
from tutor.module.executor_group import _prepare_group2ctxs


def mlp():
    net = mx.sym.FullyConnected(mx.sym.Variable('data'), name='fc1', num_hidden=8)
    net = mx.sym.Activation(net, name='relu1', act_type='relu')
    net = mx.sym.FullyConnected(net, name='fc2', num_hidden=3)
    return mx.sym.SoftmaxOutput(net, name='softmax')


def batch(n=12, seed=0):
    rng = np.random.RandomState(seed)
    return mx.io.DataBatch([mx.nd.array(rng.randn(n, 5))],
                           [mx.nd.array(rng.randint(0, 3, n).astype(np.float32))])


def bound(ndev, work_load_list=None, n=12):
    mod = mx.mod.Module(mlp(), context=[mx.cpu(i) for i in range(ndev)],
                        work_load_list=work_load_list)
    mod.bind(data_shapes=[('data', (n, 5))], label_shapes=[('softmax_label', (n,))])
    mx.random.seed(1)
    mod.init_params(mx.init.Xavier())
    return mod


def test_group2ctxs_per_device():
    got = _prepare_group2ctxs({'a': mx.cpu(5), 'b': [mx.cpu(1), mx.cpu(2)]}, 2)
    assert got == [{'a': mx.cpu(5), 'b': mx.cpu(1)}, {'a': mx.cpu(5), 'b': mx.cpu(2)}]
    assert _prepare_group2ctxs(None, 3) == [None] * 3


def test_slices_gradients_add_up_to_the_batch_gradient():
    one, three = bound(1), bound(3, [2, 1, 1])
    data = batch()
    for mod in (one, three):
        mod.forward_backward(data)
    group = three._exec_group
    assert [e.arg_dict['data'].shape[0] for e in group.execs] == [6, 3, 3]
    for name, grads in zip(group.param_names, group.grad_arrays):
        total = sum(g.asnumpy().astype(np.float64) for g in grads)
        np.testing.assert_allclose(total, one._exec.grad_dict[name], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(three.get_outputs()[0], one.get_outputs()[0], rtol=1e-6)
    assert [str(o.context) for o in three.get_outputs(merge_multi_context=False)[0]] == \
        ['cpu(0)', 'cpu(1)', 'cpu(2)']


def test_two_devices_train_to_the_weights_of_one():
    mods = [bound(1), bound(2)]
    for mod in mods:
        mod.init_optimizer(optimizer='sgd', optimizer_params={'learning_rate': 0.5,
                                                              'momentum': 0.9})
        for step in range(10):
            mod.forward_backward(batch(seed=step))
            mod.update()
    assert mods[1]._kvstore.type == 'local' and mods[1]._update_on_kvstore
    one, two = (m.get_params()[0] for m in mods)
    for name in one:
        np.testing.assert_allclose(two[name], one[name], rtol=1e-5, atol=1e-6)


def test_update_on_the_devices_keeps_one_state_per_copy(monkeypatch):
    monkeypatch.setenv('MXNET_UPDATE_ON_KVSTORE', '0')
    mod = bound(2)
    mod.init_optimizer(optimizer='sgd', optimizer_params={'momentum': 0.9})
    mod.forward_backward(batch())
    mod.update()
    assert mod._update_on_kvstore is False and mod._kvstore is not None
    assert sorted(mod._updater.states) == list(range(8))       # 4 parameters x 2 devices
    assert mod._optimizer.idx2name[3] == 'fc1_bias'    # parameter 1 on device 1: 1 * 2 + 1


def test_metric_sees_every_slice():
    mod = bound(3, [1, 1, 2])
    data = batch()
    mod.forward(data, is_train=False)
    metric = mx.metric.Accuracy()
    mod.update_metric(metric, data.label)
    assert metric.num_inst == 12
    pred = mod.get_outputs()[0].asnumpy().argmax(1)
    assert metric.sum_metric == (pred == data.label[0].asnumpy()).sum()


def test_one_context_has_one_executor_and_no_store():
    mod = bound(1)
    mod.init_optimizer()
    assert len(mod._exec_group.execs) == 1 and mod._kvstore is None
    assert mod._exec is mod._exec_group.execs[0]
    assert mod.get_outputs(merge_multi_context=False)[0][0] is mod._exec.outputs[0]


def test_work_load_list_must_match_contexts():
    with pytest.raises(AssertionError, match='work_load_list'):
        mx.mod.Module(mlp(), context=[mx.cpu(0), mx.cpu(1)], work_load_list=[1])


def test_view_shows_the_devices_and_the_updater_that_keeps_the_states():
    mod = bound(2)
    mod.init_optimizer(optimizer='sgd', optimizer_params={'momentum': 0.9})
    mod.forward_backward(batch())
    mod.update()
    view = mod.view
    assert view.contexts == [mx.cpu(0), mx.cpu(1)] and len(view.executors) == 2
    assert [(s.start, s.stop) for s in view.slices] == [(0, 6), (6, 12)]
    assert view.kvstore.type == 'local' and view.update_on_kvstore
    assert sorted(view.optimizer_states) == sorted(view.param_names)   # keyed by name
