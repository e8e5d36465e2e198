"""Interactive training panels for the notebooks (ipywidgets, default inline backend).

    panel = mx.widgets.TrainingPanel()          # the tutorial's letters MLP
    panel                                       # sliders, Train / Stop / Reset, live curves
    panel.train(block=True)                     # train from code and wait (tests, Run all)

    board = mx.widgets.BoundaryPanel('spirals') # a 2-D set: the decision boundary redrawn
    board                                       #   as training goes

    lab = mx.widgets.FunctionPanel(train, settings={'num_hidden': [8, 32, 128]})
    lab                                         # your own train(**settings) -> results

Runs train in a background thread, so Stop works while one is going; everything a panel
draws comes from the events the module emits (a Recorder lens), not from a loop of its own.
Saved notebooks keep a PNG picture of each panel next to the live widget (display.py).
"""
from .base import OPTIMIZERS, Panel, optimizer_args
from .boundary import BoundaryPanel
from .experiment import Experiment
from .function import FunctionPanel
from .lab import LabPanel
from .panel import TrainingPanel, mlp
from .runs import Run

__all__ = ['TrainingPanel', 'BoundaryPanel', 'LabPanel', 'FunctionPanel', 'Experiment', 'Panel',
           'Run', 'mlp', 'OPTIMIZERS', 'optimizer_args']
