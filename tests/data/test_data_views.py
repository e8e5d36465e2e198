"""The views return matplotlib figures with the expected panels (rendered with Agg)."""
import numpy as np
import pytest

matplotlib = pytest.importorskip('matplotlib')

from tutor.data import blobs, plot_decision_boundary, plot_features, show_glyphs  # noqa: E402


def test_show_glyphs_grid(shipped):
    fig = show_glyphs(per_class=2, letters='AIW')
    assert len(fig.axes) == 6
    assert [ax.get_title() for ax in fig.axes[:3]] == ['A', 'I', 'W']
    image = fig.axes[0].get_images()[0].get_array()
    assert image.shape == (32, 32) and image.any()
    fig.canvas.draw()                             # renders without a display


def test_plot_features_panels(shipped):
    fig = plot_features()
    assert len(fig.axes) == 16
    assert fig.axes[0].get_title().startswith('x-box  (mean ')
    fig = plot_features(*shipped, classes='IW')
    assert fig.axes[12].get_legend() is None and fig.axes[0].get_legend() is not None
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ['I', 'W', 'real UCI data: mean ± sd']
    x, y = shipped
    mean = np.asarray(x)[:, 12].mean()
    assert fig.axes[12].get_title() == 'x-ege  (mean %.2f, sd %.2f)' % (
        mean, np.asarray(x)[:, 12].std())


def test_plot_features_speaks_chinese(shipped):
    from tutor.fonts import cjk_font
    if cjk_font() is None:
        pytest.skip('no CJK font: install fonts-noto-cjk (Chinese labels fall back to English)')
    fig = plot_features(*shipped, classes='IW', language='zh')
    assert fig.axes[0].get_title().startswith('x-box（均值 ')
    assert fig.axes[15].get_xlabel() == '取值（0-15）'
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend[-1] == '真实 UCI 数据：均值 ± 标准差'


def test_plot_decision_boundary_accepts_scores_or_labels():
    x, y = blobs(60, seed=0)
    fig = plot_decision_boundary(lambda p: np.c_[p[:, 0], -p[:, 0]], x, y, steps=20)
    assert len(fig.axes) == 1
    fig = plot_decision_boundary(lambda p: (p[:, 1] > 0).astype(int), x, y, steps=20)
    fig.canvas.draw()
