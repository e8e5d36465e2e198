"""What both panels share: Train / Stop / Reset, a progress bar, a picture, a status line,
and runs trained by ``Module.fit`` in a background thread, watched through lens events.

Why a thread: a cell that runs ``fit`` keeps the kernel busy, and a busy kernel does not
read the Stop button's click until the cell ends. With ``fit`` in a thread the kernel stays
free: Stop calls ``module.request_stop()`` (fit stops after the batch it is on), and the
thread updates the widgets (progress, status, a new PNG for the picture) as events arrive.
``train(block=True)`` runs in the caller instead: tests and executed notebooks get the
same result every time.
"""
import html
import logging
import threading
import time

import numpy as np

from .. import i18n
from .. import random as _random
from .curves import DRAW_LOCK, SHORT_NAMES, Words, png_size, settings_text  # noqa: F401
from .display import Displayable
from .runs import Run, fmt

# fit's "Epoch[0] Train-accuracy=..." lines would land in whichever cell runs next.
_QUIET = logging.getLogger('tutor.widgets.fit')
_QUIET.addHandler(logging.NullHandler())
_QUIET.propagate = False
log = logging.getLogger('tutor.widgets')

# key -> (MXNet optimizer name, extra optimizer_params)
OPTIMIZERS = {
    'sgd': ('sgd', {}),
    'momentum': ('sgd', {'momentum': 0.9}),
    'nag': ('nag', {'momentum': 0.9}),
    'adam': ('adam', {}),
    'rmsprop': ('rmsprop', {}),
    'adagrad': ('adagrad', {}),
}


def optimizer_args(key, learning_rate):
    """(optimizer, optimizer_params) for ``fit`` from a dropdown key such as 'momentum'."""
    name, extra = OPTIMIZERS[key]
    return name, dict(extra, learning_rate=float(learning_rate))


