"""LabPanel (standardise switch, dead units) and Experiment (question, prediction, runs,
finding), driven as a learner would: controls moved, buttons clicked."""
import base64

import numpy as np
import pytest

import tutor as mx
from tutor.widgets.lab import dead_series, standardise
from widget_helpers import english, letters_slice, png_ok  # noqa: F401 (fixtures)


@pytest.fixture
def lab(letters_slice):
    train, val = letters_slice
    return mx.widgets.LabPanel(train_data=train, eval_data=val, num_epoch=2,
                               learning_rate=0.5)


def test_standardise_uses_the_training_statistics_for_both_sets():
    rs = np.random.RandomState(0)
    train, other = rs.uniform(0, 15, (50, 3)), rs.uniform(0, 15, (20, 3))
    a, b = standardise(train, other)
    np.testing.assert_allclose(a.mean(0), 0, atol=1e-5)
    np.testing.assert_allclose(a.std(0), 1, atol=1e-5)
    np.testing.assert_allclose(b, (other - train.mean(0)) / train.std(0), rtol=1e-5)
    constant = np.ones((5, 2))
    assert np.isfinite(standardise(constant)).all()          # sd 0 is not a division by 0


def test_switch_reaches_the_data_and_the_dead_units_are_drawn(lab):
    assert list(lab.controls)[-1] == 'standardise' and not lab.settings()['standardise']
    lab.controls['standardise'].value = True
    (x, _), (xv, _) = lab.data_for(lab.settings())
    np.testing.assert_allclose(x.mean(0), 0, atol=1e-4)
    raw = lab.train(block=True, standardise=False)
    std = lab.train(block=True, standardise=True)
    assert raw.status == std.status == 'finished'
    # the same learning rate: raw inputs kill most units, standardised ones none
    assert dead_series(raw)[1][-1] > 0.5 and dead_series(std)[1][-1] == 0
    assert std.last['val_metric'] > raw.last['val_metric'] + 0.1
    assert [r['share'] for r in std.units.history] == dead_series(std)[1]
    dead_axis = lab.figure.axes[2]
    assert len(dead_axis.get_lines()) == 2
    np.testing.assert_allclose(dead_axis.get_lines()[0].get_ydata(), dead_series(raw)[1])
    assert 'standardised' in str(lab.report())
    assert png_ok(lab.snapshot())


def test_keyboard_like_changes_with_auto_retrain(lab):
    lab.auto.value = True
    lab.controls['standardise'].value = True              # a click on the switch: a run
    assert lab.wait(60).settings['standardise'] is True
    assert len(lab.runs) == 1


def make_experiment(lab, **kw):
    args = dict(question='Raw or standardised?', choices=['raw wins', 'standardised wins'],
                answer=1, runs=[{'standardise': False}, {'standardise': True}],
                explain=lambda runs: 'accuracy %.3f vs %.3f' % tuple(
                    r.last['val_metric'] for r in runs))
    args.update(kw)
    return mx.widgets.Experiment(lab, **args)


def test_experiment_runs_its_plan_and_compares_the_prediction(lab):
    exp = make_experiment(lab)
    assert exp.prediction.value is None
    exp.prediction.value = 0                                   # a wrong guess
    exp.run(block=True)
    assert [r.settings['standardise'] for r in exp.runs] == [False, True]
    assert exp.runs == lab.runs                                 # it started from a reset
    a, b = (r.last['val_metric'] for r in exp.runs)
    assert exp.finding == 'accuracy %.3f vs %.3f' % (a, b)
    assert '✗ You predicted “raw wins”; the runs show “standardised wins”.' in exp.result.value
    exp.prediction.value = 1
    assert exp.verdict().startswith('✓')
    assert not exp.run_button.disabled
    assert 'accuracy' in repr(exp)


def test_the_run_button_works_in_the_background(lab):
    exp = make_experiment(lab, runs=[{'standardise': True, 'num_epoch': 1}],
                          explain=lambda runs: '%d epoch' % len(runs[0].epochs))
    exp.run_button.click()
    assert exp.running and exp.run_button.disabled
    exp.wait(60)
    assert not exp.running and len(exp.runs) == 1 and exp.runs[0].status == 'finished'
    assert 'The runs show “standardised wins”.' in exp.result.value
    assert exp.finding == '1 epoch'


