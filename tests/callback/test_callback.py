"""tutor.callback: checkpoint callbacks and the log lines of the batch-end loggers."""
import logging
import re
import sys
import types

import pytest

import tutor
import tutor as mx
from tutor.callback import BatchEndParam


class FakeClock:
    """time.time() that advances by ``step`` seconds per call."""

    def __init__(self, step=0.5):
        self.now, self.step = 100.0, step

    def __call__(self):
        self.now += self.step
        return self.now


@pytest.fixture
def clock(monkeypatch):
    c = FakeClock()
    monkeypatch.setattr('tutor.callback.time.time', c)
    return c


def metric_with(correct, total):
    m = mx.metric.Accuracy()
    m.sum_metric, m.num_inst = correct, total
    m.global_sum_metric, m.global_num_inst = correct, total
    return m


def run(callback, nbatches, metric=None, epoch=0):
    for nbatch in nbatches:
        callback(BatchEndParam(epoch=epoch, nbatch=nbatch, eval_metric=metric, locals=None))


def messages(caplog):
    return [r.getMessage() for r in caplog.records]


def test_batch_end_param_is_mxnets_namedtuple():
    p = BatchEndParam(epoch=1, nbatch=2, eval_metric=None, locals={})
    assert type(p).__name__ == 'BatchEndParams'
    assert p._fields == ('epoch', 'nbatch', 'eval_metric', 'locals')


# ---------------------------------------------------------------------------------------
# checkpoints

@pytest.fixture
def fake_model(monkeypatch):
    import tutor.model  # noqa: F401 - load the real one first, so patching restores it
    calls = []
    fake = types.ModuleType('tutor.model')
    fake.save_checkpoint = lambda *args: calls.append(args)
    monkeypatch.setitem(sys.modules, 'tutor.model', fake)
    monkeypatch.setattr(tutor, 'model', fake, raising=False)
    monkeypatch.setattr(tutor.callback, 'model', fake)   # do_checkpoint's own reference
    return calls


def test_do_checkpoint_numbers_files_from_one(fake_model):
    cb = mx.callback.do_checkpoint('run/mlp')
    cb(0, 'SYM', {'w': 1}, {})
    cb(1, 'SYM', {'w': 2}, {})
    assert fake_model == [('run/mlp', 1, 'SYM', {'w': 1}, {}), ('run/mlp', 2, 'SYM', {'w': 2}, {})]


def test_do_checkpoint_period(fake_model):
    cb = mx.callback.do_checkpoint('p', period=3)
    for epoch in range(7):
        cb(epoch, None, {}, {})
    assert [c[1] for c in fake_model] == [3, 6]
    fake_model.clear()
    cb = mx.callback.do_checkpoint('p', period=0)  # period is at least 1
    cb(0, None, {}, {})
    assert [c[1] for c in fake_model] == [1]


def test_module_checkpoint_calls_the_module():
    class FakeModule:
        def __init__(self):
            self.calls = []

        def save_checkpoint(self, prefix, epoch, save_optimizer_states=False):
            self.calls.append((prefix, epoch, save_optimizer_states))

    mod = FakeModule()
    cb = mx.callback.module_checkpoint(mod, 'm', period=2, save_optimizer_states=True)
    for epoch in range(4):
        cb(epoch)
    assert mod.calls == [('m', 2, True), ('m', 4, True)]


# ---------------------------------------------------------------------------------------
# Speedometer

def test_speedometer_logs_every_frequent_batches_and_resets_local(caplog, clock):
    caplog.set_level(logging.INFO)
    metric = metric_with(3, 4)
    sp = mx.callback.Speedometer(batch_size=10, frequent=2)
    run(sp, [0], metric)  # first call only starts the clock
    assert messages(caplog) == []
    run(sp, [1], metric)
    assert messages(caplog) == []
    run(sp, [2], metric)
    # the clock is read when starting and when logging: 2 batches x 10 samples in 0.5 s
    assert messages(caplog) == ['Epoch[0] Batch [0-2]\tSpeed: 40.00 samples/sec'
                                '\taccuracy=0.750000']
    assert caplog.records[0].name == 'root' and caplog.records[0].levelno == logging.INFO
    assert metric.num_inst == 0 and metric.global_num_inst == 4  # local reset only
    metric.update([mx.nd.array([1])], [mx.nd.array([[0, 1]])])
    run(sp, [3, 4], metric)
    assert messages(caplog)[-1] == ('Epoch[0] Batch [2-4]\tSpeed: 40.00 samples/sec'
                                    '\taccuracy=1.000000')


