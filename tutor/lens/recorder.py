"""Recorder: the training history a plot or a widget panel draws from.

It records, as plain dicts in ``history``:

    {'kind': 'batch', 'step', 'epoch', 'batch', 'loss', 'losses': {head: value},
     'metric': {name: value}, 'lr'}                       every training batch
    {'kind': 'epoch', 'epoch', 'loss', 'metric': {...}}     train loss mean and metric
    {'kind': 'validation', 'epoch', 'loss', 'metric': {...}}
    {'kind': 'fit_begin' | 'fit_end', ...}

and keeps the parameters as they were first initialised (``params_before``) and after the
last epoch (``params_after``) for the weight histogram. A panel subscribes with
``recorder.subscribe(fn)``: ``fn(recorder, record)`` runs after each record is added.
"""
import numpy as np

from . import losses
from .base import Lens
from .report import Report


def _name_value(metric, use_global=False):
    if metric is None:
        return {}
    pairs = metric.get_global_name_value() if use_global else metric.get_name_value()
    return {str(n): float(v) for n, v in pairs}


def _copy(params):
    return {n: np.array(a, copy=True) for n, a in (params or {}).items()}


class Recorder(Lens):
    title_key = 'rec.title'

    def __init__(self, language=None):
        super().__init__(language)
        self._heads = None
        self._batch = None       # the record of the training batch running now
        self._train_losses = []
        self._eval_losses = []
        self.params_before = None
        self.params_after = None

    def on_attach(self, module):
        self._heads = losses.heads(module.symbol)
        if module.params_initialized and self.params_before is None:
            self.params_before = _copy(module.get_params()[0])

    def on_params_initialized(self, module, info):
        if self.params_before is None:
            self.params_before = _copy(module.view.arg_params)

    def on_fit_begin(self, module, info):
        self.record(kind='fit_begin', begin_epoch=info['begin_epoch'],
                    num_epoch=info['num_epoch'])

    def on_forward(self, module, info):
        if self._heads is None:
            self._heads = losses.heads(module.symbol)
        values = losses.batch_losses(module, self._heads, info['batch'])
        total = float(sum(values.values())) if values else None
        self._emit_batch()
        if not info['is_train']:
            if total is not None:
                self._eval_losses.append(total)
            return
        self._flush_eval()
        opt = module.view.optimizer
        self._batch = dict(kind='batch', step=self.clock.step, epoch=self.clock.epoch,
                           batch=self.clock.nbatch, loss=total, losses=values, metric={},
                           lr=float(opt.learning_rate) if opt is not None else None)
        if total is not None:
            self._train_losses.append(total)

    def on_metric_updated(self, module, info):
        if self._batch is None:
            return
        self._batch['metric'] = _name_value(info['metric'])
        if self.clock.rolled_over:   # a hand loop reset its metric: a new epoch began
            self._batch['epoch'], self._batch['batch'] = self.clock.epoch, 0
            carried = self._train_losses[-1:] if self._batch['loss'] is not None else []
            self._train_losses = self._train_losses[:len(self._train_losses) - len(carried)]
            self._close_epoch(self.clock.closed_epoch, None)
            self._train_losses = carried

    def on_update(self, module, info):
        if not self.clock.in_fit:    # the last step of a hand-written batch
            self._emit_batch()

    def on_batch_end(self, module, info):
        if self._batch is not None:
            self._batch['metric'] = _name_value(info['metric'])
            self._batch['epoch'], self._batch['batch'] = info['epoch'], info['nbatch']
            self._emit_batch()

    def _emit_batch(self):
        """Add the running batch's record once it is complete (or the next one starts)."""
        if self._batch is not None:
            batch, self._batch = self._batch, None
            self.record(**batch)

    def on_epoch_end(self, module, info):
        self._emit_batch()
        self._close_epoch(info['epoch'], info['metric'])
        self.params_after = _copy(info['arg_params'])

    def on_validation(self, module, info):
        self._flush_eval(info['epoch'], {str(n): float(v) for n, v in info['name_value']})

    def on_fit_end(self, module, info):
        self.record(kind='fit_end', epoch=info['epoch'], stopped=info['stopped'])

    def end_epoch(self, metric=None):
        """Close the running epoch by hand (a hand-written loop)."""
        self._emit_batch()
        self._close_epoch(self.clock.epoch, metric)
        self.clock.end_epoch()

    def _close_epoch(self, epoch, metric):
        if not self._train_losses and metric is None:
            return
        loss = float(np.mean(self._train_losses)) if self._train_losses else None
        self._train_losses = []
        self.record(kind='epoch', epoch=epoch, loss=loss,
                    metric=_name_value(metric, use_global=True) if metric is not None else
                    dict(self._last_batch_metric()))

    def _last_batch_metric(self):
        for r in reversed(self.history):
            if r['kind'] == 'batch':
                return r['metric']
            if r['kind'] == 'epoch':
                break
        return {}

    def _flush_eval(self, epoch=None, metric=None):
        if not self._eval_losses and metric is None:
            return
        loss = float(np.mean(self._eval_losses)) if self._eval_losses else None
        self._eval_losses = []
        self.record(kind='validation', epoch=self.clock.epoch if epoch is None else epoch,
                    loss=loss, metric=metric or {})

    # --- reading (what plots and panels draw) -----------------------------------------------
    def batches(self):
        return [r for r in self.history if r['kind'] == 'batch']

    def epochs(self, kind='epoch'):
        """'epoch' (training) or 'validation' records."""
        return [r for r in self.history if r['kind'] == kind]

    def series(self, key='loss', kind='batch'):
        """[(x, value)]: x is the step for batches, the epoch otherwise; key is 'loss' or a
        metric name such as 'accuracy'."""
        out = []
        for r in self.history:
            if r['kind'] != kind:
                continue
            v = r.get(key) if key == 'loss' else r.get('metric', {}).get(key)
            if v is not None:
                out.append((r['step'] if kind == 'batch' else r['epoch'], v))
        return out

    def metric_names(self):
        names = []
        for r in self.history:
            for n in r.get('metric', {}) or {}:
                if n not in names:
                    names.append(n)
        return names

    def report(self):
        t = self.t
        rep = Report(t(self.title_key))
        train, val = self.epochs('epoch'), {r['epoch']: r for r in self.epochs('validation')}
        names = self.metric_names()
        if not train and not self.batches():
            return rep.text(t('rec.empty'))
        rep.text(t('rec.counts', batches=len(self.batches()), epochs=len(train)))
        rows = []
        for r in train:
            v = val.get(r['epoch'], {})
            rows.append([r['epoch'], r['loss'] if r['loss'] is not None else ''] +
                        [r['metric'].get(n, '') for n in names] +
                        [v.get('loss', '') if v.get('loss') is not None else ''] +
                        [v.get('metric', {}).get(n, '') for n in names])
        if rows:
            rep.table([t('col.epoch'), t('rec.col.train_loss')] +
                      [t('rec.col.train', name=n) for n in names] + [t('rec.col.val_loss')] +
                      [t('rec.col.val', name=n) for n in names], rows)
        return rep


History = Recorder
