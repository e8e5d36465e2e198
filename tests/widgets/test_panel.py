"""TrainingPanel without a browser: move sliders and click buttons in plain pytest (ipywidgets
fires the handlers synchronously), then check the runs, the recorder and the figure."""
import math
import time
import warnings

import numpy as np
import pytest

import tutor as mx
from widget_helpers import english, letters_slice, lines_of, panel, png_ok  # noqa: F401


def test_controls_have_the_tutorial_defaults_and_a_log_learning_rate(panel):
    import ipywidgets as w
    c = panel.controls
    assert list(c) == ['learning_rate', 'num_epoch', 'batch_size', 'num_hidden', 'optimizer']
    assert isinstance(c['learning_rate'], w.FloatLogSlider)
    assert (c['learning_rate'].min, c['learning_rate'].max, c['learning_rate'].base) == \
        (-4, 1, 10)
    assert panel.settings() == dict(learning_rate=pytest.approx(0.1), num_epoch=3,
                                    batch_size=32, num_hidden=64, optimizer='sgd')
    assert c['learning_rate'].description == 'learning rate'
    assert 'tutor-learning-rate' in c['learning_rate']._dom_classes
    assert not panel.running and panel.stop_button.disabled and not panel.train_button.disabled
    assert panel.status.value.endswith('Ready: choose the settings and press Train.</span>')


def test_train_button_runs_fit_in_the_background_and_fills_the_run(panel):
    before = panel.picture()
    panel.train_button.click()
    assert panel.running and panel.train_button.disabled and not panel.stop_button.disabled
    run = panel.wait(60)
    assert not panel.running and not panel.train_button.disabled and panel.stop_button.disabled
    assert run.status == 'finished' and run.number == 1
    assert [e['epoch'] for e in run.epochs] == [0, 1, 2]
    for e in run.epochs:
        for key in ('train_loss', 'val_loss', 'train_metric', 'val_metric'):
            assert math.isfinite(e[key]), (key, e)
    assert run.metric_name == 'accuracy'
    assert run.epochs[-1]['train_loss'] < run.epochs[0]['train_loss']
    assert panel.progress.value == panel.progress.max == 3 * math.ceil(960 / 32)
    assert panel.progress.bar_style == 'success'
    assert 'Run 1 (lr 0.1, 64 hidden, batch 32, sgd) finished: 3 epochs' in panel.status.value
    assert 'validation accuracy %.3f' % run.epochs[-1]['val_metric'] in panel.status.value
    assert png_ok(panel.picture()) and panel.picture() != before


def test_slider_values_reach_the_module(panel):
    panel.controls['learning_rate'].value = 0.3
    panel.controls['num_epoch'].value = 2
    panel.controls['batch_size'].value = 64
    panel.controls['num_hidden'].value = 16
    panel.controls['optimizer'].value = 'momentum'
    run = panel.train(block=True)
    assert run.settings == dict(learning_rate=pytest.approx(0.3), num_epoch=2, batch_size=64,
                                num_hidden=16, optimizer='momentum')
    mod = panel.module
    assert mod._optimizer.learning_rate == pytest.approx(0.3)
    assert mod._optimizer.momentum == 0.9
    assert mod.get_params()[0]['fc1_weight'].shape == (16, 16)
    assert mod.data_shapes[0].shape == (64, 16)
    assert run.batches == 2 * math.ceil(960 / 64) and len(run.epochs) == 2


