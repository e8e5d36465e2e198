"""tutor's contestants: ``Module.fit`` and the mid-level loop of the Module tutorial, plus
two variants of fit that measure what the lens checks cost (issue 5's benchmark row)."""
import inspect
import logging
import re
import textwrap
import time

import numpy as np


def mlp_symbol(mx, layers):
    net = mx.sym.Variable('data')
    for k, n in enumerate(layers[1:], start=1):
        net = mx.sym.FullyConnected(net, name='fc%d' % k, num_hidden=n)
        if k < len(layers) - 1:
            net = mx.sym.Activation(net, name='relu%d' % k, act_type='relu')
    return mx.sym.SoftmaxOutput(net, name='softmax')


def arg_params(mx, weights):
    params = {}
    for k, (W, b) in enumerate(weights, start=1):
        params['fc%d_weight' % k] = mx.nd.array(W)
        params['fc%d_bias' % k] = mx.nd.array(b)
    return params


class TutorFit:
    """``Module.fit``: epoch times are the gaps between epoch_end_callback calls (the first
    epoch also pays bind and init; the harness drops it)."""
    label = '(a) tutor Module.fit'
    module_class = None     # None: tutor's Module

    def __init__(self, workload, x, y, weights):
        import tutor as mx
        self.mx, self.w = mx, workload
        self.it = mx.io.NDArrayIter(x, y, batch_size=workload.batch)
        self.mod = (self.module_class or mx.mod.Module)(mlp_symbol(mx, workload.layers),
                                                        logger=_quiet)
        self.params = arg_params(mx, weights)
        self.prepare()

    def prepare(self):
        """Hook for the variants below."""

    def run(self, epochs):
        stamps = [time.perf_counter()]
        metric = self.mx.metric.Accuracy()
        self.mod.fit(self.it, num_epoch=epochs, eval_metric=metric, arg_params=self.params,
                     optimizer_params=(('learning_rate', self.w.lr),),
                     epoch_end_callback=lambda *_: stamps.append(time.perf_counter()))
        return list(np.diff(stamps)), metric.get()[1]


class TutorMidLevel:
    """The tutorial's own loop: forward, update_metric, backward, update for every batch."""
    label = '(b) tutor mid-level loop'

    def __init__(self, workload, x, y, weights):
        import tutor as mx
        self.mx = mx
        self.it = mx.io.NDArrayIter(x, y, batch_size=workload.batch)
        self.mod = mx.mod.Module(mlp_symbol(mx, workload.layers), logger=_quiet)
        self.mod.bind(data_shapes=self.it.provide_data, label_shapes=self.it.provide_label)
        self.mod.init_params(arg_params=arg_params(mx, weights))
        self.mod.init_optimizer(optimizer='sgd',
                                optimizer_params=(('learning_rate', workload.lr),))

    def run(self, epochs):
        mod, metric, times = self.mod, self.mx.metric.create('acc'), []
        for _ in range(epochs):
            t = time.perf_counter()
            self.it.reset()
            metric.reset()
            for batch in self.it:
                mod.forward(batch, is_train=True)
                mod.update_metric(metric, batch.label)
                mod.backward()
                mod.update()
            times.append(time.perf_counter() - t)
        return times, metric.get()[1]


class NoOpWatcher:
    def notify(self, event, source, info):
        pass


class TutorFitWatched(TutorFit):
    """fit with a lens attached that does nothing: every event is emitted and dropped."""
    label = '(a) fit, a no-op lens attached'

    def prepare(self):
        self.mod.attach_watcher(NoOpWatcher())


class TutorFitNoChecks(TutorFit):
    """fit on a Module whose ``if self._watchers:`` lines were compiled away: fit as it was
    before lenses existed."""
    label = '(a) fit, lens checks compiled out'

    def __init__(self, workload, x, y, weights):
        self.module_class = module_without_lens_checks()
        super().__init__(workload, x, y, weights)


def module_without_lens_checks():
    """A Module subclass whose methods are recompiled from their source with every
    ``self._watchers`` read as ``False``, so ``if self._watchers:`` blocks vanish at compile
    time: fit as it would be without lenses."""
    from tutor.module import base_module, module
    methods = {}
    for cls in (base_module.BaseModule, module.Module):
        for name, fn in vars(cls).items():
            if not inspect.isfunction(fn) or '_watchers' not in fn.__code__.co_names:
                continue
            src = re.sub(r'\bself\._watchers\b', 'False', textwrap.dedent(inspect.getsource(fn)))
            namespace = {}
            exec(compile(src, '<%s without lens checks>' % name, 'exec'), fn.__globals__,
                 namespace)
            methods[name] = namespace[name]
    return type('ModuleWithoutLensChecks', (module.Module,), methods)


_quiet = logging.getLogger('bench.quiet')
_quiet.setLevel(logging.WARNING)
