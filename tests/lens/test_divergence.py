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
    assert 'learning_rate is 10000; try 1000' in msg and 'clip_gradient' in msg
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
    assert '第 0 轮第 1 批' in str(record[0].message) and '清洗数据' in str(record[0].message)


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
