"""The course's exercises: each expected answer recomputed with tutor, so none goes stale."""
import numpy as np
import pytest

import tutor as mx
from tutor.exercises import EXERCISES


def expected(name):
    return EXERCISES[name]['expected']


def test_updates_per_epoch_is_what_fit_does():
    x, y = mx.data.letters()
    it = mx.io.NDArrayIter(x[:16000], y[:16000], 128)
    assert sum(1 for _ in it) == expected('08-updates-per-epoch')


def test_noise_factor_is_the_ratio_of_the_sds_of_batch_means():
    rs = np.random.RandomState(0)
    samples = rs.standard_normal((4000, 128))
    ratio = samples[:, :32].mean(1).std() / samples.mean(1).std()
    assert ratio == pytest.approx(expected('08-noise-factor'), rel=0.05)
    assert mx.exercises.answer('08-noise-factor', '1/2', quiet=True)   # "halved" both ways
    assert not mx.exercises.answer('08-noise-factor', 4, quiet=True)


def test_weight_decay_factor_is_what_sgd_does_with_a_zero_gradient():
    opt = mx.optimizer.SGD(learning_rate=0.1, wd=0.01)
    weight = mx.nd.array([2.0])
    opt.update(0, weight, mx.nd.zeros((1,)), opt.create_state(0, weight))
    assert float(weight.asnumpy()[0]) / 2.0 == pytest.approx(expected('08-weight-decay-factor'),
                                                           rel=1e-6)


def lenet():
    """Chapter 9's network."""
    net = mx.sym.Variable('data')
    for i, filters in ((1, 8), (2, 16)):
        net = mx.sym.Convolution(net, name='conv%d' % i, kernel=(5, 5), num_filter=filters)
        net = mx.sym.Activation(net, name='relu%d' % i, act_type='relu')
        net = mx.sym.Pooling(net, name='pool%d' % i, pool_type='max', kernel=(2, 2),
                             stride=(2, 2))
    net = mx.sym.Flatten(net, name='flatten')
    net = mx.sym.FullyConnected(net, name='fc1', num_hidden=64)
    net = mx.sym.Activation(net, name='relu3', act_type='relu')
    net = mx.sym.FullyConnected(net, name='fc2', num_hidden=26)
    return mx.sym.SoftmaxOutput(net, name='softmax')


def layer_parameters():
    net = lenet()
    shapes = dict(zip(net.list_arguments(), net.infer_shape(data=(32, 1, 28, 28))[0]))
    sizes = {}
    for name, shape in shapes.items():
        layer, _, kind = name.rpartition('_')
        if kind in ('weight', 'bias'):
            sizes[layer] = sizes.get(layer, 0) + int(np.prod(shape))
    return sizes


def test_conv1_output_shape_is_what_shape_inference_says():
    out = lenet().get_internals()['conv1_output'].infer_shape(data=(32, 1, 28, 28))[1][0]
    assert tuple(out) == expected('09-conv1-output-shape')


def test_conv2_parameters_and_the_largest_layer():
    sizes = layer_parameters()
    assert sizes['conv2'] == expected('09-conv2-parameters')
    assert max(sizes, key=sizes.get) == expected('09-largest-layer')
    assert mx.exercises.answer('09-largest-layer', 'FC1', quiet=True)
    assert not mx.exercises.answer('09-largest-layer', 'conv2', quiet=True)


def letters_mlp(hidden=(64,)):
    """Chapter 1's network, with one more hidden layer per entry of ``hidden``."""
    net = mx.sym.Variable('data')
    for i, units in enumerate(hidden, 1):
        net = mx.sym.FullyConnected(net, name='fc%d' % i, num_hidden=units)
        net = mx.sym.Activation(net, name='relu%d' % i, act_type='relu')
    net = mx.sym.FullyConnected(net, name='fc%d' % (len(hidden) + 1), num_hidden=26)
    return mx.sym.SoftmaxOutput(net, name='softmax')


def test_fc3_weight_shape_is_what_shape_inference_says():
    deep = letters_mlp((64, 32))
    shapes = dict(zip(deep.list_arguments(), deep.infer_shape(data=(32, 16))[0]))
    assert tuple(shapes['fc3_weight']) == expected('01-fc3-weight-shape')
    assert mx.exercises.answer('01-fc3-weight-shape', [26, 32], quiet=True)
    assert mx.exercises.answer('01-fc3-weight-shape', '26x32', quiet=True)
    assert not mx.exercises.answer('01-fc3-weight-shape', (32, 26), quiet=True)


