"""Recorder: the history a widget panel draws from, and its subscription."""
import numpy as np
import pytest

import tutor as mx

from conftest import iters, mlp


def test_fit_records_batches_epochs_validation_and_notifies_subscribers():
    rec = mx.lens.History()
    heard = []
    rec.subscribe(lambda lens, record: heard.append(record['kind']))
    train, val = iters()
    mod = mx.mod.Module(mlp())
    rec.attach(mod)
    scores = []
    mod.fit(train, eval_data=val, optimizer_params={'learning_rate': 0.5}, num_epoch=2,
            eval_end_callback=lambda p: scores.append(p.eval_metric.get()[1]))
    assert heard == ['fit_begin'] + ['batch'] * 20 + ['epoch', 'validation'] + \
        ['batch'] * 20 + ['epoch', 'validation', 'fit_end']
    batches = rec.batches()
    assert [b['step'] for b in batches] == list(range(40))
    assert batches[5]['lr'] == 0.5 and 0 <= batches[5]['metric']['accuracy'] <= 1
    epochs = rec.epochs()
    assert epochs[1]['loss'] == pytest.approx(np.mean([b['loss'] for b in batches[20:]]))
    assert [r['metric']['accuracy'] for r in rec.epochs('validation')] == \
        pytest.approx(scores)
    assert rec.series('accuracy', 'validation')[1] == (1, pytest.approx(scores[1]))
    assert rec.metric_names() == ['accuracy']
    # weights before and after, for the histogram
    assert set(rec.params_before) == set(rec.params_after) == set(mod._param_names)
    assert not np.allclose(rec.params_before['fc1_weight'], rec.params_after['fc1_weight'])
    text = str(rec)
    assert 'validation accuracy' in text and '40 training batches and 2 epochs' in text


def test_unsubscribe_and_detach():
    rec = mx.lens.Recorder()
    heard = []
    fn = rec.subscribe(lambda lens, r: heard.append(r))
    rec.unsubscribe(fn)
    train, _ = iters()
    mod = mx.mod.Module(mlp())
    with rec.attach(mod):
        mod.fit(train, num_epoch=1)
    assert heard == [] and len(rec.batches()) == 20
    assert mod._watchers == ()
