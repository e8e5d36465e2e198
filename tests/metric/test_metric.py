"""tutor.metric: every built-in against a hand computation, the registry and create()."""
import json
import math
import warnings

import numpy as np
import pytest

import tutor as mx

nd = mx.nd

# three samples, three classes: predicted classes 0, 1, 0; labels 0, 1, 2
LABEL = nd.array([0, 1, 2])
PROB = nd.array([[0.7, 0.2, 0.1],
                 [0.1, 0.8, 0.1],
                 [0.5, 0.3, 0.2]])


def value(metric):
    return metric.get()[1]


# ---------------------------------------------------------------------------------------
# EvalMetric basics

def test_fresh_metric_is_nan_and_prints_like_mxnet():
    m = mx.metric.Accuracy()
    assert m.get()[0] == 'accuracy' and math.isnan(value(m))
    assert math.isnan(m.get_global()[1])
    assert str(m) == "EvalMetric: {'accuracy': nan}"
    assert (m.num_inst, m.sum_metric, m.global_num_inst, m.global_sum_metric) == (0, 0, 0, 0)


def test_local_and_global_statistics():
    m = mx.metric.Accuracy()
    m.update([LABEL], [PROB])
    assert (m.sum_metric, m.num_inst) == (2, 3)
    m.reset_local()
    assert math.isnan(value(m)) and m.get_global() == ('accuracy', 2 / 3)
    m.update([nd.array([1])], [nd.array([[0.1, 0.9, 0.0]])])
    assert value(m) == 1.0 and m.get_global()[1] == 3 / 4
    assert m.get_name_value() == [('accuracy', 1.0)]
    assert m.get_global_name_value() == [('accuracy', 0.75)]
    m.reset()
    assert math.isnan(m.get_global()[1])


def test_values_are_python_floats():
    m = mx.metric.create('acc')
    m.update([LABEL], [PROB])
    assert type(value(m)) is float and repr(m.get_name_value()) == \
        "[('accuracy', 0.6666666666666666)]"


def test_update_accepts_bare_arrays_and_plain_numpy():
    # MXNet needs NDArrays; tutor's NDArray is a numpy array, so numpy works too
    for label, pred in [(LABEL, PROB), (LABEL.asnumpy(), PROB.asnumpy()),
                        ([LABEL.asnumpy()], [PROB.asnumpy()])]:
        m = mx.metric.Accuracy()
        m.update(label, pred)
        assert value(m) == 2 / 3


def test_mismatched_lists_raise_mxnets_value_error():
    with pytest.raises(ValueError, match='^Shape of labels 1 does not match shape of '
                                         'predictions 2$'):
        mx.metric.Accuracy().update([LABEL], [PROB, PROB])
    with pytest.raises(ValueError, match='Shape of labels 2 does not match shape of '
                                         'predictions 3'):
        mx.metric.Accuracy().update([nd.array([0, 1])], [PROB])


def test_check_label_shapes():
    a, b = nd.zeros((2, 3)), nd.zeros((2, 4))
    assert mx.metric.check_label_shapes([a], [b]) == ([a], [b])
    labels, preds = mx.metric.check_label_shapes(a, b, wrap=True)
    assert labels[0] is a and preds[0] is b
    with pytest.raises(ValueError, match=r'\(2, 3\) does not match shape of predictions '
                                         r'\(2, 4\)'):
        mx.metric.check_label_shapes(a, b, shape=True)


def test_update_dict_selects_named_outputs():
    m = mx.metric.Accuracy(output_names=['out1'], label_names=['lab1'])
    m.update_dict({'lab0': nd.array([9, 9, 9]), 'lab1': LABEL},
                  {'out0': PROB * 0, 'out1': PROB})
    assert value(m) == 2 / 3
    m = mx.metric.Accuracy()
    m.update_dict({'l': LABEL}, {'p': PROB})
    assert value(m) == 2 / 3