def test_batch_dependent_arguments_are_those_whose_shape_follows_the_batch():
    deep = letters_mlp((64, 32))
    small, big = (dict(zip(deep.list_arguments(), deep.infer_shape(data=(n, 16))[0]))
                  for n in (32, 100))
    changed = [name for name in deep.list_arguments() if small[name] != big[name]]
    assert mx.exercises.answer('01-batch-dependent', changed, quiet=True)
    assert mx.exercises.answer('01-batch-dependent', ['softmax_label', 'DATA'], quiet=True)
    assert not mx.exercises.answer('01-batch-dependent', ['data'], quiet=True)
    assert not mx.exercises.answer('01-batch-dependent', changed + ['fc1_weight'], quiet=True)


def test_grads_with_inputs_are_what_bind_allocates():
    mod = mx.mod.Module(letters_mlp())
    mod.bind(data_shapes=[('data', (32, 16))], label_shapes=[('softmax_label', (32,))],
             inputs_need_grad=True)
    grads = [k for k, v in mod._exec_group.execs[0].grad_dict.items() if v is not None]
    assert mx.exercises.answer('02-grads-with-inputs', grads, quiet=True)
    assert mx.exercises.answer('02-grads-with-inputs', list(reversed(grads)), quiet=True)
    assert not mx.exercises.answer('02-grads-with-inputs', grads + ['softmax_label'],
                                   quiet=True)
    assert not mx.exercises.answer('02-grads-with-inputs', grads[1:], quiet=True)


def test_bias_grad_sum_is_what_backward_gives():
    x, y = mx.data.letters()
    mod = mx.mod.Module(letters_mlp())
    mod.bind(data_shapes=[('data', (32, 16))], label_shapes=[('softmax_label', (32,))])
    mod.init_params(initializer=mx.init.Uniform(scale=.1))
    mod.forward(mx.io.DataBatch([mx.nd.array(x[:32])], [mx.nd.array(y[:32])]), is_train=True)
    mod.backward()
    grad = mod._exec_group.execs[0].grad_dict['fc2_bias'].asnumpy()
    assert np.abs(grad).max() > 0.1                       # not zero entry by entry
    assert mx.exercises.answer('03-bias-grad-sum', grad.sum(), quiet=True)
    assert mx.exercises.answer('03-bias-grad-sum', '0', quiet=True)
    assert not mx.exercises.answer('03-bias-grad-sum', 1, quiet=True)
    assert not mx.exercises.answer('03-bias-grad-sum', 32, quiet=True)
    assert not mx.exercises.answer('03-bias-grad-sum', np.abs(grad).sum(), quiet=True)


def test_top26_accuracy_and_uniform_cross_entropy_are_what_the_metrics_say():
    rs = np.random.RandomState(0)
    labels = mx.nd.array(rs.randint(0, 26, 100))
    anything = mx.nd.array(rs.dirichlet(np.ones(26), 100))
    top26 = mx.metric.TopKAccuracy(top_k=26)
    top26.update([labels], [anything])
    assert mx.exercises.answer('05-top26-accuracy', top26.get()[1], quiet=True)
    assert mx.exercises.answer('05-top26-accuracy', '100%', quiet=True)
    assert not mx.exercises.answer('05-top26-accuracy', 26, quiet=True)
    assert not mx.exercises.answer('05-top26-accuracy', 1 / 26, quiet=True)
    ce = mx.metric.create('ce')
    ce.update([labels], [mx.nd.array(np.full((100, 26), 1 / 26))])
    assert mx.exercises.answer('05-uniform-cross-entropy', ce.get()[1], quiet=True)
    assert mx.exercises.answer('05-uniform-cross-entropy', -np.log(1 / 26), quiet=True)
    assert mx.exercises.answer('05-uniform-cross-entropy', 3.258, quiet=True)
    assert not mx.exercises.answer('05-uniform-cross-entropy', 1 / 26, quiet=True)
    assert not mx.exercises.answer('05-uniform-cross-entropy', np.log10(26), quiet=True)


