"""What every lens shares: attach/detach, the no-lens fast path, text and HTML in en/zh."""
import re

import pytest

import tutor as mx
from tutor import events

from conftest import bn_net, iters, mlp

ALL = ('loss', 'gradients', 'parameters', 'memory', 'checkpoint', 'divergence', 'recorder')
CJK = re.compile('[\u4e00-\u9fff]')


@pytest.fixture(scope='module')
def lenses(tmp_path_factory):
    prefix = str(tmp_path_factory.mktemp('ckpt') / 'bn')
    train, val = iters()
    mod = mx.mod.Module(bn_net())
    found = mx.lens.attach_all(mod)
    mod.fit(train, eval_data=val, optimizer_params={'learning_rate': 0.2, 'momentum': 0.9},
            num_epoch=2, epoch_end_callback=mx.callback.do_checkpoint(prefix))
    for lens in found.values():
        lens.detach()
    return found


def test_no_lens_means_no_event_is_even_built():
    train, _ = iters()
    mod = mx.mod.Module(mlp())
    lens = mx.lens.LossLens().attach(mod)
    lens.detach()
    assert mod._watchers == () and not lens.attached

    def boom(*args, **kwargs):
        raise AssertionError('emit called with no watcher attached')
    mod.emit = boom
    events.files.emit = boom
    try:
        mod.fit(train, num_epoch=1)
    finally:
        del events.files.emit
    assert len([r for r in lens.history if r['kind'] == 'batch']) == 0


def test_with_block_detaches_and_reattach_moves_to_the_new_module():
    a, b = mx.mod.Module(mlp()), mx.mod.Module(mlp())
    lens = mx.lens.GradientLens()
    with lens.attach(a):
        assert a._watchers == (lens,)
    assert a._watchers == ()
    lens.attach(a)
    lens.attach(b)
    assert a._watchers == () and b._watchers == (lens,)
    lens.attach(b)
    assert b._watchers == (lens,)       # never twice
    lens.detach()


@pytest.mark.parametrize('name', ALL)
def test_text_and_html_in_english_and_chinese(lenses, name):
    lens = lenses[name]
    en_text, en_html = str(lens), lens._repr_html_()
    assert not CJK.search(en_text)
    assert en_html.startswith('<div class="tutor-lens">') and '<h4>' in en_html
    lens.language = 'zh'
    try:
        zh_text, zh_html = str(lens), lens._repr_html_()
    finally:
        lens.language = None
    assert CJK.search(zh_text) and CJK.search(zh_html)
    assert zh_text.splitlines()[0] != en_text.splitlines()[0]
    if name not in ('divergence',):
        assert '<table>' in en_html and '<table>' in zh_html
    assert repr(lens).startswith('<%s: ' % type(lens).__name__)


def test_global_language_and_per_lens_override(lenses):
    loss = lenses['loss']
    mx.set_language('zh')
    assert str(loss).startswith('损失透视')
    loss.language = 'en'
    assert str(loss).startswith('Loss lens')
    loss.language = None
    mx.set_language('en')
    assert str(mx.lens.LossLens(language='zh')).startswith('损失透视')


def test_html_keeps_latex_for_mathjax_and_escapes_names(lenses):
    html = lenses['loss']._repr_html_()
    assert '$$L = -\\frac{1}{N}\\sum_{i=1}^{N}\\log p_{i,y_i}' in html
    from tutor.lens.report import Report
    rep = Report('a<b').text('x & y').table(['<k>'], [['<script>']])
    out = rep._repr_html_()
    assert '<script>' not in out and '&lt;script&gt;' in out and 'x &amp; y' in out


def test_chinese_columns_line_up_in_a_terminal():
    from tutor.lens.report import Report, width
    text = str(Report('t').table(['名称', 'n'], [['梯度', 1], ['ab', 22]]))
    rows = text.splitlines()[2:]
    assert len({width(r.rstrip()) for r in rows}) == 1


def test_show_prints(lenses, capsys):
    lenses['memory'].show()
    assert 'Memory lens' in capsys.readouterr().out