def test_get_config():
    assert mx.metric.Accuracy(axis=0).get_config() == {
        'axis': 0, 'metric': 'Accuracy', 'name': 'accuracy', 'output_names': None,
        'label_names': None}
    # like MXNet, F1's `average` is not part of its config
    assert mx.metric.F1(average='micro').get_config() == {
        'metric': 'F1', 'name': 'f1', 'output_names': None, 'label_names': None}
    assert mx.metric.CrossEntropy().get_config()['eps'] == 1e-12
    with pytest.raises(NotImplementedError):
        mx.metric.create(lambda l, p: 0).get_config()


# ---------------------------------------------------------------------------------------
# Classification

def test_accuracy_with_class_ids_and_other_axis():
    m = mx.metric.Accuracy()
    m.update([nd.array([[1], [0]])], [nd.array([[1], [1]])])  # same shape: no argmax
    assert value(m) == 0.5
    m = mx.metric.Accuracy(axis=0)
    m.update([nd.array([2, 1])], [nd.array([[0, 9], [0, 0], [1, 0]])])  # argmax over rows
    assert value(m) == 0.5
    m = mx.metric.Accuracy()
    m.update([nd.array([0.9, 1.7])], [nd.array([0.2, 1.2])])  # int32 truncation
    assert value(m) == 1.0


def test_accuracy_without_the_argmax_axis_explains():
    with pytest.raises(mx.MXNetError, match='axis 1'):
        mx.metric.Accuracy().update([nd.array([0, 1, 1])], [nd.array([0, 1])])


def test_top_k_accuracy():
    m = mx.metric.TopKAccuracy(top_k=2)
    assert m.name == 'top_k_accuracy_2'
    # top-2 classes per row: {0,1}, {1,0 or 2}, {0,1}; label 2 in row 2 is missed
    m.update([LABEL], [PROB])
    assert value(m) == 2 / 3 and m.get_global()[1] == 2 / 3
    m = mx.metric.TopKAccuracy(top_k=3)
    m.update([LABEL], [PROB])
    assert value(m) == 1.0
    with pytest.raises(AssertionError, match='Please use Accuracy'):
        mx.metric.TopKAccuracy(top_k=1)


BIN_LABEL = nd.array([1, 0, 1, 1, 0])
BIN_PRED = nd.array([[0.2, 0.8], [0.6, 0.4], [0.7, 0.3], [0.1, 0.9], [0.3, 0.7]])
# predicted: 1 0 0 1 1 → tp=2, fn=1, fp=1, tn=1


def test_f1_macro_and_micro():
    p, r = 2 / 3, 2 / 3
    m = mx.metric.F1()
    m.update([BIN_LABEL], [BIN_PRED])
    assert value(m) == pytest.approx(2 * p * r / (p + r))
    # second batch: all correct positives → f1 1.0; macro averages the two batches
    m.update([nd.array([1])], [nd.array([[0, 1]])])
    assert value(m) == pytest.approx((2 / 3 + 1) / 2)
    micro = mx.metric.F1(average='micro')
    micro.update([BIN_LABEL], [BIN_PRED])
    micro.update([nd.array([1])], [nd.array([[0, 1]])])
    p = r = 3 / 4  # pooled: tp=3, fn=1, fp=1
    assert value(micro) == pytest.approx(2 * p * r / (p + r))
    assert micro.num_inst == 6


def test_mcc():
    tp, fn, fp, tn = 2, 1, 1, 1
    expected = (tp * tn - fp * fn) / math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    m = mx.metric.MCC()
    m.update([BIN_LABEL], [BIN_PRED])
    assert value(m) == pytest.approx(expected)
    # all-positive predictions: zero factors are dropped from the denominator
    m = mx.metric.MCC()
    m.update([nd.array([1, 0])], [nd.array([[0, 1], [0, 1]])])
    assert value(m) == 0.0


def test_binary_metrics_refuse_three_classes():
    with pytest.raises(ValueError, match='^_BinaryClassificationMetrics currently only '
                                         'supports binary classification.$'):
        mx.metric.F1().update([LABEL], [PROB])


