"""TrainingPanel: move a slider, press Train, watch the loss and accuracy curves grow.

    panel = mx.widgets.TrainingPanel()     # the tutorial's letters MLP (16-64-26)
    panel                                  # the live panel (and a picture of it when saved)
    panel.train(block=True)                # what Train does, waiting for the end of the run
    panel.report()                         # a table of every run

Each press of Train is a new run of ``Module.fit`` with the settings on the sliders; earlier
runs stay on the plot, faded, so two learning rates can be compared. Reset forgets them.
"""
import math

import numpy as np

from .. import io as _io
from .. import symbol as _sym
from ..module import Module
from .base import OPTIMIZERS, Panel, _QUIET, optimizer_args
from .curves import CurvesFigure, draw_controls, draw_curves, draw_footer, new_figure, to_png

BATCH_SIZES = (8, 16, 32, 64, 128, 256, 512)
HIDDEN_UNITS = (4, 8, 16, 32, 64, 128, 256)


def mlp(num_hidden=64, num_classes=26):
    """The tutorial's network: FullyConnected(num_hidden) - relu - FullyConnected(classes) -
    SoftmaxOutput, with its names (fc1, relu1, fc2, softmax)."""
    net = _sym.Variable('data')
    net = _sym.FullyConnected(net, name='fc1', num_hidden=num_hidden)
    net = _sym.Activation(net, name='relu1', act_type='relu')
    net = _sym.FullyConnected(net, name='fc2', num_hidden=num_classes)
    return _sym.SoftmaxOutput(net, name='softmax')


def _choices(options, value):
    return tuple(sorted(set(options) | {value}))


def _arrays(pair):
    data, label = pair
    return np.asarray(data, dtype=np.float32), np.asarray(label, dtype=np.float32)


