"""Plots from lens histories (matplotlib, imported only when a plot is asked for).

    fig = mx.lens.plots.history(recorder)            # loss and metric, train and validation
    fig = mx.lens.plots.gradient_norms(grad_lens)    # per parameter, over the steps
    fig = mx.lens.plots.weight_histogram(recorder)   # before and after training

Every function returns the Figure (and draws into ``ax`` when given one). Labels follow the
lens's language; Chinese labels use a CJK font when one is installed (Noto Sans CJK from
Debian's fonts-noto-cjk, ...) and fall back to English otherwise, never to empty boxes.
"""
import numpy as np

from .. import i18n

from ..fonts import CJK_FONTS, cjk_font  # noqa: F401 - re-exported for widgets
from ..fonts import figure_language as _figure_language


def _lang_of(source, language):
    return language or getattr(source, 'language', None)


def _axes(ax, ncols=1, figsize=(6.4, 4)):
    import matplotlib.pyplot as plt
    if ax is not None:
        return ax.figure, [ax] if ncols == 1 else ax
    fig, axes = plt.subplots(1, ncols, figsize=figsize, squeeze=False)
    return fig, list(axes[0])


def _epoch_x(records):
    """x for each batch record: epoch + fraction of that epoch done."""
    per_epoch = {}
    for r in records:
        per_epoch[r['epoch']] = max(per_epoch.get(r['epoch'], 0), r['batch'] + 1)
    return [r['epoch'] + (r['batch'] + 1) / per_epoch[r['epoch']] for r in records]


def _batches_and_epochs(source):
    """(batch records with 'loss', train epoch records, validation epoch records)."""
    hist = source.history
    if hasattr(source, 'batch_losses'):          # a LossLens: one head
        head = source._first_head()
        batches = [r for r in hist if r['kind'] == 'batch' and r['head'] == head]
        train = [r for r in hist if r['kind'] == 'epoch' and r['phase'] == 'train'
                 and r['head'] == head]
        val = [r for r in hist if r['kind'] == 'epoch' and r['phase'] == 'validation'
               and r['head'] == head]
        return batches, train, val
    batches = [r for r in hist if r['kind'] == 'batch' and r.get('loss') is not None]
    train = [r for r in hist if r['kind'] == 'epoch' and r.get('loss') is not None]
    val = [r for r in hist if r['kind'] == 'validation' and r.get('loss') is not None]
    return batches, train, val


def loss(source, ax=None, language=None):
    """Training loss per batch (thin) with its epoch means, and the validation loss."""
    with _figure_language(_lang_of(source, language)) as lang:
        t = lambda key, **fmt: i18n.text(key, lang, **fmt)
        fig, (ax,) = _axes(ax)
        batches, train, val = _batches_and_epochs(source)
        if batches:
            ax.plot(_epoch_x(batches), [r['loss'] for r in batches], lw=0.8, alpha=0.5,
                    label=t('plot.batch_loss'))
        if train:
            ax.plot([r['epoch'] + 1 for r in train], [r['loss'] for r in train], 'o-',
                    label=t('plot.train'))
        if val:
            ax.plot([r['epoch'] + 1 for r in val], [r['loss'] for r in val], 's--',
                    label=t('plot.validation'))
        ax.set_xlabel(t('plot.epoch'))
        ax.set_ylabel(t('plot.loss'))
        ax.set_title(t('plot.loss_title'))
        if batches or train or val:
            ax.legend()
    return fig


def metric(recorder, name=None, ax=None, language=None):
    """A metric (accuracy, ...) per epoch, training and validation."""
    with _figure_language(_lang_of(recorder, language)) as lang:
        t = lambda key, **fmt: i18n.text(key, lang, **fmt)
        fig, (ax,) = _axes(ax)
        names = recorder.metric_names()
        name = name or (names[0] if names else None)
        for kind, style, key in (('epoch', 'o-', 'plot.train'),
                                 ('validation', 's--', 'plot.validation')):
            pts = recorder.series(name, kind) if name else []
            if pts:
                ax.plot([e + 1 for e, _ in pts], [v for _, v in pts], style, label=t(key))
        ax.set_xlabel(t('plot.epoch'))
        ax.set_ylabel(name or t('plot.metric'))
        ax.set_title(t('plot.metric_title', name=name or t('plot.metric')))
        if name and ax.lines:
            ax.legend()
    return fig


