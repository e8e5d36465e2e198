"""Labels and status lines in English and Chinese; Chinese pictures use a CJK font."""
import re
import warnings

import pytest

import tutor as mx
from tutor import i18n
from tutor.i18n.catalog import widgets as catalog
from tutor.lens.plots import cjk_font
from widget_helpers import english, letters_slice  # noqa: F401 (fixtures)

CJK = re.compile('[\u4e00-\u9fff]')


def test_every_panel_message_is_in_both_languages_with_the_same_fields():
    import tutor.widgets  # noqa: F401  (registers the messages)
    assert len(catalog.MESSAGES) > 50
    for key, entry in catalog.MESSAGES.items():
        assert set(entry) == {'en', 'zh'}, key
        assert i18n.fields(entry['en']) == i18n.fields(entry['zh']), key
        assert CJK.search(entry['zh']), key
        assert i18n.catalogue()[key] == entry


def test_chinese_panel(letters_slice):
    train, val = letters_slice
    panel = mx.widgets.TrainingPanel(train_data=train, eval_data=val, num_epoch=1,
                                     language='zh')
    c = panel.controls
    assert [c[k].description for k in ('learning_rate', 'num_epoch', 'batch_size',
                                       'num_hidden', 'optimizer')] == \
        ['学习率', '迭代周期数', '批量大小', '隐藏单元数', '优化器']
    assert [b.description for b in (panel.train_button, panel.stop_button,
                                     panel.reset_button)] == ['训练', '停止', '重置']
    assert '准备就绪' in panel.status.value
    panel.train(block=True)
    assert '第 1 次训练（学习率 0.1，隐藏单元 64，批量大小 32，sgd）完成：1 个迭代周期' in panel.status.value
    panel.train(block=True, learning_rate=10)
    assert '第 2 次训练发散了' in panel.status.value and '比如 1。' in panel.status.value
    assert '发散' in str(panel.report())


def test_language_follows_tutor_when_not_given(letters_slice):
    train, val = letters_slice
    mx.set_language('zh')
    panel = mx.widgets.TrainingPanel(train_data=train, eval_data=val)
    assert panel.language == 'zh' and panel.controls['learning_rate'].description == '学习率'


@pytest.mark.skipif(cjk_font() is None, reason='no CJK font installed (apt install '
                                               'fonts-noto-cjk)')
def test_chinese_pictures_use_a_cjk_font_and_miss_no_glyph(letters_slice):
    train, val = letters_slice
    panel = mx.widgets.TrainingPanel(train_data=train, eval_data=val, num_epoch=1,
                                     language='zh')
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        panel.train(block=True)
        panel.snapshot()
        mx.widgets.BoundaryPanel('blobs', num_epoch=1, language='zh').snapshot()
    missing = [str(w.message) for w in caught if 'missing from' in str(w.message)]
    assert missing == []
    title = panel.figure.axes[0].title
    assert title.get_text() == '损失（实线：训练，虚线：验证）'
    assert title.get_fontfamily()[0] == cjk_font()
    legend = panel.figure.axes[1].get_legend().get_texts()[0]
    assert legend.get_text().startswith('第 1 次：学习率 0.1')
    assert legend.get_fontfamily()[0] == cjk_font()


def test_without_a_cjk_font_pictures_fall_back_to_english(monkeypatch, letters_slice):
    import tutor.lens.plots as plots
    monkeypatch.setattr(plots, 'cjk_font', lambda: None)
    train, val = letters_slice
    panel = mx.widgets.TrainingPanel(train_data=train, eval_data=val, language='zh')
    assert panel.controls['learning_rate'].description == '学习率'   # the browser has fonts
    assert panel.figure.axes[0].get_title() == 'Loss (solid: train, dashed: validation)'
    panel.train(block=True, num_epoch=1)
    assert '第 1 次训练' in panel.status.value                        # the widget: Chinese
    assert panel._picture_status().startswith('Run 1 (lr 0.1, 64 hidden')   # the picture


@pytest.mark.skipif(cjk_font() is None, reason='no CJK font installed (apt install '
                                               'fonts-noto-cjk)')
def test_chinese_experiment_and_function_panel_pictures_miss_no_glyph(letters_slice):
    train, val = letters_slice

    def fit(num_epoch=1, batch_end_callback=None):
        panel = mx.widgets.TrainingPanel(train_data=train, eval_data=val, language='zh')
        return {'准确率': panel.train(block=True, num_epoch=num_epoch).last['val_metric'],
                '备注': '第 %d 个迭代周期' % num_epoch}

    fp = mx.widgets.FunctionPanel(fit, settings={'num_epoch': [1, 2]}, language='zh')
    exp = mx.widgets.Experiment(fp, question='一个还是两个迭代周期？', choices=['一个', '两个'],
                                answer=1, runs=[{'num_epoch': 1}, {'num_epoch': 2}],
                                explain='两个迭代周期学得更多。', language='zh')
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        exp.run(block=True)
        exp.snapshot()
    assert [str(w.message) for w in caught if 'missing from' in str(w.message)] == []


def test_without_a_cjk_font_an_experiments_picture_is_the_panels(monkeypatch, letters_slice):
    import tutor.lens.plots as plots
    monkeypatch.setattr(plots, 'cjk_font', lambda: None)
    train, val = letters_slice
    panel = mx.widgets.TrainingPanel(train_data=train, eval_data=val, language='zh')
    exp = mx.widgets.Experiment(panel, question='哪个？', choices=['甲', '乙'],
                                runs=[{'num_epoch': 1}], explain='所以')
    assert exp.snapshot() == panel.snapshot()        # no Chinese drawn without a font for it
