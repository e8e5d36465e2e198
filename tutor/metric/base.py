"""EvalMetric, the base of every metric, the registry behind ``create('acc')`` and
CompositeEvalMetric.

A metric keeps two running sums: *local* ones (``sum_metric``/``num_inst``), which
Speedometer resets after every report, and *global* ones, which only ``reset()`` clears
and which ``fit`` reports at the end of an epoch. ``get()`` is ``sum_metric / num_inst``.

Unlike MXNet, every metric also accepts plain NumPy arrays as labels and predictions
(an NDArray *is* a NumPy array in tutor); MXNet raises AttributeError/AssertionError there.
All sums are computed with vectorised NumPy, in float32 where MXNet uses float32.
"""
from collections import OrderedDict

import numpy

from .. import registry

numeric_types = (float, int, numpy.generic)


def _arr(x):
    """A plain NumPy view of an NDArray (or array-like): metrics only read it."""
    return x.view(numpy.ndarray) if isinstance(x, numpy.ndarray) else numpy.asarray(x)


def _scalar(x):
    """NumPy scalars as Python numbers, so accumulating stays float64 on NumPy 2 too and
    values print as ``0.8`` rather than ``np.float64(0.8)``."""
    return x.item() if isinstance(x, numpy.generic) else x


def check_label_shapes(labels, preds, wrap=False, shape=False):
    """Raise ValueError unless labels and preds have the same length (or shape, if
    ``shape``); with ``wrap``, a single array becomes a one-item list."""
    if not shape:
        label_shape, pred_shape = len(labels), len(preds)
    else:
        label_shape, pred_shape = labels.shape, preds.shape
    if label_shape != pred_shape:
        raise ValueError('Shape of labels {} does not match shape of '
                         'predictions {}'.format(label_shape, pred_shape))
    if wrap:
        if isinstance(labels, numpy.ndarray):
            labels = [labels]
        if isinstance(preds, numpy.ndarray):
            preds = [preds]
    return labels, preds


class EvalMetric(object):
    """Base class: subclasses implement ``update(labels, preds)`` (lists of arrays)."""

    def __init__(self, name, output_names=None, label_names=None, **kwargs):
        self.name = str(name)
        self.output_names = output_names
        self.label_names = label_names
        self._has_global_stats = kwargs.pop('has_global_stats', False)
        self._kwargs = kwargs
        self.reset()

    def __str__(self):
        return 'EvalMetric: {}'.format(dict(self.get_name_value()))

    def get_config(self):
        """The constructor arguments, so ``create(config)`` (or its JSON) rebuilds it."""
        config = self._kwargs.copy()
        config.update({'metric': self.__class__.__name__, 'name': self.name,
                       'output_names': self.output_names, 'label_names': self.label_names})
        return config

    def update_dict(self, label, pred):
        """Update from dicts name → array, picking ``output_names``/``label_names``."""
        if self.output_names is not None:
            pred = [pred[name] for name in self.output_names]
        else:
            pred = list(pred.values())
        if self.label_names is not None:
            label = [label[name] for name in self.label_names]
        else:
            label = list(label.values())
        self.update(label, pred)

    def update(self, labels, preds):
        raise NotImplementedError()

    def reset(self):
        """Clear local and global statistics."""
        self.num_inst = 0
        self.sum_metric = 0.0
        self.global_num_inst = 0
        self.global_sum_metric = 0.0

    def reset_local(self):
        """Clear the local statistics only (the global ones keep the whole epoch)."""
        self.num_inst = 0
        self.sum_metric = 0.0

    def _add(self, value, count):
        self.sum_metric += value
        self.global_sum_metric += value
        self.num_inst += count
        self.global_num_inst += count

    def get(self):
        """``(name, value)`` from the local statistics; value is nan before any update."""
        if self.num_inst == 0:
            return (self.name, float('nan'))
        return (self.name, _scalar(self.sum_metric / self.num_inst))

    def get_global(self):
        """``(name, value)`` from the global statistics."""
        if not self._has_global_stats:
            return self.get()
        if self.global_num_inst == 0:
            return (self.name, float('nan'))
        return (self.name, _scalar(self.global_sum_metric / self.global_num_inst))

    def get_name_value(self):
        """``[(name, value)]`` (several pairs for a composite metric)."""
        return _zip_name_value(*self.get())

    def get_global_name_value(self):
        if self._has_global_stats:
            return _zip_name_value(*self.get_global())
        return self.get_name_value()


def _zip_name_value(name, value):
    if not isinstance(name, list):
        name = [name]
    if not isinstance(value, list):
        value = [value]
    return list(zip(name, value))


# ---------------------------------------------------------------------------------------
# The registry behind create('acc'): lower-cased class names plus aliases (tutor/registry.py).

register = registry.get_register_func(EvalMetric, 'metric')
alias = registry.get_alias_func(EvalMetric, 'metric')
_create = registry.get_create_func(EvalMetric, 'metric')
_REGISTRY = registry.registry_of(EvalMetric)


def create(metric, *args, **kwargs):
    """A metric from a name (``'acc'``), a function ``f(label, pred)``, a list of those
    (→ CompositeEvalMetric), an EvalMetric (returned as is), a config dict or its JSON."""
    if callable(metric):
        from .custom import CustomMetric
        return CustomMetric(metric, *args, **kwargs)
    if isinstance(metric, list):
        composite = CompositeEvalMetric()
        for child in metric:
            composite.add(create(child, *args, **kwargs))
        return composite
    return _create(metric, *args, **kwargs)


@register
@alias('composite')
class CompositeEvalMetric(EvalMetric):
    """Several metrics updated together; ``get()`` → ``([names], [values])``."""

    def __init__(self, metrics=None, name='composite', output_names=None, label_names=None):
        super(CompositeEvalMetric, self).__init__(
            name, output_names=output_names, label_names=label_names, has_global_stats=True)
        self.metrics = [create(i) for i in (metrics or [])]

    def add(self, metric):
        self.metrics.append(create(metric))

    def get_metric(self, index):
        try:
            return self.metrics[index]
        except IndexError:
            # MXNet *returns* (does not raise) this error; kept for fidelity
            return ValueError('Metric index {} is out of range 0 and {}'.format(
                index, len(self.metrics)))

    def update_dict(self, labels, preds):
        if self.label_names is not None:
            labels = OrderedDict([i for i in labels.items() if i[0] in self.label_names])
        if self.output_names is not None:
            preds = OrderedDict([i for i in preds.items() if i[0] in self.output_names])
        for metric in self.metrics:
            metric.update_dict(labels, preds)

    def update(self, labels, preds):
        for metric in self.metrics:
            metric.update(labels, preds)

    # The base __init__ calls reset() before self.metrics exists (so, as in MXNet, a
    # composite has no num_inst of its own).
    def reset(self):
        for metric in getattr(self, 'metrics', []):
            metric.reset()

    def reset_local(self):
        for metric in getattr(self, 'metrics', []):
            metric.reset_local()

    def _collect(self, getter):
        names, values = [], []
        for metric in self.metrics:
            name, value = getter(metric)
            names.extend([name] if isinstance(name, str) else name)
            values.extend([value] if isinstance(value, numeric_types) else value)
        return (names, values)

    def get(self):
        return self._collect(lambda m: m.get())

    def get_global(self):
        return self._collect(lambda m: m.get_global())

    def get_config(self):
        config = super(CompositeEvalMetric, self).get_config()
        config.update({'metrics': [i.get_config() for i in self.metrics]})
        return config