def test_a_broken_explanation_is_reported_not_raised(lab):
    exp = make_experiment(lab, runs=[{'num_epoch': 1}], explain=lambda runs: runs[5])
    exp.run(block=True)
    assert exp.finding.startswith('The runs finished, but the finding could not be written: '
                                  'IndexError')


def test_experiment_texts_in_chinese_and_a_failed_run(lab):
    exp = make_experiment(lab, question={'en': 'Which?', 'zh': '哪个？'}, language='zh',
                          runs=[{'learning_rate': 10.0, 'standardise': False}],
                          explain={'en': 'so', 'zh': '所以'})
    assert exp.question == '哪个？' and exp.run_button.description == '运行实验'
    exp.run(block=True)
    assert exp.runs[0].status in ('diverged', 'finished')
    assert exp.finding == '所以'


def test_experiment_shows_a_picture_without_a_kernel(lab):
    exp = make_experiment(lab, runs=[{'num_epoch': 1}])
    data, meta = exp._repr_mimebundle_()
    assert 'application/vnd.jupyter.widget-view+json' in data and 'image/png' in data
    assert data['text/plain'] == 'Raw or standardised?'


def test_the_experiments_picture_holds_question_choices_and_finding(lab):
    from tutor.widgets.curves import png_size
    exp = make_experiment(lab, runs=[{'num_epoch': 1}])
    panel_w, panel_h = png_size(lab.snapshot())
    before = exp.snapshot()
    w, h = png_size(before)
    assert png_ok(before) and w == panel_w and h > panel_h + 3 * 15     # question + 2 choices
    exp.run(block=True)
    after = exp.snapshot()
    assert png_size(after)[0] == w and png_size(after)[1] > png_size(lab.snapshot())[1] + h - \
        panel_h                                                        # + verdict and finding
    assert base64.b64decode(exp._repr_mimebundle_()[0]['image/png']) == after


def test_wrap_breaks_english_at_spaces_and_chinese_anywhere():
    from tutor.widgets.curves import wrap
    assert wrap('the quick brown fox jumps', 10) == ['the quick', 'brown fox', 'jumps']
    assert wrap('一二三四五六七', 6) == ['一二三', '四五六', '七']
    assert wrap('8 个单元训练 8 个迭代周期', 12) == ['8 个单元训练', '8 个迭代周期']
    assert wrap('困惑度是 19.41（0.9 秒）', 10) == ['困惑度是', '19.41（0.9', '秒）']
    assert wrap('对新点没有帮助。3×128 个', 16) == ['对新点没有帮助。', '3×128 个']
    assert wrap('a\nb', 10) == ['a', 'b'] and wrap('x' * 25, 10) == ['x' * 10, 'x' * 10, 'x' * 5]


def test_holds_checks_that_the_runs_show_the_answer(lab):
    exp = make_experiment(lab, runs=[{'standardise': False}, {'standardise': True}],
                          holds=lambda runs: runs[1].last['val_metric'] >
                          runs[0].last['val_metric'])
    exp.prediction.value = 1
    exp.run(block=True)
    assert exp.shown is True and exp.verdict().startswith('✓ Your prediction')
    assert '✓ Your prediction (standardised wins)' in repr(exp)
    # the same runs, checked against the opposite claim: the verdict says they do not show it
    wrong = make_experiment(lab, runs=[{'standardise': False}, {'standardise': True}],
                            holds=lambda runs: runs[0].last['val_metric'] >
                            runs[1].last['val_metric'], language='zh')
    wrong.prediction.value = 1
    wrong.run(block=True)
    assert wrong.shown is False
    assert wrong.verdict() == ('✗ 这几次训练没有得出本章预期的结果“standardised wins”：'
                               '请看下面的数字（是不是改动了设置？）。')
    assert wrong.verdict() in wrong.result.value and wrong.verdict() in repr(wrong)
    broken = make_experiment(lab, runs=[{'num_epoch': 1}], explain='so',
                             holds=lambda runs: runs[3])
    broken.run(block=True)
    assert broken.shown is None and broken.finding.startswith(
        'The runs finished, but the finding could not be written: IndexError')
