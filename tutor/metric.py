"""Evaluation metrics (MXNet's ``mx.metric``): what ``fit`` logs as ``Train-accuracy=...``.

A metric keeps two running sums: *local* ones (``sum_metric``/``num_inst``), which
Speedometer resets after every report, and *global* ones, which only ``reset()`` clears
and which ``fit`` reports at the end of an epoch. ``get()`` is ``sum_metric / num_inst``.

Unlike MXNet, every metric also accepts plain NumPy arrays as labels and predictions
(an NDArray *is* a NumPy array in tutor); MXNet raises AttributeError/AssertionError there.
All sums are computed with vectorised NumPy, in float32 where MXNet uses float32.
"""
import json
import math
import warnings
from collections import OrderedDict

import numpy

from .base import MXNetError

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
# The registry behind create('acc'): lower-cased class names plus aliases.

_REGISTRY = {}


def register(klass, name=None):
    """Register an EvalMetric subclass under ``name`` (default: its class name), lower-cased."""
    assert issubclass(klass, EvalMetric), 'Can only register subclass of EvalMetric'
    name = (name or klass.__name__).lower()
    if name in _REGISTRY:
        warnings.warn('New metric %s.%s registered with name %s is overriding existing '
                      'metric %s.%s' % (klass.__module__, klass.__name__, name,
                                        _REGISTRY[name].__module__, _REGISTRY[name].__name__),
                      UserWarning, stacklevel=2)
    _REGISTRY[name] = klass
    return klass


def alias(*aliases):
    """Class decorator: register the class under extra names too."""
    def reg(klass):
        for name in aliases:
            register(klass, name)
        return klass
    return reg


def _create(*args, **kwargs):
    if args:
        name, args = args[0], args[1:]
    else:
        name = kwargs.pop('metric')
    if isinstance(name, EvalMetric):
        assert not args and not kwargs, \
            'metric is already an instance. Additional arguments are invalid'
        return name
    if isinstance(name, dict):
        return _create(**name)
    assert isinstance(name, str), 'metric must be of string type'
    if name.startswith('['):
        assert not args and not kwargs
        name, kwargs = json.loads(name)
        return _create(name, **kwargs)
    if name.startswith('{'):
        assert not args and not kwargs
        return _create(**json.loads(name))
    name = name.lower()
    if name not in _REGISTRY:
        # MXNet's message, then the names that would have worked
        raise AssertionError('%s is not registered. Please register with metric.register '
                             'first (registered metrics: %s)'
                             % (name, ', '.join(sorted(_REGISTRY))))
    return _REGISTRY[name](*args, **kwargs)


def create(metric, *args, **kwargs):
    """A metric from a name (``'acc'``), a function ``f(label, pred)``, a list of those
    (→ CompositeEvalMetric), an EvalMetric (returned as is), a config dict or its JSON."""
    if callable(metric):
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


# ---------------------------------------------------------------------------------------
# Classification

@register
@alias('acc')
class Accuracy(EvalMetric):
    """Fraction of correct predictions. Predictions whose shape differs from the labels'
    are class scores: their argmax over ``axis`` is the predicted class."""

    def __init__(self, axis=1, name='accuracy', output_names=None, label_names=None):
        super(Accuracy, self).__init__(name, axis=axis, output_names=output_names,
                                       label_names=label_names, has_global_stats=True)
        self.axis = axis

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            label, pred = _arr(label), _arr(pred)
            if pred.shape != label.shape:
                if not -pred.ndim <= self.axis < pred.ndim:
                    raise MXNetError(
                        'Accuracy: predictions of shape %s differ from labels of shape %s, '
                        'so their argmax over axis %d is taken, but they have no such axis. '
                        'Give one prediction per label, or class scores per row.'
                        % (pred.shape, label.shape, self.axis))
                pred = pred.argmax(axis=self.axis).ravel()  # class indices: already ints
            else:
                pred = pred.astype(numpy.int32).ravel()
            label = label.astype(numpy.int32).ravel()
            check_label_shapes(label, pred)
            self._add(numpy.count_nonzero(pred == label), len(pred))


