"""Metrics on predicted probabilities: perplexity, cross-entropy, NLL."""
import math

import numpy

from .base import EvalMetric, _arr, _scalar, alias, check_label_shapes, register


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
