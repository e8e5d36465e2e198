"""DivergenceLens: watches for NaN or inf and reports the batch and the first array where one
appeared, in the order the computation made them (data, weights, each op's output, the loss,
then the gradients from the loss backwards, then the weights after the update), with the fix
to try: a smaller learning rate, or clip_gradient.

    lens = mx.lens.DivergenceLens(stop=True).attach(mod)   # stop=True: fit stops there

Its learning-rate advice comes from what it has seen, never from a fixed factor: a lens
attached to one module after another (``lens.attach(new_mod)``) remembers each run's learning
rate and whether its loss fell, and names the largest smaller rate that trained the same
network; with no such run seen it says so and tells how to find one.
"""
import warnings

import numpy as np

from .. import i18n
from . import losses
from .base import EpochClock, Lens
from .report import Report


class DivergenceWarning(UserWarning):
    """Training produced NaN or inf."""


def _bad(a):
    """'nan', 'inf' or None: what is wrong with array ``a``."""
    a = np.asarray(a)
    if a.dtype.kind not in 'fc':
        return None
    if np.isfinite(a.sum()):         # NaN and inf always reach the sum: the quick test
        return None
    if np.isfinite(a).all():         # only huge values overflowed the sum
        return None
    return 'nan' if np.isnan(a).any() else 'inf'


def _first_bad_index(a):
    idx = np.argwhere(~np.isfinite(np.asarray(a)))
    return tuple(int(i) for i in idx[0]) if len(idx) else None