def test_bigger_batch_bigger_file_is_what_save_checkpoint_writes(tmp_path):
    sizes = []
    for rows in (32, 128):
        mx.random.seed(0)
        mod = mx.mod.Module(letters_mlp())
        mod.bind(data_shapes=[('data', (rows, 16))], label_shapes=[('softmax_label', (rows,))])
        mod.init_params(initializer=mx.init.Uniform(scale=.1))
        prefix = str(tmp_path / ('b%d' % rows))
        mod.save_checkpoint(prefix, 1)
        sizes.append((tmp_path / ('b%d-0001.params' % rows)).stat().st_size)
    assert mx.exercises.answer('06-bigger-batch-bigger-file', sizes[1] > sizes[0], quiet=True)
    assert mx.exercises.answer('06-bigger-batch-bigger-file', 'no', quiet=True)
    assert mx.exercises.answer('06-bigger-batch-bigger-file', '否', quiet=True)
    assert not mx.exercises.answer('06-bigger-batch-bigger-file', True, quiet=True)
    assert not mx.exercises.answer('06-bigger-batch-bigger-file', 'yes', quiet=True)


def test_epochs_with_begin_epoch_is_what_fit_runs():
    x, y = mx.data.letters()
    epochs = []
    mx.mod.Module(letters_mlp()).fit(
        mx.io.NDArrayIter(x[:64], y[:64], 32), num_epoch=8, begin_epoch=6,
        epoch_end_callback=lambda epoch, *params: epochs.append(epoch))
    assert epochs == [6, 7]
    assert mx.exercises.answer('04-epochs-with-begin-epoch', len(epochs), quiet=True)
    assert mx.exercises.answer('04-epochs-with-begin-epoch', '2', quiet=True)
    assert not mx.exercises.answer('04-epochs-with-begin-epoch', 8, quiet=True)
    assert not mx.exercises.answer('04-epochs-with-begin-epoch', 14, quiet=True)


def test_simple_bind_grads_is_what_simple_bind_allocates():
    exe = letters_mlp((64, 32)).simple_bind(ctx=mx.cpu(), data=(32, 16), softmax_label=(32,))
    count = sum(1 for g in exe.grad_dict.values() if g is not None)
    assert mx.exercises.answer('07-simple-bind-grads', count, quiet=True)
    assert not mx.exercises.answer('07-simple-bind-grads', 6, quiet=True)   # parameters only
    assert not mx.exercises.answer('07-simple-bind-grads', 7, quiet=True)


def test_letters_shape_and_guessing_accuracy_are_what_the_data_and_the_metric_give():
    x, y = mx.data.letters()
    assert mx.exercises.answer('00-letters-shape', x.shape, quiet=True)
    assert mx.exercises.answer('00-letters-shape', '20000x16', quiet=True)
    assert not mx.exercises.answer('00-letters-shape', (16, 20000), quiet=True)
    assert not mx.exercises.answer('00-letters-shape', (16000, 16), quiet=True)
    assert len(np.unique(y)) == 26
    rs = np.random.RandomState(0)
    acc = mx.metric.Accuracy()
    for _ in range(20):                          # 400,000 blind guesses: sd of the mean 0.0003
        acc.update([mx.nd.array(y)], [mx.nd.array(rs.randint(0, 26, len(y)))])
    assert acc.get()[1] == pytest.approx(expected('00-guessing-accuracy'), abs=0.0015)
    for right in ('1/26', 0.038, '3.85%'):
        assert mx.exercises.answer('00-guessing-accuracy', right, quiet=True)
    for wrong in (1 / 25, 1 / 16, 0.5, 26, 0.03):
        assert not mx.exercises.answer('00-guessing-accuracy', wrong, quiet=True)


def test_ink_feature_is_the_one_that_counts_the_on_pixels():
    from tutor.data.features import raw_features
    rs = np.random.RandomState(0)
    images = rs.rand(5, 20, 20) < rs.uniform(0.1, 0.6, (5, 1, 1))
    column = mx.data.FEATURE_NAMES.index(expected('00-ink-feature'))
    assert raw_features(images)[:, column].tolist() == images.sum((1, 2)).tolist()
    assert mx.exercises.answer('00-ink-feature', ' ONPIX ', quiet=True)
    assert not mx.exercises.answer('00-ink-feature', 'x-box', quiet=True)