def test_pcc_is_multiclass_mcc():
    m = mx.metric.PCC()
    m.update([BIN_LABEL], [BIN_PRED])
    mcc = mx.metric.MCC()
    mcc.update([BIN_LABEL], [BIN_PRED])
    assert value(m) == pytest.approx(value(mcc))
    # three classes from the confusion matrix C[pred, label]
    m = mx.metric.PCC()
    m.update([LABEL], [PROB])
    c = np.array([[1, 0, 1], [0, 1, 0], [0, 0, 0]], dtype=float)
    n, x, y = c.sum(), c.sum(axis=1), c.sum(axis=0)
    expected = (np.trace(c) * n - x @ y) / math.sqrt((n * n - x @ x) * (n * n - y @ y))
    assert value(m) == pytest.approx(expected)
    assert m.num_inst == 1 and m.k == 3


# ---------------------------------------------------------------------------------------
# Probabilities

def test_cross_entropy_and_nll():
    expected = -(math.log(0.7) + math.log(0.8) + math.log(0.2)) / 3
    for name, display in [('ce', 'cross-entropy'), ('nll_loss', 'nll-loss')]:
        m = mx.metric.create(name)
        m.update([LABEL], [PROB])
        assert m.name == display and value(m) == pytest.approx(expected, rel=1e-6)
        assert m.num_inst == 3


def test_cross_entropy_eps_keeps_zero_probabilities_finite():
    m = mx.metric.CrossEntropy(eps=1e-3)
    m.update([nd.array([1])], [nd.array([[1.0, 0.0]])])
    assert value(m) == pytest.approx(-math.log(1e-3), rel=1e-5)


def test_perplexity_with_and_without_ignore_label():
    m = mx.metric.Perplexity(ignore_label=None)
    m.update([LABEL], [PROB])
    assert value(m) == pytest.approx(math.exp(-(math.log(.7) + math.log(.8) + math.log(.2))
                                              / 3), rel=1e-6)
    m = mx.metric.Perplexity(ignore_label=2)
    m.update([LABEL], [PROB])
    assert m.num_inst == 2
    assert value(m) == pytest.approx(math.exp(-(math.log(.7) + math.log(.8)) / 2), rel=1e-6)


# ---------------------------------------------------------------------------------------
# Regression: averaged per update array, not per sample

def test_mae_mse_rmse_average_per_update():
    batches = [(nd.array([1, 2, 3]), nd.array([1, 2, 5])),    # errors 0 0 2
               (nd.array([0]), nd.array([1]))]                 # error 1
    cases = {'mae': (2 / 3 + 1) / 2, 'mse': (4 / 3 + 1) / 2,
             'rmse': (math.sqrt(4 / 3) + 1) / 2}
    for name, expected in cases.items():
        m = mx.metric.create(name)
        for label, pred in batches:
            m.update([label], [pred])
        assert m.num_inst == 2
        assert value(m) == pytest.approx(expected, rel=1e-6), name


def test_mse_broadcasts_a_label_column_against_class_scores():
    m = mx.metric.MSE()
    m.update([nd.array([1, 0])], [nd.array([[1, 0], [0, 0]])])
    # (2,1) against (2,2): differences [[0,1],[0,0]]
    assert value(m) == pytest.approx(0.25)


def test_pearson_macro_and_micro():
    a = (nd.array([1, 2, 3, 4]), nd.array([1, 3, 2, 5]))
    b = (nd.array([0, 1, 0]), nd.array([2, 1, 0]))
    macro = mx.metric.create('pearsonr')
    micro = mx.metric.PearsonCorrelation(average='micro')
    for label, pred in (a, b):
        macro.update([label], [pred])
        micro.update([label], [pred])
    per_update = [np.corrcoef(l.asnumpy(), p.asnumpy())[0, 1] for l, p in (a, b)]
    assert value(macro) == pytest.approx(np.mean(per_update))
    pooled = np.corrcoef(np.concatenate([a[0], b[0]]), np.concatenate([a[1], b[1]]))[0, 1]
    assert value(micro) == pytest.approx(pooled)


# ---------------------------------------------------------------------------------------
# Loss and custom metrics

def test_loss_averages_the_outputs_and_ignores_labels():
    for name in ('loss', 'torch', 'caffe'):
        m = mx.metric.create(name)
        m.update(None, nd.array([1, 2, 3]))
        m.update([None], [nd.array([[4, 6]])])
        assert m.name == name and m.num_inst == 5 and value(m) == pytest.approx(16 / 5)


