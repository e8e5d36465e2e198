"""tutor's io, metric and callback modules against real MXNet 1.9.1 on the same inputs.

Run from the repository root (so ``tutor`` is importable) in the MXNet venv:
    MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity/test_io_metric_parity.py
"""
import json
import logging

import numpy as np
import pytest

mxnet = pytest.importorskip('mxnet')
import tutor  # noqa: E402

RTOL = 1e-6


# ---------------------------------------------------------------------------------------
# metrics

def _classes(rng, n, c):
    p = rng.rand(n, c).astype('float32') + 0.05
    return rng.randint(0, c, n).astype('float32'), p / p.sum(axis=1, keepdims=True)


def _binary(rng, n):
    return _classes(rng, n, 2)


def _regression(rng, n):
    return rng.randn(n).astype('float32'), rng.randn(n).astype('float32')


def _regression_2d(rng, n):
    return rng.randn(n, 3).astype('float32'), rng.randn(n, 3).astype('float32')


def _class_ids(rng, n):
    return rng.randint(0, 4, n).astype('float32'), rng.randint(0, 4, n).astype('float32')


def _perplexity(rng, n):
    label, prob = _classes(rng, n, 5)
    label[::4] = -1  # ignored
    return label, prob


CASES = [
    ('acc', {}, lambda r, n: _classes(r, n, 4)),
    ('acc', {}, _class_ids),
    ('accuracy', {'axis': 1}, lambda r, n: _classes(r, n, 3)),
    ('top_k_acc', {'top_k': 2}, lambda r, n: _classes(r, n, 5)),
    ('top_k_accuracy', {'top_k': 3}, lambda r, n: _classes(r, n, 6)),
    ('f1', {}, _binary),
    ('f1', {'average': 'micro'}, _binary),
    ('mcc', {}, _binary),
    ('mcc', {'average': 'micro'}, _binary),
    ('mae', {}, _regression),
    ('mse', {}, _regression),
    ('rmse', {}, _regression),
    ('mse', {}, _regression_2d),
    ('mse', {}, lambda r, n: _classes(r, n, 3)),  # (N,) against (N, C): broadcasts
    ('ce', {}, lambda r, n: _classes(r, n, 4)),
    ('nll_loss', {}, lambda r, n: _classes(r, n, 4)),
    ('perplexity', {'ignore_label': None}, lambda r, n: _classes(r, n, 5)),
    ('perplexity', {'ignore_label': -1}, _perplexity),
    ('pearsonr', {}, _regression),
    ('pearsonr', {'average': 'micro'}, _regression),
    ('pcc', {}, lambda r, n: _classes(r, n, 4)),
    ('pcc', {}, _class_ids),
    ('loss', {}, _regression),
    ('torch', {}, _regression),
    ('caffe', {}, _regression),
]


def _feed(lib, metric, batches):
    values = []
    for label, pred in batches:
        metric.update([lib.nd.array(label)], [lib.nd.array(pred)])
        values.append((metric.get(), metric.get_global()))
    metric.reset_local()
    values.append((metric.get(), metric.get_global()))
    return values


def _same(a, b):
    (na, va), (nb, vb) = a, b
    assert na == nb
    np.testing.assert_allclose(va, vb, rtol=RTOL, equal_nan=True)


@pytest.mark.parametrize('seed', [0, 1, 2])
@pytest.mark.parametrize('name,kwargs,make', CASES,
                         ids=['%s-%d' % (c[0], i) for i, c in enumerate(CASES)])
def test_metric_values_match(name, kwargs, make, seed):
    rng = np.random.RandomState(seed)
    batches = [make(rng, n) for n in (8, 13, 5)]
    ours = _feed(tutor, tutor.metric.create(name, **kwargs), batches)
    theirs = _feed(mxnet, mxnet.metric.create(name, **kwargs), batches)
    for (our_local, our_global), (their_local, their_global) in zip(ours, theirs):
        _same(our_local, their_local)
        _same(our_global, their_global)


@pytest.mark.parametrize('name,kwargs,make', CASES[:1] + CASES[9:12])
def test_metric_config_and_repr_match(name, kwargs, make):
    ours, theirs = tutor.metric.create(name, **kwargs), mxnet.metric.create(name, **kwargs)
    assert ours.get_config() == theirs.get_config()
    assert str(ours) == str(theirs)
    label, pred = make(np.random.RandomState(3), 6)
    ours.update([tutor.nd.array(label)], [tutor.nd.array(pred)])
    theirs.update([mxnet.nd.array(label)], [mxnet.nd.array(pred)])
    assert ours.get_name_value()[0][0] == theirs.get_name_value()[0][0]
    np.testing.assert_allclose(ours.get_name_value()[0][1], theirs.get_name_value()[0][1],
                               rtol=RTOL)


