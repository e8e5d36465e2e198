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
    return (module.view.grad_dict or {}).get(name)


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
