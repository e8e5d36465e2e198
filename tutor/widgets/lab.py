"""LabPanel: the training panel with two more things to try, and a third picture.

    lab = mx.widgets.LabPanel(learning_rate=1.0)   # the letters MLP, as TrainingPanel
    lab.train(block=True, standardise=True)         # inputs rescaled to mean 0, sd 1

* a **standardise** switch: each of the 16 features minus its training mean, divided by its
  training sd (the validation rows use the training statistics, as they must);
* the share of **dead ReLU units** per epoch, drawn next to the loss and accuracy. It comes
  from a UnitLens (tutor/lens/units.py), which reads the gradient of ``fc1_bias``; the panel
  counts nothing itself.
"""
import math

import numpy as np

from .. import i18n
from .. import io as _io
from ..lens.units import UnitLens
from ..module import Module
from .base import _QUIET, optimizer_args
from .curves import (DRAW_LOCK, draw_controls, draw_footer, format_axes, new_figure,
                     plot_runs, run_color, to_png)
from .panel import TrainingPanel

i18n.add_messages({
    'lab.standardise': {'en': 'standardise the inputs', 'zh': '输入标准化'},
    'lab.settings.standardised': {'en': ', standardised', 'zh': '，标准化'},
    'lab.plot.dead': {'en': 'Dead ReLU units (share)', 'zh': '死亡 ReLU 单元（占比）'},
})


def standardise(train, other=None):
    """(train - mean) / sd with the training rows' mean and sd (sd 0 counts as 1);
    ``other`` (e.g. the validation rows) is rescaled with the same numbers."""
    mean, sd = train.mean(0), train.std(0)
    sd = np.where(sd > 0, sd, 1)
    out = ((train - mean) / sd).astype(np.float32)
    return out if other is None else (out, ((other - mean) / sd).astype(np.float32))


class LabPanel(TrainingPanel):
    """TrainingPanel + a 'standardise the inputs' switch + dead units per epoch.

    unit_layer  the FullyConnected whose ReLU units are watched (default 'fc1')
    Other arguments as TrainingPanel; ``standardise`` is the switch's first value.
    """

    def __init__(self, standardise=False, unit_layer='fc1', **kwargs):
        self._standardise_first = bool(standardise)
        self.unit_layer = unit_layer
        self.units = None          # the UnitLens of the latest run
        super().__init__(**kwargs)

    def _make_controls(self, w):
        controls = super()._make_controls(w)
        controls['standardise'] = w.Checkbox(value=self._standardise_first, indent=False,
                                             description=self.t('lab.standardise'))
        return controls

    def _layout(self, w):
        c = self.controls
        return w.VBox([w.HBox([c['learning_rate'], c['num_epoch']]),
                       w.HBox([c['batch_size'], c['num_hidden']]),
                       w.HBox([c['optimizer'], c['standardise'], self.auto]),
                       w.HBox([self.train_button, self.stop_button, self.reset_button,
                               self.progress]),
                       self.image, self.status])

    def _settings_text(self, settings):
        text = super()._settings_text(settings)
        return text + (self.t('lab.settings.standardised') if settings.get('standardise')
                       else '')

    # --- a run ---------------------------------------------------------------------------------
    def data_for(self, settings):
        """(train, eval) arrays a run with ``settings`` trains and validates on."""
        x, y = self.train_data
        ev = self.eval_data
        if not settings.get('standardise'):
            return (x, y), ev
        if ev is None:
            return (standardise(x), y), None
        xs, evs = standardise(x, ev[0])
        return (xs, y), (evs, ev[1])

    def _prepare(self, run):
        s = run.settings
        net = self.network(s['num_hidden'])
        (x, y), ev = self.data_for(s)
        train = _io.NDArrayIter(x, y, s['batch_size'], shuffle=True)
        val = _io.NDArrayIter(*ev, batch_size=s['batch_size']) if ev is not None else None
        module = Module(net, logger=_QUIET)
        self.units = UnitLens(self.unit_layer, self.language).attach(module)
        run.units = self.units
        optimizer, params = optimizer_args(s['optimizer'], s['learning_rate'])
        args = dict(train_data=train, eval_data=val, eval_metric=self.eval_metric,
                    optimizer=optimizer, optimizer_params=params, num_epoch=s['num_epoch'],
                    total_batches=math.ceil(len(x) / s['batch_size']) * s['num_epoch'])
        if self.initializer is not None:
            args['initializer'] = self.initializer
        return module, args

    def _epoch_done(self, run, module):
        units = getattr(run, 'units', None)
        if units is not None and units.history and run.epochs:
            run.epochs[-1]['dead_share'] = units.history[-1]['share']

    # --- pictures ------------------------------------------------------------------------------
    @property
    def figure(self):
        if getattr(self, '_lab', None) is None:
            self._picture_png()
        return self._lab.fig

    def _picture_png(self):
        if getattr(self, '_lab', None) is None:
            self._lab = LabFigure(self.words, new_figure(8.6, 3.0), 0.0, 1.0)
        with DRAW_LOCK:
            self._lab.draw(self.runs)
            return to_png(self._lab.fig)

    def _snapshot_png(self):
        words, s = self.words, self.settings()
        controls = [(words('panel.lr'), '%.3g' % s['learning_rate']),
                    (words('panel.epochs'), s['num_epoch']),
                    (words('panel.batch_size'), s['batch_size']),
                    (words('panel.hidden'), s['num_hidden']),
                    (words('panel.optimizer'), words('panel.opt.' + s['optimizer'])),
                    (words('lab.standardise'), words('yes' if s['standardise'] else 'no'))]
        fig = new_figure(8.6, 4.4)
        draw_controls(fig, [0.01, 0.84, 0.98, 0.14], controls,
                      [words('panel.train'), words('panel.stop'), words('panel.reset')], words)
        LabFigure(words, fig, 0.14, 0.80).draw(self.runs)
        draw_footer(fig, self._picture_status(), words('panel.static_note'), words)
        return to_png(fig)


