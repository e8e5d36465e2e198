"""DivergenceLens: watches for NaN or inf and reports the batch and the first array where one
appeared, in the order the computation made them (data, weights, each op's output, the loss,
then the gradients from the loss backwards, then the weights after the update), with the fix
to try: a smaller learning rate, or clip_gradient.

    lens = mx.lens.DivergenceLens(stop=True).attach(mod)   # stop=True: fit stops there
"""
import warnings

import numpy as np

from .. import i18n
from . import losses
from .base import Lens
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

    def on_attach(self, module):
        self._heads = losses.heads(module.symbol)

    # --- events -----------------------------------------------------------------------------
    def on_forward(self, module, info):
        view = module.view
        args = view.arg_dict
        found = self._scan([('data', n, args[n]) for n in view.data_names] +
                           [('weight', n, args[n]) for n in view.param_names] +
                           [('aux', n, a) for n, a in view.aux_dict.items()] +
                           [('output', n, a) for n, a in view.executor.op_outputs()])
        if found is None:
            found = self._loss(module, info['batch'])
        self._report(module, found, 'forward', info['is_train'])

    def _loss(self, module, batch):
        if self._heads is None:
            self._heads = losses.heads(module.symbol)
        ops = {h.output_name: h.op_name for h in self._heads}
        for name, value in losses.batch_losses(module, self._heads, batch).items():
            if not np.isfinite(value):
                return ('loss', name, 'nan' if np.isnan(value) else 'inf', None, ops[name])
        return None

    def on_backward(self, module, info):
        grads = module.view.grad_dict
        names = [n for n in reversed(module.symbol.list_arguments())
                 if grads.get(n) is not None]
        self._report(module, self._scan([('gradient', n, grads[n]) for n in names]),
                     'backward', True)

    def on_update(self, module, info):
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
        text = self.t('div.fix.lr', lr=f['lr'], smaller=f['lr'] / 10)
        if not f['clip_gradient']:
            # Chinese sentences follow each other without a space
            zh = (self.language or i18n.get_language()) == 'zh'
            text += ('' if zh else ' ') + self.t('div.fix.clip')
        return text

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
