"""LossLens: answers the learner's "how is the loss defined?" while the module trains.

For each output layer it shows the loss that layer minimises and its formula, records the
loss of every batch (from the outputs and the labels, at ``forward``) and its mean per epoch
for training and validation, and shows with the bound module's own numbers why
SoftmaxOutput's gradient is p − onehot(y) and how ``rescale_grad`` = 1/batch_size turns the
gradient summed over the batch into a mean.
"""
import numpy as np

from . import losses
from .base import Lens
from .report import Report


class LossLens(Lens):
    title_key = 'loss.title'

    def __init__(self, language=None):
        super().__init__(language)
        self._heads = None
        self._train = {}     # head -> [values] of the epoch running now
        self._eval = {}      # head -> [values] since the last validation
        self._open = []      # the records of the running epoch (relabelled on rollover)
        self._snap = None    # copies from the last backward for the SoftmaxOutput example

    def on_attach(self, module):
        # a BucketingModule has no symbol before bind (MXNet's asserts): found at the first forward
        self._heads = losses.heads(module.symbol) if module.view.binded else None

    # --- events ------------------------------------------------------------------------------
    def on_forward(self, module, info):
        if self._heads is None:
            self._heads = losses.heads(module.symbol)
        phase = 'train' if info['is_train'] else 'eval'
        if phase == 'train' and self._eval and not self.clock.in_fit:
            self._close_eval(self.clock.epoch)   # a hand loop scored, then trained on
        for head, value in losses.batch_losses(module, self._heads, info['batch']).items():
            (self._train if phase == 'train' else self._eval).setdefault(head, []).append(value)
            if phase == 'train':
                self._open.append(self.record(
                    kind='batch', phase='train', epoch=self.clock.epoch,
                    batch=self.clock.nbatch, step=self.clock.step, head=head, loss=value))

    def on_metric_updated(self, module, info):
        if self.clock.rolled_over:   # the batch just run opened a new epoch
            carried = [r for r in self._open if r['step'] == self.clock.step]
            for r in carried:
                r['epoch'], r['batch'] = self.clock.epoch, 0
                self._train[r['head']].pop()
            self._close_train(self.clock.closed_epoch)
            for r in carried:
                self._train.setdefault(r['head'], []).append(r['loss'])
            self._open = carried

    def on_backward(self, module, info):
        # Keep what the example needs (cheap copies); work it out only when shown.
        for head in self._heads or ():
            if head.op_name == 'SoftmaxOutput' and head.label_name:
                self._snap = _snapshot(module, head, getattr(self, '_snap', None))
                break

    @property
    def worked(self):
        """The last backward's numbers for the SoftmaxOutput example, or None."""
        snap = getattr(self, '_snap', None)
        return softmax_example(None, snap['head'], snap) if snap else None

    def on_epoch_end(self, module, info):
        self._close_train(info['epoch'])

    def on_validation(self, module, info):
        self._close_eval(info['epoch'])

    def end_epoch(self):
        """Close the running epoch by hand (a hand-written loop without a metric)."""
        self._close_train(self.clock.epoch)
        self.clock.end_epoch()

    def _close_train(self, epoch):
        for name, values in self._train.items():
            if values:
                self.record(kind='epoch', phase='train', epoch=epoch, head=name,
                            loss=float(np.mean(values)), batches=len(values))
        self._train, self._open = {}, []

    def _close_eval(self, epoch):
        for name, values in self._eval.items():
            if values:
                self.record(kind='epoch', phase='validation', epoch=epoch, head=name,
                            loss=float(np.mean(values)), batches=len(values))
        self._eval = {}

    # --- reading -------------------------------------------------------------------------------
    def batch_losses(self, head=None):
        """[(step, loss)] of the training batches (of the first head unless named)."""
        head = head or self._first_head()
        return [(r['step'], r['loss']) for r in self.history
                if r['kind'] == 'batch' and r['head'] == head]

    def epoch_losses(self, phase='train', head=None):
        """[(epoch, mean loss)] for 'train' or 'validation'."""
        head = head or self._first_head()
        return [(r['epoch'], r['loss']) for r in self.history
                if r['kind'] == 'epoch' and r['phase'] == phase and r['head'] == head]

    def _first_head(self):
        for r in self.history:
            return r['head']
        return None

    # --- showing ---------------------------------------------------------------------------
    def report(self):
        rep = Report(self.t(self.title_key))
        if self.module is None:
            return rep.text(self.t('lens.not_attached'))
        describe(rep, self.module.symbol, self.language)
        self._values(rep)
        if self.worked is not None:
            explain_softmax_gradient(rep, self.worked, self.language)
        rescale_section(rep, self.module, self.language)
        return rep

    def _values(self, rep):
        t = self.t
        epochs = [r for r in self.history if r['kind'] == 'epoch']
        batches = [r for r in self.history if r['kind'] == 'batch']
        rep.heading(t('loss.values'))
        if not batches and not epochs:
            return rep.text(t('loss.no_values'))
        rows = {}
        for r in epochs:
            rows.setdefault((r['epoch'], r['head']), ['', ''])[
                0 if r['phase'] == 'train' else 1] = r['loss']
        table = [[e, h, v[0], v[1]] for (e, h), v in sorted(rows.items())]
        for head, values in sorted(self._train.items()):
            if values:
                table.append([t('loss.running', epoch=self.clock.epoch), head,
                              float(np.mean(values)), ''])
        rep.table([t('col.epoch'), t('col.output'), t('loss.col.train'), t('loss.col.val')],
                  table)
        if batches:
            last = batches[-1]
            rep.text(t('loss.last_batch', epoch=last['epoch'], batch=last['batch'],
                       head=last['head'], loss=last['loss'], count=len(batches)))
        return rep


