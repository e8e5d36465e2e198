"""UnitLens: which hidden units fire, read from the gradient of the layer that feeds them.

A ReLU unit that outputs 0 for every sample of a batch passes no gradient back, so the
gradient of its bias in the layer below (``fc1_bias[j]``, the sum over the batch of
dL/dz_j) is exactly 0. A unit whose bias gradient stays 0 for every batch of an epoch never
fired during that epoch: it is *dead* for that epoch. After a too-large step pushes a unit's
inputs negative for every letter, it usually stays dead, since no gradient can revive it.
"""
import numpy as np

from .base import Lens
from .report import Report


def bias_gradient(module, name):
    """The bound gradient array of parameter ``name`` (None before bind or without one)."""
    exe = getattr(module, '_exec', None)
    grads = getattr(exe, 'grad_dict', None) or {}
    return grads.get(name)


class UnitLens(Lens):
    """Per epoch, how many units of ``layer`` (a FullyConnected or Convolution that feeds a
    ReLU) never fired. Records: {'kind': 'epoch', 'epoch', 'dead', 'units', 'share'}."""
    title_key = 'units.title'

    def __init__(self, layer='fc1', language=None):
        super().__init__(language)
        self.layer = layer
        self._fired = None     # per unit: did its bias gradient move in this epoch?
        self._epoch = None

    @property
    def param(self):
        return self.layer + '_bias'

    def on_backward(self, module, info):
        grad = bias_gradient(module, self.param)
        if grad is None:
            return
        if self._epoch != self.clock.epoch or self._fired is None:
            self._close()
            self._epoch, self._fired = self.clock.epoch, np.zeros(grad.shape, bool)
        self._fired |= np.asarray(grad) != 0

    def on_epoch_end(self, module, info):
        self._close()

    def on_fit_end(self, module, info):
        self._close()

    def _close(self):
        if self._fired is None:
            return
        dead = int((~self._fired).sum())
        self.record(kind='epoch', epoch=self._epoch, dead=dead, units=int(self._fired.size),
                    share=dead / self._fired.size, dead_units=np.flatnonzero(~self._fired))
        self._fired = None

    def shares(self):
        """[(epoch, share of dead units)] in epoch order."""
        return [(r['epoch'], r['share']) for r in self.history]

    def report(self):
        t = self.t
        rep = Report(t(self.title_key))
        if not self.history:
            return rep.text(t('units.none'))
        rep.text(t('units.how', param=self.param))
        rep.table([t('col.epoch'), t('units.col.dead'), t('units.col.units'),
                   t('units.col.share')],
                  [[r['epoch'], r['dead'], r['units'], '%.0f %%' % (100 * r['share'])]
                   for r in self.history])
        return rep


def _messages():
    from .. import i18n
    i18n.add_messages({
        'units.title': {'en': 'Dead units', 'zh': '“死亡”单元'},
        'units.none': {'en': 'No epoch seen yet: train, then look again.',
                       'zh': '还没有看到完整的一轮：先训练，再来看。'},
        'units.how': {'en': 'A unit is dead for an epoch when its gradient {param}[unit] was '
                            'exactly 0 in every batch of that epoch: its ReLU never fired.',
                      'zh': '如果某个单元在一轮的每个批次里梯度 {param}[单元] 都恰好为 0，'
                            '它在这一轮就是“死”的：它的 ReLU 一次也没有激活。'},
        'units.col.dead': {'en': 'dead', 'zh': '死亡单元'},
        'units.col.units': {'en': 'units', 'zh': '单元总数'},
        'units.col.share': {'en': 'share', 'zh': '占比'},
        'units.plot.title': {'en': 'Dead ReLU units per epoch', 'zh': '每轮的死亡 ReLU 单元'},
        'units.plot.share': {'en': 'share of units that never fired',
                             'zh': '一次也没激活的单元占比'},
    })


_messages()
