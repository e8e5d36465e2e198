"""Every chapter ends with 3 to 5 exercises: at least one that checks itself through
mx.exercises, at least one open experiment, every solution folded in <details>, and no
hand-written assert left for the learner to trip over.

How the chapters mark them: a `## Exercises` (`## 练习`) heading opens the section, the next
`#`/`##` heading closes it, and each exercise starts with a numbered `### N. Title` heading;
an open one's title starts with `Experiment:` (`实验：`).
"""
import re

import pytest

from nbfiles import cells, notebooks, outputs_text, pairs, source, tokens

from tutor.exercises import EXERCISES

SECTION = {'en': '## Exercises', 'zh': '## 练习'}
OPEN = {'en': 'Experiment:', 'zh': '实验：'}
HEADING = re.compile(r'^### (\d+)\. (\S.*)$')
ANSWER = re.compile(r"mx\.exercises\.answer\(\s*'([^']+)'")
UNANSWERED = {'en': '… Not answered yet', 'zh': '… 还没有作答'}
CHAPTERS = ['%02d' % n for n in range(12)]


def exercises(nb_cells, language):
    """[(number, title, [cell or markdown line, ...])] of the exercise section, and a list of
    problems with the section itself. Markdown is split by lines, since one cell may close an
    exercise's solution and open the next exercise."""
    found, problems, state = [], [], 'before'
    for cell in nb_cells:
        if state == 'after':
            break
        if cell['cell_type'] == 'code':
            if state == 'in' and found:
                found[-1][2].append(cell)
            elif state == 'in':
                problems.append('a code cell before the first "### 1." heading')
            continue
        for line in source(cell).split('\n'):
            if state == 'before':
                if line.strip() == SECTION[language]:
                    state = 'in'
                continue
            if re.match(r'^##? ', line):
                state = 'after'
                break
            heading = HEADING.match(line)
            if heading:
                found.append((int(heading.group(1)), heading.group(2), []))
            elif line.startswith('### '):
                problems.append('an unnumbered exercise heading: %r' % line)
            elif found:
                found[-1][2].append(line)
    if state == 'before':
        problems.append('no %r section' % SECTION[language])
    return found, problems


def code_of(block):
    return [c for c in block if isinstance(c, dict)]


def text_of(block):
    return '\n'.join(c for c in block if isinstance(c, str))


def problems_of(nb_cells, language, chapter):
    """Everything wrong with a chapter's exercises, as sentences (empty: all is well)."""
    found, problems = exercises(nb_cells, language)
    numbers = [n for n, _, _ in found]
    if numbers != list(range(1, len(found) + 1)):
        problems.append('exercises numbered %s, not 1, 2, 3, ...' % numbers)
    if not 3 <= len(found) <= 5:
        problems.append('%d exercises, not 3 to 5' % len(found))
    checked = [n for n, _, block in found
               if any(ANSWER.search(source(c)) for c in code_of(block))]
    if not checked:
        problems.append('no exercise checks itself through mx.exercises.answer')
    if not any(title.startswith(OPEN[language]) for _, title, _ in found):
        problems.append('no open exercise (a title starting with %r)' % OPEN[language])
    for n, title, block in found:
        text = text_of(block)
        opened, closed = text.count('<details>'), text.count('</details>')
        if opened == 0:
            problems.append('exercise %d has no solution folded in <details>' % n)
        if opened != closed or text.count('<summary>') != opened:
            problems.append('exercise %d: <details>, <summary> and </details> do not pair up'
                            % n)
        for cell in code_of(block):
            problems.extend('exercise %d: %s' % (n, p) for p in cell_problems(cell, language,
                                                                              chapter))
    return problems


def cell_problems(cell, language, chapter):
    code = source(cell)
    if ('NAME', 'assert') in tokens(code):
        yield 'a code cell asserts (an AssertionError is no way to answer a learner)'
    if any('AssertionError' in t for t in outputs_text(cell)):
        yield 'a stored AssertionError'
    names = ANSWER.findall(code)
    if not names:
        return
    first = code.split('\n')[:2]
    if first != ['# tutor-only', '# NBVAL_CHECK_OUTPUT']:
        yield 'an answer cell does not start with # tutor-only and # NBVAL_CHECK_OUTPUT'
    for name in names:
        if name not in EXERCISES:
            yield 'mx.exercises has no exercise %r' % name
        if not name.startswith(chapter + '-'):
            yield 'exercise %r is not named after chapter %s' % (name, chapter)
    printed = ''.join(outputs_text(cell)).strip().split('\n')
    if len(printed) != len(names) or not all(line.startswith(UNANSWERED[language])
                                             for line in printed):
        yield 'the stored answer cell is not unanswered: %r' % printed


def chapter_files():
    by_chapter = {}
    for language in ('en', 'zh'):
        for path in notebooks(language):
            by_chapter.setdefault(path.name[:2], []).append((language, path))
    return by_chapter


