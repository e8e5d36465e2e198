"""BoundaryPanel: a 2-D toy set (blobs, spirals) and the decision boundary the network draws
through it, redrawn as training goes.

    board = mx.widgets.BoundaryPanel('spirals')    # or 'blobs', or (data, label) arrays
    board                                          # press Train and watch the regions move
    board.train(block=True)

The weights come from the ``epoch_end`` event (its ``arg_params``); a second module, bound
once for inference on the grid, turns them into class probabilities for the picture.
"""
import math

import numpy as np

from .. import initializer as _init
from .. import io as _io
from .. import ndarray as nd
from .. import symbol as _sym
from ..module import Module
from .base import OPTIMIZERS, Panel, _QUIET, optimizer_args
from .curves import (DRAW_LOCK, draw_controls, draw_footer, format_axes, new_figure,
                     plot_runs, to_png)

DATASETS = ('spirals', 'blobs')
HIDDEN_UNITS = (2, 4, 8, 16, 32, 64, 128)
FRAMES = 12                # boundary pictures per run (at most)
GRID_STEPS = 90


def mlp2d(num_hidden=32, num_layers=2, num_classes=2):
    """``num_layers`` FullyConnected+relu layers of ``num_hidden`` units, then the classes."""
    net = _sym.Variable('data')
    for i in range(1, num_layers + 1):
        net = _sym.FullyConnected(net, name='fc%d' % i, num_hidden=num_hidden)
        net = _sym.Activation(net, name='relu%d' % i, act_type='relu')
    net = _sym.FullyConnected(net, name='fc%d' % (num_layers + 1), num_hidden=num_classes)
    return _sym.SoftmaxOutput(net, name='softmax')