class DivergenceLens(Lens):
    title_key = 'div.title'

    def __init__(self, language=None, stop=False, warn=True):
        super().__init__(language)
        self.stop = stop
        self.warn = warn
        self.first = None        # the first report (a history record), or None
        self.bad_batches = 0
        self._heads = None
        self.runs = []           # one RunEvidence per module watched, oldest first

    def on_attach(self, module):
        self._heads = losses.heads(module.symbol)
        if not self.runs or self.runs[-1].module is not module:
            self.runs.append(RunEvidence(module))
            self.first, self.bad_batches = None, 0       # a new run: its own first report,
            self.clock = EpochClock()                    # counting its own steps

    # --- events -----------------------------------------------------------------------------
    def on_forward(self, module, info):
        view = module.view
        args = view.arg_dict
        found = self._scan([('data', n, args[n]) for n in view.data_names] +
                           [('weight', n, args[n]) for n in view.param_names] +
                           [('aux', n, a) for n, a in view.aux_dict.items()] +
                           [('output', n, a) for n, a in view.executor.op_outputs()])
        if found is None:
            found = self._loss(module, info['batch'], info['is_train'])
        self._report(module, found, 'forward', info['is_train'])

    def _loss(self, module, batch, is_train):
        if self._heads is None:
            self._heads = losses.heads(module.symbol)
        ops = {h.output_name: h.op_name for h in self._heads}
        values = losses.batch_losses(module, self._heads, batch)
        for name, value in values.items():
            if not np.isfinite(value):
                return ('loss', name, 'nan' if np.isnan(value) else 'inf', None, ops[name])
        if is_train and values and self.runs:
            self.runs[-1].losses.append(sum(values.values()))
        return None

    def on_backward(self, module, info):
        grads = module.view.grad_dict
        names = [n for n in reversed(module.symbol.list_arguments())
                 if grads.get(n) is not None]
        self._report(module, self._scan([('gradient', n, grads[n]) for n in names]),
                     'backward', True)

    def on_update(self, module, info):
        if self.runs and self.first is None:
            self.runs[-1].saw_update(module)
        args = module.view.arg_dict
        self._report(module, self._scan([('updated', n, args[n])
                                         for n in module.view.param_names]), 'update', True)

    def _scan(self, items):
        with np.errstate(over='ignore', invalid='ignore'):
            for where, name, arr in items:
                what = _bad(arr)
                if what is not None:
                    return (where, name, what, _first_bad_index(arr), None)
        return None

    def _report(self, module, found, event, is_train):
        if found is None:
            return
        if self.first is not None:
            if event == 'forward':
                self.bad_batches += 1
            return
        where, name, what, index, op = found
        opt = module.view.optimizer
        self.first = self.record(
            kind='diverged', event=event, is_train=is_train, step=self.clock.step,
            epoch=self.clock.epoch, batch=self.clock.nbatch, where=where, array=name,
            value=what, index=index, op=op, lr=opt.learning_rate if opt is not None else None,
            clip_gradient=getattr(opt, 'clip_gradient', None))
        self.bad_batches = 1
        if self.runs:
            self.runs[-1].diverged = True
        if self.warn:
            warnings.warn(self.message(), DivergenceWarning, stacklevel=2)
        if self.stop and hasattr(module, 'request_stop'):
            module.request_stop()

    # --- words ------------------------------------------------------------------------------
    def message(self):
        """One paragraph: where it happened, and what to try."""
        f = self.first
        if f is None:
            return self.t('div.none')
        parts = [self.t('div.found', value=f['value'], where=self.t('div.where.' + f['where']),
                        array=f['array'], epoch=f['epoch'], batch=f['batch'], step=f['step'])]
        if f['index'] is not None:
            parts.append(self.t('div.index', index=f['index']))
        if f['where'] == 'loss' and f['value'] == 'inf' and f.get('op') == 'SoftmaxOutput':
            parts.append(self.t('div.loss_inf'))
        parts.append(self.advice())
        sep = '' if (self.language or i18n.get_language()) == 'zh' else ' '
        return sep.join(parts)

    def advice(self):
        f = self.first
        if f['where'] == 'data':
            return self.t('div.fix.data')
        if f['lr'] is None:
            return self.t('div.fix.generic')
        text = self._lr_advice(f['lr'])
        if not f['clip_gradient']:
            # Chinese sentences follow each other without a space
            zh = (self.language or i18n.get_language()) == 'zh'
            text += ('' if zh else ' ') + self.t('div.fix.clip')
        return text

    def _lr_advice(self, lr):
        """What the runs this lens watched say about ``lr``: the largest smaller rate that
        trained the same network, else the smaller ones that failed, else that none is known."""
        current = self.runs[-1] if self.runs else None
        same = [r for r in self.runs[:-1] if current is not None and r.key is not None
                and r.key == current.key and r.lr is not None and r.lr < lr]
        trained = [r for r in same if r.trained()]
        if trained:
            good = max(trained, key=lambda r: r.lr)
            failed = [r.lr for r in same if not r.trained() and r.lr > good.lr] + [lr]
            return self.t('div.fix.lr_seen', lr=lr, good=good.lr, batches=len(good.losses),
                          start=good.start_loss(), end=good.end_loss(), failed=min(failed))
        if same:
            rates = ', '.join('%g' % r for r in sorted({r.lr for r in same}, reverse=True))
            return self.t('div.fix.lr_failed', lr=lr, rates=rates,
                          smaller=min(r.lr for r in same) / 10)
        return self.t('div.fix.lr_unknown', lr=lr, smaller=lr / 10)

    def report(self):
        rep = Report(self.t(self.title_key))
        if self.first is None:
            return rep.text(self.t('div.none'))
        f = self.first
        rep.table([self.t('col.epoch'), self.t('col.batch'), self.t('div.col.where'),
                   self.t('col.name'), self.t('div.col.value'), self.t('div.col.index')],
                  [[f['epoch'], f['batch'], self.t('div.where.' + f['where']), f['array'],
                    f['value'], f['index'] if f['index'] is not None else '—']])
        rep.text(self.message())
        if self.bad_batches > 1:
            rep.text(self.t('div.after', n=self.bad_batches))
        return rep


class RunEvidence:
    """One watched run: its network, optimizer, batch size, learning rate and batch losses."""
    MIN_BATCHES = 20          # fewer training batches than this tell nothing either way
    FELL = 0.9                # "trained": the late losses average under 90 % of the early ones

    def __init__(self, module):
        self.module = module
        self.key = None
        self.lr = None
        self.losses = []
        self.diverged = False

    def saw_update(self, module):
        view = module.view
        opt = view.optimizer
        self.lr = opt.learning_rate
        if self.key is None:
            names = view.data_names
            batch = view.arg_dict[names[0]].shape[0] if names else 0
            self.key = (module.symbol.tojson(), type(opt).__name__, batch)

    def _window(self):
        return max(1, len(self.losses) // 5)

    def start_loss(self):
        return float(np.mean(self.losses[:self._window()]))

    def end_loss(self):
        return float(np.mean(self.losses[-self._window():]))

    def trained(self):
        """Its loss stayed finite and fell clearly: the first fifth of its batches against
        the last fifth."""
        return (not self.diverged and len(self.losses) >= self.MIN_BATCHES
                and self.end_loss() < self.FELL * self.start_loss())
