"""Self-checking exercises: a chapter's exercise cell compares the learner's answer and says
right or not yet, with a hint, in the course's language.

    import tutor as mx
    mx.exercises.check(answer, 500)                    # any expected value: number, shape, ...
    mx.exercises.check(answer, 0.5, hint='p - onehot(y) at the label')
    mx.exercises.answer('08-batches-per-epoch', answer)   # an exercise of the course
    mx.exercises.check(lambda x: 2 * x, lambda x: x + x, inputs=lambda: [(np.ones(3),)])

``check`` prints one line and returns a ``Result`` (true when right). The answer may come in
any form a person would write: 0.5, 1/2 or '1/2'; (32, 16), [32, 16] or '32x16'; names in
any case; a function however it is written, if it gives the same arrays. A cell whose answer is still ``...`` says so instead of marking it wrong.
Hints and explanations are text, or ``{'en': ..., 'zh': ...}`` for both languages.
"""
from .. import i18n
from .compare import COMPARE, UNANSWERED, Unreadable, kind_of
from .course import EXERCISES

__all__ = ['check', 'answer', 'Result', 'EXERCISES']

i18n.add_messages({
    'ex.right': {'en': '✓ Right.', 'zh': '✓ 答对了。'},
    'ex.not_yet': {'en': '✗ Not yet.', 'zh': '✗ 还不对。'},
    'ex.hint': {'en': 'Hint: {hint}', 'zh': '提示：{hint}'},
    'ex.why': {'en': 'Why: {why}', 'zh': '原因：{why}'},
    'ex.unanswered': {'en': '… Not answered yet: replace the ... with your answer and run the '
                            'cell again.',
                      'zh': '… 还没有作答：把 ... 换成你的答案，再运行这个单元格。'},
    'ex.unreadable': {'en': '✗ Not yet: this answer could not be read ({problem}). Expected '
                            '{kind}.',
                      'zh': '✗ 还不对：看不懂这个答案（{problem}）。这里要的是{kind}。'},
    'ex.kind.number': {'en': 'a number (0.5, 1/2 and "50%" all work)',
                       'zh': '一个数（0.5、1/2、"50%" 都可以）'},
    'ex.kind.shape': {'en': 'a shape such as (32, 16)', 'zh': '一个形状，比如 (32, 16)'},
    'ex.kind.name': {'en': 'a name (text in quotes)', 'zh': '一个名称（加引号的文字）'},
    'ex.kind.names': {'en': "a list of names, e.g. ['a', 'b']",
                      'zh': "一串名称，比如 ['a', 'b']"},
    'ex.kind.bool': {'en': 'yes or no (True / False)', 'zh': '是或否（True / False）'},
    'ex.kind.function': {'en': 'a function (def or lambda)', 'zh': '一个函数（def 或 lambda）'},
    'ex.raised': {'en': 'called with arrays of shapes {shapes} it raised {error}',
                  'zh': '用形状为 {shapes} 的数组调用它时出错：{error}'},
    'ex.unknown': {'en': 'There is no exercise {name!r}; the course has: {names}.',
                   'zh': '没有名为 {name!r} 的练习；课程里有：{names}。'},
})


def _in_language(text, language):
    """A hint given as text, or as {'en': ..., 'zh': ...}, in ``language``."""
    if text is None or isinstance(text, str):
        return text
    return text.get(language) or text.get('en')


class Result:
    """What a check found: ``passed`` (bool), ``answered``, and the printed ``message``."""

    def __init__(self, passed, answered, message):
        self.passed, self.answered, self.message = passed, answered, message

    def __bool__(self):
        return self.passed

    def _ipython_display_(self):
        pass                       # the cell already printed the message

    def __repr__(self):
        return '<Result %s>' % ('right' if self.passed else
                                'not yet' if self.answered else 'unanswered')


def check(answer, expected, kind=None, hint=None, why=None, language=None, quiet=False,
          alternatives=(), **options):
    """Compare ``answer`` with ``expected``; print right / not yet (+ hint) and return a Result.

    kind     'number', 'shape', 'name', 'names', 'bool' or 'function' (default: from
             ``expected``)
    hint     shown when the answer is not right yet; ``why`` is shown when it is right
    alternatives  other expected values that are right too (e.g. 2 and 1/2 for "halved")
    options  for the comparison: rel= and abs_tol= (numbers, functions), aliases= (name),
             ordered= (names), inputs= (function: makes the argument tuples to call with)
    """
    lang = i18n.normalise(language) or i18n.get_language()
    t = lambda key, **fields: i18n.text(key, lang, **fields)
    kind = kind or kind_of(expected)
    if kind not in COMPARE:
        raise ValueError('kind=%r is not one of %s' % (kind, ', '.join(COMPARE)))
    if any(answer is u for u in UNANSWERED):
        return _say(Result(False, False, t('ex.unanswered')), quiet)
    try:
        passed = any(bool(COMPARE[kind](answer, e, **options))
                     for e in (expected,) + tuple(alternatives))
    except ValueError as err:
        problem = t(err.key, **err.fields) if isinstance(err, Unreadable) else err
        message = t('ex.unreadable', problem=problem, kind=t('ex.kind.' + kind))
        hint_text = _in_language(hint, lang)
        if hint_text:
            message += ' ' + t('ex.hint', hint=hint_text)
        return _say(Result(False, True, message), quiet)
    if passed:
        message = t('ex.right')
        why_text = _in_language(why, lang)
        if why_text:
            message += ' ' + t('ex.why', why=why_text)
    else:
        message = t('ex.not_yet')
        hint_text = _in_language(hint, lang)
        if hint_text:
            message += ' ' + t('ex.hint', hint=hint_text)
    return _say(Result(passed, True, message), quiet)


def _say(result, quiet):
    if not quiet:
        print(result.message)
    return result


def answer(name, value, language=None, quiet=False):
    """Check ``value`` against the course's exercise ``name`` (see ``EXERCISES``)."""
    spec = EXERCISES.get(name)
    if spec is None:
        raise KeyError(i18n.text('ex.unknown', language, name=name,
                                 names=', '.join(sorted(EXERCISES))))
    spec = dict(spec)
    expected = spec.pop('expected')
    return check(value, expected, language=language, quiet=quiet, **spec)