@register
@alias('top_k_accuracy', 'top_k_acc')
class TopKAccuracy(EvalMetric):
    """Fraction of samples whose label is among the ``top_k`` highest scores."""

    def __init__(self, top_k=1, name='top_k_accuracy', output_names=None, label_names=None):
        super(TopKAccuracy, self).__init__(name, top_k=top_k, output_names=output_names,
                                           label_names=label_names, has_global_stats=True)
        self.top_k = top_k
        assert self.top_k > 1, 'Please use Accuracy if top_k is no more than 1'
        self.name += '_%d' % self.top_k

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            assert len(pred.shape) <= 2, 'Predictions should be no more than 2 dims'
            pred = numpy.argpartition(_arr(pred).astype('float32'), -self.top_k)
            label = _arr(label).astype('int32')
            check_label_shapes(label, pred)
            num_samples = pred.shape[0]
            if pred.ndim == 1:
                # MXNet adds this to the local sum only
                self.sum_metric += int((pred.ravel() == label.ravel()).sum())
            elif pred.ndim == 2:
                num_classes = pred.shape[1]
                top = pred[:, num_classes - min(num_classes, self.top_k):]
                num_correct = int((top == label.reshape(-1, 1)).sum())
                self.sum_metric += num_correct
                self.global_sum_metric += num_correct
            self.num_inst += num_samples
            self.global_num_inst += num_samples


class _BinaryClassificationMetrics(object):
    """Confusion counts (local and global) of a two-class problem, for F1 and MCC."""

    _FIELDS = ('true_positives', 'false_negatives', 'false_positives', 'true_negatives')

    def __init__(self):
        self.reset_stats()

    def update_binary_stats(self, label, pred):
        pred = _arr(pred)
        label = _arr(label).astype('int32')
        pred_label = numpy.argmax(pred, axis=1)
        check_label_shapes(label, pred)
        if len(numpy.unique(label)) > 2:
            raise ValueError('%s currently only supports binary classification.'
                             % self.__class__.__name__)
        pred_true = (pred_label == 1)
        pred_false = 1 - pred_true
        label_true = (label == 1)
        label_false = 1 - label_true
        counts = ((pred_true * label_true).sum(), (pred_false * label_true).sum(),
                  (pred_true * label_false).sum(), (pred_false * label_false).sum())
        for field, count in zip(self._FIELDS, counts):
            setattr(self, field, getattr(self, field) + int(count))
            setattr(self, 'global_' + field, getattr(self, 'global_' + field) + int(count))

    @staticmethod
    def _ratio(num, other):
        return float(num) / (num + other) if num + other > 0 else 0.

    @staticmethod
    def _f(precision, recall):
        return 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.

    precision = property(lambda s: s._ratio(s.true_positives, s.false_positives))
    global_precision = property(lambda s: s._ratio(s.global_true_positives,
                                                   s.global_false_positives))
    recall = property(lambda s: s._ratio(s.true_positives, s.false_negatives))
    global_recall = property(lambda s: s._ratio(s.global_true_positives,
                                                s.global_false_negatives))
    fscore = property(lambda s: s._f(s.precision, s.recall))
    global_fscore = property(lambda s: s._f(s.global_precision, s.global_recall))
    total_examples = property(lambda s: sum(getattr(s, f) for f in s._FIELDS))
    global_total_examples = property(lambda s: sum(getattr(s, 'global_' + f)
                                                   for f in s._FIELDS))

    def matthewscc(self, use_global=False):
        """Matthews correlation; zero factors of the denominator are left out (MXNet)."""
        prefix = 'global_' if use_global else ''
        if not getattr(self, prefix + 'total_examples'):
            return 0.
        tp, fn, fp, tn = (float(getattr(self, prefix + f)) for f in self._FIELDS)
        denom = 1.
        for t in (tp + fp, tp + fn, tn + fp, tn + fn):
            if t != 0.:
                denom *= t
        return ((tp * tn) - (fp * fn)) / math.sqrt(denom)

    def local_reset_stats(self):
        for f in self._FIELDS:
            setattr(self, f, 0)

    def reset_stats(self):
        for f in self._FIELDS:
            setattr(self, f, 0)
            setattr(self, 'global_' + f, 0)