def test_registry_names_match():
    theirs = mxnet.registry.get_registry(mxnet.metric.EvalMetric)
    assert sorted(tutor.metric._REGISTRY) == sorted(theirs)
    for key, klass in theirs.items():
        assert tutor.metric._REGISTRY[key].__name__ == klass.__name__


@pytest.mark.parametrize('key', ['acc', 'ACC', 'top_k_accuracy', 'f1', 'mcc', 'mae', 'mse',
                                 'rmse', 'ce', 'nll_loss', 'pearsonr', 'pcc', 'loss',
                                 'torch', 'caffe', 'composite', 'crossentropy'])
def test_created_names_and_configs_match(key):
    kwargs = {'top_k': 5} if key.startswith('top_k') else {}
    ours, theirs = tutor.metric.create(key, **kwargs), mxnet.metric.create(key, **kwargs)
    assert type(ours).__name__ == type(theirs).__name__
    assert ours.name == theirs.name
    assert ours.get_config() == theirs.get_config()
    # the JSON of a config round-trips through create in both
    again = tutor.metric.create(json.dumps(ours.get_config()))
    assert again.get_config() == mxnet.metric.create(json.dumps(theirs.get_config())).get_config()


def test_composite_and_custom_match():
    rng = np.random.RandomState(4)
    label, pred = _classes(rng, 9, 3)

    def top1(lab, prd):
        return (prd.argmax(axis=1) == lab).sum(), lab.size

    results = []
    for lib in (tutor, mxnet):
        comp = lib.metric.create(['acc', 'ce', top1, lambda lab, prd: float(prd.max())])
        comp.update([lib.nd.array(label)], [lib.nd.array(pred)])
        results.append((comp.get(), comp.get_global_name_value(), comp.get_metric(9).args))
    (names_a, vals_a), nv_a, err_a = results[0]
    (names_b, vals_b), nv_b, err_b = results[1]
    assert names_a == names_b == ['accuracy', 'cross-entropy', 'top1', 'custom(<lambda>)']
    np.testing.assert_allclose(vals_a, vals_b, rtol=RTOL)
    assert [n for n, _ in nv_a] == [n for n, _ in nv_b]
    assert err_a == err_b


@pytest.mark.parametrize('bad', ['foo', 'FOO'])
def test_unknown_metric_message_starts_like_mxnet(bad):
    with pytest.raises(AssertionError) as theirs:
        mxnet.metric.create(bad)
    with pytest.raises(AssertionError) as ours:
        tutor.metric.create(bad)
    assert str(ours.value).startswith(str(theirs.value))


def test_shape_mismatch_message_matches():
    msgs = []
    for lib in (tutor, mxnet):
        with pytest.raises(ValueError) as err:
            lib.metric.Accuracy().update([lib.nd.array([0, 1])],
                                         [lib.nd.array([0, 1]), lib.nd.array([1, 1])])
        msgs.append(str(err.value))
    assert msgs[0] == msgs[1]


# ---------------------------------------------------------------------------------------
# NDArrayIter

def _epochs(lib, n_epochs, *args, **kwargs):
    it = lib.io.NDArrayIter(*args, **kwargs)
    out = [repr(it.provide_data), repr(it.provide_label)]
    for _ in range(n_epochs):
        try:
            for batch in it:
                out.append(([d.asnumpy().tolist() for d in batch.data],
                            [l.asnumpy().tolist() for l in batch.label],
                            batch.pad, batch.index, str(batch)))
        except (mxnet.base.MXNetError, tutor.MXNetError):
            out.append('MXNetError')  # roll_over with batch_size > 2 * num_data
            return out
        out.append(('cursor', it.cursor))
        it.reset()
    return out


@pytest.mark.parametrize('handle', ['pad', 'discard', 'roll_over'])
@pytest.mark.parametrize('n,bs', [(10, 4), (7, 5), (3, 4), (10, 25), (8, 4), (1, 1)])
@pytest.mark.parametrize('with_label', [True, False])
def test_ndarrayiter_batches_match(handle, n, bs, with_label):
    data = np.arange(n * 2).reshape(n, 2)
    label = np.arange(n) if with_label else None
    kwargs = dict(batch_size=bs, last_batch_handle=handle)
    assert _epochs(tutor, 4, data, label, **kwargs) == _epochs(mxnet, 4, data, label, **kwargs)


@pytest.mark.parametrize('handle', ['pad', 'discard', 'roll_over'])
def test_ndarrayiter_shuffle_matches_with_same_numpy_seed(handle):
    data, label = np.arange(22).reshape(11, 2).astype('float64'), np.arange(11)
    kwargs = dict(batch_size=4, shuffle=True, last_batch_handle=handle)
    np.random.seed(7)
    ours = _epochs(tutor, 3, data, label, **kwargs)
    np.random.seed(7)
    theirs = _epochs(mxnet, 3, data, label, **kwargs)
    assert ours == theirs