def test_the_panel_draws_what_the_recorder_saw(panel):
    run = panel.train(block=True)
    rec = panel.recorder
    assert rec.module is panel.module
    train = rec.epochs('epoch')
    val = rec.epochs('validation')
    assert [r['loss'] for r in train] == [e['train_loss'] for e in run.epochs]
    assert [r['metric']['accuracy'] for r in val] == [e['val_metric'] for e in run.epochs]
    batch_losses = [b['loss'] for b in rec.batches() if b['epoch'] == 0]
    assert run.epochs[0]['train_loss'] == pytest.approx(np.mean(batch_losses))
    assert run.batches == len(rec.batches())
    # the curves in the figure are exactly those numbers, at epochs 1..3
    loss_lines = lines_of(panel.figure.axes[0])
    assert ([1, 2, 3], [e['train_loss'] for e in run.epochs]) in loss_lines
    assert ([1, 2, 3], [e['val_loss'] for e in run.epochs]) in loss_lines
    acc_lines = lines_of(panel.figure.axes[1])
    assert ([1, 2, 3], [e['val_metric'] for e in run.epochs]) in acc_lines


def test_fit_is_the_only_training_loop(panel, monkeypatch):
    calls = []
    fit = mx.mod.Module.fit

    def counting_fit(self, *args, **kwargs):
        calls.append(kwargs.get('num_epoch'))
        return fit(self, *args, **kwargs)

    monkeypatch.setattr(mx.mod.Module, 'fit', counting_fit)
    panel.train(block=True)
    assert calls == [3]


def test_same_settings_give_the_same_curves(panel):
    a = panel.train(block=True)
    b = panel.train(block=True)
    assert a.epochs == b.epochs
    assert (a.number, b.number) == (1, 2)


def test_runs_are_overlaid_for_comparison(panel):
    slow = panel.train(block=True, learning_rate=0.01)
    fast = panel.train(block=True, learning_rate=0.5)
    ax_loss, ax_acc = panel.figure.axes[:2]
    assert ([1, 2, 3], [e['train_loss'] for e in slow.epochs]) in lines_of(ax_loss)
    assert ([1, 2, 3], [e['train_loss'] for e in fast.epochs]) in lines_of(ax_loss)
    assert len(lines_of(ax_loss)) == len(lines_of(ax_acc)) == 4     # train + validation each
    newest = [l for l in ax_loss.get_lines() if l.get_linewidth() == 2.0]
    assert {l.get_color() for l in newest} == {'C1'}
    legend = [t.get_text() for t in ax_acc.get_legend().get_texts()]
    assert legend == ['run 1: lr 0.01, 64 hidden, batch 32, sgd',
                      'run 2: lr 0.5, 64 hidden, batch 32, sgd']
    text = str(panel.report())
    assert 'lr 0.01' in text and 'lr 0.5' in text and text.count('finished') == 2


def test_reset_clears_runs_curves_and_numbering(panel):
    panel.train(block=True)
    panel.train(block=True, learning_rate=0.3)
    drawn = panel.picture()
    panel.reset_button.click()
    assert panel.runs == [] and panel.module is None and panel.recorder is None
    assert lines_of(panel.figure.axes[0]) == [] and panel.figure.axes[1].get_legend() is None
    assert panel.picture() != drawn and panel.progress.value == 0
    assert 'Cleared' in panel.status.value
    assert panel.train(block=True).number == 1


def test_stop_ends_a_running_fit_after_the_current_batch(letters_slice):
    panel = mx.widgets.TrainingPanel(num_epoch=30)          # the full letters: ~5 s a run
    panel.train_button.click()
    run = panel.runs[-1]
    deadline = time.time() + 30
    while run.batches < 20 and time.time() < deadline:
        time.sleep(0.01)
    assert panel.running
    at_click = run.batches
    panel.stop_button.click()
    panel.wait(30)
    assert run.status == 'stopped' and not panel.running
    assert len(run.epochs) < 30 and run.batches < 30 * 500
    # counted, not timed: the batch under way when Stop was pressed ends, no other starts
    assert run.batches - at_click <= 2, (at_click, run.batches)
    assert 'Run 1 stopped in epoch %d, after batch %d' % run.last_batch in panel.status.value
    assert panel.progress.bar_style == 'warning' and not panel.train_button.disabled