class _BinaryMetric(EvalMetric):
    """F1 and MCC: 'macro' averages the per-update score, 'micro' pools all counts."""

    def __init__(self, name, output_names, label_names, average):
        self.average = average
        self.metrics = _BinaryClassificationMetrics()
        EvalMetric.__init__(self, name=name, output_names=output_names,
                            label_names=label_names, has_global_stats=True)

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            self.metrics.update_binary_stats(label, pred)
        stats = self.metrics
        if self.average == 'macro':
            self.sum_metric += self._score(stats, False)
            self.global_sum_metric += self._score(stats, True)
            self.num_inst += 1
            self.global_num_inst += 1
            stats.reset_stats()
        else:
            self.sum_metric = self._score(stats, False) * stats.total_examples
            self.global_sum_metric = self._score(stats, True) * stats.global_total_examples
            self.num_inst = stats.total_examples
            self.global_num_inst = stats.global_total_examples

    def reset(self):
        EvalMetric.reset(self)
        self.metrics.reset_stats()

    def reset_local(self):
        EvalMetric.reset_local(self)
        self.metrics.local_reset_stats()


@register
class F1(_BinaryMetric):
    """F1 score of the positive class (label 1) of a binary classifier."""

    def __init__(self, name='f1', output_names=None, label_names=None, average='macro'):
        super(F1, self).__init__(name, output_names, label_names, average)

    @staticmethod
    def _score(stats, use_global):
        return stats.global_fscore if use_global else stats.fscore


@register
class MCC(_BinaryMetric):
    """Matthews correlation coefficient of a binary classifier."""

    def __init__(self, name='mcc', output_names=None, label_names=None, average='macro'):
        super(MCC, self).__init__(name, output_names, label_names, average)

    _average = property(lambda self: self.average)  # MXNet's MCC names them privately
    _metrics = property(lambda self: self.metrics)

    @staticmethod
    def _score(stats, use_global):
        return stats.matthewscc(use_global=use_global)


@register
class PCC(EvalMetric):
    """Multiclass Matthews correlation from a confusion matrix that grows with the classes."""

    def __init__(self, name='pcc', output_names=None, label_names=None,
                 has_global_stats=True):
        self.k = 2
        super(PCC, self).__init__(name=name, output_names=output_names,
                                  label_names=label_names, has_global_stats=has_global_stats)

    def _grow(self, inc):
        self.lcm = numpy.pad(self.lcm, ((0, inc), (0, inc)), 'constant', constant_values=0)
        self.gcm = numpy.pad(self.gcm, ((0, inc), (0, inc)), 'constant', constant_values=0)
        self.k += inc

    @staticmethod
    def _calc_mcc(cmat):
        n = cmat.sum()
        x, y = cmat.sum(axis=1), cmat.sum(axis=0)
        cov_xx, cov_yy = numpy.sum(x * (n - x)), numpy.sum(y * (n - y))
        if cov_xx == 0 or cov_yy == 0:
            return float('nan')
        cov_xy = numpy.sum(cmat.diagonal() * n - x * y)
        return float(cov_xy / (cov_xx * cov_yy) ** 0.5)

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            label, pred = _arr(label).astype('int32'), _arr(pred)
            pred = pred.argmax(axis=1) if pred.shape != label.shape else pred.astype('int32')
            n = max(pred.max(), label.max())
            if n >= self.k:
                self._grow(int(n) + 1 - self.k)
            pred, label = pred.ravel(), label.ravel()
            m = min(len(pred), len(label))  # MXNet zips the two
            bcm = numpy.bincount(pred[:m] * self.k + label[:m], minlength=self.k * self.k)
            bcm = bcm.reshape(self.k, self.k).astype(numpy.float64)
            self.lcm += bcm
            self.gcm += bcm
        self.num_inst += 1
        self.global_num_inst += 1

    @property
    def sum_metric(self):
        return self._calc_mcc(self.lcm) * self.num_inst

    @property
    def global_sum_metric(self):
        return self._calc_mcc(self.gcm) * self.global_num_inst

    def reset(self):
        self.global_num_inst = 0.
        self.gcm = numpy.zeros((self.k, self.k))
        self.reset_local()

    def reset_local(self):
        self.num_inst = 0.
        self.lcm = numpy.zeros((self.k, self.k))


# ---------------------------------------------------------------------------------------
# Probabilities

