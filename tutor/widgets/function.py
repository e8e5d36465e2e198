"""FunctionPanel: the panel around a training function of your own.

    def train(num_hidden=64, num_epoch=8, batch_end_callback=None):
        ...                                    # build a module, fit it (passing the callback
        return {'perplexity': p, 'sample': s}  # on), and say how it went

    panel = mx.widgets.FunctionPanel(train, settings={'num_hidden': [8, 16, 32, 64, 128],
                                                      'num_epoch': range(1, 21)})
    panel                                  # sliders, Train / Stop / Reset, a picture, a status
    panel.train(block=True, num_hidden=128)

Each press of Train calls ``train(**settings)`` with the controls' values, in a background
thread; the dict it returns (numbers and short texts) is the run's result, listed in a table
next to the curves. When ``train`` takes ``batch_end_callback`` and hands it to ``fit``, the
panel also gets MXNet's per-batch callback: it draws the training metric of every epoch, moves
the progress bar, and Stop ends the run after the batch in progress. Experiment works with
this panel as with the others (the finding reads ``run.result``).
"""
import inspect
import logging
import math
from collections.abc import Mapping

import numpy as np

from .. import i18n
from .. import random as _random
from .base import Panel
from .curves import DRAW_LOCK, draw_controls, draw_footer, new_figure, run_color, to_png
from .runs import fmt

log = logging.getLogger('tutor.widgets')

i18n.add_messages({
    'fn.perplexity': {'en': 'perplexity', 'zh': '困惑度'},
    'fn.accuracy': {'en': 'accuracy', 'zh': '准确率'},
    'fn.loss': {'en': 'loss', 'zh': '损失'},
    'fn.cross-entropy': {'en': 'cross-entropy', 'zh': '交叉熵'},
    'fn.seconds': {'en': 'seconds', 'zh': '秒'},
    'fn.metric': {'en': 'metric', 'zh': '评价指标'},
    'fn.progress': {'en': 'Run {run}: epoch {epoch} of {epochs} done, training {metric} {value}.',
                    'zh': '第 {run} 次训练：已完成第 {epoch}/{epochs} 个迭代周期，训练{metric} {value}。'},
    'fn.finished': {'en': 'Run {run} ({settings}) finished in {seconds:.2f} s: {results}',
                    'zh': '第 {run} 次训练（{settings}）完成，用时 {seconds:.2f} 秒：{results}'},
    'fn.not_a_dict': {'en': '{name} returned {got}; return a dict of results, e.g. '
                            "{{'accuracy': 0.9}}",
                      'zh': '{name} 返回了 {got}；请返回一个结果字典，比如 {{"准确率": 0.9}}'},
    'fn.plot.metric': {'en': 'Training {metric} per epoch', 'zh': '每个迭代周期的训练{metric}'},
    'fn.plot.no_curve': {'en': 'No curve: pass batch_end_callback on to fit.',
                         'zh': '没有曲线：把 batch_end_callback 传给 fit 才画得出来。'},
})

# a name a control or result often has -> its message key (other names are shown as they are)
KNOWN_NAMES = {'num_hidden': 'panel.hidden', 'num_epoch': 'panel.epochs',
               'learning_rate': 'panel.lr', 'batch_size': 'panel.batch_size',
               'optimizer': 'panel.optimizer', 'perplexity': 'fn.perplexity',
               'accuracy': 'fn.accuracy', 'acc': 'fn.accuracy', 'loss': 'fn.loss',
               'cross-entropy': 'fn.cross-entropy', 'seconds': 'fn.seconds',
               'metric': 'fn.metric'}
SHORT_TEXT = 28          # longer result texts are cut in the picture


class _StopRun(Exception):
    """Raised from the batch callback when Stop was pressed: ends ``train`` at once."""


def _first_metric(eval_metric):
    names, values = eval_metric.get()
    if isinstance(names, (list, tuple)):
        return (names[0], values[0]) if names else (None, None)
    return names, values


def show(value):
    """A result as a table shows it: numbers to 3 significant digits, texts cut short."""
    if isinstance(value, (bool, np.bool_)):
        return str(value)
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return fmt(float(value)) if not math.isfinite(value) else '%.3g' % value
    text = str(value)
    return text if len(text) <= SHORT_TEXT else text[:SHORT_TEXT - 1] + '…'


