"""Losses and user functions as metrics: Loss (and its aliases Torch, Caffe),
CustomMetric, and ``np(feval)``."""

import numpy

from .base import EvalMetric, _arr, _scalar, check_label_shapes, register


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
