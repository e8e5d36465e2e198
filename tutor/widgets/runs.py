"""Run: one press of Train, filled in from the events a module emits while it trains.

A panel attaches a ``Recorder`` lens (tutor/lens/recorder.py) to the module it trains and
hands each record to ``Run.add``: the panel never counts batches or computes losses itself,
so what it draws is what the lens saw.
"""
import math
import time

STATUSES = ('running', 'finished', 'stopped', 'diverged', 'error')


def _first_metric(metric):
    """(name, value) of the first metric in a record's metric dict, or (None, None)."""
    for name, value in (metric or {}).items():
        return name, value
    return None, None


def fmt(value, digits=3):
    """A rounded number for status lines and tables ('—' when there is none)."""
    if value is None:
        return '—'
    if isinstance(value, float) and not math.isfinite(value):
        return 'nan' if math.isnan(value) else 'inf'
    return '%.*f' % (digits, value)


class Run:
    """Settings, per-epoch results and how the run ended.

    ``epochs`` holds one dict per finished epoch: epoch, train_loss, train_metric,
    val_loss, val_metric (None where there is nothing to show).
    """

    def __init__(self, number, settings):
        self.number = number
        self.settings = dict(settings)
        self.epochs = []
        self.metric_name = None
        self.status = 'running'
        self.batches = 0            # training batches done
        self.last_batch = None      # (epoch, batch) of the last training batch
        self.diverged_at = None     # dict(epoch, batch, value) of the first bad loss
        self.error = None
        self.started = time.perf_counter()
        self.seconds = None

    # --- filled from the recorder's records ---------------------------------------------------
    def add(self, record):
        """Take one Recorder record; returns 'batch', 'epoch', 'diverged' or None."""
        kind = record['kind']
        if kind == 'batch':
            return self._add_batch(record)
        if kind == 'epoch':
            name, value = _first_metric(record.get('metric'))
            self.metric_name = self.metric_name or name
            self.epochs.append(dict(epoch=record['epoch'], train_loss=record.get('loss'),
                                    train_metric=value, val_loss=None, val_metric=None))
            return 'epoch'
        if kind == 'validation':
            row = self._row(record['epoch'])
            if row is not None:
                name, value = _first_metric(record.get('metric'))
                self.metric_name = self.metric_name or name
                row['val_loss'], row['val_metric'] = record.get('loss'), value
            return 'validation'
        return None

    def _add_batch(self, record):
        self.batches += 1
        self.last_batch = (record['epoch'], record['batch'])
        loss = record.get('loss')
        if self.diverged_at is None and loss is not None and not math.isfinite(loss):
            self.diverged_at = dict(epoch=record['epoch'], batch=record['batch'],
                                    value='nan' if math.isnan(loss) else 'inf')
            return 'diverged'
        return 'batch'

    def _row(self, epoch):
        for row in reversed(self.epochs):
            if row['epoch'] == epoch:
                return row
        return None

    def finish(self, stopped=None, error=None):
        self.seconds = time.perf_counter() - self.started
        if error is not None:
            self.status, self.error = 'error', error
        elif self.diverged_at is not None:
            self.status = 'diverged'
        elif stopped:
            self.status = 'stopped'
        else:
            self.status = 'finished'

    # --- reading ---------------------------------------------------------------------------------
    @property
    def done(self):
        return self.status != 'running'

    @property
    def last(self):
        """The last finished epoch's row (a dict), or an empty dict."""
        return self.epochs[-1] if self.epochs else {}

    def series(self, key):
        """(epochs, values) of 'train_loss', 'train_metric', 'val_loss' or 'val_metric'
        (epochs with no finite value left out)."""
        xs, ys = [], []
        for row in self.epochs:
            v = row.get(key)
            if v is not None and math.isfinite(v):
                xs.append(row['epoch'])
                ys.append(v)
        return xs, ys

    def __repr__(self):
        last = self.last
        return '<Run %d %s: %d epochs, val %s %s>' % (
            self.number, self.status, len(self.epochs), self.metric_name or 'metric',
            fmt(last.get('val_metric')))