def test_speedometer_restarts_at_a_new_epoch(caplog, clock):
    caplog.set_level(logging.INFO)
    sp = mx.callback.Speedometer(batch_size=4, frequent=2)
    run(sp, range(5), metric_with(1, 2), epoch=0)
    assert len(messages(caplog)) == 2
    run(sp, [0], metric_with(1, 2), epoch=1)  # nbatch went down: only restarts the clock
    assert len(messages(caplog)) == 2
    run(sp, [1, 2], metric_with(1, 2), epoch=1)
    assert messages(caplog)[-1].startswith('Epoch[1] Batch [0-2]\tSpeed: ')


def test_speedometer_without_auto_reset_counts_from_zero(caplog, clock):
    caplog.set_level(logging.INFO)
    metric = metric_with(1, 4)
    sp = mx.callback.Speedometer(batch_size=8, frequent=3, auto_reset=False)
    run(sp, range(7), metric)
    assert messages(caplog) == [
        'Epoch[0] Batch [0-3]\tSpeed: 48.00 samples/sec\taccuracy=0.250000',
        'Epoch[0] Batch [0-6]\tSpeed: 48.00 samples/sec\taccuracy=0.250000']
    assert metric.num_inst == 4


def test_speedometer_with_a_composite_metric_and_without_metric(caplog, clock):
    caplog.set_level(logging.INFO)
    comp = mx.metric.create(['acc', 'mse'])
    comp.update([mx.nd.array([0, 1])], [mx.nd.array([0, 1])])
    run(mx.callback.Speedometer(2, frequent=1), [0, 1], comp)
    assert re.fullmatch(r'Epoch\[0\] Batch \[0-1\]\tSpeed: [\d.]+ samples/sec'
                        r'\taccuracy=1\.000000\tmse=0\.000000', messages(caplog)[0])
    run(mx.callback.Speedometer(2, frequent=1), [0, 1], None, epoch=3)
    assert messages(caplog)[1] == 'Iter[3] Batch [1]\tSpeed: 4.00 samples/sec'


def test_speedometer_survives_a_frozen_clock(caplog, monkeypatch):
    caplog.set_level(logging.INFO)
    monkeypatch.setattr('tutor.callback.time.time', lambda: 5.0)
    run(mx.callback.Speedometer(2, frequent=1), [0, 1], None)
    assert messages(caplog) == ['Iter[0] Batch [1]\tSpeed: inf samples/sec']


# ---------------------------------------------------------------------------------------
# other loggers

def test_log_train_metric(caplog):
    caplog.set_level(logging.INFO)
    metric = metric_with(1, 2)
    run(mx.callback.log_train_metric(2), [0, 1, 2], metric, epoch=4)
    assert messages(caplog) == ['Iter[4] Batch[0] Train-accuracy=0.500000',
                                'Iter[4] Batch[2] Train-accuracy=0.500000']
    assert metric.num_inst == 2
    run(mx.callback.log_train_metric(1, auto_reset=True), [5], metric)
    assert metric.num_inst == 0
    run(mx.callback.log_train_metric(1), [1], None)  # no metric: silent
    assert len(messages(caplog)) == 3


def test_progress_bar(caplog):
    caplog.set_level(logging.INFO)
    run(mx.callback.ProgressBar(total=4, length=10), [1, 3, 4])
    assert messages(caplog) == ['[==--------] 25%\r', '[========--] 75%\r',
                                '[==========] 100%\r']


def test_log_validation_metrics(caplog):
    caplog.set_level(logging.INFO)
    cb = mx.callback.LogValidationMetricsCallback()
    cb(BatchEndParam(epoch=2, nbatch=0, eval_metric=mx.metric.create(['acc', 'ce']),
                     locals=None))
    cb(BatchEndParam(epoch=2, nbatch=0, eval_metric=None, locals=None))
    assert messages(caplog) == ['Epoch[2] Validation-accuracy=nan',
                                'Epoch[2] Validation-cross-entropy=nan']