def test_deep_parameter_count_is_what_shape_inference_gives():
    deep = letters_mlp((64, 32))
    shapes = dict(zip(deep.list_arguments(), deep.infer_shape(data=(32, 16))[0]))
    count = sum(int(np.prod(s)) for n, s in shapes.items() if n.endswith(('_weight', '_bias')))
    assert mx.exercises.answer('01-deep-parameter-count', count, quiet=True)
    assert mx.exercises.answer('01-deep-parameter-count', '4,026', quiet=True)
    assert not mx.exercises.answer('01-deep-parameter-count', count - 26 - 32 - 64, quiet=True)


def test_a_bigger_batch_module_has_what_bind_and_init_optimizer_give():
    big = mx.mod.Module(letters_mlp())
    big.bind(data_shapes=[('data', (128, 16))], label_shapes=[('softmax_label', (128,))])
    big.init_params(initializer=mx.init.Uniform(scale=.1))
    big.init_optimizer(optimizer='sgd', optimizer_params=(('learning_rate', 0.1),))
    assert mx.exercises.answer('02-rescale-grad-128', big._optimizer.rescale_grad, quiet=True)
    assert mx.exercises.answer('02-rescale-grad-128', '1/128', quiet=True)
    assert not mx.exercises.answer('02-rescale-grad-128', 1 / 32, quiet=True)
    assert not mx.exercises.answer('02-rescale-grad-128', 128, quiet=True)
    weight = big.get_params()[0]['fc1_weight'].shape
    assert mx.exercises.answer('02-fc1-weight-shape-128', weight, quiet=True)
    assert mx.exercises.answer('02-fc1-weight-shape-128', [64, 16], quiet=True)
    assert not mx.exercises.answer('02-fc1-weight-shape-128', (128, 16), quiet=True)
    assert mx.exercises.answer('02-output-shape-128', big.output_shapes[0][1], quiet=True)
    assert mx.exercises.answer('02-output-shape-128', '128 x 26', quiet=True)
    assert not mx.exercises.answer('02-output-shape-128', (32, 26), quiet=True)
    assert not mx.exercises.answer('02-output-shape-128', (26, 128), quiet=True)


def test_fc2_weight_gradient_formula_is_what_backward_gives():
    x, y = mx.data.letters()
    mod = mx.mod.Module(letters_mlp())
    mod.bind(data_shapes=[('data', (32, 16))], label_shapes=[('softmax_label', (32,))])
    mod.init_params(initializer=mx.init.Uniform(scale=.1))
    mod.forward(mx.io.DataBatch([mx.nd.array(x[:32])], [mx.nd.array(y[:32])]), is_train=True)
    mod.backward()
    args = mod.get_params()[0]
    h = np.maximum(x[:32] @ args['fc1_weight'].asnumpy().T + args['fc1_bias'].asnumpy(), 0)
    p = mod.get_outputs()[0].asnumpy()
    grad = mod._exec_group.execs[0].grad_dict['fc2_weight'].asnumpy()
    formula = EXERCISES['03-fc2-weight-grad']['expected']
    assert np.allclose(formula(p, y[:32], h), grad, rtol=1e-4, atol=1e-4)
    assert np.abs(grad).max() > 1                       # a real gradient, not zeros
    onehot = lambda y: np.eye(26)[y]
    for right in (lambda p, y, h: np.dot((p - onehot(y)).T, h),
                  lambda p, y, h: np.einsum('bk,bj->kj', p - onehot(y), h),
                  lambda p, y, h: p.T @ h - onehot(y).T @ h):
        assert mx.exercises.answer('03-fc2-weight-grad', right, quiet=True)
    for wrong in (lambda p, y, h: h.T @ (p - onehot(y)),               # (64, 26)
                  lambda p, y, h: (p - onehot(y)).T @ h / 32,          # the batch written in
                  lambda p, y, h: (p - onehot(y)).T @ h / len(y),      # a mean
                  lambda p, y, h: p.T @ h,                             # the label forgotten
                  lambda p, y, h: (onehot(y) - p).T @ h):              # the sign
        assert not mx.exercises.answer('03-fc2-weight-grad', wrong, quiet=True)


