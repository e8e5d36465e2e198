"""DeviceLens: a Module with several contexts, device by device. For the last training step:
the rows of the batch each device got, its outputs, its gradient of every parameter, and the
sum the KVStore forms from them (what every device's weights are updated with). For each
BatchNorm, the mean and variance of each device's own slice: every device normalises with
its slice's statistics, which is where several devices differ from one.

Reads the module through its view: contexts, slices, executors (one per device), kvstore.
"""
import numpy as np

from ..kvstore import reduce_sum
from .base import Lens
from .report import Report


def _norm(a):
    a64 = np.asarray(a, dtype=np.float64).ravel()
    return float(np.sqrt(np.dot(a64, a64)))


class DeviceLens(Lens):
    title_key = 'dev.title'

    def __init__(self, language=None):
        super().__init__(language)
        self.slices = []          # [(context, start, stop)] of the last forward
        self.outputs = []         # per device, copies of its outputs (last forward)
        self.grads = {}           # name -> per device gradient copies (last backward)
        self.sums = {}            # name -> the KVStore's sum of those gradients
        self.batchnorm = {}       # layer -> per device (slice mean, slice variance)
        self._aux_before = None

    # --- events --------------------------------------------------------------------------
    def on_forward(self, module, info):
        view = module.view
        self.slices = [(str(ctx), s.start, s.stop) for ctx, s in zip(view.contexts,
                                                                     view.slices)]
        self.outputs = [[np.array(o) for o in exe.outputs] for exe in view.executors]
        # BatchNorm moves its averages during a training pass: keep them to read μ, σ² back
        self._aux_before = ([[np.array(exe.aux_dict[n], np.float64) for exe in view.executors]
                             for n in view.aux_names] if info.get('is_train') else None)

    def on_backward(self, module, info):
        view = module.view
        kvtype = view.kvstore.type if view.kvstore is not None else 'local'
        self.grads, self.sums = {}, {}
        for name in view.param_names:
            block = [exe.grad_dict.get(name) for exe in view.executors]
            if not block or block[0] is None:
                continue
            self.grads[name] = [np.array(g) for g in block]
            self.sums[name] = np.asarray(reduce_sum(block, 'device' not in kvtype))
        self.batchnorm = self._slice_statistics(module)
        self.record(step=self.clock.step, epoch=self.clock.epoch, batch=self.clock.nbatch,
                    slices=list(self.slices),
                    grad_norms={n: [_norm(g) for g in gs] for n, gs in self.grads.items()},
                    sum_norms={n: _norm(s) for n, s in self.sums.items()})

    def _slice_statistics(self, module):
        """Each device's batch mean and variance, from how far its moving averages moved:
        new = m·old + (1 − m)·μ, so μ = (new − m·old) / (1 − m)."""
        if self._aux_before is None:
            return {}
        view, attrs = module.view, module.symbol.attr_dict()
        found = {}
        for name, before in zip(view.aux_names, self._aux_before):
            after = [exe.aux_dict[name] for exe in view.executors]
            layer, kind = name.rsplit('_moving_', 1) if '_moving_' in name else (None, None)
            if kind not in ('mean', 'var'):
                continue
            m = float(attrs.get(layer, {}).get('momentum', 0.9))
            per_device = [(np.asarray(a, np.float64) - m * b) / (1 - m)
                          for a, b in zip(after, before)]
            found.setdefault(layer, {})[kind] = per_device
        return {layer: list(zip(v['mean'], v['var'])) for layer, v in found.items()
                if 'mean' in v and 'var' in v}

    # --- reading ---------------------------------------------------------------------------
    def device_grads(self, name):
        """Per device, the gradient of ``name`` from the last backward (copies)."""
        return self.grads[name]

    def kv_sum(self, name):
        """The sum of the devices' gradients of ``name``, added as the KVStore adds them."""
        return self.sums[name]

    # --- showing ---------------------------------------------------------------------------
    def report(self):
        t = self.t
        rep = Report(t(self.title_key))
        if self.module is None:
            return rep.text(t('lens.not_attached'))
        if not self.slices:
            return rep.text(t('dev.none'))
        rep.table([t('dev.col.device'), t('dev.col.rows'), t('dev.col.count'),
                   t('dev.col.outputs')],
                  [[ctx, '%d:%d' % (a, b), b - a, [o.shape for o in outs][0] if outs else '']
                   for (ctx, a, b), outs in zip(self.slices, self.outputs)])
        if self.grads:
            devices = [ctx for ctx, _, _ in self.slices]
            rep.heading(t('dev.grads'))
            rep.table([t('col.name')] + ['‖g‖ %s' % d for d in devices] + [t('dev.col.sum')],
                      [[n] + [_norm(g) for g in gs] + [_norm(self.sums[n])]
                       for n, gs in self.grads.items()])
            rep.text(t('dev.explain.sum', n=len(devices)))
        for layer, stats in self.batchnorm.items():
            rep.heading(t('dev.bn', layer=layer))
            rep.table([t('dev.col.device'), t('dev.col.mean'), t('dev.col.var')],
                      [[ctx, float(np.mean(mu)), float(np.mean(var))]
                       for (ctx, _, _), (mu, var) in zip(self.slices, stats)])
            rep.text(t('dev.explain.bn'))
        return rep
