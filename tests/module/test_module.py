"""Module: the state machine, the mid-level steps, fit/score/predict and checkpoints."""
import logging
import os
import signal

import numpy as np
import pytest

import tutor as mx


@pytest.fixture(autouse=True)
def seeded():
    # Initial weights come from tutor's generator: fix it so each test stands alone.
    mx.random.seed(0)
    np.random.seed(0)


def mlp(h=8, classes=4):
    net = mx.sym.Variable('data')
    net = mx.sym.FullyConnected(net, name='fc1', num_hidden=h)
    net = mx.sym.Activation(net, name='relu1', act_type='relu')
    net = mx.sym.FullyConnected(net, name='fc2', num_hidden=classes)
    return mx.sym.SoftmaxOutput(net, name='softmax')


def toy(n=200, d=6, classes=4, seed=0):
    rng = np.random.RandomState(seed)
    centers = rng.randn(classes, d) * 3
    y = rng.randint(0, classes, n)
    x = centers[y] + rng.randn(n, d)
    return x.astype(np.float32), y


def iters(batch_size=20, shuffle=False, n=200):
    x, y = toy(n)
    return (mx.io.NDArrayIter(x[:n * 3 // 4], y[:n * 3 // 4], batch_size, shuffle=shuffle),
            mx.io.NDArrayIter(x[n * 3 // 4:], y[n * 3 // 4:], batch_size))


def ready(optimizer_params=(('learning_rate', 0.1),)):
    train, _ = iters()
    mod = mx.mod.Module(mlp())
    mod.bind(train.provide_data, train.provide_label)
    mod.init_params(mx.init.Uniform(0.1))
    mod.init_optimizer(optimizer_params=optimizer_params)
    return mod, train


def test_constructor_sorts_arguments_into_inputs_and_parameters():
    mod = mx.mod.Module(mlp())
    assert mod.data_names == ['data'] and mod.label_names == ['softmax_label']
    assert mod.output_names == ['softmax_output']
    assert mod._param_names == ['fc1_weight', 'fc1_bias', 'fc2_weight', 'fc2_bias']
    with pytest.raises(ValueError, match="input with name 'x' is not found"):
        mx.mod.Module(mlp(), data_names=['x'])
    with pytest.warns(UserWarning, match="'lbl' is not found"):
        mx.mod.Module(mlp(), label_names=['lbl'])


def test_state_machine_errors():
    train, _ = iters()
    mod = mx.mod.Module(mlp())
    batch = next(iter(train))
    with pytest.raises(AssertionError, match='call bind before initializing'):
        mod.init_params()
    with pytest.raises(AssertionError):
        mod.forward(batch)
    mod.bind(train.provide_data, train.provide_label)
    with pytest.raises(AssertionError):
        mod.forward(batch)
    mod.init_params()
    mod.forward(batch)
    mod.backward()
    with pytest.raises(AssertionError):
        mod.update()
    with pytest.raises(AssertionError, match='please specify number of epochs'):
        mod.fit(train)


def test_repeated_steps_only_warn(caplog):
    mod, train = ready()
    with caplog.at_level(logging.WARNING):
        mod.bind(train.provide_data, train.provide_label)
        mod.init_optimizer()
    assert 'Already bound, ignoring bind()' in caplog.text
    assert 'optimizer already initialized, ignoring...' in caplog.text
    with pytest.warns(UserWarning, match='Parameters already initialized'):
        mod.init_params()


def test_bind_checks_names_and_shapes():
    mod = mx.mod.Module(mlp())
    with pytest.raises(ValueError, match="don't match names specified by data_names"):
        mod.bind([('x', (4, 6))])
    with pytest.raises(TypeError, match='tuple of ints'):
        mod.bind([('data', mx.nd.ones((4, 6)))])
    with pytest.warns(UserWarning, match='label_shapes'):
        mod.bind([('data', (4, 6))], for_training=False)  # predicting without labels is fine
    assert mod.output_shapes == [('softmax_output', (4, 4))]


def test_init_params_rules_and_bias_zero():
    mod, _ = ready()
    arg, aux = mod.get_params()
    assert not arg['fc1_bias'].any() and np.abs(arg['fc1_weight']).max() <= 0.1
    assert arg['fc1_weight'].std() > 0.01
    assert set(arg) == {'fc1_weight', 'fc1_bias', 'fc2_weight', 'fc2_bias'} and aux == {}


def test_rescale_grad_is_one_over_the_bound_batch_size():
    mod, _ = ready()
    assert mod._optimizer.rescale_grad == pytest.approx(1 / 20)
    with pytest.warns(UserWarning, match='rescale_grad is not normalized'):
        mod.init_optimizer(optimizer=mx.optimizer.SGD(learning_rate=0.1), force_init=True)


def test_module_reshape_keeps_rescale_grad_frozen():
    # MXNet's test_module_reshape: bias -1 after a batch of 7, -3 after a batch of 14.
    data = mx.sym.Variable('data')
    sym = mx.sym.FullyConnected(data, num_hidden=20, name='fc')
    mod = mx.mod.Module(sym, ('data',), None)
    mod.bind(data_shapes=[('data', (7, 20))])
    mod.init_params()
    mod.init_optimizer(optimizer_params={'learning_rate': 1})
    mod.forward(mx.io.DataBatch(data=[mx.nd.ones((7, 20))], label=None))
    mod.backward([mx.nd.ones((7, 20))])
    mod.update()
    assert mod.get_outputs()[0].shape == (7, 20)
    assert np.all(mod.get_params()[0]['fc_bias'] == -1)
    mod.forward(mx.io.DataBatch(data=[mx.nd.ones((14, 20))], label=None))
    mod.backward([mx.nd.ones((14, 20))])
    mod.update()
    assert mod.get_outputs()[0].shape == (14, 20)
    assert np.all(mod.get_params()[0]['fc_bias'] == -3)


def test_wrong_feature_count_names_the_weight():
    mod, _ = ready()
    with pytest.raises(mx.MXNetError, match='fc1_weight'):
        mod.forward(mx.io.DataBatch([mx.nd.ones((20, 7))], [mx.nd.zeros((20,))]))


def test_label_names_none_makes_the_label_a_parameter():
    mod = mx.mod.Module(mlp(), label_names=None)
    mod.bind([('data', (4, 6))])
    with pytest.raises(ValueError, match='Unknown initialization pattern for softmax_label'):
        mod.init_params()


def test_set_params_missing_and_extra_names():
    mod, _ = ready()
    arg, aux = mod.get_params()
    partial = {k: v for k, v in arg.items() if k != 'fc2_bias'}
    with pytest.raises(RuntimeError, match='fc2_bias is not presented'):
        mod.set_params(partial, aux)
    mod.set_params(partial, aux, allow_missing=True)
    extra = dict(arg, fc_3_weight=mx.nd.ones((1,)))
    mod.set_params(extra, aux)  # extras are ignored on the strict path, as in MXNet
    with pytest.raises(ValueError, match='Find name "fc_3_weight"'):
        mod.set_params(extra, aux, allow_missing=True)


def test_mid_level_loop_learns_and_update_metric():
    mod, train = ready()
    metric = mx.metric.create('acc')
    accs = []
    for _ in range(5):
        train.reset()
        metric.reset()
        for batch in train:
            mod.forward(batch, is_train=True)
            mod.update_metric(metric, batch.label)
            mod.backward()
            mod.update()
        accs.append(metric.get()[1])
    assert metric.get()[0] == 'accuracy' and accs[-1] > 0.9 and accs[-1] > accs[0]


def test_fit_logs_like_mxnet(caplog):
    train, val = iters()
    mod = mx.mod.Module(mlp())
    with caplog.at_level(logging.INFO):
        mod.fit(train, eval_data=val, optimizer_params={'learning_rate': 0.1}, num_epoch=2,
                batch_end_callback=mx.callback.Speedometer(20, 3))
    lines = [r.getMessage() for r in caplog.records]
    assert lines[0].startswith('Epoch[0] Batch [0-3]\tSpeed: ')
    assert any(l.startswith('Epoch[0] Train-accuracy=') for l in lines)
    assert any(l.startswith('Epoch[0] Time cost=') for l in lines)
    assert any(l.startswith('Epoch[1] Validation-accuracy=') for l in lines)
    order = [l.split('=')[0] for l in lines if 'Batch' not in l]
    assert order[:3] == ['Epoch[0] Train-accuracy', 'Epoch[0] Time cost',
                         'Epoch[0] Validation-accuracy']


def test_fit_does_not_reset_first_and_an_exhausted_iterator_stops():
    train, _ = iters()
    for _ in train:
        pass
    with pytest.raises(StopIteration):
        mx.mod.Module(mlp()).fit(train, num_epoch=1)


def test_score_counts_padded_rows_and_predict_removes_them():
    x, y = toy(7)
    mod = mx.mod.Module(mlp())
    it = mx.io.NDArrayIter(x, y, 5)
    mod.bind(it.provide_data, it.provide_label)
    mod.init_params()
    pred = mod.predict(it)
    assert pred.shape == (7, 4)
    score = mod.score(it, ['acc', 'ce'])
    assert [n for n, _ in score] == ['accuracy', 'cross-entropy']
    acc = mx.metric.Accuracy()
    it.reset()
    for b in it:
        mod.forward(b, is_train=False)
        acc.update(b.label, mod.get_outputs())
    assert acc.num_inst == 10 and score[0][1] == pytest.approx(acc.get()[1])
    with pytest.raises(TypeError, match='must be real number, not list'):
        print('Accuracy score is %f' % (score))


def test_iter_predict_and_predict_on_arrays():
    x, y = toy(7)
    mod = mx.mod.Module(mlp())
    it = mx.io.NDArrayIter(x, y, 5)
    mod.bind(it.provide_data, it.provide_label)
    mod.init_params()
    shapes = [outs[0].shape for outs, _, _ in mod.iter_predict(it)]
    assert shapes == [(5, 4), (2, 4)]
    with pytest.raises(ValueError, match='eval_data must be of type NDArray or DataIter'):
        mod.predict([1, 2, 3])


def test_checkpoint_files_and_module_load(tmp_path):
    mod, train = ready(optimizer_params={'learning_rate': 0.1, 'momentum': 0.9})
    mod.fit(train, num_epoch=1)
    prefix = str(tmp_path / 'ck')
    mod.save_checkpoint(prefix, 3, save_optimizer_states=True)
    assert sorted(os.listdir(str(tmp_path))) == ['ck-0003.params', 'ck-0003.states',
                                                 'ck-symbol.json']
    keys = list(mx.nd.load(prefix + '-0003.params'))
    assert keys == ['arg:fc1_weight', 'arg:fc1_bias', 'arg:fc2_weight', 'arg:fc2_bias']
    mod2 = mx.mod.Module.load(prefix, 3, load_optimizer_states=True)
    assert mod2.symbol.tojson() == mod.symbol.tojson()
    mod2.bind(train.provide_data, train.provide_label)
    mod2.init_optimizer(optimizer_params={'learning_rate': 0.1, 'momentum': 0.9})
    train.reset()
    np.testing.assert_allclose(mod2.predict(train), mod.predict(train), rtol=1e-6)
    for a, b in zip(mod._updater.states.values(), mod2._updater.states.values()):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b))


def test_resume_with_plain_sgd_replays_the_same_epochs(tmp_path):
    prefix = str(tmp_path / 'mlp')
    train, _ = iters(shuffle=False)
    mx.random.seed(3)
    mod = mx.mod.Module(mlp())
    history = []
    mod.fit(train, num_epoch=5, optimizer_params={'learning_rate': 0.1},
            epoch_end_callback=[mx.callback.do_checkpoint(prefix),
                                lambda e, s, a, x: history.append(
                                    {k: v.copy() for k, v in a.items()})])
    sym, arg, aux = mx.model.load_checkpoint(prefix, 3)
    assert sym.tojson() == mlp().tojson()
    for k in arg:
        np.testing.assert_array_equal(arg[k], history[2][k])
    train.reset()
    mod2 = mx.mod.Module(sym)
    resumed = []
    mod2.fit(train, num_epoch=5, arg_params=arg, aux_params=aux, begin_epoch=3,
             optimizer_params={'learning_rate': 0.1},
             epoch_end_callback=lambda e, s, a, x: resumed.append(
                 {k: v.copy() for k, v in a.items()}))
    for k in arg:
        np.testing.assert_array_equal(resumed[-1][k], history[-1][k])


def test_keyboard_interrupt_leaves_a_usable_module():
    mod, train = ready()
    calls = []

    def interrupt(param):
        calls.append(param.nbatch)
        if param.epoch == 1 and param.nbatch == 2:
            os.kill(os.getpid(), signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        mod.fit(train, num_epoch=3, batch_end_callback=interrupt)
    assert calls[-1] == 2  # stopped right after the batch that was running
    arg, _ = mod.get_params()
    assert all(np.isfinite(v).all() for v in arg.values())
    train.reset()
    mod.fit(train, num_epoch=1)  # and it can go on


def test_request_stop_ends_fit_quietly():
    mod, train = ready()
    mod.fit(train, num_epoch=3, batch_end_callback=lambda p: mod.request_stop())
    assert mod._stop_reason is None


def test_fixed_params_are_not_updated():
    train, _ = iters()
    mod = mx.mod.Module(mlp(), fixed_param_names=['fc1_weight'])
    mod.fit(train, num_epoch=1, optimizer_params={'learning_rate': 0.1})
    w0 = mod.get_params()[0]['fc1_weight'].copy()
    b0 = mod.get_params()[0]['fc1_bias'].copy()
    train.reset()
    mod.fit(train, num_epoch=2, begin_epoch=1)
    arg = mod.get_params()[0]
    np.testing.assert_array_equal(arg['fc1_weight'], w0)
    assert not np.array_equal(arg['fc1_bias'], b0)  # the MKLDNN bug left it at 0 in MXNet


def test_batchnorm_aux_states_are_saved_but_not_optimized(tmp_path):
    data = mx.sym.Variable('data')
    net = mx.sym.FullyConnected(data, num_hidden=8, name='fc1')
    net = mx.sym.BatchNorm(net, name='bn1')
    net = mx.sym.FullyConnected(net, num_hidden=4, name='fc2')
    net = mx.sym.SoftmaxOutput(net, name='softmax')
    train, _ = iters()
    mod = mx.mod.Module(net)
    mod.fit(train, num_epoch=1, optimizer_params={'learning_rate': 0.1})
    arg, aux = mod.get_params()
    assert set(aux) == {'bn1_moving_mean', 'bn1_moving_var'}
    assert aux['bn1_moving_mean'].any()  # changed by the op during forward
    assert 'bn1_moving_mean' not in mod._optimizer.idx2name.values()
    mod.save_checkpoint(str(tmp_path / 'bn'), 1)
    keys = list(mx.nd.load(str(tmp_path / 'bn-0001.params')))
    assert keys[-2:] == ['aux:bn1_moving_mean', 'aux:bn1_moving_var']