def test_callback_calls_and_largest_nbatch_are_what_fit_gives():
    x, y = mx.data.letters()
    seen = []
    mx.mod.Module(letters_mlp()).fit(mx.io.NDArrayIter(x[:320], y[:320], 32), num_epoch=2,
                                     batch_end_callback=lambda param: seen.append(param.nbatch))
    assert seen == list(range(10)) * 2               # 10 batches, counted from 0 each epoch
    # the exercise's 16,000 rows in batches of 32: the same rule, 500 batches per epoch
    batches = sum(1 for _ in mx.io.NDArrayIter(x[:16000], y[:16000], 32))
    assert mx.exercises.answer('04-callback-calls', 2 * batches, quiet=True)
    assert mx.exercises.answer('04-largest-nbatch', batches - 1, quiet=True)
    assert mx.exercises.answer('04-callback-calls', '1,000', quiet=True)
    assert mx.exercises.answer('04-largest-nbatch', '499', quiet=True)
    assert not mx.exercises.answer('04-callback-calls', 500, quiet=True)
    assert not mx.exercises.answer('04-largest-nbatch', 999, quiet=True)
    assert not mx.exercises.answer('04-largest-nbatch', 500, quiet=True)


def test_pad_and_rows_scored_are_what_the_iterator_and_score_give():
    x, y = mx.data.letters()
    it = mx.io.NDArrayIter(x[16000:], y[16000:], batch_size=300)
    batches = list(it)
    assert mx.exercises.answer('05-pad-300', batches[-1].pad, quiet=True)
    assert mx.exercises.answer('05-pad-300', '200', quiet=True)
    assert not mx.exercises.answer('05-pad-300', 100, quiet=True)
    mod = mx.mod.Module(letters_mlp())
    mod.bind(data_shapes=it.provide_data, label_shapes=it.provide_label, for_training=False)
    mod.init_params()
    metric = mx.metric.Accuracy()
    mod.score(it, metric)
    assert mx.exercises.answer('05-rows-scored-300', metric.num_inst, quiet=True)
    assert mx.exercises.answer('05-rows-scored-300', '4,200', quiet=True)
    assert not mx.exercises.answer('05-rows-scored-300', 4000, quiet=True)
    assert len(mod.predict(it)) == 4000


def test_period_2_files_are_what_do_checkpoint_writes(tmp_path):
    x, y = mx.data.letters()
    mx.mod.Module(letters_mlp()).fit(
        mx.io.NDArrayIter(x[:64], y[:64], 32), num_epoch=5,
        epoch_end_callback=mx.callback.do_checkpoint(str(tmp_path / 'ex'), period=2))
    files = sorted(p.name for p in tmp_path.iterdir())
    assert mx.exercises.answer('06-period-2-files', files, quiet=True)
    assert mx.exercises.answer('06-period-2-files', list(reversed(files)), quiet=True)
    assert not mx.exercises.answer('06-period-2-files', files[:2], quiet=True)
    assert not mx.exercises.answer(
        '06-period-2-files', ['ex-0001.params', 'ex-0003.params', 'ex-0005.params',
                              'ex-symbol.json'], quiet=True)


def test_rescale_grad_on_three_devices_is_what_init_optimizer_sets():
    mod = mx.mod.Module(letters_mlp(), context=[mx.cpu(0), mx.cpu(1), mx.cpu(2)])
    mod.bind(data_shapes=[('data', (60, 16))], label_shapes=[('softmax_label', (60,))])
    mod.init_params()
    mod.init_optimizer()
    assert [exe.arg_dict['data'].shape[0] for exe in mod._exec_group.execs] == [20, 20, 20]
    assert mx.exercises.answer('10-rescale-grad-three-devices', mod._optimizer.rescale_grad,
                               quiet=True)
    assert mx.exercises.answer('10-rescale-grad-three-devices', '1/60', quiet=True)
    assert not mx.exercises.answer('10-rescale-grad-three-devices', 1 / 20, quiet=True)
    assert not mx.exercises.answer('10-rescale-grad-three-devices', 60, quiet=True)


def test_kvstore_sum_is_what_push_and_pull_give():
    kv = mx.kv.create('local')
    kv.init('w', mx.nd.ones((2, 3)))
    kv.push('w', [mx.nd.ones((2, 3)), mx.nd.ones((2, 3)) * 2, mx.nd.ones((2, 3)) * 3])
    out = mx.nd.zeros((2, 3))
    kv.pull('w', out=out)
    assert np.unique(out.asnumpy()).tolist() == [expected('10-kvstore-sum')]
    assert mx.exercises.answer('10-kvstore-sum', float(out.asnumpy()[0, 0]), quiet=True)
    assert mx.exercises.answer('10-kvstore-sum', '6', quiet=True)
    assert not mx.exercises.answer('10-kvstore-sum', 7, quiet=True)     # added to the stored 1
    assert not mx.exercises.answer('10-kvstore-sum', 3, quiet=True)     # the last push only


