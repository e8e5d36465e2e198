"""Classification metrics: accuracy, top-k accuracy, F1, MCC and PCC."""
import math

import numpy

from ..base import MXNetError
from .base import EvalMetric, _arr, alias, check_label_shapes, register


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