def test_ndarrayiter_list_and_dict_inputs_match():
    a, b = np.arange(12).reshape(6, 2), np.arange(6) * 10
    for args in [([a, b], {'y': b, 'x': a}), ({'b': a, 'a': a}, [b]), ([a] * 11, None)]:
        kwargs = dict(batch_size=4, data_name='in', label_name='lab')
        assert _epochs(tutor, 2, *args, **kwargs) == _epochs(mxnet, 2, *args, **kwargs)


def test_ndarrayiter_layout_and_dtypes_match():
    data = np.arange(30, dtype=np.int64).reshape(10, 3)
    for lib_args in [dict(layout='NC'), dict(layout='NTC')]:
        ours = tutor.io.NDArrayIter(data, np.arange(10), batch_size=3, **lib_args)
        theirs = mxnet.io.NDArrayIter(data, np.arange(10), batch_size=3, **lib_args)
        assert repr(ours.provide_data) == repr(theirs.provide_data)
        assert repr(ours.provide_label) == repr(theirs.provide_label)
    for dtype in ('float64', 'int32'):
        arr_t = tutor.nd.array(data, dtype=dtype)
        arr_m = mxnet.nd.array(data, dtype=dtype)
        assert repr(tutor.io.NDArrayIter(arr_t, batch_size=2).provide_data) == \
            repr(mxnet.io.NDArrayIter(arr_m, batch_size=2).provide_data)
        # shuffling goes through asnumpy + nd.array: float32 afterwards
        assert repr(tutor.io.NDArrayIter(arr_t, batch_size=2, shuffle=True).provide_data) == \
            repr(mxnet.io.NDArrayIter(arr_m, batch_size=2, shuffle=True).provide_data)


def test_datadesc_and_databatch_match():
    for lib_a, lib_b in [(tutor, mxnet)]:
        assert repr(lib_a.io.DataDesc('data', (2, 3))) == repr(lib_b.io.DataDesc('data', (2, 3)))
        assert repr(lib_a.io.DataDesc.get_list([('a', (1, 2))], [('a', np.int32)])) == \
            repr(lib_b.io.DataDesc.get_list([('a', (1, 2))], [('a', np.int32)]))
        assert str(lib_a.io.DataBatch([lib_a.nd.ones((2, 3))], [lib_a.nd.ones((2,))])) == \
            str(lib_b.io.DataBatch([lib_b.nd.ones((2, 3))], [lib_b.nd.ones((2,))]))
        for layout in ('NCHW', 'TNC', None):
            assert lib_a.io.DataDesc.get_batch_axis(layout) == \
                lib_b.io.DataDesc.get_batch_axis(layout)


def test_resizeiter_matches():
    out = []
    for lib in (tutor, mxnet):
        it = lib.io.ResizeIter(lib.io.NDArrayIter(np.arange(10), batch_size=4), 5)
        seen = []
        for _ in range(2):
            seen.append([(b.data[0].asnumpy().tolist(), b.pad) for b in it])
            it.reset()
        out.append(seen)
    assert out[0] == out[1]


# ---------------------------------------------------------------------------------------
# callbacks: the same log lines for the same (fake) clock

class _Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        self.now += 0.25
        return self.now


def _log_lines(lib, caplog, monkeypatch, make_callback, metric_name, n_batches=12):
    monkeypatch.setattr('time.time', _Clock())
    caplog.clear()
    metric = lib.metric.create(metric_name) if metric_name else None
    callback = make_callback(lib)
    label, pred = _classes(np.random.RandomState(5), 4, 3)
    with caplog.at_level(logging.INFO):
        for epoch in range(2):
            for nbatch in range(n_batches):
                if metric is not None:
                    metric.update([lib.nd.array(label)], [lib.nd.array(pred)])
                callback(lib.model.BatchEndParam(epoch=epoch, nbatch=nbatch,
                                                 eval_metric=metric, locals=None)
                         if hasattr(lib.model, 'BatchEndParam') else
                         lib.callback.BatchEndParam(epoch, nbatch, metric, None))
    return [r.getMessage() for r in caplog.records]


@pytest.mark.parametrize('make_callback', [
    lambda lib: lib.callback.Speedometer(4, frequent=3),
    lambda lib: lib.callback.Speedometer(4, frequent=5, auto_reset=False),
    lambda lib: lib.callback.log_train_metric(4),
    lambda lib: lib.callback.log_train_metric(4, auto_reset=True),
    lambda lib: lib.callback.ProgressBar(12, length=10),
    lambda lib: lib.callback.LogValidationMetricsCallback(),
])
@pytest.mark.parametrize('metric_name', ['acc', None, ['acc', 'ce']])
def test_callback_log_lines_match(caplog, monkeypatch, make_callback, metric_name):
    ours = _log_lines(tutor, caplog, monkeypatch, make_callback, metric_name)
    theirs = _log_lines(mxnet, caplog, monkeypatch, make_callback, metric_name)
    assert ours == theirs
    assert theirs or metric_name is None  # only metric-less loggers may stay silent
