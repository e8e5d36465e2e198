"""English and Chinese chapters have the same code cells: only comments and human-facing
strings (those that hold Chinese in the zh notebook) may differ."""
import pytest

from nbfiles import CJK, code_cells, pairs, python_lines, tokens

PAIRS = pairs()


def normalised(code, other):
    """Tokens of ``code`` with comments dropped and each string that is Chinese in either
    version (``other`` is the same cell in the other language) replaced by a placeholder."""
    a, b = tokens(code), tokens(other)
    b_strings = [s for t, s in b if t == 'STRING']
    out, k = [], 0
    for t, s in a:
        if t == 'COMMENT':
            continue
        if t == 'STRING':
            twin = b_strings[k] if k < len(b_strings) else ''
            k += 1
            if CJK.search(s) or CJK.search(twin):
                s = '<text>'
        out.append((t, s))
    return out


def test_both_languages_have_the_same_chapters():
    from nbfiles import notebooks
    assert [p.name for p in notebooks('en')] == [p.name for p in notebooks('zh')]
    assert len(PAIRS) >= 8


@pytest.mark.parametrize('en, zh', PAIRS, ids=[p[0].name for p in PAIRS])
def test_code_cells_match_up_to_comments_and_words(en, zh):
    en_cells, zh_cells = code_cells(en), code_cells(zh)
    assert len(en_cells) == len(zh_cells), 'different number of code cells'
    for i, (a, b) in enumerate(zip(en_cells, zh_cells)):
        assert normalised(a, b) == normalised(b, a), 'code cell %d differs:\n%s\n---\n%s' % (
            i, a, b)
        # the markers nbval and the graduation path read are the same in both
        first = lambda c: [l for l in c.split('\n') if l.startswith('# NBVAL_') or
                           l.strip() == '# tutor-only']
        assert first(a) == first(b), 'code cell %d: markers differ' % i


def test_normalising_ignores_comments_and_chinese_strings_only():
    en = "x = f(1)  # one\nprint('the loss', x)\nd['fc1_weight'] = 2\n"
    zh = "x = f(1)  # 一\nprint('损失', x)\nd['fc1_weight'] = 2\n"
    assert normalised(en, zh) == normalised(zh, en)
    other_key = zh.replace("'fc1_weight'", "'fc2_weight'")
    assert normalised(en, other_key) != normalised(other_key, en)
    other_code = zh.replace('f(1)', 'f(2)')
    assert normalised(en, other_code) != normalised(other_code, en)
    assert python_lines('%matplotlib inline\nx = 1') == '\nx = 1'
