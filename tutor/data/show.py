"""Looking at the data: glyph grids, feature histograms, decision boundaries.

Every function returns a matplotlib ``Figure`` (made without pyplot, so a notebook shows it
once, when it is the cell's value) and imports matplotlib only when called.
"""
import string

import numpy as np

from .features import FEATURE_NAMES


def _figure(figsize):
    from matplotlib.figure import Figure
    return Figure(figsize=figsize, layout='constrained')


def show_glyphs(per_class=5, letters=string.ascii_uppercase, data_label=None):
    """The rasters behind the first ``per_class`` rows of each letter in the default set:
    one column per letter, so the fonts and distortions of a class line up below it."""
    from .letterset import letter_images, letters as load
    label = load()[1] if data_label is None else np.asarray(data_label)
    classes = [ord(c) - ord('A') for c in letters]
    rows = np.concatenate([np.flatnonzero(label == k)[:per_class] for k in classes])
    images = dict(zip(np.sort(rows), letter_images(rows)))
    fig = _figure((0.55 * len(classes) + 0.4, 0.6 * per_class + 0.5))
    axes = fig.subplots(per_class, len(classes), squeeze=False)
    for j, k in enumerate(classes):
        picked = np.flatnonzero(label == k)[:per_class]
        axes[0, j].set_title(chr(ord('A') + k))
        for i in range(per_class):
            ax = axes[i, j]
            ax.set_xticks([])
            ax.set_yticks([])
            if i < len(picked):
                ax.imshow(images[picked[i]], cmap='gray_r', interpolation='nearest')
    return fig


def plot_features(data=None, label=None, classes=None, real_stats=True, language=None):
    """Histograms of the 16 features (default set unless ``data`` is given).

    With ``classes`` (e.g. ``'IW'``) each of those letters gets its own histogram, which
    shows what a feature tells apart (x-ege: few edges per row for I, many for W). With
    ``real_stats`` the real UCI data's mean +- sd is drawn as a band for comparison. Titles
    follow ``language`` (default: tutor's language; see ``mx.i18n``).
    """
    from .. import i18n
    from ..fonts import figure_language
    from .letterset import UCI_MEAN, UCI_SD, letters as load
    if data is None:
        data, label = load()
    data = np.asarray(data)
    with figure_language(language) as lang:
        fig = _figure((12, 9))
        bins = np.arange(17) - 0.5
        for f, ax in enumerate(fig.subplots(4, 4).ravel()):
            if classes:
                for c in classes:
                    ax.hist(data[np.asarray(label) == ord(c) - ord('A'), f], bins=bins,
                            histtype='step', density=True, label=c)
            else:
                ax.hist(data[:, f], bins=bins, density=True, color='0.6')
            if real_stats:
                m, s = UCI_MEAN[f], UCI_SD[f]
                ax.axvspan(m - s, m + s, color='tab:purple', alpha=0.12,
                           label=i18n.text('plot.uci_band', lang) if f == 0 else None)
                ax.axvline(m, color='tab:purple')
            ax.set_title(i18n.text('plot.feature', lang, name=FEATURE_NAMES[f],
                                   mean=data[:, f].mean(), sd=data[:, f].std()), fontsize=9)
            ax.set_xlim(-0.5, 15.5)
            ax.set_yticks([])
            if f >= 12:
                ax.set_xlabel(i18n.text('plot.feature_value', lang), fontsize=8)
        if classes or real_stats:
            fig.axes[0].legend(fontsize=8)
    return fig


def plot_decision_boundary(predict, data, label, steps=100, ax=None):
    """Colour the plane by ``predict(points)`` (class scores (m, k) or labels (m,)) and draw
    the points on top. Returns the figure."""
    from .toy import grid
    xx, yy, points = grid(data, steps)
    scores = np.asarray(predict(points))
    zz = (scores.argmax(1) if scores.ndim == 2 else scores).reshape(xx.shape)
    if ax is None:
        fig = _figure((4.5, 4.5))
        ax = fig.subplots()
    else:
        fig = ax.figure
    k = int(max(np.max(label), zz.max())) + 1
    ax.contourf(xx, yy, zz, levels=np.arange(k + 1) - 0.5, cmap='tab10', vmin=0, vmax=9,
                alpha=0.3)
    ax.scatter(data[:, 0], data[:, 1], c=label, cmap='tab10', vmin=0, vmax=9, s=10)
    ax.set_aspect('equal')
    return fig