def test_custom_metric_values_and_pairs():
    def hits(label, pred):
        assert type(label) is np.ndarray  # plain numpy copies, as MXNet's asnumpy()
        return int((pred.argmax(axis=1) == label).sum()), label.size

    m = mx.metric.create(hits)
    assert m.name == 'hits'
    m.update([LABEL], [PROB])
    assert (m.sum_metric, m.num_inst, value(m)) == (2, 3, 2 / 3)
    lam = mx.metric.create(lambda label, pred: 0.5)
    assert lam.name == 'custom(<lambda>)'
    lam.update([LABEL, LABEL], [PROB, PROB])
    assert (lam.num_inst, value(lam)) == (2, 0.5)
    named = mx.metric.np(hits, name='my')
    assert named.name == 'my' and isinstance(named, mx.metric.CustomMetric)
    assert mx.metric.np(hits).name == 'hits'


def test_custom_metric_extra_outputs():
    m = mx.metric.CustomMetric(lambda l, p: 1.0, allow_extra_outputs=True)
    m.update([LABEL], [PROB, PROB])  # zip stops at the shorter list
    assert m.num_inst == 1
    with pytest.raises(ValueError):
        mx.metric.CustomMetric(lambda l, p: 1.0).update([LABEL], [PROB, PROB])


def test_composite():
    c = mx.metric.CompositeEvalMetric()
    c.add('acc')
    c.add(mx.metric.CrossEntropy())
    c.update([LABEL], [PROB])
    names, values = c.get()
    assert names == ['accuracy', 'cross-entropy'] and values[0] == 2 / 3
    assert c.get_name_value()[0] == ('accuracy', 2 / 3)
    assert c.get_global()[0] == names
    assert c.get_metric(1).name == 'cross-entropy'
    # MXNet returns (does not raise) the error for a bad index
    err = c.get_metric(5)
    assert isinstance(err, ValueError) and str(err) == 'Metric index 5 is out of range 0 and 2'
    c.reset_local()
    assert math.isnan(c.get()[1][0]) and c.get_global()[1][0] == 2 / 3
    c.reset()
    assert math.isnan(c.get_global()[1][0])
    assert c.get_config()['metrics'][0]['metric'] == 'Accuracy'
    assert not hasattr(c, 'num_inst')  # as in MXNet


def test_composite_update_dict_filters_names():
    c = mx.metric.CompositeEvalMetric(['acc'], output_names=['o'], label_names=['l'])
    c.update_dict({'l': LABEL, 'x': nd.array([9, 9, 9])}, {'o': PROB, 'y': PROB * 0})
    assert c.get()[1] == [2 / 3]


# ---------------------------------------------------------------------------------------
# create / registry

ALIASES = {
    'accuracy': 'Accuracy', 'acc': 'Accuracy', 'topkaccuracy': 'TopKAccuracy',
    'top_k_accuracy': 'TopKAccuracy', 'top_k_acc': 'TopKAccuracy', 'f1': 'F1',
    'mcc': 'MCC', 'perplexity': 'Perplexity', 'mae': 'MAE', 'mse': 'MSE', 'rmse': 'RMSE',
    'crossentropy': 'CrossEntropy', 'ce': 'CrossEntropy',
    'negativeloglikelihood': 'NegativeLogLikelihood', 'nll_loss': 'NegativeLogLikelihood',
    'pearsoncorrelation': 'PearsonCorrelation', 'pearsonr': 'PearsonCorrelation',
    'pcc': 'PCC', 'loss': 'Loss', 'torch': 'Torch', 'caffe': 'Caffe',
    'custommetric': 'CustomMetric', 'compositeevalmetric': 'CompositeEvalMetric',
    'composite': 'CompositeEvalMetric',
}


def test_registry_keys_are_exactly_mxnets():
    assert {k: v.__name__ for k, v in mx.metric._REGISTRY.items()} == ALIASES