class BoundaryPanel(Panel):
    """Data-set choice, learning rate, epochs, hidden units and layers, optimizer; the
    picture shows the data, the class regions of the latest weights, and the curves."""

    _finished_key = 'boundary.finished'
    _progress_key = 'boundary.progress'
    _metric_key = 'train_metric'
    frames = FRAMES            # boundary pictures per run (fewer: a faster run)

    def __init__(self, dataset='spirals', learning_rate=0.01, num_epoch=100, num_hidden=32,
                 num_layers=2, optimizer='adam', batch_size=32, seed=0, language=None,
                 auto=False):
        self._arrays = {}
        if not isinstance(dataset, str):
            data, label = dataset
            self._arrays['custom'] = (np.asarray(data, np.float32),
                                      np.asarray(label, np.float32))
            dataset = 'custom'
        elif dataset not in DATASETS:
            raise ValueError('dataset %r is not offered; choose one of %s, or pass '
                             '(data, label) arrays' % (dataset, ', '.join(DATASETS)))
        self._initial = dict(dataset=dataset, learning_rate=learning_rate, num_epoch=num_epoch,
                             num_hidden=num_hidden, num_layers=num_layers, optimizer=optimizer,
                             batch_size=batch_size)
        self._frame = None          # (epoch, probabilities on the grid) of the latest picture
        self._predictor = None
        super().__init__(language=language, seed=seed, auto=auto)
        self.controls['dataset'].observe(self._dataset_changed, names='value')

    # --- data ----------------------------------------------------------------------------------
    def data(self, name=None):
        """(data, label) of a data set ('spirals', 'blobs'; default: the one chosen)."""
        name = name or self.controls['dataset'].value
        if name not in self._arrays:
            from .. import data as _data
            x, y = getattr(_data, name)()
            self._arrays[name] = (x.astype(np.float32), y.astype(np.float32))
        return self._arrays[name]

    def _grid(self, name=None):
        from ..data import grid
        return grid(self.data(name)[0], steps=GRID_STEPS)

    def _dataset_changed(self, change):
        self._frame = None
        if not self.running:
            self._redraw(force=True)

    # --- controls ------------------------------------------------------------------------------
    def _make_controls(self, w):
        v = self._initial
        style = {'description_width': '110px'}
        wide = w.Layout(width='380px')
        names = [(self.t('panel.data.' + d), d) for d in DATASETS]
        if v['dataset'] == 'custom':
            names = [('(data, label)', 'custom')]
        dataset = w.Dropdown(options=names, value=v['dataset'], description=self.t(
            'panel.dataset'), style=style, layout=wide)
        lr = w.FloatLogSlider(value=v['learning_rate'], base=10, min=-4, max=1, step=0.1,
                              readout_format='.3g', continuous_update=False,
                              description=self.t('panel.lr'), style=style, layout=wide)
        epochs = w.IntSlider(value=v['num_epoch'], min=1, max=max(300, v['num_epoch']),
                             continuous_update=False, description=self.t('panel.epochs'),
                             style=style, layout=wide)
        hidden = w.SelectionSlider(options=tuple(sorted(set(HIDDEN_UNITS) | {v['num_hidden']})),
                                   value=v['num_hidden'], continuous_update=False,
                                   description=self.t('panel.hidden'), style=style, layout=wide)
        layers = w.IntSlider(value=v['num_layers'], min=1, max=3, continuous_update=False,
                             description=self.t('panel.layers'), style=style, layout=wide)
        opt = w.Dropdown(options=[(self.t('panel.opt.' + k), k) for k in OPTIMIZERS],
                         value=v['optimizer'], description=self.t('panel.optimizer'),
                         style=style, layout=wide)
        return {'dataset': dataset, 'learning_rate': lr, 'num_epoch': epochs,
                'num_hidden': hidden, 'num_layers': layers, 'optimizer': opt}

    def settings(self):
        s = super().settings()
        s['batch_size'] = self._initial['batch_size']
        return s

    def _layout(self, w):
        c = self.controls
        return w.VBox([w.HBox([c['dataset'], c['learning_rate']]),
                       w.HBox([c['num_epoch'], c['num_hidden']]),
                       w.HBox([c['num_layers'], c['optimizer']]),
                       w.HBox([self.train_button, self.stop_button, self.reset_button,
                               self.progress, self.auto]),
                       self.image, self.status])

    # --- a run ---------------------------------------------------------------------------------
    def network(self, settings=None):
        s = settings or self.settings()
        classes = int(self.data(s['dataset'])[1].max()) + 1
        return mlp2d(s['num_hidden'], s['num_layers'], classes)

    def _prepare(self, run):
        s = run.settings
        x, y = self.data(s['dataset'])
        net = self.network(s)
        train = _io.NDArrayIter(x, y, s['batch_size'], shuffle=True)
        module = Module(net, logger=_QUIET)
        points = self._grid(s['dataset'])[2]
        self._predictor = Module(net, logger=_QUIET)
        self._predictor.bind([('data', points.shape)], [('softmax_label', points.shape[:1])],
                             for_training=False)
        self._points, self._frame = nd.array(points), None
        self._frame_every = max(1, s['num_epoch'] // self.frames)
        self._params = None
        module.attach_watcher(self)             # epoch_end: the weights to draw with
        optimizer, params = optimizer_args(s['optimizer'], s['learning_rate'])
        return module, dict(train_data=train, eval_metric='acc', optimizer=optimizer,
                            optimizer_params=params, num_epoch=s['num_epoch'],
                            initializer=_init.Xavier(),
                            total_batches=math.ceil(len(x) / s['batch_size']) * s['num_epoch'])

    def notify(self, event, module, info):
        """A watcher of the module (tutor/events.py): keeps the weights of each epoch."""
        if event == 'epoch_end':
            self._params = (info['epoch'], info['arg_params'], info['aux_params'])

    def _epoch_done(self, run, module):
        epoch = run.last.get('epoch', 0)
        last = epoch + 1 == run.settings['num_epoch']
        if (epoch + 1) % self._frame_every == 0 or last:
            self._predict()
            return True                         # a new frame: draw it now
        return False                            # the curves can wait for the next frame

    def _predict(self):
        if self._params is None or self._predictor is None:
            return
        epoch, arg, aux = self._params
        self._predictor.set_params(arg, aux)
        labels = nd.zeros(self._points.shape[:1])   # unused when predicting
        self._predictor.forward(_io.DataBatch([self._points], [labels]), is_train=False)
        probs = np.array(self._predictor.get_outputs()[0], copy=True)   # outputs are reused
        self._frame = (epoch, probs)

    def _finish_ui(self, run):
        if run.status in ('stopped', 'diverged') and self._params is not None:
            self._predict()
        super()._finish_ui(run)

    # --- pictures ------------------------------------------------------------------------------
    @property
    def figure(self):
        """The matplotlib Figure behind the live picture (boundary, loss, accuracy)."""
        if getattr(self, '_figure', None) is None:
            self._picture_png()
        return self._figure.fig

    def _picture_png(self):
        if getattr(self, '_figure', None) is None:
            self._figure = BoundaryFigure(self.words, new_figure(8.6, 3.8), 0.04, 0.99)
        with DRAW_LOCK:
            self._figure.draw(self)
            return to_png(self._figure.fig)

    def _snapshot_png(self):
        words = self.words
        s = self.settings()
        controls = [(words('panel.dataset'), words('panel.data.' + s['dataset'])
                     if s['dataset'] != 'custom' else '(data, label)'),
                    (words('panel.lr'), '%.3g' % s['learning_rate']),
                    (words('panel.epochs'), s['num_epoch']),
                    (words('panel.hidden'), s['num_hidden']),
                    (words('panel.layers'), s['num_layers']),
                    (words('panel.optimizer'), words('panel.opt.' + s['optimizer']))]
        fig = new_figure(8.6, 5.0)
        draw_controls(fig, [0.01, 0.86, 0.98, 0.13], controls,
                      [words('panel.train'), words('panel.stop'), words('panel.reset')], words)
        BoundaryFigure(words, fig, 0.13, 0.85).draw(self)
        draw_footer(fig, self._picture_status(), words('panel.static_note'), words)
        return to_png(fig)


def region_colours(probs, classes, strength=0.45):
    """RGB of each grid point: the class colours mixed by probability, lightened (a sure
    point is a clear colour, an unsure one greyish)."""
    from matplotlib.colors import to_rgb
    colours = np.array([to_rgb('C%d' % i) for i in range(classes)])
    mix = probs[:, :classes] @ colours
    return np.clip(1 - strength * (1 - mix), 0, 1)


class BoundaryFigure:
    """The boundary (left) and the loss and accuracy curves (right, stacked) between
    ``bottom`` and ``top`` of ``fig``; kept between redraws, only data artists change."""

    def __init__(self, words, fig, bottom, top):
        self.words, self.fig = words, fig
        h = top - bottom
        self.ax_b = fig.add_axes([0.04, bottom + 0.02, 0.44, h - 0.07])
        self.ax_l = fig.add_axes([0.56, bottom + 0.53 * h, 0.42, 0.40 * h])
        self.ax_m = fig.add_axes([0.56, bottom + 0.06, 0.42, 0.40 * h - 0.06])
        format_axes(self.ax_l, self.ax_m, words, validation=False)
        self.ax_l.set_xlabel('')
        self.ax_l.tick_params(labelbottom=False)
        for ax in (self.ax_l, self.ax_m):
            ax.title.set_fontsize(8.5)
        self.ax_b.tick_params(labelsize=7)
        self.dataset = self.image = self.lines = None

    def draw(self, panel):
        words, ax = self.words, self.ax_b
        name = panel.controls['dataset'].value
        x, y = panel.data(name)
        xx, yy, _ = panel._grid(name)
        classes = int(y.max()) + 1
        extent = (xx.min(), xx.max(), yy.min(), yy.max())
        if self.dataset != name:
            for artist in list(ax.collections) + list(ax.images):
                artist.remove()
            self.lines = None
            self.image = ax.imshow(np.ones(xx.shape + (3,)), extent=extent, origin='lower',
                                   interpolation='bilinear', aspect='equal')
            ax.scatter(x[:, 0], x[:, 1], c=['C%d' % int(k) for k in y], s=9,
                       edgecolors='white', linewidths=0.3, zorder=3)
            ax.set_xlim(extent[:2])
            ax.set_ylim(extent[2:])
            self.dataset = name
        if self.lines is not None:
            self.lines.remove()
            self.lines = None
        frame = panel._frame
        if frame is not None and frame[1].shape[0] == xx.size:
            epoch, probs = frame
            self.image.set_data(region_colours(probs, classes).reshape(xx.shape + (3,)))
            cls = probs.argmax(1).reshape(xx.shape)
            if cls.min() != cls.max():
                self.lines = ax.contour(xx, yy, cls, levels=np.arange(classes - 1) + 0.5,
                                        colors='0.25', linewidths=0.9)
            ax.set_title(words('boundary.title', epoch=epoch + 1), fontsize=10, **words.kw())
        else:
            self.image.set_data(np.ones(xx.shape + (3,)))
            ax.set_title(words('boundary.untrained'), fontsize=10, **words.kw())
        plot_runs(self.ax_l, self.ax_m, panel.runs, words)