@register
class Perplexity(EvalMetric):
    """``exp(-mean log p[label])``; labels equal to ``ignore_label`` are left out."""

    def __init__(self, ignore_label, axis=-1, name='perplexity',
                 output_names=None, label_names=None):
        super(Perplexity, self).__init__(name, ignore_label=ignore_label,
                                         output_names=output_names, label_names=label_names,
                                         has_global_stats=True)
        self.ignore_label = ignore_label
        self.axis = axis

    def update(self, labels, preds):
        assert len(labels) == len(preds)
        loss, num = 0., 0
        for label, pred in zip(labels, preds):
            assert label.size == pred.size / pred.shape[-1], \
                'shape mismatch: %s vs. %s' % (label.shape, pred.shape)
            label, pred = _arr(label).reshape(label.size), _arr(pred)
            rows = numpy.moveaxis(pred, self.axis, -1).reshape(label.size, -1)
            index = numpy.clip(label.astype('int32'), 0, rows.shape[1] - 1)  # pick clips
            prob = rows[numpy.arange(label.size), index]
            if self.ignore_label is not None:
                ignore = (label == self.ignore_label).astype(prob.dtype)
                num -= float(ignore.sum())
                prob = prob * (1 - ignore) + ignore
            loss -= float(numpy.log(numpy.maximum(prob.dtype.type(1e-10), prob)).sum())
            num += prob.size
        self._add(loss, num)

    def get(self):
        if self.num_inst == 0:
            return (self.name, float('nan'))
        return (self.name, math.exp(self.sum_metric / self.num_inst))

    def get_global(self):
        if self.global_num_inst == 0:
            return (self.name, float('nan'))
        return (self.name, math.exp(self.global_sum_metric / self.global_num_inst))


@register
@alias('ce')
class CrossEntropy(EvalMetric):
    """Mean of ``-log(p[i, label_i] + eps)`` over samples."""

    def __init__(self, eps=1e-12, name='cross-entropy', output_names=None, label_names=None):
        super(CrossEntropy, self).__init__(name, eps=eps, output_names=output_names,
                                           label_names=label_names, has_global_stats=True)
        self.eps = eps

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            label, pred = _arr(label).ravel(), _arr(pred)
            assert label.shape[0] == pred.shape[0], (label.shape[0], pred.shape[0])
            prob = pred[numpy.arange(label.shape[0]), numpy.int64(label)]
            self._add(_scalar((-numpy.log(prob + self.eps)).sum()), label.shape[0])


@register
@alias('nll_loss')
class NegativeLogLikelihood(CrossEntropy):
    """Same sum as CrossEntropy, under the name ``nll-loss``."""

    def __init__(self, eps=1e-12, name='nll-loss', output_names=None, label_names=None):
        super(NegativeLogLikelihood, self).__init__(eps, name, output_names, label_names)


# ---------------------------------------------------------------------------------------
# Regression: one value per update *array* (the mean over its elements), then averaged.

def _as_columns(label, pred):
    label, pred = _arr(label), _arr(pred)
    if label.ndim == 1:
        label = label.reshape(label.shape[0], 1)
    if pred.ndim == 1:
        pred = pred.reshape(pred.shape[0], 1)
    return label, pred  # (N,) against (N, C) broadcasts silently, as in MXNet


class _Regression(EvalMetric):
    def __init__(self, name, output_names, label_names):
        super(_Regression, self).__init__(name, output_names=output_names,
                                          label_names=label_names, has_global_stats=True)

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            self._add(_scalar(self._value(*_as_columns(label, pred))), 1)


@register
class MAE(_Regression):
    """Mean absolute error, averaged per update array."""

    def __init__(self, name='mae', output_names=None, label_names=None):
        super(MAE, self).__init__(name, output_names, label_names)

    @staticmethod
    def _value(label, pred):
        return numpy.abs(label - pred).mean()


@register
class MSE(_Regression):
    """Mean squared error, averaged per update array."""

    def __init__(self, name='mse', output_names=None, label_names=None):
        super(MSE, self).__init__(name, output_names, label_names)

    @staticmethod
    def _value(label, pred):
        return ((label - pred) ** 2.0).mean()


@register
class RMSE(_Regression):
    """Root mean squared error of each update array, averaged over updates."""

    def __init__(self, name='rmse', output_names=None, label_names=None):
        super(RMSE, self).__init__(name, output_names, label_names)

    @staticmethod
    def _value(label, pred):
        return numpy.sqrt(((label - pred) ** 2.0).mean())


