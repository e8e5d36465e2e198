"""The course's self-checking exercises: name -> expected answer, comparison, hint and why.

Cells call ``mx.exercises.answer(name, value)``, so the expected value is not printed in the
notebook next to the question. Each expected value here is recomputed from tutor itself in
tests/exercises/test_course_exercises.py, so a change in the engine cannot leave a stale answer.
"""
EXERCISES = {
    # chapter 8: training better
    '08-updates-per-epoch': dict(
        expected=125,
        hint={'en': 'one update per batch: how many batches of 128 are in 16,000 rows?',
              'zh': '每个批次更新一次：16,000 行能分成多少个 128 行的批次？'}),
    '08-noise-factor': dict(
        expected=2, alternatives=(0.5,),
        hint={'en': 'the sd of a mean of B samples is sd / sqrt(B); how much larger is B?',
              'zh': 'B 个样本平均值的标准差是 sd / sqrt(B)；B 变成了几倍？'},
        why={'en': 'sqrt(128 / 32) = 2: half the noise.',
             'zh': 'sqrt(128 / 32) = 2：噪声减半。'}),
    '08-weight-decay-factor': dict(
        expected=0.999,
        hint={'en': 'with g = 0 the update is w - lr * wd * w = (1 - lr * wd) * w.',
              'zh': 'g = 0 时更新是 w - lr * wd * w = (1 - lr * wd) * w。'}),
}