def dead_series(run):
    """(epochs, shares) of the dead-unit share recorded for each finished epoch."""
    xs, ys = [], []
    for row in run.epochs:
        if row.get('dead_share') is not None:
            xs.append(row['epoch'])
            ys.append(row['dead_share'])
    return xs, ys


class LabFigure:
    """Loss, accuracy and dead units side by side, between ``bottom`` and ``top``."""

    def __init__(self, words, fig, bottom, top):
        self.words, self.fig = words, fig
        h = top - bottom
        rects = [[0.05 + 0.33 * i, bottom + 0.17 * h, 0.27, 0.68 * h] for i in range(3)]
        self.ax_loss, self.ax_metric, self.ax_dead = [fig.add_axes(r) for r in rects]
        format_axes(self.ax_loss, self.ax_metric, words)
        for ax in (self.ax_loss, self.ax_metric):
            ax.title.set_fontsize(8)
        self.ax_dead.set_title(words('lab.plot.dead'), fontsize=8, **words.kw())
        self.ax_dead.set_xlabel(words('panel.plot.epoch'), fontsize=9, **words.kw())
        self.ax_dead.tick_params(labelsize=8)
        self.ax_dead.grid(alpha=0.3)
        from matplotlib.ticker import MaxNLocator
        self.ax_dead.xaxis.set_major_locator(MaxNLocator(integer=True))

    def draw(self, runs):
        plot_runs(self.ax_loss, self.ax_metric, runs, self.words)
        legend = self.ax_metric.get_legend()
        if legend is not None:
            legend.remove()
        ax = self.ax_dead
        for line in list(ax.lines):
            line.remove()
        shown = list(runs)[-10:]
        for i, run in enumerate(shown):
            newest = i == len(shown) - 1
            xs, ys = dead_series(run)
            ax.plot([x + 1 for x in xs], ys, color=run_color(run), marker='o',
                    lw=2.0 if newest else 1.2, alpha=1.0 if newest else 0.5, ms=3,
                    label='%d' % run.number)
        ax.set_ylim(-0.03, 1.03)
        ax.set_xlim(0.5, max([len(r.epochs) for r in shown] + [2]) + 0.5)
        if shown:
            ax.legend(loc='center right', prop=self.words.prop(7), framealpha=0.8,
                      title=self.words('panel.col.run'),
                      title_fontproperties=self.words.prop(7))   # CJK font for the title too
