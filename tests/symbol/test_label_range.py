"""Labels outside the output's classes train silently in MXNet; tutor says so, once per output
layer, naming the labels and what happens to their loss (issue 19)."""
import warnings

import numpy as np
import pytest

import tutor as mx
from tutor import i18n
from tutor.symbol.ops._labels import LabelRangeWarning


def _module(classes=26, **softmax_args):
    data = mx.sym.Variable('data')
    fc = mx.sym.FullyConnected(data, num_hidden=classes, name='fc1')
    mod = mx.mod.Module(mx.sym.SoftmaxOutput(fc, name='softmax', **softmax_args))
    mod.bind(data_shapes=[('data', (10, 16))], label_shapes=[('softmax_label', (10,))])
    mod.init_params()
    return mod


def _batch(labels):
    return mx.io.DataBatch([mx.nd.array(np.ones((10, 16)))], [mx.nd.array(labels)])


def _forward(mod, labels, is_train=True):
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter('always')
        mod.forward(_batch(labels), is_train=is_train)
    return [w for w in seen if issubclass(w.category, LabelRangeWarning)]


def test_labels_past_the_classes_are_named_once():
    mod = _module()
    labels = np.arange(30, 40, dtype=np.float32)
    seen = _forward(mod, labels)
    assert len(seen) == 1
    text = str(seen[0].message)
    for word in ('"softmax"', '26 classes', '0..25', '30, 31', '10 of 10', 'num_hidden'):
        assert word in text, (word, text)
    assert _forward(mod, labels) == []          # once per output layer


def test_negative_labels_are_outside_too_and_good_ones_are_quiet():
    mod = _module()
    assert _forward(mod, np.arange(10, dtype=np.float32)) == []
    labels = np.arange(10, dtype=np.float32)
    labels[3] = -2
    seen = _forward(mod, labels)
    assert len(seen) == 1 and '-2' in str(seen[0].message) and '1 of 10' in str(seen[0].message)


def test_the_ignore_label_is_not_outside_when_it_is_ignored():
    mod = _module(use_ignore=True, ignore_label=-1)
    labels = np.zeros(10, dtype=np.float32)
    labels[:4] = -1
    assert _forward(mod, labels) == []


def test_prediction_does_not_warn():
    mod = _module()
    assert _forward(mod, np.full(10, 99, np.float32), is_train=False) == []


def test_the_warning_speaks_chinese():
    mod = _module()
    with i18n.using('zh'):
        seen = _forward(mod, np.full(10, 40, np.float32))
    assert '类别' in str(seen[0].message) and '40' in str(seen[0].message)


def test_mxnet_trains_on_such_labels_and_so_does_tutor():
    """The gradient of an outside label is p (no class pulled up), as in MXNet."""
    mod = _module(classes=3)
    mod.init_optimizer(optimizer='sgd', optimizer_params={'learning_rate': 0.0})
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', LabelRangeWarning)
        mod.forward(_batch(np.full(10, 7, np.float32)), is_train=True)
        mod.backward()
    out = mod.get_outputs()[0].asnumpy()
    np.testing.assert_allclose(mod.view.grad_dict['fc1_bias'].asnumpy(), out.sum(0), rtol=1e-5)