def test_every_chapter_is_there_in_both_languages():
    assert sorted(chapter_files()) == CHAPTERS
    assert all(len(files) == 2 for files in chapter_files().values())


@pytest.mark.parametrize('chapter', CHAPTERS)
@pytest.mark.parametrize('language', ['en', 'zh'])
def test_chapter_has_good_exercises(chapter, language):
    path = dict(chapter_files()[chapter])[language]
    assert problems_of(cells(path), language, chapter) == []


@pytest.mark.parametrize('en, zh', pairs(), ids=[p[0].name for p in pairs()])
def test_both_languages_ask_the_same_exercises(en, zh):
    def shape(path, language):
        found, _ = exercises(cells(path), language)
        return [(n, title.startswith(OPEN[language]),
                 [name for c in code_of(block) for name in ANSWER.findall(source(c))])
                for n, title, block in found]
    assert shape(en, 'en') == shape(zh, 'zh')


def test_every_course_exercise_is_asked_and_recomputed():
    asked = {name for language in ('en', 'zh') for path in notebooks(language)
             for c in cells(path) if c['cell_type'] == 'code'
             for name in ANSWER.findall(source(c))}
    assert asked == set(EXERCISES)
    from pathlib import Path
    recomputed = (Path(__file__).parents[1] / 'exercises' / 'test_course_exercises.py').read_text()
    assert [name for name in EXERCISES if "'%s'" % name not in recomputed] == []


# the rule itself must fail on the regressions it is there for

def md(text):
    return {'cell_type': 'markdown', 'source': text}


def code(text, printed=''):
    outputs = [{'output_type': 'stream', 'name': 'stdout', 'text': printed}] if printed else []
    return {'cell_type': 'code', 'source': text, 'outputs': outputs}


UNANSWERED_LINE = UNANSWERED['en'] + ': replace the ... with your answer.\n'
GOOD = [
    md('## Exercises\n\n### 1. A count\n\nHow many?'),
    code('my_count = ...'),
    code("# tutor-only\n# NBVAL_CHECK_OUTPUT\nmx.exercises.answer('01-deep-parameter-count', "
         "my_count)", UNANSWERED_LINE),
    md('<details><summary>Solution</summary>\n\n4026\n</details>\n\n### 2. Another\n\nWhy?\n\n'
       '<details><summary>Solution</summary>\n\nBecause.\n</details>'),
    md('### 3. Experiment: change it\n\nRun it.'),
    code('# NBVAL_CHECK_OUTPUT\nprint(1)', '1\n'),
    md('<details><summary>What you should see</summary>\n\n1\n</details>'),
    md('## What we learned\n\n### 4. Not an exercise: after the section'),
]


def test_the_rule_accepts_a_good_section():
    assert problems_of(GOOD, 'en', '01') == []
    found, _ = exercises(GOOD, 'en')
    assert [(n, title) for n, title, _ in found] == [(1, 'A count'), (2, 'Another'),
                                                     (3, 'Experiment: change it')]


@pytest.mark.parametrize('broken, problem', [
    (lambda c: c[:4] + c[7:], '2 exercises, not 3 to 5'),
    (lambda c: c[:2] + [code('assert my_count == 4026')] + c[3:], 'asserts'),
    (lambda c: c[:2] + [code('print(1)', 'AssertionError: 4000\n')] + c[3:],
     'no exercise checks itself'),
    (lambda c: c[:2] + [code('print(1)', 'AssertionError: 4000\n')] + c[3:],
     'stored AssertionError'),
    (lambda c: c[:4] + [md('### 3. Change it')] + c[5:], 'no open exercise'),
    (lambda c: c[:3] + [md('4026\n\n### 2. Another\n\n<details><summary>S</summary>\nx\n'
                           '</details>')] + c[4:], 'exercise 1 has no solution'),
    (lambda c: c[:6] + [md('<details>\n\n1\n</details>')] + c[7:], 'do not pair up'),
    (lambda c: c[:2] + [code("mx.exercises.answer('01-deep-parameter-count', my_count)",
                             UNANSWERED_LINE)] + c[3:], '# tutor-only'),
    (lambda c: c[:2] + [code("# tutor-only\n# NBVAL_CHECK_OUTPUT\n"
                             "mx.exercises.answer('01-deep-parameter-count', my_count)",
                             '✓ Right.\n')] + c[3:], 'not unanswered'),
    (lambda c: c[:2] + [code("# tutor-only\n# NBVAL_CHECK_OUTPUT\n"
                             "mx.exercises.answer('08-noise-factor', my_count)",
                             UNANSWERED_LINE)] + c[3:], 'not named after chapter 01'),
    (lambda c: [md('### 1. A count')] + c[1:], "no '## Exercises' section"),
    (lambda c: [md('## Exercises\n\n### A count')] + c[1:], 'unnumbered exercise heading'),
])
def test_the_rule_finds_each_regression(broken, problem):
    found = problems_of(broken(list(GOOD)), 'en', '01')
    assert any(problem in p for p in found), found