def history(recorder, language=None):
    """Loss and metric side by side: the picture a training panel shows."""
    with _figure_language(_lang_of(recorder, language)) as lang:
        fig, axes = _axes(None, ncols=2, figsize=(11, 4))
        loss(recorder, ax=axes[0], language=lang)
        metric(recorder, ax=axes[1], language=lang)
        fig.tight_layout()
    return fig


def gradient_norms(grad_lens, key='norm', per='layer', ax=None, language=None):
    """The gradient norm of each layer (weight and bias together; ``per='parameter'`` for
    one line per array) at each step; ``key='update_ratio'`` or 'max_abs' draw those
    instead, always per parameter."""
    with _figure_language(_lang_of(grad_lens, language)) as lang:
        t = lambda k, **fmt: i18n.text(k, lang, **fmt)
        fig, (ax,) = _axes(ax)
        title = 'plot.grad_title.' + key
        if key == 'norm' and per == 'layer':
            title = 'plot.grad_title.layer'
            lines = [(layer, grad_lens.layer_series(layer)) for layer in grad_lens.layers()]
        else:
            lines = [(name, grad_lens.series(name, key)) for name in grad_lens.names()]
        for name, series in lines:
            pts = [(s, v) for s, v in series if v > 0 and np.isfinite(v)]
            if pts:
                ax.plot([s for s, _ in pts], [v for _, v in pts], lw=1, label=name)
        ax.set_yscale('log')
        ax.set_xlabel(t('plot.step'))
        ax.set_ylabel(t('plot.grad.' + key))
        ax.set_title(t(title))
        if ax.lines:
            ax.legend(fontsize='small')
    return fig


def _before_after(source, after):
    if hasattr(source, 'params_before'):              # a Recorder
        before = source.params_before or {}
        if after is None:
            after = source.params_after
            if after is None and source.module is not None and source.module.params_initialized:
                after = source.module.get_params()[0]
        return before, after or {}
    return source or {}, after or {}


def weight_histogram(source, after=None, names=None, bins=40, language=None):
    """Histograms of each weight before and after training. ``source`` is a Recorder (it
    kept both), or a dict of arrays before training with ``after`` the dict after."""
    before, after = _before_after(source, after)
    names = names or [n for n in (before or after) if n.endswith('weight')] or \
        list(before or after)
    import matplotlib.pyplot as plt
    with _figure_language(_lang_of(source, language)) as lang:
        t = lambda k, **fmt: i18n.text(k, lang, **fmt)
        fig, axes = plt.subplots(1, max(len(names), 1), figsize=(4 * max(len(names), 1), 3.4),
                                 squeeze=False)
        for ax, name in zip(axes[0], names):
            arrays = [(t('plot.before'), before.get(name)), (t('plot.after'), after.get(name))]
            arrays = [(lbl, np.asarray(a, np.float64).ravel()) for lbl, a in arrays
                      if a is not None]
            finite = np.concatenate([a[np.isfinite(a)] for _, a in arrays]) if arrays else []
            edges = np.histogram_bin_edges(finite, bins=bins) if len(finite) else bins
            for lbl, a in arrays:
                ax.hist(a[np.isfinite(a)], bins=edges, alpha=0.55, label=lbl)
            ax.set_title(name)
            ax.set_xlabel(t('plot.value'))
            if arrays:
                ax.legend(fontsize='small')
        axes[0][0].set_ylabel(t('plot.count'))
        fig.suptitle(t('plot.hist_title'))
        fig.tight_layout()
    return fig