@pytest.mark.parametrize('key,expected', [
    ('acc', 'accuracy'), ('ACC', 'accuracy'), ('Accuracy', 'accuracy'),
    ('ce', 'cross-entropy'), ('nll_loss', 'nll-loss'), ('mse', 'mse'),
    ('pearsonr', 'pearsonr'), ('Composite', 'composite'), ('pcc', 'pcc')])
def test_create_display_names(key, expected):
    assert mx.metric.create(key).name == expected


def test_create_with_arguments_dicts_and_json():
    assert mx.metric.create('top_k_acc', top_k=5).name == 'top_k_accuracy_5'
    assert mx.metric.create('perplexity', -1).ignore_label == -1
    assert mx.metric.create({'metric': 'acc', 'axis': 0}).axis == 0
    assert mx.metric.create('["top_k_accuracy", {"top_k": 3}]').name == 'top_k_accuracy_3'
    cfg = mx.metric.Accuracy(axis=2, name='acc2').get_config()
    again = mx.metric.create(json.dumps(cfg))
    assert (again.axis, again.name) == (2, 'acc2')
    comp = mx.metric.create(json.dumps(mx.metric.create(['acc', 'mse']).get_config()))
    assert comp.get()[0] == ['accuracy', 'mse']


def test_create_passes_instances_and_builds_composites():
    m = mx.metric.MSE()
    assert mx.metric.create(m) is m
    with pytest.raises(AssertionError, match='^metric is already an instance. Additional '
                                             'arguments are invalid$'):
        mx.metric.create(m, 1)
    comp = mx.metric.create(['acc', m, lambda l, p: 0.])
    assert isinstance(comp, mx.metric.CompositeEvalMetric)
    assert [x.name for x in comp.metrics] == ['accuracy', 'mse', 'custom(<lambda>)']
    with pytest.raises(AssertionError, match='metric must be of string type'):
        mx.metric.create(3)


def test_unknown_name_keeps_mxnets_message_and_lists_the_names():
    with pytest.raises(AssertionError) as err:
        mx.metric.create('FOO')
    msg = str(err.value)
    assert msg.startswith('foo is not registered. Please register with metric.register '
                          'first')
    assert 'acc' in msg and 'nll_loss' in msg


def test_register_and_alias():
    @mx.metric.register
    @mx.metric.alias('always_one', 'ONE1')
    class AlwaysOne(mx.metric.EvalMetric):
        def __init__(self):
            super().__init__('always-one')

        def update(self, labels, preds):
            self.sum_metric += 1
            self.num_inst += 1

    try:
        for key in ('alwaysone', 'always_one', 'one1', 'One1'):
            assert isinstance(mx.metric.create(key), AlwaysOne)
        mx.metric.register(AlwaysOne, 'acc2x')
        with pytest.warns(UserWarning, match='overriding'):
            mx.metric.register(AlwaysOne, 'acc2x')
        with pytest.raises(AssertionError, match='Can only register subclass'):
            mx.metric.register(int)
    finally:
        for key in ('alwaysone', 'always_one', 'one1', 'acc2x'):
            mx.metric._REGISTRY.pop(key, None)
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        assert mx.metric.create('acc').name == 'accuracy'


# ---------------------------------------------------------------------------------------
# Speed: no per-sample Python loops in the metrics fit uses

def test_common_metrics_are_vectorised():
    """Counted, not timed: a loop over the samples runs Python lines per sample; NumPy's
    vectorised maths runs a fixed number of lines whatever the batch holds."""
    import sys
    rng = np.random.RandomState(0)
    n = 20000
    label = nd.array(rng.randint(0, 10, n))
    prob = nd.array(rng.rand(n, 10))
    for name in ('acc', 'ce', 'mse', 'mae', 'pcc', 'top_k_acc'):
        m = mx.metric.create(name, top_k=3) if name == 'top_k_acc' else mx.metric.create(name)
        lines = [0]

        def trace(frame, event, arg):
            if event == 'line':
                lines[0] += 1
            return trace
        sys.settrace(trace)
        try:
            m.update([label], [prob])
        finally:
            sys.settrace(None)
        assert lines[0] < 1000, '%s ran %d Python lines for %d samples' % (name, lines[0], n)