@register
@alias('pearsonr')
class PearsonCorrelation(EvalMetric):
    """Pearson correlation of predictions and labels: 'macro' averages per update,
    'micro' pools every value seen (streaming means and sums of squares)."""

    def __init__(self, name='pearsonr', output_names=None, label_names=None, average='macro'):
        self.average = average
        super(PearsonCorrelation, self).__init__(name, output_names=output_names,
                                                 label_names=label_names,
                                                 has_global_stats=True)

    def reset_micro(self):
        self._sse_p = self._mean_p = self._sse_l = self._mean_l = 0
        self._pred_nums = self._label_nums = self._conv = 0

    def reset(self):
        EvalMetric.reset(self)
        if self.average == 'micro':
            self.reset_micro()

    @staticmethod
    def update_variance(new_values, count, mean, m_2):
        count += len(new_values)
        delta = new_values - mean
        mean += numpy.sum(delta / count)
        m_2 += numpy.sum(delta * (new_values - mean))
        return count, mean, m_2

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            check_label_shapes(label, pred, False, True)
            label = _arr(label).ravel().astype(numpy.float64)
            pred = _arr(pred).ravel().astype(numpy.float64)
            if self.average == 'macro':
                self._add(_scalar(numpy.corrcoef(pred, label)[0, 1]), 1)
                continue
            self.num_inst += 1
            self.global_num_inst += 1
            self._label_nums, self._mean_l, self._sse_l = self.update_variance(
                label, self._label_nums, self._mean_l, self._sse_l)
            self._conv = self._conv + numpy.sum((label - self._mean_l) * (pred - self._mean_p))
            self._pred_nums, self._mean_p, self._sse_p = self.update_variance(
                pred, self._pred_nums, self._mean_p, self._sse_p)

    def get(self):
        if self.num_inst == 0:
            return (self.name, float('nan'))
        if self.average == 'macro':
            return (self.name, _scalar(self.sum_metric / self.num_inst))
        n = self._label_nums
        r = self._conv / ((n - 1) * numpy.sqrt(self._sse_p / (n - 1))
                          * numpy.sqrt(self._sse_l / (n - 1)))
        return (self.name, _scalar(r))


# ---------------------------------------------------------------------------------------
# Losses and user functions

@register
class Loss(EvalMetric):
    """Mean of the outputs themselves (for nets whose output is a loss); labels ignored."""

    def __init__(self, name='loss', output_names=None, label_names=None):
        super(Loss, self).__init__(name, output_names=output_names, label_names=label_names,
                                   has_global_stats=True)

    def update(self, _, preds):
        if isinstance(preds, numpy.ndarray):
            preds = [preds]
        for pred in preds:
            self._add(_scalar(_arr(pred).sum()), pred.size)


@register
class Torch(Loss):
    """Loss under the name ``torch``."""

    def __init__(self, name='torch', output_names=None, label_names=None):
        super(Torch, self).__init__(name, output_names=output_names, label_names=label_names)


@register
class Caffe(Loss):
    """Loss under the name ``caffe``."""

    def __init__(self, name='caffe', output_names=None, label_names=None):
        super(Caffe, self).__init__(name, output_names=output_names, label_names=label_names)


@register
class CustomMetric(EvalMetric):
    """A metric from ``feval(label, pred)`` on NumPy arrays, returning a value (counted as
    one) or a ``(sum, count)`` pair. Named after the function; lambdas → ``custom(<lambda>)``."""

    def __init__(self, feval, name=None, allow_extra_outputs=False,
                 output_names=None, label_names=None):
        if name is None:
            name = feval.__name__
            if name.find('<') != -1:
                name = 'custom(%s)' % name
        super(CustomMetric, self).__init__(name, feval=feval,
                                           allow_extra_outputs=allow_extra_outputs,
                                           output_names=output_names,
                                           label_names=label_names, has_global_stats=True)
        self._feval = feval
        self._allow_extra_outputs = allow_extra_outputs

    def update(self, labels, preds):
        if not self._allow_extra_outputs:
            labels, preds = check_label_shapes(labels, preds, True)
        for pred, label in zip(preds, labels):
            # copies, like MXNet's asnumpy(): feval may change them freely
            reval = self._feval(numpy.array(label), numpy.array(pred))
            if isinstance(reval, tuple):
                self._add(_scalar(reval[0]), _scalar(reval[1]))
            else:
                self._add(_scalar(reval), 1)

    def get_config(self):
        raise NotImplementedError('CustomMetric cannot be serialized')


def np(numpy_feval, name=None, allow_extra_outputs=False):
    """Wrap ``numpy_feval(label, pred)`` (NumPy arrays in, a number out) as a CustomMetric."""
    def feval(label, pred):
        return numpy_feval(label, pred)
    feval.__name__ = numpy_feval.__name__
    return CustomMetric(feval, name, allow_extra_outputs)
