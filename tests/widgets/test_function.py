"""FunctionPanel: a panel whose runs are calls of the learner's own ``train(**settings)``,
driven as a learner would (controls moved, buttons clicked), alone and inside an Experiment."""
import threading
import time

import numpy as np
import pytest

import tutor as mx
from tutor.widgets.function import show
from tutor.widgets.lab import standardise
from widget_helpers import english, letters_slice, png_ok  # noqa: F401 (fixtures)


def make_train(letters_slice, calls=None, own=None):
    """A train function as a chapter writes one: fit the letters MLP, return results."""
    (x, y), (xv, yv) = letters_slice
    x, xv = standardise(x, xv)

    def train(num_hidden=16, num_epoch=2, optimizer='sgd', batch_end_callback=None):
        if calls is not None:
            calls.append(dict(num_hidden=num_hidden, num_epoch=num_epoch, optimizer=optimizer,
                              callback=batch_end_callback is not None))
        mx.random.seed(3)
        np.random.seed(3)
        it = mx.io.NDArrayIter(x, y, 32, shuffle=True)
        mod = mx.mod.Module(mx.widgets.mlp(num_hidden))
        callbacks = [c for c in (own, batch_end_callback) if c is not None]
        mod.fit(it, num_epoch=num_epoch, optimizer=optimizer, initializer=mx.init.Xavier(),
                optimizer_params={'learning_rate': 0.5 if optimizer == 'sgd' else 0.01},
                batch_end_callback=callbacks)
        val = mx.io.NDArrayIter(xv, yv, 32)
        return {'accuracy': mod.score(val, 'acc')[0][1], 'note': 'fc1 has %d units' % num_hidden}
    return train


@pytest.fixture
def fpanel(letters_slice):
    p = mx.widgets.FunctionPanel(make_train(letters_slice),
                                 settings={'num_hidden': [8, 16, 64],
                                           'num_epoch': range(1, 11),
                                           'optimizer': ['sgd', 'adam']})
    yield p
    if p.running:
        p.stop()
        p.wait(30)


def test_controls_follow_the_settings_and_the_functions_defaults(fpanel):
    import ipywidgets as w
    c = fpanel.controls
    assert list(c) == ['num_hidden', 'num_epoch', 'optimizer']
    assert isinstance(c['num_hidden'], w.SelectionSlider) and c['num_hidden'].options == (8, 16, 64)
    assert isinstance(c['num_epoch'], w.IntSlider)
    assert (c['num_epoch'].min, c['num_epoch'].max, c['num_epoch'].step) == (1, 10, 1)
    assert isinstance(c['optimizer'], w.Dropdown)
    assert fpanel.settings() == dict(num_hidden=16, num_epoch=2, optimizer='sgd')  # defaults
    assert [c[n].description for n in c] == ['hidden units', 'epochs', 'optimizer']
    assert 'tutor-num-epoch' in c['num_epoch']._dom_classes                 # browser hooks
    assert fpanel.takes_callback


def test_first_values_labels_and_bad_settings(letters_slice):
    train = make_train(letters_slice)
    p = mx.widgets.FunctionPanel(train, settings={'num_hidden': [8, 32], 'flag': bool},
                                 values={'num_hidden': 32},
                                 labels={'flag': {'en': 'a switch', 'zh': '开关'}}, language='zh')
    assert p.settings() == {'num_hidden': 32, 'flag': False}   # 16 is no choice: the first
    assert p.controls['num_hidden'].description == '隐藏单元数'
    assert p.controls['flag'].description == '开关'
    assert p.label('perplexity') == '困惑度' and p.label('sample') == 'sample'
    with pytest.raises(TypeError, match='unknown setting.*num_hiden'):
        mx.widgets.FunctionPanel(train, settings={'num_hidden': [8]}, values={'num_hiden': 8})
    with pytest.raises(ValueError, match="'num_hidden': 7 is not one of its choices"):
        mx.widgets.FunctionPanel(train, settings={'num_hidden': [8]}, values={'num_hidden': 7})
    with pytest.raises(ValueError, match='at least one setting'):
        mx.widgets.FunctionPanel(train, settings={})
    with pytest.raises(TypeError, match='training function'):
        mx.widgets.FunctionPanel(42, settings={'a': [1]})