class Panel(Displayable):
    """Subclasses build the controls (``_make_controls``), the module and data of a run
    (``_prepare``) and the picture (``_picture_png``, ``_snapshot_png``)."""

    redraw_gap = 2.0           # see _redraw
    progress_interval = 0.1    # seconds between two progress-bar updates

    def __init__(self, language=None, seed=0, auto=False):
        import ipywidgets as w
        self.language = i18n.normalise(language) or i18n.get_language()
        self.words = Words(self.language)       # pictures (English if no CJK font)
        self.seed = seed
        self.runs = []
        self.module = None          # the module of the latest run
        self.recorder = None        # its Recorder lens (mx.lens.plots.history(panel.recorder))
        self._thread = None
        self._stop_asked = False
        self._fit_stopped = None
        self._has_eval = False      # does the run in progress validate (closes its epochs)?
        self._last_draw = self._last_progress = self._draw_seconds = 0.0
        self._status_text = self.t('panel.ready')
        self.controls = self._make_controls(w)
        self.auto = w.Checkbox(value=auto, description=self.t('panel.auto'), indent=False)
        self.train_button = w.Button(description=self.t('panel.train'), button_style='primary',
                                     icon='play')
        self.stop_button = w.Button(description=self.t('panel.stop'), icon='stop',
                                    disabled=True)
        self.reset_button = w.Button(description=self.t('panel.reset'), icon='trash')
        self.progress = w.IntProgress(value=0, min=0, max=1,
                                      layout=w.Layout(width='260px'))
        png = self._picture_png()
        self.image = w.Image(value=png, format='png',
                             layout=w.Layout(width='%dpx' % png_size(png)[0]))
        self.status = w.HTML(value=self._status_html(self._status_text, ''))
        for name, cls in (('train_button', 'tutor-train'), ('stop_button', 'tutor-stop'),
                          ('reset_button', 'tutor-reset'), ('image', 'tutor-curves'),
                          ('status', 'tutor-status'), ('progress', 'tutor-progress')):
            getattr(self, name).add_class(cls)
        self.train_button.on_click(lambda _: self.train())
        self.stop_button.on_click(lambda _: self.stop())
        self.reset_button.on_click(lambda _: self.reset())
        for name, control in self.controls.items():
            control.add_class('tutor-' + name.replace('_', '-'))   # for the browser test
            control.observe(self._setting_changed, names='value')
        self.view = self._layout(w)
        self.view.add_class('tutor-panel')

    # --- words ---------------------------------------------------------------------------------
    def t(self, key, **fields):
        return i18n.text(key, self.language, **fields)

    def _status_html(self, text, kind):
        colour = {'diverged': '#b00020', 'error': '#b00020', 'stopped': '#8a5a00',
                  'finished': '#1b5e20'}.get(kind, '#333')
        return '<span style="color:%s">%s</span>' % (colour, html.escape(text))

    def _set_status(self, text, kind=''):
        self._status_text = text
        self.status.value = self._status_html(text, kind)

    # --- the controls --------------------------------------------------------------------------
    def settings(self):
        """The current value of every control, by name (what the next run will use)."""
        return {name: c.value for name, c in self.controls.items()}

    def set(self, **values):
        """Move controls by name, as a learner would (``panel.set(learning_rate=0.5)``)."""
        unknown = sorted(set(values) - set(self.controls))
        if unknown:
            raise TypeError('unknown setting(s) %s; the panel has %s' % (
                ', '.join(unknown), ', '.join(self.controls)))
        for name, value in values.items():
            self.controls[name].value = value
        return self

    def _setting_changed(self, change):
        if self.auto.value:
            self.train()

    # --- training ------------------------------------------------------------------------------
    @property
    def running(self):
        return self._thread is not None and self._thread.is_alive()

    def train(self, block=False, **settings):
        """Start a run with the current settings, as the Train button does; returns its Run.

        ``block=True`` trains in this thread and returns when the run is over (tests and
        executed notebooks use it); otherwise the run goes on in the background and
        ``wait()`` waits for it. Keyword arguments move controls first (see ``set``).
        """
        if settings:
            auto, self.auto.value = self.auto.value, False    # one run, not one per control
            try:
                self.set(**settings)
            finally:
                self.auto.value = auto
        if self.running:
            self.stop()
            self.wait()
        run = Run(len(self.runs) + 1, self.settings())
        self.runs.append(run)
        self._stop_asked, self._fit_stopped = False, None
        self.train_button.disabled, self.stop_button.disabled = True, False
        self.progress.bar_style, self.progress.value = '', 0
        self._set_status(self.t('panel.starting', run=run.number,
                                settings=self._settings_text(run.settings)))
        if block:
            self._train(run)
            self._refresh_displays()
        else:
            self._thread = threading.Thread(target=self._train, args=(run,), daemon=True,
                                            name='tutor-panel-run-%d' % run.number)
            self._thread.start()
        return run

    def wait(self, timeout=None):
        """Wait for the run in progress (if any) to end; returns the latest Run."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            if not thread.is_alive():
                self._refresh_displays()
        return self.runs[-1] if self.runs else None

    def stop(self):
        """Ask the run in progress to stop after its current batch (the Stop button)."""
        if not self.running:
            return
        self._stop_asked = True
        if self.module is not None:
            self.module.request_stop()
        self._set_status(self.t('panel.stopping'))

    def reset(self):
        """Stop any run and forget all runs (the Reset button)."""
        if self.running:
            self.stop()
            self.wait()
        self.runs = []
        self.module = self.recorder = None
        self.progress.value, self.progress.bar_style = 0, ''
        self._redraw(force=True)
        self._set_status(self.t('panel.cleared'))
        self._refresh_displays()

    def _train(self, run):
        """One run, start to end; never raises except KeyboardInterrupt (Ctrl-C / the
        notebook's interrupt button in ``block=True`` mode)."""
        from ..lens.recorder import Recorder
        try:
            np.random.seed(self.seed)             # NDArrayIter shuffles with NumPy's generator
            _random.seed(self.seed)               # initializers draw from tutor's
            module, fit_args = self._prepare(run)
            self.module = module
            self.recorder = Recorder(self.language)
            self._watch(module, self.recorder, run)
            self.progress.max = max(fit_args.pop('total_batches'), 1)
            self._has_eval = fit_args.get('eval_data') is not None
            with np.errstate(all='ignore'):       # overflow is reported as divergence
                module.fit(**fit_args)
            run.finish(stopped=self._fit_stopped)
        except KeyboardInterrupt:
            run.finish(stopped=True)
            raise
        except Exception as exc:                  # the panel says it; no traceback in a cell
            log.debug('run %d failed', run.number, exc_info=True)
            run.finish(error='%s: %s' % (type(exc).__name__, exc))
        finally:
            self._finish_ui(run)

    def _watch(self, module, recorder, run):
        """Attach the recorder and read each of its records as it arrives."""
        recorder.attach(module)
        recorder.subscribe(lambda _, record: self._on_record(run, module, record))

    def _on_record(self, run, module, record):
        kind = record['kind']
        if kind == 'fit_begin' and self._stop_asked:
            module.request_stop()                 # Stop came before fit started
        elif kind == 'fit_end':
            self._fit_stopped = record.get('stopped')
        what = run.add(record)
        if what == 'diverged':
            module.request_stop()
        elif what == 'batch':
            now = time.perf_counter()
            if now - self._last_progress >= self.progress_interval:
                self._last_progress = now
                self.progress.value = run.batches
        elif what == 'validation' or (what == 'epoch' and not self._has_eval):
            self.progress.value = run.batches
            self._set_status(self._epoch_status(run))
            draw = self._epoch_done(run, module)
            if draw is not False:
                self._redraw(force=bool(draw))

    def _epoch_done(self, run, module):
        """Hook: the epoch's records are all in (the boundary panel reads the weights).
        Returns True to redraw now, False not to, None to redraw unless one was just made."""

    def _finish_ui(self, run):
        self._redraw(force=True)
        self.progress.value = self._progress_done(run)
        self.progress.bar_style = {'finished': 'success', 'stopped': 'warning'}.get(
            run.status, 'danger')
        self._set_status(self._final_status(run), run.status)
        self.train_button.disabled, self.stop_button.disabled = False, True

    def _progress_done(self, run):
        """Where the progress bar stands when ``run`` has ended (it counts batches here)."""
        return run.batches

    def _final_status(self, run, t=None):
        """How ``run`` ended, in one line (``t``: key -> text, default this panel's language)."""
        t = t or self.t
        last = run.last
        if run.status == 'diverged':
            d = run.diverged_at
            lr = run.settings.get('learning_rate')
            return t('panel.diverged', run=run.number, value=d['value'], epoch=d['epoch'],
                     batch=d['batch'], lr='%.3g' % lr, smaller='%.2g' % (lr / 10))
        if run.status == 'stopped':
            epoch, batch = run.last_batch or (0, -1)
            return t('panel.stopped', run=run.number, epoch=epoch, batch=batch)
        if run.status == 'error':
            return t('panel.error', run=run.number, error=run.error)
        return t(self._finished_key, run=run.number, epochs=len(run.epochs),
                 settings=settings_text(run.settings, t), seconds=run.seconds,
                 loss=fmt(last.get('train_loss')), acc=fmt(last.get(self._metric_key)))

    def _picture_status(self):
        """The status line for the static picture, in the picture's language (English when
        no CJK font can draw Chinese)."""
        if self.words.language == self.language:
            return self._status_text
        last = self.runs[-1] if self.runs else None
        return self._final_status(last, self.words) if last is not None and last.done \
            else self.words('panel.ready')

    _finished_key = 'panel.finished'
    _progress_key = 'panel.progress'
    _metric_key = 'val_metric'

    def _epoch_status(self, run):
        last = run.last
        return self.t(self._progress_key, run=run.number, epoch=len(run.epochs),
                      epochs=run.settings.get('num_epoch'), loss=fmt(last.get('train_loss')),
                      acc=fmt(last.get(self._metric_key)))

    # --- the picture ---------------------------------------------------------------------------
    def _redraw(self, force=False):
        """New PNG for the picture; unforced redraws are skipped while less time has passed
        since the last one than ``redraw_gap`` times what drawing it took (so drawing
        takes at most about a third of a run, however slow the machine)."""
        start = time.perf_counter()
        if not force and start - self._last_draw < self.redraw_gap * self._draw_seconds:
            return
        png = self._picture_png()
        self._last_draw = time.perf_counter()
        self._draw_seconds = self._last_draw - start
        self.image.value = png

    def picture(self):
        """The live picture as PNG bytes (what the image widget shows)."""
        return bytes(self.image.value)

    # --- reading the runs ----------------------------------------------------------------------
    def _settings_text(self, settings):
        return settings_text(settings, self.t)

    def report(self):
        """A table of the runs (a Report: HTML in Jupyter, aligned text with print)."""
        from ..lens.report import Report
        t = self.t
        rep = Report(t('panel.report_title'))
        if not self.runs:
            return rep.text(t('panel.no_runs'))
        return rep.table(self._report_columns(), [self._report_row(run) for run in self.runs])

    def _report_columns(self):
        t = self.t
        return [t('panel.col.run'), t('panel.col.settings'), t('panel.col.epochs'),
                t('panel.col.train_loss'), t('panel.col.val_loss'), t('panel.col.val_acc'),
                t('panel.col.status')]

    def _report_row(self, run):
        last = run.last
        return [run.number, self._settings_text(run.settings), len(run.epochs),
                fmt(last.get('train_loss')), fmt(last.get('val_loss')),
                fmt(last.get('val_metric')), self.t('panel.status.' + run.status)]

    def __repr__(self):
        if not self.runs:
            return '<%s: %s>' % (type(self).__name__, self.t('panel.no_runs'))
        run = self.runs[-1]
        return '<%s: %s>' % (type(self).__name__, self.t(
            'panel.repr', n=len(self.runs), run=run.number,
            status=self.t('panel.status.' + run.status), settings=self._settings_text(run.settings)))

    # --- the static snapshot (display.py puts it next to the live view) ------------------------
    def snapshot(self):
        """A PNG picture of the whole panel: controls, curves and status line."""
        with DRAW_LOCK:
            return self._snapshot_png()
