"""Networks and data for the lens tests: the tutorial MLP (16-64-26, SoftmaxOutput) on a
slice of tutor's letters (random features if the data set is not there) and a BatchNorm
network."""
import numpy as np
import pytest

import tutor as mx


def mlp():
    net = mx.sym.Variable('data')
    net = mx.sym.FullyConnected(net, name='fc1', num_hidden=64)
    net = mx.sym.Activation(net, name='relu1', act_type='relu')
    net = mx.sym.FullyConnected(net, name='fc2', num_hidden=26)
    return mx.sym.SoftmaxOutput(net, name='softmax')


def bn_net():
    data = mx.sym.Variable('data')
    net = mx.sym.FullyConnected(data, num_hidden=32, name='fc1')
    net = mx.sym.BatchNorm(net, name='bn1')
    net = mx.sym.Activation(net, name='relu1', act_type='relu')
    net = mx.sym.FullyConnected(net, num_hidden=26, name='fc2')
    return mx.sym.SoftmaxOutput(net, name='softmax')


def letter_arrays(n=800):
    try:
        x, y = mx.data.letters()
        x, y = x[:n], y[:n]
    except Exception:   # the data set is optional for these tests
        rng = np.random.RandomState(0)
        x, y = rng.randint(0, 16, (n, 16)).astype(np.float64), rng.randint(0, 26, n)
    return x.astype(np.float32) / 15.0, y.astype(np.float32)


def iters(batch_size=32, n=800):
    x, y = letter_arrays(n)
    ntrain = n * 4 // 5
    return (mx.io.NDArrayIter(x[:ntrain], y[:ntrain], batch_size),
            mx.io.NDArrayIter(x[ntrain:], y[ntrain:], batch_size))


def bound(net=None, lr=0.1, momentum=0.0, batch_size=32, attach=()):
    """A bound, initialised module (with lenses attached before bind) and its train iter."""
    train, _ = iters(batch_size)
    mod = mx.mod.Module(net if net is not None else mlp())
    for lens in attach:
        lens.attach(mod)
    mod.bind(train.provide_data, train.provide_label)
    mx.random.seed(3)
    mod.init_params(mx.init.Uniform(0.1))
    params = {'learning_rate': lr}
    if momentum:
        params['momentum'] = momentum
    mod.init_optimizer(optimizer_params=params)
    return mod, train


def train_by_hand(mod, train, epochs=2, metric='acc'):
    """The learner's note's mid-level loop."""
    metric = mx.metric.create(metric)
    for _ in range(epochs):
        train.reset()
        metric.reset()
        for batch in train:
            mod.forward(batch, is_train=True)
            mod.update_metric(metric, batch.label)
            mod.backward()
            mod.update()
    return metric


@pytest.fixture(autouse=True)
def english_and_no_stray_watchers(monkeypatch):
    """Every test starts in English; no lens stays attached to the global files source; and
    ``tutor.model`` is the real module (tests/callback's fake_model fixture can leave its
    fake cached as the attribute ``tutor.model``, which silently stops every checkpoint)."""
    import importlib
    monkeypatch.setattr(mx, 'model', importlib.import_module('tutor.model'))
    mx.set_language('en')
    yield
    mx.set_language('en')
    from tutor import events
    events.files._watchers = ()
