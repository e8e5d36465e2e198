"""GradientLens: for every parameter, after each backward, the size of its gradient (norm,
mean, largest magnitude) and, after each update, how much the step changed the weight
relative to its size, |Δw|/|w| (the "update ratio"). ``plot_network()`` draws the network
with the last backward's gradients on it (tutor/lens/gradient_graph.py)."""
import numpy as np

from ..base import MXNetError
from .base import Lens
from .report import Report

# Rule of thumb (cs231n): steps of about 1e-3 of the weight's size train steadily.
HEALTHY = (1e-4, 1e-2)


def grad_stats(g):
    g64 = np.asarray(g, dtype=np.float64).ravel()
    if not g64.size:
        return {'norm': 0.0, 'mean': 0.0, 'max_abs': 0.0}
    return {'norm': float(np.sqrt(np.dot(g64, g64))), 'mean': float(g64.mean()),
            'max_abs': float(max(g64.max(), -g64.min()))}


class GradientLens(Lens):
    title_key = 'grad.title'

    def __init__(self, language=None):
        super().__init__(language)
        self._before = {}      # name -> weight copy taken at backward (buffers reused)
        self._pending = []     # records waiting for the update that follows backward

    def _trained(self, module):
        return module.view.trained()

    def on_backward(self, module, info):
        self._flush()   # a backward without an update in between: no ratio for those
        expect_update = module.optimizer_initialized
        for name, weight, grad in self._trained(module):
            entry = dict(kind='step', step=self.clock.step, epoch=self.clock.epoch,
                         batch=self.clock.nbatch, name=name, update_ratio=None,
                         **grad_stats(grad))
            if expect_update:
                buf = self._before.get(name)
                if buf is None or buf.shape != weight.shape:
                    buf = self._before[name] = np.empty(weight.shape, np.float64)
                np.copyto(buf, weight)
                self._pending.append(entry)
            else:
                self.record(**entry)

    def on_update(self, module, info):
        weights = module.view.arg_dict
        for entry in self._pending:
            before = self._before[entry['name']]
            after = np.asarray(weights[entry['name']], dtype=np.float64)
            size = np.linalg.norm(before)
            step = np.linalg.norm(after - before)
            entry['update_ratio'] = float(step / size) if size > 0 else \
                (0.0 if step == 0 else float('inf'))
        self._flush()

    def _flush(self):
        pending, self._pending = self._pending, []
        for entry in pending:
            self.record(**entry)

    # --- reading -------------------------------------------------------------------------------
    def names(self):
        seen = []
        for r in self.history:
            if r['name'] not in seen:
                seen.append(r['name'])
        return seen

    def series(self, name, key='norm'):
        """[(step, value)] of one parameter: key is norm, mean, max_abs or update_ratio."""
        return [(r['step'], r[key]) for r in self.history
                if r['name'] == name and r[key] is not None]

    def layers(self):
        """{layer (the op that uses the parameter): [parameter names]}, in graph order."""
        owner = {}
        if self.module is not None:
            for node in self.module.symbol._nodes():
                for child, _ in node.inputs if node.op is not None else ():
                    if child.op is None:
                        owner.setdefault(child.name, node.name)
        out = {}
        for name in self.names():
            out.setdefault(owner.get(name, name), []).append(name)
        return out

    def layer_series(self, layer):
        """[(step, norm)] of a whole layer: sqrt of the sum of its parameters' squared norms."""
        steps = {}
        for name in self.layers().get(layer, ()):
            for step, norm in self.series(name):
                steps[step] = steps.get(step, 0.0) + norm * norm
        return [(s, float(np.sqrt(v))) for s, v in sorted(steps.items())]

    def last(self):
        """The records of the most recent step, one per parameter."""
        if not self.history:
            return []
        step = self.history[-1]['step']
        return [r for r in self.history if r['step'] == step]

    # --- showing -----------------------------------------------------------------------------
    def plot_network(self, title='plot', scale=None):
        """The module's graph as ``mx.viz.plot_network`` draws it, with the gradients of the
        last backward on it: each layer's box coloured by its parameters' gradient, each arrow
        by the gradient backward passes down it (log scale; tutor/lens/gradient_graph.py).
        ``scale=(low, high)`` fixes the colours' range, to compare two modules."""
        from .gradient_graph import check_module, draw
        if self.module is None:
            raise MXNetError(self.t('lens.not_attached'))
        check_module(self.module, self.language)
        if not (self.history or self._pending):
            raise MXNetError(self.t('grad.graph.no_backward'))
        return draw(self.module, self.language, title=title, scale=scale)

    def report(self):
        t = self.t
        rep = Report(t(self.title_key))
        if self.module is None:
            return rep.text(t('lens.not_attached'))
        last = self.last()
        if not last:
            return rep.text(t('grad.none'))
        opt = self.module.view.optimizer
        rescale = opt.rescale_grad if opt is not None else None
        shapes = {n: w.shape for n, w, _ in self._trained(self.module)}
        rep.text(t('grad.step', step=last[0]['step'], epoch=last[0]['epoch'],
                   batch=last[0]['batch']))
        rows = []
        for r in last:
            rows.append([r['name'], shapes.get(r['name'], ''), r['norm'], r['mean'],
                         r['max_abs'], r['norm'] * rescale if rescale else '',
                         r['update_ratio'] if r['update_ratio'] is not None else ''])
        rep.table([t('col.name'), t('col.shape'), t('grad.col.norm'), t('grad.col.mean'),
                   t('grad.col.max'), t('grad.col.scaled'), t('grad.col.ratio')], rows)
        rep.text(t('grad.explain.sum'))
        ratios = [r['update_ratio'] for r in last if r['update_ratio'] is not None]
        if ratios:
            rep.text(t('grad.explain.ratio', low=HEALTHY[0], high=HEALTHY[1]))
            # biases start at zero, so their ratio says little: judge the weights only
            weights = [r for r in last if len(shapes.get(r['name'], ())) > 1]
            big = [r['name'] for r in weights if (r['update_ratio'] or 0) > HEALTHY[1]]
            small = [r['name'] for r in weights if r['update_ratio'] is not None
                     and r['update_ratio'] < HEALTHY[0]]
            if big:
                rep.text(t('grad.ratio.big', names=', '.join(big)))
            if small:
                rep.text(t('grad.ratio.small', names=', '.join(small)))
        self._over_time(rep)
        return rep

    def _over_time(self, rep):
        """Per epoch: the mean gradient norm of each parameter."""
        t = self.t
        table = {}
        for r in self.history:
            table.setdefault((r['epoch'], r['name']), []).append(r['norm'])
        epochs = sorted({e for e, _ in table})
        if len(epochs) < 2:
            return
        names = self.names()
        rep.heading(t('grad.over_time'))
        rep.table([t('col.epoch')] + names,
                  [[e] + [float(np.mean(table[(e, n)])) if (e, n) in table else ''
                          for n in names] for e in epochs])