class TrainingPanel(Panel):
    """Sliders for learning rate (log scale), epochs, batch size and hidden units, an
    optimizer choice, Train / Stop / Reset, a progress bar, live curves and a status line.

    symbol      None: the tutorial MLP, rebuilt with the hidden-units slider; a function
                ``num_hidden -> Symbol``; or a fixed Symbol (the hidden slider is disabled).
    train_data  (data, label) arrays; None: tutor's letters, first 16000 rows.
    eval_data   (data, label) for validation; None with the letters: the last 4000 rows.
    seed        each run seeds tutor's and NumPy's generators with it, so the same settings
                give the same curves.
    """

    def __init__(self, symbol=None, train_data=None, eval_data=None, learning_rate=0.1,
                 num_epoch=8, batch_size=32, num_hidden=64, optimizer='sgd', initializer=None,
                 eval_metric='acc', seed=0, language=None, auto=False):
        if train_data is None:
            from ..data import letters, split
            train_data, default_eval = split(*letters())
            eval_data = default_eval if eval_data is None else eval_data
        self.train_data = _arrays(train_data)
        self.eval_data = _arrays(eval_data) if eval_data is not None else None
        self.symbol = symbol
        self.initializer = initializer
        self.eval_metric = eval_metric
        if optimizer not in OPTIMIZERS:
            raise ValueError('optimizer %r is not offered; choose one of %s' % (
                optimizer, ', '.join(OPTIMIZERS)))
        self._initial = dict(learning_rate=learning_rate, num_epoch=num_epoch,
                             batch_size=batch_size, num_hidden=num_hidden, optimizer=optimizer)
        super().__init__(language=language, seed=seed, auto=auto)

    # --- controls ------------------------------------------------------------------------------
    def _make_controls(self, w):
        v = self._initial
        style = {'description_width': '110px'}
        wide = w.Layout(width='380px')
        lr = w.FloatLogSlider(value=v['learning_rate'], base=10, min=-4, max=1, step=0.1,
                              readout_format='.3g', continuous_update=False,
                              description=self.t('panel.lr'), style=style, layout=wide)
        epochs = w.IntSlider(value=v['num_epoch'], min=1, max=max(30, v['num_epoch']),
                             continuous_update=False, description=self.t('panel.epochs'),
                             style=style, layout=wide)
        batch = w.SelectionSlider(options=_choices(BATCH_SIZES, v['batch_size']),
                                  value=v['batch_size'], continuous_update=False,
                                  description=self.t('panel.batch_size'), style=style,
                                  layout=wide)
        hidden = w.SelectionSlider(options=_choices(HIDDEN_UNITS, v['num_hidden']),
                                   value=v['num_hidden'], continuous_update=False,
                                   description=self.t('panel.hidden'), style=style,
                                   layout=wide, disabled=isinstance(self.symbol, _sym.Symbol))
        opt = w.Dropdown(options=[(self.t('panel.opt.' + k), k) for k in OPTIMIZERS], value=v['optimizer'],
                         description=self.t('panel.optimizer'), style=style, layout=wide)
        return {'learning_rate': lr, 'num_epoch': epochs, 'batch_size': batch,
                'num_hidden': hidden, 'optimizer': opt}

    def _layout(self, w):
        c = self.controls
        return w.VBox([w.HBox([c['learning_rate'], c['num_epoch']]),
                       w.HBox([c['batch_size'], c['num_hidden']]),
                       w.HBox([c['optimizer'], self.auto]),
                       w.HBox([self.train_button, self.stop_button, self.reset_button,
                               self.progress]),
                       self.image, self.status])

    # --- a run ---------------------------------------------------------------------------------
    def network(self, num_hidden=None):
        """The Symbol a run trains (with ``num_hidden`` hidden units for the default MLP)."""
        num_hidden = num_hidden or self.controls['num_hidden'].value
        if self.symbol is None:
            return mlp(num_hidden, int(self.train_data[1].max()) + 1)
        if isinstance(self.symbol, _sym.Symbol):
            return self.symbol
        return self.symbol(num_hidden)

    def _prepare(self, run):
        s = run.settings
        net = self.network(s['num_hidden'])
        label_names = [n for n in net.list_arguments() if n.endswith('label')][:1]
        label_name = label_names[0] if label_names else 'softmax_label'
        x, y = self.train_data
        train = _io.NDArrayIter(x, y, s['batch_size'], shuffle=True, label_name=label_name)
        val = None
        if self.eval_data is not None:
            val = _io.NDArrayIter(*self.eval_data, batch_size=s['batch_size'],
                                  label_name=label_name)
        module = Module(net, label_names=label_names, logger=_QUIET)
        optimizer, params = optimizer_args(s['optimizer'], s['learning_rate'])
        args = dict(train_data=train, eval_data=val, eval_metric=self.eval_metric,
                    optimizer=optimizer, optimizer_params=params, num_epoch=s['num_epoch'],
                    total_batches=math.ceil(len(x) / s['batch_size']) * s['num_epoch'])
        if self.initializer is not None:
            args['initializer'] = self.initializer
        return module, args

    # --- pictures ------------------------------------------------------------------------------
    @property
    def figure(self):
        """The matplotlib Figure behind the live picture (axes: loss, accuracy)."""
        if getattr(self, '_curves', None) is None:
            self._picture_png()
        return self._curves.fig

    def _picture_png(self):
        if getattr(self, '_curves', None) is None:
            self._curves = CurvesFigure(self.words)
        return self._curves.png(self.runs)

    def _snapshot_png(self):
        words = self.words
        fig = new_figure(8.6, 4.6)
        s = self.settings()
        t = words
        controls = [(t('panel.lr'), '%.3g' % s['learning_rate']),
                    (t('panel.epochs'), s['num_epoch']), (t('panel.batch_size'), s['batch_size']),
                    (t('panel.hidden'), s['num_hidden']),
                    (t('panel.optimizer'), t('panel.opt.' + s['optimizer']))]
        draw_controls(fig, [0.01, 0.86, 0.98, 0.12], controls,
                      [t('panel.train'), t('panel.stop'), t('panel.reset')], words)
        ax_loss = fig.add_axes([0.06, 0.25, 0.42, 0.52])
        ax_metric = fig.add_axes([0.56, 0.25, 0.42, 0.52])
        draw_curves(ax_loss, ax_metric, self.runs, words)
        draw_footer(fig, self._picture_status(), t('panel.static_note'), words)
        return to_png(fig)
