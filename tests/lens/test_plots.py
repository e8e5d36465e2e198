"""Plots: figures from lens histories, with Chinese labels that never show empty boxes."""
import re
import warnings

import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import tutor as mx  # noqa: E402
from tutor.lens import plots  # noqa: E402

from conftest import iters, mlp  # noqa: E402

MISSING = re.compile(r'Glyph .* missing from font')


@pytest.fixture(scope='module')
def trained():
    rec, grads = mx.lens.Recorder(), mx.lens.GradientLens()
    loss = mx.lens.LossLens()
    train, val = iters()
    mod = mx.mod.Module(mlp())
    for lens in (rec, grads, loss):
        lens.attach(mod)
    mod.fit(train, eval_data=val, optimizer_params={'learning_rate': 0.5}, num_epoch=3)
    return rec, grads, loss


def draw_all(rec, grads, loss, language):
    return [plots.history(rec, language=language), plots.loss(loss, language=language),
            plots.gradient_norms(grads, language=language),
            plots.gradient_norms(grads, key='update_ratio', language=language),
            plots.weight_histogram(rec, language=language)]


def texts(fig):
    out = []
    for ax in fig.axes:
        out += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        legend = ax.get_legend()
        if legend is not None:
            out += [t.get_text() for t in legend.get_texts()]
    if fig._suptitle is not None:
        out.append(fig._suptitle.get_text())
    return [t for t in out if t]


@pytest.mark.parametrize('language', ['en', 'zh'])
def test_every_plot_is_a_figure_with_no_missing_glyph(trained, language):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        figs = draw_all(*trained, language)
        for fig in figs:
            fig.canvas.draw()
    assert not [w for w in caught if MISSING.search(str(w.message))]
    for fig in figs:
        assert isinstance(fig, matplotlib.figure.Figure)
    hist = figs[0]
    assert len(hist.axes) == 2 and len(hist.axes[0].lines) == 3   # batches, train, val
    assert [l.get_label() for l in figs[2].axes[0].lines] == ['fc1', 'fc2']   # per layer
    assert len(figs[3].axes[0].lines) == 4                          # one per parameter
    words = ' '.join(texts(hist))
    if language == 'zh' and plots.cjk_font():
        assert '损失' in words and '训练' in words and '验证' in words
    else:
        assert 'loss' in words.lower() and 'validation' in words
    plt.close('all')


def test_chinese_falls_back_to_english_without_a_cjk_font(trained, monkeypatch):
    import tutor.fonts
    monkeypatch.setattr(tutor.fonts, 'cjk_font', lambda: None)   # where figure_language looks
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        fig = plots.history(trained[0], language='zh')
        fig.canvas.draw()
    assert not [w for w in caught if MISSING.search(str(w.message))]
    assert 'validation' in ' '.join(texts(fig))
    plt.close('all')


def test_lens_language_and_global_language_choose_the_labels(trained):
    rec = trained[0]
    mx.set_language('zh')
    try:
        fig = plots.loss(rec)
        assert ('迭代周期' if plots.cjk_font() else 'epoch') == fig.axes[0].get_xlabel()
        rec.language = 'en'
        assert plots.loss(rec).axes[0].get_xlabel() == 'epoch'
    finally:
        rec.language = None
        plt.close('all')


def test_layer_norm_combines_weight_and_bias(trained):
    grads = trained[1]
    assert grads.layers() == {'fc1': ['fc1_weight', 'fc1_bias'], 'fc2': ['fc2_weight', 'fc2_bias']}
    step, norm = grads.layer_series('fc2')[7]
    w, b = dict(grads.series('fc2_weight'))[step], dict(grads.series('fc2_bias'))[step]
    assert norm == pytest.approx((w * w + b * b) ** 0.5)
    fig = plots.gradient_norms(grads, per='parameter')
    assert len(fig.axes[0].lines) == 4
    plt.close('all')


def test_weight_histogram_from_two_dicts():
    import numpy as np
    before = {'w_weight': np.zeros((3, 3)), 'b': np.ones(3)}
    after = {'w_weight': np.full((3, 3), 0.5), 'b': np.ones(3)}
    fig = plots.weight_histogram(before, after)
    assert [ax.get_title() for ax in fig.axes] == ['w_weight']
    assert len(fig.axes[0].patches) == 80
    plt.close('all')
