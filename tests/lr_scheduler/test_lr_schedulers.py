"""Learning-rate schedules: the lr at each update count, warm-up, logs and errors."""
import logging
import math

import pytest

import tutor as mx
from tutor import lr_scheduler as lrs


def _seq(sched, n=12, start=1):
    return [sched(k) for k in range(start, start + n)]


def test_factor_scheduler_halves_after_every_step_updates(caplog):
    sched = lrs.FactorScheduler(step=2, factor=0.5, base_lr=1.0)
    with caplog.at_level(logging.INFO):
        seq = _seq(sched, 6)
    assert seq == [1.0, 1.0, 0.5, 0.5, 0.25, 0.25]
    assert [r.getMessage() for r in caplog.records] == [
        'Update[3]: Change learning rate to 5.00000e-01',
        'Update[5]: Change learning rate to 2.50000e-01']


def test_factor_scheduler_stops_at_floor_and_says_so(caplog):
    # 0.1*0.1*0.1 is a hair above 1e-3 in floating point, so the floor is reached at 5
    sched = lrs.FactorScheduler(step=1, factor=0.1, stop_factor_lr=1e-3, base_lr=0.1)
    with caplog.at_level(logging.INFO):
        seq = _seq(sched, 5)
    assert seq == pytest.approx([0.1, 0.01, 1e-3, 1e-3, 1e-3])
    assert caplog.records[-1].getMessage() == \
        'Update[5]: now learning rate arrived at 1.00000e-03, will not change in the future'


def test_factor_scheduler_catches_up_in_one_call():
    sched = lrs.FactorScheduler(step=10, factor=0.5, base_lr=1.0)
    assert sched(35) == 0.125 and sched.count == 30


def test_multifactor_scheduler():
    sched = lrs.MultiFactorScheduler(step=[3, 5], factor=0.1, base_lr=1.0)
    assert _seq(sched, 7) == pytest.approx([1, 1, 1, 0.1, 0.1, 0.01, 0.01])
    assert sched.cur_step_ind == 2


def test_poly_scheduler_formula_and_end():
    sched = lrs.PolyScheduler(max_update=10, base_lr=0.1, pwr=2, final_lr=0.01)
    for n in range(0, 11):
        assert sched(n) == pytest.approx(0.01 + 0.09 * (1 - n / 10) ** 2)
    assert sched(50) == pytest.approx(0.01)


def test_cosine_scheduler_with_linear_warmup():
    sched = lrs.CosineScheduler(max_update=12, base_lr=0.1, final_lr=0.0, warmup_steps=2,
                                warmup_begin_lr=0.02)
    assert sched(0) == pytest.approx(0.02) and sched(1) == pytest.approx(0.06)
    assert sched(2) == pytest.approx(0.1)
    assert sched(7) == pytest.approx(0.1 * (1 + math.cos(math.pi * 5 / 10)) / 2)
    assert sched(12) == pytest.approx(0.0, abs=1e-12)


def test_constant_warmup():
    sched = lrs.FactorScheduler(step=5, base_lr=0.1, warmup_steps=3, warmup_begin_lr=0.001,
                                warmup_mode='constant')
    assert [sched(k) for k in range(5)] == [0.001, 0.001, 0.001, 0.1, 0.1]


@pytest.mark.parametrize('make', [
    lambda: lrs.FactorScheduler(step=0),
    lambda: lrs.FactorScheduler(step=1, factor=1.5),
    lambda: lrs.MultiFactorScheduler(step=[4, 2]),
    lambda: lrs.MultiFactorScheduler(step=[0, 2]),
    lambda: lrs.PolyScheduler(max_update=0),
    lambda: lrs.CosineScheduler(max_update=0),
    lambda: lrs.FactorScheduler(step=1, warmup_steps=-1),
    lambda: lrs.FactorScheduler(step=1, warmup_mode='exp'),
    lambda: lrs.FactorScheduler(step=1, base_lr=0.01, warmup_begin_lr=0.1)])
def test_bad_arguments_raise_value_error(make):
    with pytest.raises(ValueError):
        make()


def test_base_class_must_be_overridden():
    with pytest.raises(NotImplementedError):
        lrs.LRScheduler()(1)


def test_optimizer_reads_the_scheduler_with_num_update():
    sched = lrs.FactorScheduler(step=2, factor=0.5, base_lr=0.4)
    opt = mx.optimizer.create('sgd', lr_scheduler=sched)
    assert opt.lr is None and opt.learning_rate == 0.4
    opt.num_update = 3
    assert opt.learning_rate == 0.2


def test_poly_curve_keeps_its_own_base_lr_when_optimizer_overwrites(capsys):
    # MXNet quirk: the overwrite changes base_lr, but Poly/Cosine decay from base_lr_orig
    sched = lrs.PolyScheduler(max_update=10, base_lr=0.1)
    mx.optimizer.create('sgd', learning_rate=0.5, lr_scheduler=sched)
    assert 'overwritten' in capsys.readouterr().out
    assert sched(0) == pytest.approx(0.1)