# --- the parts explain.loss shares -------------------------------------------------------------

def _t(key, language, **fmt):
    from .. import i18n
    return i18n.text(key, language, **fmt)


def describe(rep, symbol, language=None):
    """One row per output: the layer, the loss it minimises, its formula and gradient."""
    t = lambda key, **fmt: _t(key, language, **fmt)
    rows, loss_heads = [], []
    for head in losses.heads(symbol):
        if head.is_loss:
            loss_heads.append(head)
            rows.append([head.output_name, head.op_name, t('loss.name.' + head.op_name),
                         head.label_name or '—'])
        else:
            rows.append([head.output_name, head.op_name, t('loss.name.none'), '—'])
    rep.heading(t('loss.defined'))
    rep.table([t('col.output'), t('col.layer'), t('loss.col.minimises'), t('col.label')], rows)
    for head in loss_heads:
        rep.text(*head.formula)
        rep.text(t('loss.explain.' + head.op_name, name=head.output_name,
                   label=head.label_name or '', input=head.input_name or ''))
        rep.text(t('loss.gradient'))
        rep.text(*head.grad_formula)
        if head.params.get('grad_scale', 1.0) != 1.0:
            rep.text(t('loss.grad_scale', scale=head.params['grad_scale']))
        if head.params.get('normalization', 'null') != 'null':
            rep.text(t('loss.normalization', norm=head.params['normalization']))
    if not loss_heads:
        rep.text(t('loss.no_head'))
    return rep


def _snapshot(module, head, old=None):
    """Copies of p, the label and the feeding bias's gradient, into reused buffers."""
    view = module.view
    bias = head.bias_of_input()
    grad = view.grad_dict.get(bias) if bias else None
    if grad is not None and (view.grad_req.get(bias) != 'write' or
                             head.params.get('normalization', 'null') != 'null'):
        grad = None
    arrays = {'p': view.outputs[head.position], 'label': view.arg_dict.get(head.label_name),
              'grad': grad}
    snap = old if old is not None and old['head'] is head else {'head': head}
    for key, arr in arrays.items():
        if arr is None:
            snap[key] = None
            continue
        buf = snap.get(key)
        if buf is None or buf.shape != arr.shape or buf.dtype != arr.dtype:
            buf = snap[key] = np.empty(arr.shape, arr.dtype)
        np.copyto(buf, arr)
    return snap


def softmax_example(module, head, snap=None):
    """p, y and p − onehot(y) for sample 0 of the batch just run, and the check that the
    bias feeding the head got the column sums of p − onehot(y) as its gradient (from the
    module now, or from a snapshot taken at backward)."""
    snap = snap or _snapshot(module, head)
    p = np.asarray(snap['p'], dtype=np.float64)
    label = snap['label']
    if p.ndim != 2 or label is None or label.shape != p.shape[:1] or head.params.get(
            'smooth_alpha') or head.params.get('use_ignore'):
        return None
    y = label.astype(np.int64)
    if y.min() < 0 or y.max() >= p.shape[1]:
        return None
    g = p.copy()
    g[np.arange(len(y)), y] -= 1
    ex = {'head': head.output_name, 'n': p.shape[0], 'p': p[0], 'y': int(y[0]), 'g': g[0],
          'bias': head.bias_of_input(), 'diff': None}
    grad = snap['grad']
    if grad is not None:
        summed = g.sum(axis=0) * head.params.get('grad_scale', 1.0)
        ex['sum_norm'] = float(np.linalg.norm(summed))
        ex['diff'] = float(np.max(np.abs(summed - grad)))
    return ex


def explain_softmax_gradient(rep, ex, language=None):
    t = lambda key, **fmt: _t(key, language, **fmt)
    rep.heading(t('loss.softmax.heading'))
    rep.text(t('loss.softmax.why'))
    p, y, g = ex['p'], ex['y'], ex['g']
    classes = [y] + [k for k in np.argsort(-p) if k != y][:3]
    rep.text(t('loss.softmax.sample', y=y, py=p[y], loss=-np.log(p[y]) if p[y] > 0 else
               float('inf')))
    rep.table([t('col.class'), 'p', 'onehot(y)', 'p − onehot(y)'],
              [[int(k), float(p[k]), int(k == y), float(g[k])] for k in classes])
    if ex.get('diff') is not None:
        rep.text(t('loss.softmax.bias_check', bias=ex['bias'], n=ex['n'],
                   norm=ex['sum_norm'], diff=ex['diff']))


def rescale_section(rep, module, language=None):
    """How rescale_grad turns the summed gradient into a mean, with this module's numbers."""
    t = lambda key, **fmt: _t(key, language, **fmt)
    if not getattr(module, 'binded', False):
        return rep
    n = module.data_shapes[0].shape[0]
    opt = module.view.optimizer
    rescale = opt.rescale_grad if opt is not None else 1.0 / n
    rep.heading(t('loss.rescale.heading'))
    rep.text(t('loss.rescale.text', n=n, rescale=rescale))
    if opt is None:
        rep.text(t('loss.rescale.pending'))
    elif not np.isclose(rescale * n, 1.0):
        rep.text(t('loss.rescale.unusual', rescale=rescale, expected=1.0 / n))
    else:
        lr = opt.learning_rate
        rep.text(t('loss.rescale.step', lr=lr, rescale=rescale, product=lr * rescale))
    return rep