def test_train_calls_the_function_and_draws_each_epoch(letters_slice):
    calls, seen = [], {}

    def own(param):                       # the fit's own metric, by epoch (last batch wins)
        seen[param.epoch] = param.eval_metric.get()[1]

    p = mx.widgets.FunctionPanel(make_train(letters_slice, calls, own),
                                 settings={'num_hidden': [8, 16], 'num_epoch': range(1, 5)})
    before = p.picture()
    p.controls['num_hidden'].value = 8
    p.controls['num_epoch'].value = 3
    p.train_button.click()
    run = p.wait(60)
    assert calls == [dict(num_hidden=8, num_epoch=3, optimizer='sgd', callback=True)]
    assert run.status == 'finished' and run.settings == {'num_hidden': 8, 'num_epoch': 3}
    assert run.metric_name == 'accuracy'
    assert [e['epoch'] for e in run.epochs] == [0, 1, 2]
    assert [e['train_metric'] for e in run.epochs] == [seen[0], seen[1], seen[2]]
    assert run.batches == 3 * 30 and run.last_batch == (2, 29)
    assert set(run.result) == {'accuracy', 'note'} and 0.3 < run.result['accuracy'] < 1
    assert p.progress.value == p.progress.max == 3 and p.progress.bar_style == 'success'
    assert ('Run 1 (hidden units 8, epochs 3) finished in' in p.status.value and
            'accuracy %s, note “fc1 has 8 units”' % show(run.result['accuracy']) in p.status.value)
    assert png_ok(p.picture()) and p.picture() != before
    assert not p.train_button.disabled and p.stop_button.disabled


def test_same_settings_same_results_and_a_report(fpanel):
    a = fpanel.train(block=True)
    b = fpanel.train(block=True, num_hidden=64)
    c = fpanel.train(block=True, num_hidden=16)
    assert a.result == c.result and a.epochs == c.epochs
    assert b.result['note'] == 'fc1 has 64 units'
    text = str(fpanel.report())
    assert 'hidden units 64, epochs 2, optimizer sgd' in text
    assert text.count('finished') == 3 and 'seconds' in text and 'fc1 has 64 units' in text
    assert '<FunctionPanel: 3 run(s); run 3 finished' in repr(fpanel)


def test_a_function_without_the_callback_still_runs(letters_slice):
    train = make_train(letters_slice)

    def plain(num_hidden=8):
        return train(num_hidden=num_hidden, num_epoch=1)

    p = mx.widgets.FunctionPanel(plain, settings={'num_hidden': [8, 16]})
    assert not p.takes_callback
    run = p.train(block=True)
    assert run.status == 'finished' and run.epochs == [] and 'accuracy' in run.result
    assert p.progress.value == p.progress.max == 1
    assert png_ok(p.snapshot())


def test_stop_ends_the_function_after_the_batch_in_progress(letters_slice):
    returned = []
    train = make_train(letters_slice)

    def slow(num_epoch=400, batch_end_callback=None):
        returned.append(train(num_epoch=num_epoch, batch_end_callback=batch_end_callback))

    p = mx.widgets.FunctionPanel(slow, settings={'num_epoch': [400]})
    p.train_button.click()
    run = p.runs[-1]
    deadline = time.time() + 30
    while run.batches < 40 and time.time() < deadline:
        time.sleep(0.01)
    assert p.running and not p.stop_button.disabled
    at_click = run.batches
    p.stop_button.click()
    p.wait(30)
    assert run.status == 'stopped' and not p.running and returned == []
    assert run.batches - at_click <= 2, (at_click, run.batches)
    assert run.result == {} and len(run.epochs) >= 1
    assert 'Run 1 stopped in epoch %d, after batch %d' % run.last_batch in p.status.value
    assert p.progress.bar_style == 'warning' and not p.train_button.disabled