def test_lstm_parameters_are_what_the_unrolled_cell_has():
    cell = mx.rnn.LSTMCell(64, prefix='lstm_')
    out, _ = cell.unroll(5, inputs=mx.sym.Variable('data'), merge_outputs=True)
    shapes = dict(zip(out.list_arguments(), out.infer_shape(data=(8, 5, 16))[0]))
    count = sum(int(np.prod(s)) for name, s in shapes.items() if name != 'data')
    assert mx.exercises.answer('11-lstm-parameters', count, quiet=True)
    plain = mx.rnn.RNNCell(64, prefix='rnn_')
    out, _ = plain.unroll(5, inputs=mx.sym.Variable('data'), merge_outputs=True)
    shapes = dict(zip(out.list_arguments(), out.infer_shape(data=(8, 5, 16))[0]))
    one_gate = sum(int(np.prod(s)) for name, s in shapes.items() if name != 'data')
    assert not mx.exercises.answer('11-lstm-parameters', one_gate, quiet=True)
    assert mx.exercises.answer('11-lstm-parameters', 4 * one_gate, quiet=True)


def test_ignored_positions_are_the_zeros_bucket_sentence_iter_labels():
    sentences = [list(range(1, 12))] * 8              # eight sentences of 11 characters
    it = mx.rnn.BucketSentenceIter(sentences, 8, buckets=[16], invalid_label=0)
    label = next(iter(it)).label[0].asnumpy()[0]
    assert label[:10].tolist() == list(range(2, 12))
    assert mx.exercises.answer('11-ignored-positions', int((label == 0).sum()), quiet=True)
    assert mx.exercises.answer('11-ignored-positions', '6', quiet=True)
    assert not mx.exercises.answer('11-ignored-positions', 5, quiet=True)


def test_square_backward_is_what_the_square_op_gives():
    rs = np.random.RandomState(0)
    x, dy = rs.uniform(-2, 2, (4, 5)), rs.uniform(-2, 2, (4, 5))
    exe = mx.sym.square(mx.sym.Variable('x')).simple_bind(mx.cpu(), x=x.shape,
                                                          type_dict={'x': np.float64})
    exe.forward(is_train=True, x=mx.nd.array(x, dtype='float64'))
    exe.backward(out_grads=[mx.nd.array(dy, dtype='float64')])
    formula = EXERCISES['07-square-backward']['expected']
    assert np.allclose(formula(x, dy), exe.grad_dict['x'].asnumpy(), rtol=1e-12)
    for right in (lambda x, dy: dy * x * 2, lambda x, dy: x * dy + x * dy):
        assert mx.exercises.answer('07-square-backward', right, quiet=True)
    for wrong in (lambda x, dy: 2 * x, lambda x, dy: x * dy, lambda x, dy: 2 * dy,
                  lambda x, dy: x ** 2 * dy, lambda x, dy: 0 * x):
        assert not mx.exercises.answer('07-square-backward', wrong, quiet=True)


def test_momentum_arrays_are_what_the_devices_keep(monkeypatch):
    x, y = mx.data.letters()
    batch = mx.io.DataBatch([mx.nd.array(x[:60])], [mx.nd.array(y[:60])])
    counts = {}
    for setting in ('0', '1'):
        monkeypatch.setenv('MXNET_UPDATE_ON_KVSTORE', setting)
        mod = mx.mod.Module(letters_mlp(), context=[mx.cpu(0), mx.cpu(1)])
        mod.bind(data_shapes=[('data', (60, 16))], label_shapes=[('softmax_label', (60,))])
        mod.init_params()
        mod.init_optimizer(optimizer='sgd', optimizer_params={'momentum': 0.9})
        mod.forward_backward(batch)
        mod.update()
        updater = mod._kvstore._updater if mod._update_on_kvstore else mod._updater
        counts[setting] = len(updater.states)
    assert counts['1'] == 4                              # the why: one per key on the store
    assert mx.exercises.answer('10-momentum-arrays', counts['0'], quiet=True)
    assert mx.exercises.answer('10-momentum-arrays', '8', quiet=True)
    assert not mx.exercises.answer('10-momentum-arrays', counts['1'], quiet=True)   # the store's 4
    assert not mx.exercises.answer('10-momentum-arrays', 2, quiet=True)
