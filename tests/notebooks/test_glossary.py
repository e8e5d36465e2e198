"""The Chinese course uses the words of docs/glossary.md (zh.d2l.ai's): in the notebooks, in
every Chinese lens message and widget label of the catalogue. And no English is left where a
Chinese reader looks: comments and human-facing strings of the zh code cells."""
import re

import pytest

from nbfiles import CJK, MARKER, ROOT, cells, code_cells, comments, notebooks, outputs_text, \
    source, strings

ZH = notebooks('zh')

# (pattern, what to write instead); docs/glossary.md lists the same
FORBIDDEN = [
    (r'批次', '小批量'),
    (r'批大小', '批量大小'),
    (r'轮(?!廓)', '迭代周期（epoch）'),
    (r'(?<!迭代)周期', '迭代周期'),
    (r'滑动(?:平均|均值)', '移动平均'),
    (r'透镜', '透视（lens）'),
]
# terms a find-and-replace may have mangled: "继恢复训练练", "小小批量", "迭代周期期"
TERMS = ['小批量', '批量大小', '迭代周期', '损失函数', '前向传播', '反向传播', '模型参数',
         '检查点', '学习率', '权重衰减', '过拟合', '移动平均', '恢复训练', '继续训练', '透视',
         '辅助状态', '优化器', '交叉熵']


def forbidden_in(text):
    return [(m.group(0), instead) for pattern, instead in FORBIDDEN
            for m in re.finditer(pattern, text)]


def doubled_around_terms(text):
    """A term whose first character is also the one before it, or whose last is also the one
    after it."""
    found = []
    for term in TERMS:
        for m in re.finditer(re.escape(term), text):
            before = text[m.start() - 1:m.start()]
            after = text[m.end():m.end() + 1]
            if before == term[0] or after == term[-1]:
                found.append(text[max(0, m.start() - 3):m.end() + 3])
    return found


def zh_texts_of_notebook(path):
    for i, cell in enumerate(cells(path)):
        yield 'cell %d' % i, source(cell)
        for text in outputs_text(cell):
            yield 'cell %d output' % i, text


def zh_catalogue():
    from tutor import i18n
    return {key: entry['zh'] for key, entry in i18n.catalogue().items()}


def test_checks_catch_the_known_accidents():
    assert forbidden_in('训练五轮，每个批次 32 个样本，批大小') == [
        ('批次', '小批量'), ('批大小', '批量大小'), ('轮', '迭代周期（epoch）')]
    assert forbidden_in('字母的轮廓；3 个迭代周期') == []
    assert forbidden_in('每个周期') == [('周期', '迭代周期')]
    assert doubled_around_terms('然后继恢复训练练五个迭代周期') == ['然后继恢复训练练五个']
    assert doubled_around_terms('小小批量') and not doubled_around_terms('一个小批量里')


@pytest.mark.parametrize('path', ZH, ids=[p.name for p in ZH])
def test_zh_notebook_uses_the_glossary(path):
    for where, text in zh_texts_of_notebook(path):
        assert forbidden_in(text) == [], '%s: %s' % (where, forbidden_in(text))
        assert doubled_around_terms(text) == [], '%s: %s' % (where, doubled_around_terms(text))


def test_lens_reports_and_widget_labels_use_the_glossary():
    cat = zh_catalogue()
    assert any(k.startswith('panel.') for k in cat) and any(k.startswith('div.') for k in cat)
    bad = {k: forbidden_in(v) for k, v in cat.items() if forbidden_in(v)}
    assert bad == {}
    assert {k: doubled_around_terms(v) for k, v in cat.items() if doubled_around_terms(v)} == {}
    assert cat['col.epoch'] == '迭代周期' and cat['col.batch'] == '小批量'


def test_glossary_document_names_the_same_words():
    text = (ROOT / 'docs' / 'glossary.md').read_text(encoding='utf-8')
    for word in ('小批量', '批量大小', '迭代周期', '移动平均', '前向传播', '反向传播', '损失函数',
                 '模型参数', '检查点', '学习率', '权重衰减', '过拟合', '透视'):
        assert re.search(r'^\|[^|\n]*\|[^|\n]*%s' % word, text, re.M), word   # in the 中文 column


def test_chapter_0_defines_the_word_for_lens():
    text = ' '.join(source(c) for c in cells(ZH[0]) if c['cell_type'] == 'markdown')
    assert re.search(r'\*\*透视\*\*（lens）', text), 'chapter 0 must define 透视 (lens)'


# strings a zh code cell keeps in English on purpose: the learner's own code (the seed note)
# and MXNet's log lines that a cell rewrites by hand
KEEP_ENGLISH = re.compile(r"Epoch %d, Training %s|Accuracy score is %f|Epoch\[%d\]|Reloaded:")
ENGLISH_PHRASE = re.compile(r'[A-Za-z]{2,}[ ,:]+[a-z]{2,}')


def english_left(code):
    found = []
    for c in comments(code):
        body = c.lstrip('#').strip()
        if body and not MARKER.match(c) and not CJK.search(body) and re.search('[A-Za-z]{3}', body):
            found.append(c)
    for s in strings(code):
        text = re.sub(r'\{[^}]*\}|%[-\d.]*[a-z]', '', s)       # format fields are code
        if ENGLISH_PHRASE.search(text.strip('\'"fbr')) and not CJK.search(s) \
                and not KEEP_ENGLISH.search(s):
            found.append(s)
    return found


def test_english_left_finds_comments_and_sentences():
    assert english_left("x = 1  # the loss\nprint('the loss is', x)") == \
        ['# the loss', "'the loss is'"]
    assert english_left("# NBVAL_CHECK_OUTPUT\n# tutor-only\nd['fc1_weight']\nprint('损失', x)") \
        == []
    assert english_left("print('%-14s %s' % (a, b))\nprint(f'{name:14s} {shape}')") == []


@pytest.mark.parametrize('path', ZH, ids=[p.name for p in ZH])
def test_no_english_left_in_zh_code_cells(path):
    for i, code in enumerate(code_cells(path)):
        assert english_left(code) == [], 'code cell %d: %s' % (i, english_left(code))
