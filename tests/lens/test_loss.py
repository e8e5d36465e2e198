"""LossLens: the loss each head minimises, its values, and the gradient story."""
import numpy as np
import pytest

import tutor as mx
from tutor.lens import losses

from conftest import bound, iters, mlp, train_by_hand


def hand_cross_entropy(p, y):
    p = np.asarray(p, np.float64)
    return -np.mean(np.log(p[np.arange(len(y)), np.asarray(y).astype(int)]))


def test_batch_loss_equals_minus_mean_log_p_of_the_label():
    lens = mx.lens.LossLens()
    mod, train = bound(attach=[lens])
    seen = []
    for batch in train:
        mod.forward(batch, is_train=True)
        seen.append(hand_cross_entropy(mod.get_outputs()[0], batch.label[0]))
        mod.backward()
        mod.update()
    values = [v for _, v in lens.batch_losses()]
    assert len(values) == len(seen) == 20
    np.testing.assert_allclose(values, seen, rtol=1e-12)
    assert values[-1] < values[0]          # it trains


def test_epoch_means_in_fit_for_train_and_validation():
    lens = mx.lens.LossLens()
    train, val = iters()
    mod = mx.mod.Module(mlp())
    lens.attach(mod)
    mod.fit(train, eval_data=val, optimizer_params={'learning_rate': 0.5}, num_epoch=3)
    per_batch = {}
    for r in lens.history:
        if r['kind'] == 'batch':
            per_batch.setdefault(r['epoch'], []).append(r['loss'])
    train_means = lens.epoch_losses('train')
    assert [e for e, _ in train_means] == [0, 1, 2]
    for e, mean in train_means:
        assert len(per_batch[e]) == 20
        assert mean == pytest.approx(np.mean(per_batch[e]), rel=1e-12)
    # validation: the mean over val batches of −mean log p[y], computed by hand
    val.reset()
    by_hand = []
    for batch in val:
        mod.forward(batch, is_train=False)
        by_hand.append(hand_cross_entropy(mod.get_outputs()[0], batch.label[0]))
    assert lens.epoch_losses('validation')[-1][1] == pytest.approx(np.mean(by_hand), rel=1e-9)
    assert len(lens.epoch_losses('validation')) == 3


def test_hand_written_loop_finds_epochs_from_the_metric_reset():
    lens, rec = mx.lens.LossLens(), mx.lens.Recorder()
    mod, train = bound(attach=[lens, rec])
    metric = train_by_hand(mod, train, epochs=3)
    closed = lens.epoch_losses('train')
    assert [e for e, _ in closed] == [0, 1]            # epoch 2 still running
    batches = [r for r in lens.history if r['kind'] == 'batch']
    assert [r['epoch'] for r in batches] == [0] * 20 + [1] * 20 + [2] * 20
    assert [r['batch'] for r in batches[:22]] == list(range(20)) + [0, 1]
    assert closed[1][1] == pytest.approx(np.mean([r['loss'] for r in batches[20:40]]))
    # the recorder saw the same epochs and the metric the loop printed for them
    assert [r['epoch'] for r in rec.epochs()] == [0, 1]
    rec.end_epoch()
    assert rec.epochs()[-1]['metric']['accuracy'] == pytest.approx(metric.get()[1])


def test_softmax_gradient_is_p_minus_onehot_and_rescale_grad_makes_a_mean():
    lens = mx.lens.LossLens()
    mod, train = bound(attach=[lens])
    batch = next(iter(train))
    mod.forward(batch, is_train=True)
    mod.backward()
    ex = lens.worked
    assert ex['bias'] == 'fc2_bias' and ex['n'] == 32
    p = mod.get_outputs()[0].asnumpy()
    onehot = np.eye(26)[batch.label[0].astype(int)]
    np.testing.assert_allclose(mod._exec.grad_dict['fc2_bias'], (p - onehot).sum(0), atol=1e-5)
    assert ex['diff'] < 1e-5
    np.testing.assert_allclose(ex['g'], p[0] - onehot[0], atol=1e-7)
    text = str(lens)
    assert 'p − onehot(y)' in text
    assert 'rescale_grad = 1/batch_size = 1/32 = 0.03125' in text
    assert 'w − 0.003125 × (summed gradient)' in text


