"""mx.exercises.check: right answers in other forms pass, wrong ones never do."""
import fractions

import numpy as np
import pytest
from hypothesis import given, strategies as st

import tutor as mx
from tutor.exercises import compare


@pytest.fixture(autouse=True)
def english():
    mx.set_language('en')
    yield
    mx.set_language('en')


def quiet(answer, expected, **kw):
    return mx.exercises.check(answer, expected, quiet=True, **kw)


@pytest.mark.parametrize('form', [0.5, 1 / 2, '1/2', ' 1 / 2 ', '0.5', '50%', '.5', '5e-1',
                                  fractions.Fraction(1, 2), np.float32(0.5), np.array([0.5]),
                                  mx.nd.array([0.5]), '１/２'])
def test_a_half_in_every_form(form):
    assert quiet(form, 0.5)
    assert quiet(form, '1/2')


@pytest.mark.parametrize('wrong', [0.49, 0.51, '1/3', '2/4 + 1', 'half', 1, 0, -0.5, True,
                                   np.array([0.5, 0.5]), [0.5], float('nan'), '1/0', ''])
def test_a_wrong_half_never_passes(wrong):
    assert not quiet(wrong, 0.5)


def test_large_numbers_and_tolerances():
    assert quiet('16,000', 16000) and quiet(16000.0, 16000) and quiet('16_000', 16000)
    assert not quiet(15999, 16000)
    assert not quiet('0.038', 1 / 26)                       # default: close to exact
    assert quiet('0.038', 1 / 26, rel=0.02)                 # the exercise allows rounding
    assert not quiet('0.036', 1 / 26, rel=0.02)
    assert quiet(1e-9, 0, abs_tol=1e-6) and not quiet(1e-3, 0, abs_tol=1e-6)
    assert quiet(float('inf'), float('inf')) and not quiet(1e300, float('inf'))


@given(st.floats(-1e6, 1e6, allow_nan=False), st.floats(-1e6, 1e6, allow_nan=False))
def test_numbers_pass_exactly_when_close(a, b):
    passed = compare.same_number(a, b, rel=1e-3)
    assert passed == (abs(a - b) <= 1e-3 * abs(b))
    assert compare.same_number(repr(a), a)                 # text of the number reads back


@pytest.mark.parametrize('form', [(32, 16), [32, 16], '(32, 16)', '32x16', '32 × 16',
                                  '[32,16]', np.array([32, 16]), (32.0, 16), '32 16'])
def test_shapes_in_every_form(form):
    assert quiet(form, (32, 16))


@pytest.mark.parametrize('wrong', [(16, 32), (32,), (32, 16, 1), '32', 'thirty-two by 16',
                                   (32.5, 16), (-32, 16), (True, 16), 512])
def test_wrong_shapes_fail(wrong):
    assert not quiet(wrong, (32, 16))


def test_one_dimensional_shape_may_be_a_plain_size():
    assert quiet(26, (26,), kind='shape') and quiet('(26,)', (26,))
    assert not quiet(25, (26,), kind='shape')


def test_names_ignore_case_spaces_and_quotes():
    assert quiet(' Softmax_Label ', 'softmax_label')
    assert quiet('"fc1_weight"', 'fc1_weight')
    assert not quiet('fc1_bias', 'fc1_weight')
    assert not quiet('softmaxlabel', 'softmax_label')
    assert quiet('Adam', 'adam', aliases=('adaptive moment',))
    assert quiet('adaptive  moment', 'adam', aliases=('adaptive moment',))
    assert not quiet(3, 'adam')


def test_lists_of_names():
    want = ['fc1_weight', 'fc1_bias']
    assert quiet(('FC1_weight', 'fc1_bias'), want)
    assert quiet('fc1_weight, fc1_bias', want)
    assert not quiet(['fc1_bias', 'fc1_weight'], want)
    assert quiet(['fc1_bias', 'fc1_weight'], want, ordered=False)
    assert not quiet(['fc1_weight'], want, ordered=False)
    assert not quiet(['fc1_weight', 'fc1_bias', 'fc2_bias'], want, ordered=False)