def test_errors_and_wrong_returns_are_shown_not_raised(letters_slice):
    def broken(num_hidden=8, batch_end_callback=None):
        raise RuntimeError('the data file is missing')

    p = mx.widgets.FunctionPanel(broken, settings={'num_hidden': [8]})
    run = p.train(block=True)
    assert run.status == 'error' and 'the data file is missing' in p.status.value
    p = mx.widgets.FunctionPanel(lambda num_hidden: (1.0, 'text'), settings={'num_hidden': [8]},
                                 language='zh')
    run = p.train(block=True)
    assert run.status == 'error' and 'TypeError: <lambda> 返回了 tuple；请返回一个结果字典' in run.error
    assert p.progress.bar_style == 'danger' and not p.running


def test_chinese_status_table_and_picture(letters_slice):
    mx.set_language('zh')
    p = mx.widgets.FunctionPanel(make_train(letters_slice), settings={'num_epoch': range(1, 4)},
                                 labels={'note': '备注'})
    run = p.train(block=True, num_epoch=1)
    assert ('第 1 次训练（迭代周期数 1）完成，用时' in p.status.value and
            '准确率 %s，备注 “fc1 has 16 units”' % show(run.result['accuracy']) in p.status.value)
    assert '备注' in str(p.report()) and '秒' in str(p.report())
    assert png_ok(p.snapshot())


def test_an_experiment_runs_the_function_and_quotes_its_results(letters_slice):
    p = mx.widgets.FunctionPanel(make_train(letters_slice),
                                 settings={'num_hidden': [8, 64], 'num_epoch': range(1, 4)})
    exp = mx.widgets.Experiment(
        p, question='8 or 64 hidden units after 2 epochs?', choices=['8', '64', 'the same'],
        answer=1, runs=[{'num_hidden': 8}, {'num_hidden': 64}],
        explain=lambda runs: 'accuracy %.3f with 8, %.3f with 64' % tuple(
            r.result['accuracy'] for r in runs))
    exp.prediction.value = 1
    exp.run(block=True)
    small, big = exp.runs
    assert [r.settings['num_hidden'] for r in exp.runs] == [8, 64] and exp.runs == p.runs
    assert exp.finding == 'accuracy %.3f with 8, %.3f with 64' % (small.result['accuracy'],
                                                                  big.result['accuracy'])
    assert big.result['accuracy'] > small.result['accuracy']
    assert '✓ Your prediction (64)' in exp.result.value
    data, _ = exp._repr_mimebundle_()
    assert 'image/png' in data and 'application/vnd.jupyter.widget-view+json' in data


def test_the_experiment_button_runs_in_the_background(letters_slice):
    gate = threading.Event()
    train = make_train(letters_slice)

    def held(num_hidden=8, batch_end_callback=None):
        gate.wait(30)
        return train(num_hidden=num_hidden, num_epoch=1, batch_end_callback=batch_end_callback)

    p = mx.widgets.FunctionPanel(held, settings={'num_hidden': [8, 16]})
    exp = mx.widgets.Experiment(p, question='?', choices=['a', 'b'], answer=None,
                                runs=[{'num_hidden': 8}, {'num_hidden': 16}],
                                explain=lambda runs: '%d runs' % len(runs))
    exp.run_button.click()
    assert exp.running and exp.run_button.disabled      # the kernel is free meanwhile
    gate.set()
    exp.wait(60)
    assert exp.finding == '2 runs' and not exp.run_button.disabled


def test_show_formats_results():
    assert show(5.489121) == '5.49' and show(64.51857) == '64.5' and show(0.0458333) == '0.0458'
    assert show(np.float32(2.5)) == '2.5' and show(3) == '3' and show(True) == 'True'
    assert show(float('nan')) == 'nan'
    assert show('x' * 40) == 'x' * 27 + '…'
