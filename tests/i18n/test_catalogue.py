"""The message catalogue: every key in English and Chinese, with the same fields."""
import os
import re
import subprocess
import sys

import pytest

import tutor as mx
from tutor import i18n

ROOT = os.path.join(os.path.dirname(__file__), '..', '..')
CJK = re.compile('[\u4e00-\u9fff]')
SAME_IN_BOTH = {'grad.col.scaled', 'grad.col.ratio'}   # formulas, no words


@pytest.fixture(autouse=True)
def english():
    mx.set_language('en')
    yield
    mx.set_language('en')


def test_every_key_has_english_and_chinese_with_the_same_fields():
    cat = i18n.catalogue()
    assert len(cat) > 150
    for key, entry in cat.items():
        assert set(entry) == {'en', 'zh'}, key
        assert entry['en'].strip() and entry['zh'].strip(), key
        assert i18n.fields(entry['en']) == i18n.fields(entry['zh']), key
        fmt = {f: 1 for f in i18n.fields(entry['en'])}
        entry['en'].format(**fmt), entry['zh'].format(**fmt)   # both are valid templates
        if key not in SAME_IN_BOTH:
            assert CJK.search(entry['zh']), 'not translated: %s' % key


def test_chinese_uses_the_course_vocabulary():
    zh = ' '.join(e['zh'] for e in i18n.catalogue().values())
    for word in ('符号', '模块', '绑定', '前向', '反向', '梯度', '损失', '检查点', '参数',
                 '辅助状态', '优化器', '学习率'):
        assert word in zh, word
    # Chinese punctuation in Chinese sentences, not ASCII commas between Chinese characters
    assert not re.search('[\u4e00-\u9fff],[\u4e00-\u9fff]', zh)


def _keys_used_in_source():
    keys = set()
    for folder, _, names in os.walk(os.path.join(ROOT, 'tutor', 'lens')):
        for name in names:
            if name.endswith('.py'):
                src = open(os.path.join(folder, name), encoding='utf-8').read()
                keys |= set(re.findall(r"\bt\('([a-z_.]+)'", src))
    return keys


def test_every_literal_key_in_the_lenses_exists():
    used = _keys_used_in_source()
    assert len(used) > 80
    # a key ending in '.' is a prefix completed at run time: see test_dynamic_keys_exist
    assert sorted(k for k in used if not k.endswith('.') and not i18n.has(k)) == []


def test_dynamic_keys_exist():
    from tutor.lens import losses
    from tutor.lens.memory import KINDS
    dynamic = ['loss.name.%s' % op for op in losses.LOSS_OPS] + \
        ['loss.explain.%s' % op for op in losses.LOSS_OPS] + \
        ['role.%s' % r for r in ('data', 'label', 'state', 'param', 'aux', 'output', 'grad',
                                 'opt_state')] + \
        ['mem.kind.%s' % k for k in KINDS] + \
        ['div.where.%s' % w for w in ('data', 'weight', 'aux', 'output', 'loss', 'gradient',
                                      'updated')] + \
        ['ckpt.not.%s' % k for k in ('data', 'label', 'grad', 'output')] + \
        ['ckpt.why.%s' % k for k in ('data', 'label', 'grad', 'output')] + \
        ['plot.grad.%s' % k for k in ('norm', 'update_ratio', 'max_abs')] + \
        ['plot.grad_title.%s' % k for k in ('norm', 'update_ratio', 'max_abs')] + \
        ['init.rule.%s' % k for k in ('given', 'kept', 'initializer', 'suffix', 'attr',
                                      'legacy', 'load', 'mixed')]
    assert [k for k in dynamic if not i18n.has(k)] == []


def test_set_language_accepts_locales_and_refuses_others():
    assert mx.set_language('zh_CN.UTF-8') == 'zh' and i18n.get_language() == 'zh'
    assert mx.set_language('en-US') == 'en'
    assert mx.set_language('中文') == 'zh'
    with pytest.raises(ValueError, match="tutor.set_language\\('zh'\\)"):
        mx.set_language('fr')
    assert i18n.get_language() == 'zh'


def test_lookup_falls_back_and_formats():
    assert i18n.text('loss.title', 'zh') == '损失透视：损失是怎么定义的'
    assert i18n._('loss.title') == 'Loss lens: how the loss is defined'
    assert i18n.text('no.such.key') == 'no.such.key'
    i18n.add_messages({'test.only_en': {'en': 'hello {name}'}})
    try:
        assert i18n.text('test.only_en', 'zh', name='x') == 'hello x'
    finally:
        i18n._catalogue.pop('test.only_en')
    with i18n.using('zh'):
        assert i18n._('yes') == '是'
    assert i18n._('yes') == 'yes'
    with pytest.raises(ValueError, match='defined twice'):
        i18n.add_messages({'yes': {'en': 'yep', 'zh': '对'}})


def test_tutor_lang_environment_sets_the_default():
    code = 'import tutor; print(tutor.i18n.get_language(), tutor.i18n._("yes"))'
    for env_value, expected in (('zh', 'zh 是'), ('en_GB', 'en yes'), ('xx', 'en yes')):
        out = subprocess.run([sys.executable, '-c', code], cwd=ROOT, capture_output=True,
                             text=True, env=dict(os.environ, TUTOR_LANG=env_value))
        assert out.stdout.strip() == expected, out.stderr