@pytest.mark.parametrize('form,value', [(True, True), ('yes', True), ('Yes.', True),
                                        ('是', True), (1, True), ('no', False), ('否', False),
                                        (np.bool_(False), False)])
def test_yes_and_no(form, value):
    assert quiet(form, value) and not quiet(form, not value)


def test_maybe_is_not_a_yes_or_no():
    assert not quiet('maybe', True) and not quiet('maybe', False)


def test_printed_lines_and_hints(capsys):
    mx.exercises.check(500, 500, why='16000 / 32')
    mx.exercises.check(499, 500, hint='count the batches')
    mx.exercises.check(..., 500, hint='count the batches')
    mx.exercises.check('lots', 500)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == '✓ Right. Why: 16000 / 32'
    assert out[1] == '✗ Not yet. Hint: count the batches'
    assert out[2].startswith('… Not answered yet')
    assert out[3].startswith("✗ Not yet: this answer could not be read ('lots' is not a "
                             "number). Expected a number")


def test_unanswered_is_not_a_pass_and_says_so():
    r = quiet(..., 3)
    assert not r and not r.answered and repr(r) == '<Result unanswered>'
    r = quiet(None, 3)
    assert not r and not r.answered


def test_chinese_messages_and_bilingual_hints(capsys):
    hint = {'en': 'count the batches', 'zh': '数一数批次'}
    mx.exercises.check(499, 500, hint=hint, language='zh')
    mx.set_language('zh')
    mx.exercises.check(500, 500)
    mx.exercises.check((1, 2), (1, 3), hint=hint)
    out = capsys.readouterr().out.splitlines()
    assert out == ['✗ 还不对。 提示：数一数批次', '✓ 答对了。', '✗ 还不对。 提示：数一数批次']


def test_bad_expected_or_kind_is_a_clear_error():
    with pytest.raises(TypeError, match='kind='):
        mx.exercises.check(1, object())
    with pytest.raises(ValueError, match='kind='):
        mx.exercises.check(1, 1, kind='colour')


def test_answer_looks_up_the_course_exercises(capsys):
    with pytest.raises(KeyError, match='no exercise'):
        mx.exercises.answer('no-such-exercise', 1)
    for name, spec in mx.exercises.EXERCISES.items():
        assert not mx.exercises.answer(name, ..., quiet=True).answered
        assert mx.exercises.answer(name, spec['expected'], quiet=True), name
        for language in ('en', 'zh'):
            hint = spec.get('hint')
            assert hint and isinstance(hint, dict) and hint[language].strip(), name


def test_functions_pass_in_any_form_and_fail_when_they_compute_something_else():
    inputs = lambda: [(np.arange(6.0).reshape(2, 3) - 2, np.full((2, 3), 0.5))]
    want = lambda x, dy: 2 * x * dy
    for right in (want, lambda x, dy: dy * x * 2, lambda x, dy: x * dy + x * dy,
                  lambda x, dy: mx.nd.array(2 * x * dy)):
        assert quiet(right, want, inputs=inputs)
    for wrong in (lambda x, dy: 2 * x, lambda x, dy: x * dy, lambda x, dy: (2 * x * dy).T,
                  lambda x, dy: (2 * x * dy).sum(), lambda x, dy: None):
        assert not quiet(wrong, want, inputs=inputs)


def test_an_answer_that_changes_its_arrays_in_place_changes_nothing_else():
    shared = [(np.ones(3),)]                    # the same arrays every time inputs() is called

    def doubling(x):
        x *= 2                                  # right result, computed in place
        return x
    assert quiet(doubling, lambda x: 2 * x, inputs=lambda: shared)
    assert quiet(doubling, lambda x: 2 * x, inputs=lambda: shared)   # again: inputs intact
    assert shared[0][0].tolist() == [1, 1, 1]


def test_a_function_that_raises_is_reported_in_the_course_language(capsys):
    inputs = lambda: [(np.ones((2, 3)),)]
    r = mx.exercises.check(lambda x: x @ x, lambda x: x, inputs=inputs, language='zh')
    assert not r and r.answered
    out = capsys.readouterr().out
    assert '用形状为 (2, 3) 的数组调用它时出错：ValueError' in out
    assert not quiet('2 * x', lambda x: 2 * x, inputs=inputs)          # text is not a function
