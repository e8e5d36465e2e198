"""Lens: a watcher that a module notifies of each training event (see tutor/events.py).

    lens = mx.lens.LossLens().attach(mod)     # or: with mx.lens.LossLens().attach(mod): ...
    mod.fit(...)
    lens                                      # a table in Jupyter; print(lens) in a terminal
    lens.detach()                             # the module pays nothing again

A lens does its own work in ``on_<event>(source, info)`` methods and keeps what it saw in
``history`` (a list of dicts, oldest first). Widgets and plots read the same history, or
``subscribe(fn)`` to hear ``fn(lens, record)`` each time a record is added.
"""
from .. import i18n
from .report import Report


class Lens:
    title_key = 'lens.title'

    def __init__(self, language=None):
        self.language = i18n.normalise(language)
        self.history = []
        self.module = None
        self._sources = []
        self._subscribers = []
        self.clock = EpochClock()

    # --- attaching -----------------------------------------------------------------------
    def attach(self, module):
        """Watch ``module`` from now on; returns the lens (usable in a ``with``)."""
        if self.module is not None and self.module is not module:
            self.detach()
        self.module = module
        self._watch(module)
        self.on_attach(module)
        return self

    def _watch(self, source):
        source.attach_watcher(self)
        if source not in self._sources:
            self._sources.append(source)

    def detach(self):
        """Stop watching; the history (and the last module seen) stay for showing."""
        for source in self._sources:
            source.detach_watcher(self)
        self._sources = []
        return self

    @property
    def attached(self):
        return bool(self._sources)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.detach()

    def on_attach(self, module):
        """Called once by ``attach`` (e.g. to describe a module that is already bound)."""

    # --- events ----------------------------------------------------------------------------
    def notify(self, event, source, info):
        self.clock.tick(event, info)
        handler = getattr(self, 'on_' + event, None)
        if handler is not None:
            handler(source, info)

    def subscribe(self, fn):
        """``fn(lens, record)`` after every new history record (widgets redraw from it)."""
        self._subscribers.append(fn)
        return fn

    def unsubscribe(self, fn):
        self._subscribers = [f for f in self._subscribers if f is not fn]

    def record(self, **entry):
        self.history.append(entry)
        for fn in self._subscribers:
            fn(self, entry)
        return entry

    def clear(self):
        self.history = []

    # --- words -----------------------------------------------------------------------------
    def t(self, key, **fmt):
        """A catalogue message in this lens's language (its own, else tutor's)."""
        return i18n.text(key, self.language, **fmt)

    # --- showing ---------------------------------------------------------------------------
    def report(self):
        """What the lens shows now, as a Report (subclasses fill it)."""
        return Report(self.t(self.title_key))

    def __str__(self):
        return str(self.report())

    def _repr_html_(self):
        return self.report()._repr_html_()

    def __repr__(self):
        return '<%s: %d records%s>' % (type(self).__name__, len(self.history),
                                       '' if self.attached else ', detached')

    def show(self):
        print(str(self))


class EpochClock:
    """Which epoch and batch a training event belongs to.

    Inside ``fit`` the module says so (batch_end, epoch_end). In a hand-written loop (the
    learner's note: forward, update_metric, backward, update) nothing marks an epoch, so the
    clock takes a metric that starts counting again (``metric.reset()`` or a new metric) as
    the start of a new epoch: during that ``metric_updated`` event ``rolled_over`` is True,
    ``closed_epoch`` is the epoch that ended and the batch just run is batch 0 of ``epoch``.
    """

    def __init__(self):
        self.epoch = 0
        self.nbatch = -1          # index of the current training batch in its epoch
        self.step = -1            # training batches seen in total, from 0
        self.in_fit = False
        self.rolled_over = False
        self.closed_epoch = None
        self._count = None
        self._last_train = False
        self._ended = False

    def tick(self, event, info):
        self.rolled_over = False
        if event == 'forward':
            self._last_train = bool(info.get('is_train'))
            if self._last_train:
                if self._ended:
                    self.epoch, self.nbatch, self._ended = self.epoch + 1, -1, False
                self.nbatch += 1
                self.step += 1
        elif event == 'metric_updated':
            if self._last_train and not self.in_fit:
                self._check_rollover(info.get('metric'))
        elif event == 'batch_end':
            self.epoch, self.nbatch = info['epoch'], info['nbatch']
        elif event == 'epoch_end':
            self.epoch, self._ended = info['epoch'], True
        elif event == 'fit_begin':
            self.in_fit, self.epoch, self.nbatch = True, info['begin_epoch'], -1
            self._ended, self._count = False, None
        elif event == 'fit_end':
            self.in_fit, self._count = False, None

    def _check_rollover(self, metric):
        count = _metric_count(metric)
        if count is not None and self._count is not None and count < self._count \
                and self.nbatch > 0:
            self.rolled_over, self.closed_epoch = True, self.epoch
            self.epoch, self.nbatch = self.epoch + 1, 0
        self._count = count

    def end_epoch(self):
        """For hand-written loops without a metric: the next batch starts a new epoch."""
        self._ended = True


def _metric_count(metric):
    """How many examples the metric has seen since its last full reset."""
    if metric is None:
        return None
    subs = getattr(metric, 'metrics', None)
    if subs:
        metric = subs[0]
    return getattr(metric, 'global_num_inst', getattr(metric, 'num_inst', None))