def test_stop_before_fit_begins_still_stops(panel):
    import threading
    go = threading.Event()
    prepare = panel._prepare

    def slow_prepare(run):              # hold the run before fit starts
        go.wait(30)
        return prepare(run)

    panel._prepare = slow_prepare
    run = panel.train()
    panel.stop()
    go.set()
    panel.wait(30)
    assert run.status == 'stopped' and run.batches == 1   # fit checks after each batch


def test_train_while_running_stops_the_old_run_first(letters_slice):
    panel = mx.widgets.TrainingPanel(num_epoch=30)
    first = panel.train()
    second = panel.train(num_epoch=1)
    panel.wait(60)
    assert first.status == 'stopped' and second.status == 'finished'
    assert [r.number for r in panel.runs] == [1, 2]


def test_divergence_stops_with_a_message_not_a_traceback(panel):
    with warnings.catch_warnings():
        warnings.simplefilter('error')                      # no RuntimeWarning either
        run = panel.train(block=True, learning_rate=10.0)
    assert run.status == 'diverged'
    d = run.diverged_at
    assert d['value'] in ('nan', 'inf') and d['epoch'] == 0
    assert run.batches == d['batch'] + 1                     # stopped right there
    status = panel.status.value
    assert '#b00020' in status                               # red
    assert ('Run 1 diverged: the loss became %s in epoch 0, batch %d, at learning rate 10.'
            % (d['value'], d['batch'])) in status
    assert 'e.g. 1.' in status and 'Traceback' not in status
    assert panel.progress.bar_style == 'danger'
    texts = [t.get_text() for t in panel.figure.axes[0].texts]
    assert 'diverged' in texts
    # the panel is usable again: a sane learning rate trains
    assert panel.train(block=True, learning_rate=0.1).status == 'finished'


def test_an_error_in_a_run_is_shown_in_the_status_line(letters_slice):
    train, val = letters_slice
    bad = mx.sym.SoftmaxOutput(mx.sym.FullyConnected(mx.sym.Variable('data'), num_hidden=26,
                                                     name='fc'), name='softmax')
    panel = mx.widgets.TrainingPanel(symbol=bad, train_data=(train[0][:, :3], train[1]),
                                     eval_data=(val[0][:, :5], val[1]), num_epoch=1)
    assert panel.controls['num_hidden'].disabled             # a fixed symbol
    run = panel.train(block=True)
    assert run.status == 'error' and 'could not train' in panel.status.value
    assert not panel.running and not panel.train_button.disabled


def test_a_symbol_factory_gets_the_hidden_units(letters_slice):
    train, val = letters_slice
    seen = []

    def net(num_hidden):
        seen.append(num_hidden)
        return mx.widgets.mlp(num_hidden, 26)

    panel = mx.widgets.TrainingPanel(symbol=net, train_data=train, eval_data=val,
                                     num_epoch=1, num_hidden=8)
    assert panel.train(block=True).status == 'finished' and seen == [8]


def test_auto_retrains_when_a_slider_moves(panel):
    panel.auto.value = True
    panel.controls['learning_rate'].value = 0.2
    run = panel.wait(60)
    assert len(panel.runs) == 1 and run.settings['learning_rate'] == pytest.approx(0.2)
    panel.auto.value = False
    panel.controls['learning_rate'].value = 0.05
    assert len(panel.runs) == 1


def test_set_rejects_unknown_settings(panel):
    with pytest.raises(TypeError, match='unknown setting.*learning_rat'):
        panel.set(learning_rat=0.1)
    with pytest.raises(ValueError, match='optimizer'):
        mx.widgets.TrainingPanel(optimizer='lbfgs')


def test_no_pyplot_figures_are_made(panel):
    import matplotlib.pyplot as plt
    before = plt.get_fignums()
    panel.train(block=True)
    panel.snapshot()
    assert plt.get_fignums() == before


def test_default_panel_learns_the_letters():
    panel = mx.widgets.TrainingPanel(num_epoch=2)
    run = panel.train(block=True)
    assert run.status == 'finished'
    assert run.epochs[-1]['val_metric'] > 0.5                # 26 classes: chance is 0.04
