"""DivergenceLens: the batch and the first array where NaN or inf appeared, and the fix."""
import warnings

import numpy as np
import pytest

import tutor as mx
from tutor.lens import DivergenceWarning

from conftest import bound, iters, letter_arrays, mlp


def test_huge_learning_rate_is_reported_with_batch_array_and_fix():
    lens = mx.lens.DivergenceLens()
    train, _ = iters()
    mod = mx.mod.Module(mlp())
    lens.attach(mod)
    with pytest.warns(DivergenceWarning, match='Training diverged') as record:
        with np.errstate(all='ignore'):
            mod.fit(train, optimizer_params={'learning_rate': 1e4}, num_epoch=2)
    assert len([w for w in record if w.category is DivergenceWarning]) == 1   # once
    first = lens.first
    assert first['epoch'] == 0 and first['batch'] == first['step'] and first['batch'] >= 1
    assert first['array'] and first['where'] in ('loss', 'output', 'gradient', 'updated',
                                                 'weight')
    msg = lens.message()
    assert 'epoch 0, batch %d' % first['batch'] in msg
    # no run that trained has been seen: the lens names no rate as the cure
    assert 'at learning_rate 10000' in msg and 'not yet seen a learning rate' in msg
    assert 'try 1000' not in msg and 'clip_gradient' in msg
    assert lens.bad_batches > 1


def test_stop_true_ends_fit_at_that_batch():
    lens = mx.lens.DivergenceLens(stop=True, warn=False)
    rec = mx.lens.Recorder()
    train, _ = iters()
    mod = mx.mod.Module(mlp())
    lens.attach(mod)
    rec.attach(mod)
    with np.errstate(all='ignore'):
        mod.fit(train, optimizer_params={'learning_rate': 1e4}, num_epoch=3)
    assert len(rec.batches()) == lens.first['step'] + 1 < 60
    assert rec.history[-1]['kind'] == 'fit_end' and rec.history[-1]['stopped'] == 'request'


def test_injected_inf_in_the_data_points_at_the_data():
    x, y = letter_arrays(320)
    x[40, 5] = np.inf                              # row 8 of batch 1
    train = mx.io.NDArrayIter(x, y, 32)
    lens = mx.lens.DivergenceLens(language='zh')
    mod = mx.mod.Module(mlp())
    lens.attach(mod)
    with pytest.warns(DivergenceWarning) as record:
        with np.errstate(all='ignore'):
            mod.fit(train, optimizer_params={'learning_rate': 0.1}, num_epoch=1)
    f = lens.first
    assert (f['epoch'], f['batch'], f['where'], f['array'], f['index']) == \
        (0, 1, 'data', 'data', (8, 5))
    assert '第 0 个迭代周期的第 1 个小批量' in str(record[0].message) and '清洗数据' in str(record[0].message)


def test_nan_in_a_weight_is_found_before_the_outputs():
    lens = mx.lens.DivergenceLens(warn=False)
    mod, train = bound(attach=[lens])
    arg, aux = mod.get_params()
    arg['fc2_weight'][3, 7] = np.nan
    mod.set_params(arg, aux)
    with np.errstate(all='ignore'):
        mod.forward(next(iter(train)), is_train=True)
    f = lens.first
    assert (f['where'], f['array'], f['value'], f['index']) == ('weight', 'fc2_weight', 'nan',
                                                                 (3, 7))
    assert 'fc2_weight' in str(lens) and 'index (3, 7)' in str(lens)


def test_clean_training_reports_nothing():
    lens = mx.lens.DivergenceLens()
    train, _ = iters()
    mod = mx.mod.Module(mlp())
    lens.attach(mod)
    with warnings.catch_warnings():
        warnings.simplefilter('error', DivergenceWarning)
        mod.fit(train, optimizer_params={'learning_rate': 0.1}, num_epoch=1)
    assert lens.first is None and 'No NaN or inf' in str(lens)


def _run(lens, lr, epochs=2, net=None):
    """fit one new module at ``lr`` with ``lens`` attached; the module."""
    train, _ = iters()
    mx.random.seed(7)
    mod = mx.mod.Module(net if net is not None else mlp())
    lens.attach(mod)
    with np.errstate(all='ignore'), warnings.catch_warnings():
        warnings.simplefilter('ignore', DivergenceWarning)
        mod.fit(train, initializer=mx.init.Uniform(0.1),
                optimizer_params={'learning_rate': lr}, num_epoch=epochs)
    return mod


def test_advice_names_the_largest_smaller_rate_it_saw_train():
    lens = mx.lens.DivergenceLens()
    _run(lens, 1.0, epochs=4)                    # trains (inputs scaled to 0..1)
    assert lens.first is None and lens.runs[-1].trained()
    _run(lens, 0.05, epochs=4)                   # too slow to count as trained here
    assert not lens.runs[-1].trained()
    _run(lens, 1e4)
    msg = lens.message()
    assert lens.first is not None and len(lens.runs) == 3
    assert lens.first['step'] < 20               # each run counts its own steps
    good = lens.runs[0]
    assert 'saw learning_rate 1 train the same network' in msg
    assert 'from %.3f to %.3f' % (good.start_loss(), good.end_loss()) in msg
    assert good.end_loss() < 0.9 * good.start_loss()
    assert 'between 1 and 10000' in msg


def test_advice_lists_smaller_rates_that_failed_and_names_no_cure():
    lens = mx.lens.DivergenceLens()
    _run(lens, 1e3)                              # diverges: not evidence of training
    assert lens.runs[0].diverged and not lens.runs[0].trained()
    _run(lens, 1e4)
    msg = lens.message()
    assert 'smaller rates 1000 fail on it too' in msg and 'not seen a rate that trains' in msg
    assert 'e.g. 100' in msg


def test_runs_of_another_network_are_no_evidence():
    lens = mx.lens.DivergenceLens()
    other = mx.sym.SoftmaxOutput(mx.sym.FullyConnected(mx.sym.Variable('data'), num_hidden=26,
                                                       name='fc'), name='softmax')
    _run(lens, 1.0, epochs=4, net=other)
    assert lens.runs[0].trained()
    _run(lens, 1e4)
    assert 'not yet seen a learning rate' in lens.message()


def test_a_loss_that_does_not_fall_is_not_called_trained():
    lens = mx.lens.DivergenceLens()
    _run(lens, 0.0, epochs=2)                    # learning rate 0: finite, and flat
    run = lens.runs[0]
    assert not run.diverged and len(run.losses) == 40 and not run.trained()


def test_advice_in_chinese_uses_the_course_words():
    lens = mx.lens.DivergenceLens(language='zh')
    _run(lens, 1.0, epochs=4)
    _run(lens, 1e4)
    msg = lens.message()
    assert '学习率 1 ' in msg and '小批量' in msg and '迭代周期' in msg
