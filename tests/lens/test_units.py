"""UnitLens: dead ReLU units per epoch, read from the gradient of the layer's bias."""
import numpy as np
import pytest

import tutor as mx
from tutor.widgets import mlp


@pytest.fixture(scope='module')
def letters():
    x, y = mx.data.letters()
    return x[:1600].astype(np.float32), y[:1600]


def fit_with_lens(x, y, lr, epochs=2, seed=0):
    mx.random.seed(seed)
    np.random.seed(seed)
    mod = mx.mod.Module(mlp())
    lens = mx.lens.UnitLens('fc1').attach(mod)
    with np.errstate(all='ignore'):
        mod.fit(mx.io.NDArrayIter(x, y, 32, shuffle=True), num_epoch=epochs,
                optimizer_params={'learning_rate': lr})
    return mod, lens


def hidden_outputs(mod, x):
    """relu1's output for every row, computed by a second module with the trained weights."""
    net = mlp().get_internals()['relu1_output']
    probe = mx.mod.Module(net, label_names=None)
    probe.bind(data_shapes=[('data', x.shape)], for_training=False)
    arg, aux = mod.get_params()
    probe.set_params(arg, aux, allow_extra=True)
    probe.forward(mx.io.DataBatch([mx.nd.array(x)]), is_train=False)
    return probe.get_outputs()[0].asnumpy()


def test_one_record_per_epoch_with_the_share(letters):
    _, lens = fit_with_lens(*letters, lr=0.1, epochs=3)
    assert [r['epoch'] for r in lens.history] == [0, 1, 2]
    for r in lens.history:
        assert r['units'] == 64 and r['share'] == pytest.approx(r['dead'] / 64)
        assert len(r['dead_units']) == r['dead']


def test_a_large_learning_rate_kills_units_that_then_never_fire(letters):
    x, y = letters
    mod, lens = fit_with_lens(x, y, lr=1.0, epochs=2)
    small = fit_with_lens(x, y, lr=0.05, epochs=2)[1]
    assert lens.history[-1]['share'] > 0.5 > small.history[-1]['share']
    # the lens's dead units of the last epoch output 0 for every training letter after it
    h = hidden_outputs(mod, x)
    never = set(np.flatnonzero(h.max(axis=0) == 0))
    assert set(lens.history[-1]['dead_units']) <= never
    assert len(never) >= lens.history[-1]['dead']


def test_standardised_inputs_keep_units_alive(letters):
    x, y = letters
    xs = (x - x.mean(0)) / x.std(0)
    _, lens = fit_with_lens(xs, y, lr=1.0, epochs=2)
    assert lens.history[-1]['dead'] == 0


def test_report_in_both_languages(letters):
    _, lens = fit_with_lens(*letters, lr=0.1, epochs=1)
    text = str(lens.report())
    assert 'Dead units' in text and 'fc1_bias' in text
    lens.language = 'zh'
    assert '死亡' in str(lens.report())
    assert 'No epoch' in str(mx.lens.UnitLens().report())