def _regression_net(head, m=3):
    data = mx.sym.Variable('data')
    fc = mx.sym.FullyConnected(data, num_hidden=m, name='fc')
    if head == 'MakeLoss':
        return mx.sym.MakeLoss(fc * fc, name='loss')
    return getattr(mx.sym, head)(fc, name='out')


@pytest.mark.parametrize('head', ['LinearRegressionOutput', 'LogisticRegressionOutput',
                                  'MAERegressionOutput', 'SoftmaxOutput', 'MakeLoss'])
def test_the_loss_shown_is_the_one_whose_gradient_backward_writes(head):
    """d(lens loss)/d(bias), by central differences in float64, equals the bias gradient
    backward wrote times rescale_grad (1/N): the lens names the loss SGD really descends."""
    rng = np.random.RandomState(1)
    n, d, m = 8, 5, 3 if head != 'SoftmaxOutput' else 4
    x = rng.randn(n, d).astype(np.float32)
    if head == 'SoftmaxOutput':
        y = rng.randint(0, m, n).astype(np.float32)
    elif head == 'LogisticRegressionOutput':
        y = (rng.rand(n, m) > 0.5).astype(np.float32)
    else:
        y = rng.randn(n, m).astype(np.float32)
    net = _regression_net(head, m)
    label_names = [] if head == 'MakeLoss' else ['out_label']
    mod = mx.mod.Module(net, label_names=label_names)
    lens = mx.lens.LossLens().attach(mod)
    mod.bind([('data', x.shape)], [('out_label', y.shape)] if label_names else None)
    mod.init_params(mx.init.Normal(0.5))
    batch = mx.io.DataBatch([mx.nd.array(x)], [mx.nd.array(y)] if label_names else None)
    mod.forward(batch, is_train=True)
    mod.backward()
    shown = [r['loss'] for r in lens.history if r['kind'] == 'batch'][-1]
    w = mod._exec.arg_dict['fc_weight'].astype(np.float64)
    b = mod._exec.arg_dict['fc_bias'].astype(np.float64)
    h = losses.heads(net)[0]

    def lens_loss(bias):
        z = x.astype(np.float64) @ w.T + bias
        if head == 'SoftmaxOutput':
            e = np.exp(z - z.max(1, keepdims=True))
            out = e / e.sum(1, keepdims=True)
        elif head == 'LogisticRegressionOutput':
            out = 1 / (1 + np.exp(-z))
        elif head == 'MakeLoss':
            out = z ** 2
        else:
            out = z
        return losses.batch_loss(h, out, y if label_names else None)

    assert shown == pytest.approx(lens_loss(b), rel=1e-5)
    eps = 1e-6
    numeric = np.array([(lens_loss(b + eps * e) - lens_loss(b - eps * e)) / (2 * eps)
                        for e in np.eye(len(b))])
    analytic = mod._exec.grad_dict['fc_bias'] / n      # × rescale_grad
    np.testing.assert_allclose(numeric, analytic, rtol=1e-3, atol=1e-5)


def test_every_loss_head_is_named_with_its_formula_in_both_languages():
    for op in losses.LOSS_OPS:
        net = _regression_net(op) if op != 'SoftmaxOutput' else mlp()
        en = mx.explain.loss(net)
        zh = mx.explain.loss(net, language='zh')
        assert losses.PLAIN[op] in str(en)
        assert losses.LATEX[op] in zh._repr_html_()
        assert mx.i18n.text('loss.name.' + op, 'zh') in str(zh)


