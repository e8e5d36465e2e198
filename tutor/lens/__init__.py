"""Lenses: what MXNet hides, shown while the module runs.

    import tutor as mx
    mod = mx.mod.Module(net)
    loss = mx.lens.LossLens().attach(mod)       # each lens: attach(module) / detach()
    rec = mx.lens.Recorder().attach(mod)        # the history plots and panels draw from
    grads = mx.lens.GradientLens().attach(mod)  # every gradient's size, step by step
    mod.fit(train_iter, eval_data=val_iter, num_epoch=5)
    loss                                        # a table in Jupyter; print(loss) elsewhere
    mx.lens.plots.history(rec)                  # loss and accuracy curves
    grads.plot_network()                        # the graph with each gradient's size on it
    mx.explain.roles(mod)                       # one-call answers, no lens needed

Lenses: LossLens, GradientLens, ParameterLens, MemoryLens, CheckpointLens, DivergenceLens,
Recorder (alias History); DeviceLens for a module with several contexts. ``attach_all(module)`` attaches one of each. Any object with
``notify(event, source, info)`` can watch a module the same way (``module.attach_watcher``).
"""
import importlib

from . import explain
from .base import EpochClock, Lens
from .checkpoint import CheckpointLens
from .devices import DeviceLens
from .divergence import DivergenceLens, DivergenceWarning
from .gradients import GradientLens
from .loss import LossLens
from .memory import MemoryLens
from .parameters import ParameterLens, roles
from .recorder import History, Recorder
from .report import Report
from .units import UnitLens

__all__ = ['Lens', 'LossLens', 'GradientLens', 'ParameterLens', 'MemoryLens', 'CheckpointLens',
           'DivergenceLens', 'DivergenceWarning', 'DeviceLens', 'Recorder', 'History', 'Report',
           'EpochClock', 'UnitLens', 'explain', 'plots', 'roles', 'attach_all']


def attach_all(module, language=None):
    """One of each lens, attached to ``module``; returns them in a dict by short name."""
    lenses = {'loss': LossLens(language), 'gradients': GradientLens(language),
              'parameters': ParameterLens(language), 'memory': MemoryLens(language),
              'checkpoint': CheckpointLens(language), 'divergence': DivergenceLens(language),
              'recorder': Recorder(language)}
    for lens in lenses.values():
        lens.attach(module)
    return lenses


def __getattr__(name):
    if name == 'plots':   # matplotlib only when a plot is asked for
        mod = importlib.import_module('.plots', __name__)
        globals()['plots'] = mod
        return mod
    raise AttributeError("module 'tutor.lens' has no attribute %r" % name)