class FunctionPanel(Panel):
    """A panel whose runs are calls of ``function(**settings)``.

    function  the training function; returns a dict of results ({'perplexity': 5.4, ...})
    settings  {name: choices}: a ``range`` gives an integer slider, a list of numbers a
              selection slider, a list of texts a dropdown, ``bool`` a checkbox
    values    first value of each control (default: the function's default where it is one
              of the choices, else the first choice)
    labels    {name: text or {'en': ..., 'zh': ...}} for controls and results; common names
              (num_hidden, num_epoch, learning_rate, perplexity, accuracy ...) have words
    """

    def __init__(self, function, settings, values=None, labels=None, seed=0, language=None,
                 auto=False):
        if not callable(function):
            raise TypeError('FunctionPanel needs a training function, not %r' % (function,))
        if not settings:
            raise ValueError('FunctionPanel needs at least one setting, e.g. '
                             "settings={'num_epoch': range(1, 21)}")
        self.function = function
        self.choices = {name: self._choices(name, options) for name, options in settings.items()}
        self._first = self._first_values(values or {})
        self.labels = dict(labels or {})
        self.takes_callback = self._accepts('batch_end_callback')
        self._pending = None            # (epoch, value) of the epoch in progress
        super().__init__(language=language, seed=seed, auto=auto)

    # --- settings and their controls ---------------------------------------------------------
    @staticmethod
    def _choices(name, options):
        if options is bool:
            return (False, True)
        if isinstance(options, range):
            if len(options) == 0:
                raise ValueError('setting %r: %r is empty' % (name, options))
            return options
        options = tuple(options)
        if not options:
            raise ValueError('setting %r has no choices' % name)
        return options

    def _accepts(self, argument):
        try:
            params = inspect.signature(self.function).parameters.values()
        except (TypeError, ValueError):          # a builtin: no signature to read
            return False
        return any(p.name == argument or p.kind == p.VAR_KEYWORD for p in params)

    def _first_values(self, values):
        unknown = sorted(set(values) - set(self.choices))
        if unknown:
            raise TypeError('values for unknown setting(s) %s; the settings are %s' % (
                ', '.join(unknown), ', '.join(self.choices)))
        try:
            defaults = {p.name: p.default for p in
                        inspect.signature(self.function).parameters.values()
                        if p.default is not inspect.Parameter.empty}
        except (TypeError, ValueError):
            defaults = {}
        first = {}
        for name, options in self.choices.items():
            value = values.get(name, defaults.get(name))
            if name in values and value not in options:
                raise ValueError('setting %r: %r is not one of its choices %s' % (
                    name, value, list(options)))
            first[name] = value if value in options else options[0]
        return first

    def label(self, name, language=None):
        """The words for a setting or result name, in ``language`` (default the panel's)."""
        language = language or self.language
        text = self.labels.get(name)
        if isinstance(text, Mapping):
            return text.get(language) or text['en']
        if text is not None:
            return str(text)
        key = KNOWN_NAMES.get(name)
        return i18n.text(key, language) if key else name

    def _make_controls(self, w):
        style = {'description_width': '110px'}
        wide = w.Layout(width='380px')
        controls = {}
        for name, options in self.choices.items():
            common = dict(value=self._first[name], description=self.label(name), style=style,
                          layout=wide)
            if isinstance(options, range):
                control = w.IntSlider(min=options.start, max=options[-1], step=options.step,
                                      continuous_update=False, **common)
            elif all(isinstance(o, bool) for o in options):
                control = w.Checkbox(indent=False, **common)
            elif all(isinstance(o, str) for o in options):
                control = w.Dropdown(options=list(options), **common)
            else:
                control = w.SelectionSlider(options=list(options), continuous_update=False,
                                            **common)
            controls[name] = control
        return controls

    def _layout(self, w):
        rows = list(self.controls.values())
        pairs = [w.HBox(rows[i:i + 2]) for i in range(0, len(rows), 2)]
        return w.VBox(pairs + [self.auto,
                               w.HBox([self.train_button, self.stop_button, self.reset_button,
                                       self.progress]),
                               self.image, self.status])

    def _settings_text(self, settings, language=None):
        language = language or self.language
        sep = '，' if language == 'zh' else ', '
        return sep.join('%s %s' % (self.label(name, language), show(settings[name]))
                        for name in self.choices if name in settings)

    # --- a run: one call of the function -------------------------------------------------------
    def _train(self, run):
        """One call, start to end; never raises except KeyboardInterrupt."""
        self.module = self.recorder = None
        self._pending, run.result = None, {}
        epochs = run.settings.get('num_epoch')
        self.progress.max = epochs if isinstance(epochs, int) and epochs > 0 else 1
        kwargs = dict(run.settings)
        if self.takes_callback:
            kwargs['batch_end_callback'] = lambda param: self._on_batch(run, param)
        try:
            np.random.seed(self.seed)
            _random.seed(self.seed)
            with np.errstate(all='ignore'):       # a run that blows up says so in its result
                result = self.function(**kwargs)
            self._close_epoch(run)
            if not isinstance(result, Mapping):
                raise TypeError(self.t('fn.not_a_dict', name=self._name(),
                                       got=type(result).__name__))
            run.result = dict(result)
            run.finish()
        except _StopRun:
            run.finish(stopped=True)
        except KeyboardInterrupt:
            run.finish(stopped=True)
            raise
        except Exception as exc:                  # the panel says it; no traceback in a cell
            log.debug('run %d failed', run.number, exc_info=True)
            run.finish(error='%s: %s' % (type(exc).__name__, exc))
        finally:
            self._finish_ui(run)

    def _name(self):
        return getattr(self.function, '__name__', 'the function')

    def _on_batch(self, run, param):
        """MXNet's batch_end_callback: one batch done (BatchEndParam: epoch, nbatch,
        eval_metric, locals)."""
        if self._stop_asked:
            raise _StopRun()
        run.batches += 1
        run.last_batch = (param.epoch, param.nbatch)
        if self._pending is not None and self._pending[0] != param.epoch:
            self._close_epoch(run)
        name, value = _first_metric(param.eval_metric)
        run.metric_name = run.metric_name or name
        self._pending = (param.epoch, value)
        if (param.locals or {}).get('end_of_batch'):   # fit's flag: the epoch's last batch
            self._close_epoch(run)

    def _close_epoch(self, run):
        if self._pending is None:
            return
        epoch, value = self._pending
        self._pending = None
        run.epochs.append(dict(epoch=epoch, train_loss=None, train_metric=value,
                               val_loss=None, val_metric=None))
        self.progress.value = min(len(run.epochs), self.progress.max)
        self._set_status(self._epoch_status(run))
        self._redraw()

    def _progress_done(self, run):
        return self.progress.max if run.status == 'finished' else len(run.epochs)

    # --- words about runs -------------------------------------------------------------------------
    def _metric_label(self, run, language=None):
        return self.label(run.metric_name or 'metric', language)

    def _epoch_status(self, run):
        return self.t('fn.progress', run=run.number, epoch=len(run.epochs),
                      epochs=run.settings.get('num_epoch', '?'), metric=self._metric_label(run),
                      value=show(run.last.get('train_metric')))

    def _results_text(self, run, language):
        sep = '，' if language == 'zh' else ', '
        return sep.join(('%s “%s”' if isinstance(v, str) else '%s %s') % (
            self.label(k, language), show(v)) for k, v in run.result.items())

    def _final_status(self, run, t=None):
        t = t or self.t
        if run.status != 'finished':
            return super()._final_status(run, t)
        language = getattr(t, 'language', self.language)
        return t('fn.finished', run=run.number, settings=self._settings_text(run.settings, language),
                 seconds=run.seconds, results=self._results_text(run, language))

    # the report (base.py) with one column per result the runs returned
    def _result_keys(self):
        keys = []
        for run in self.runs:
            keys += [k for k in getattr(run, 'result', {}) if k not in keys]
        return keys

    def _report_columns(self):
        t = self.t
        return ([t('panel.col.run'), t('panel.col.settings')] +
                [self.label(k) for k in self._result_keys()] +
                [self.label('seconds'), t('panel.col.status')])

    def _report_row(self, run):
        result = getattr(run, 'result', {})
        return ([run.number, self._settings_text(run.settings)] +
                [show(result[k]) if k in result else '—' for k in self._result_keys()] +
                ['%.2f' % (run.seconds or 0), self.t('panel.status.' + run.status)])

    # --- pictures ------------------------------------------------------------------------------
    def _picture_png(self):
        with DRAW_LOCK:
            fig = new_figure(8.6, 3.0)
            self._draw_runs(fig, 0.0, 1.0)
            return to_png(fig)

    def _snapshot_png(self):
        words, s = self.words, self.settings()
        controls = [(self.label(name, words.language), show(value)) for name, value in s.items()]
        fig = new_figure(8.6, 4.4)
        draw_controls(fig, [0.01, 0.84, 0.98, 0.14], controls,
                      [words('panel.train'), words('panel.stop'), words('panel.reset')], words)
        self._draw_runs(fig, 0.14, 0.80)
        draw_footer(fig, self._picture_status(), words('panel.static_note'), words)
        return to_png(fig)

    def _draw_runs(self, fig, bottom, top):
        """The metric per epoch of each run (left) and the table of results (right), in the
        band [bottom, top] of the figure."""
        from matplotlib.ticker import MaxNLocator
        words = self.words
        runs = [r for r in self.runs][-6:]
        height = top - bottom
        ax = fig.add_axes([0.07, bottom + 0.16 * height, 0.36, 0.72 * height])
        name = next((r.metric_name for r in reversed(runs) if r.metric_name), None)
        ax.set_title(words('fn.plot.metric', metric=self.label(name or 'metric', words.language)),
                     fontsize=9.5, **words.kw())
        ax.set_xlabel(words('panel.plot.epoch'), fontsize=8.5, **words.kw())
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3)
        values = []
        for run in runs:
            xs, ys = run.series('train_metric')
            values += ys
            ax.plot([x + 1 for x in xs], ys, marker='o', ms=3, color=run_color(run),
                    lw=2.0 if run is runs[-1] else 1.2, label=str(run.number))
        if values and min(values) > 0 and max(values) / min(values) > 10:
            ax.set_yscale('log')                  # perplexity: from the vocabulary down to ~2
        if not values:
            ax.set_xticks([])
            ax.set_yticks([])
            text = words('panel.plot.empty') if not runs else words('fn.plot.no_curve')
            ax.text(0.5, 0.5, text, transform=ax.transAxes, ha='center', va='center',
                    fontsize=8, color='0.4', wrap=True, **words.kw())
        elif len(runs) > 1:
            ax.legend(title=words('panel.col.run'), prop=words.prop(7),
                      title_fontproperties=words.prop(7), framealpha=0.8)
        self._draw_table(fig.add_axes([0.47, bottom + 0.05 * height, 0.52, 0.9 * height]),
                         runs)

    def _draw_table(self, ax, runs):
        words = self.words
        ax.set_axis_off()
        if not runs:
            return
        keys = []
        for run in runs:
            keys += [k for k in getattr(run, 'result', {}) if k not in keys]
        settings = [n for n in self.choices]
        header = [words('panel.col.run')] + [self.label(n, words.language) for n in settings] + \
            [self.label(k, words.language) for k in keys] + [self.label('seconds', words.language)]
        rows = [[str(r.number)] + [show(r.settings.get(n, '—')) for n in settings] +
                [show(r.result[k]) if k in getattr(r, 'result', {})
                 else words('panel.status.' + r.status)
                 for k in keys] + ['%.2f' % (r.seconds or 0)] for r in runs]
        table = ax.table(cellText=rows, colLabels=header, loc='upper left', cellLoc='left')
        table.auto_set_font_size(False)
        table.scale(1, 1.4)
        table.auto_set_column_width(list(range(len(header))))
        for (row, col), cell in table.get_celld().items():
            cell.set_edgecolor('#cccccc')
            cell.get_text().set(**words.kw())
            if row == 0:
                cell.set_facecolor('#eeeeee')
            elif col == 0:
                cell.get_text().set_color(run_color(runs[row - 1]))
        renderer = ax.figure.canvas.get_renderer()
        for size in (8.5, 7.5, 6.5, 5.5):        # the largest type that fits next to the plot
            table.set_fontsize(size)
            if table.get_window_extent(renderer).width <= ax.bbox.width:
                break