def test_softmax_ignore_label_and_smoothing_values():
    p = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]])
    y = np.array([0, 1, 2.0])
    assert losses.softmax_cross_entropy(p, y) == pytest.approx(
        -np.mean(np.log([0.7, 0.8, 0.4])))
    ignore = {'use_ignore': True, 'ignore_label': 2}
    assert losses.softmax_cross_entropy(p, y, ignore) == pytest.approx(
        -np.mean(np.log([0.7, 0.8])))
    a = 0.3
    t = np.full((3, 3), a / 2)
    t[np.arange(3), y.astype(int)] = 1 - a
    assert losses.softmax_cross_entropy(p, y, {'smooth_alpha': a}) == pytest.approx(
        -np.mean((t * np.log(p)).sum(1)))
    assert losses.softmax_cross_entropy(p, t) == pytest.approx(-np.mean((t * np.log(p)).sum(1)))


def test_a_network_without_loss_head_says_what_to_do():
    net = mx.sym.FullyConnected(mx.sym.Variable('data'), num_hidden=3, name='fc')
    text = str(mx.explain.loss(net))
    assert 'out_grads' in text and 'none (not a loss layer)' in text
    with pytest.raises(TypeError, match='Symbol or a Module'):
        mx.explain.loss('softmax')


def test_explain_loss_of_a_trained_module_shows_its_numbers():
    mod, train = bound()
    batch = next(iter(train))
    mod.forward_backward(batch)
    text = str(mx.explain.loss(mod, language='zh'))
    assert '损失是怎么定义的' in text and '1/32 = 0.03125' in text
    assert '第 0 个样本' in text and '验证：' not in text   # no stale gradient check


def test_prediction_without_labels_records_no_loss():
    lens = mx.lens.LossLens()
    mod, train = bound(attach=[lens])
    x = next(iter(train)).data[0]
    mod.predict(mx.io.NDArrayIter(x, None, 32))
    assert lens.history == []
    # bound without label shapes: forward ignores the batch's labels, and so does the lens
    pred = mx.mod.Module(mlp())
    lens2 = mx.lens.LossLens().attach(pred)
    with pytest.warns(UserWarning, match="don't match"):
        pred.bind([('data', (32, 16))], for_training=False)
    pred.set_params(*mod.get_params())
    pred.forward(next(iter(train)))
    assert lens2.history == []


def test_two_heads_each_get_their_loss_and_the_recorder_adds_them():
    data = mx.sym.Variable('data')
    fc = mx.sym.FullyConnected(data, num_hidden=3, name='fc')
    reg = mx.sym.FullyConnected(data, num_hidden=1, name='reg')
    net = mx.sym.Group([mx.sym.SoftmaxOutput(fc, name='cls'),
                        mx.sym.LinearRegressionOutput(reg, name='val')])
    rng = np.random.RandomState(0)
    x = rng.randn(16, 4).astype(np.float32)
    y1, y2 = rng.randint(0, 3, 16).astype(np.float32), rng.randn(16, 1).astype(np.float32)
    mod = mx.mod.Module(net, label_names=['cls_label', 'val_label'])
    lens, rec = mx.lens.LossLens().attach(mod), mx.lens.Recorder().attach(mod)
    mod.bind([('data', x.shape)], [('cls_label', y1.shape), ('val_label', y2.shape)])
    mod.init_params()
    mod.forward(mx.io.DataBatch([mx.nd.array(x)], [mx.nd.array(y1), mx.nd.array(y2)]))
    values = {r['head']: r['loss'] for r in lens.history}
    p, out = mod.get_outputs()
    assert values['cls_output'] == pytest.approx(hand_cross_entropy(p, y1))
    assert values['val_output'] == pytest.approx(0.5 * np.mean((out - y2) ** 2))
    rec.end_epoch()
    assert rec.batches()[0]['loss'] == pytest.approx(sum(values.values()))
    text = str(lens)
    assert 'half squared error' in text and 'cross-entropy' in text
