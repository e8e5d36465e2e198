"""Callbacks for ``fit`` (MXNet's ``mx.callback``): checkpoints at epoch end, speed and
metric logging at batch end.

Epoch-end callbacks are called as ``cb(epoch, symbol, arg_params, aux_params)``; batch-end
callbacks as ``cb(BatchEndParam(epoch, nbatch, eval_metric, locals))``. Everything logs
through the root ``logging`` logger, as MXNet does (``logging.basicConfig(level=logging.INFO)``
makes the lines visible).
"""
import logging
import math
import time

from . import model
from .model import BatchEndParam  # noqa: F401 - it lives in mx.model, as in MXNet


def module_checkpoint(mod, prefix, period=1, save_optimizer_states=False):
    """Epoch-end callback: ``mod.save_checkpoint(prefix, epoch + 1, ...)`` every ``period``
    epochs (files are numbered from 1)."""
    period = int(max(1, period))

    def _callback(iter_no, sym=None, arg=None, aux=None):
        if (iter_no + 1) % period == 0:
            mod.save_checkpoint(prefix, iter_no + 1, save_optimizer_states)
    return _callback


def do_checkpoint(prefix, period=1):
    """Epoch-end callback: save ``prefix-symbol.json`` and ``prefix-%04d.params`` with
    number ``epoch + 1`` every ``period`` epochs (the first epoch writes ``-0001.params``)."""
    period = int(max(1, period))

    def _callback(iter_no, sym, arg, aux):
        if (iter_no + 1) % period == 0:
            model.save_checkpoint(prefix, iter_no + 1, sym, arg, aux)
    return _callback


def log_train_metric(period, auto_reset=False):
    """Batch-end callback: log ``Iter[epoch] Batch[n] Train-<name>=<value>`` every
    ``period`` batches (and, with ``auto_reset``, restart the local statistics)."""
    def _callback(param):
        if param.nbatch % period == 0 and param.eval_metric is not None:
            for name, value in param.eval_metric.get_name_value():
                logging.info('Iter[%d] Batch[%d] Train-%s=%f', param.epoch, param.nbatch,
                             name, value)
            if auto_reset:
                param.eval_metric.reset_local()
    return _callback


class Speedometer(object):
    """Batch-end callback that logs samples/sec (and the metric) every ``frequent`` batches.

    The first call of an epoch only starts the clock, so nothing is logged before batch
    ``frequent``. With ``auto_reset`` the metric's local statistics restart after each line,
    so each line shows the batches since the previous one (``Batch [50-100]``); otherwise
    it shows everything since the start of the epoch (``Batch [0-100]``).
    """

    def __init__(self, batch_size, frequent=50, auto_reset=True):
        self.batch_size = batch_size
        self.frequent = frequent
        self.init = False
        self.tic = 0
        self.last_count = 0
        self.auto_reset = auto_reset

    def __call__(self, param):
        count = param.nbatch
        if self.last_count > count:  # a new epoch started
            self.init = False
        self.last_count = count
        if not self.init:
            self.init = True
            self.tic = time.time()
            return
        if count % self.frequent != 0:
            return
        try:
            speed = self.frequent * self.batch_size / (time.time() - self.tic)
        except ZeroDivisionError:
            speed = float('inf')
        if param.eval_metric is not None:
            name_value = param.eval_metric.get_name_value()
            if self.auto_reset:
                param.eval_metric.reset_local()
                msg = 'Epoch[%d] Batch [%d-%d]\tSpeed: %.2f samples/sec'
                msg += '\t%s=%f' * len(name_value)
                logging.info(msg, param.epoch, count - self.frequent, count, speed,
                             *sum(name_value, ()))
            else:
                msg = 'Epoch[%d] Batch [0-%d]\tSpeed: %.2f samples/sec'
                msg += '\t%s=%f' * len(name_value)
                logging.info(msg, param.epoch, count, speed, *sum(name_value, ()))
        else:
            logging.info('Iter[%d] Batch [%d]\tSpeed: %.2f samples/sec',
                         param.epoch, count, speed)
        self.tic = time.time()


class ProgressBar(object):
    """Batch-end callback that logs a text progress bar ``[====------] 40%``."""

    def __init__(self, total, length=80):
        self.bar_len = length
        self.total = total

    def __call__(self, param):
        count = param.nbatch
        filled_len = int(round(self.bar_len * count / float(self.total)))
        percents = math.ceil(100.0 * count / float(self.total))
        prog_bar = '=' * filled_len + '-' * (self.bar_len - filled_len)
        logging.info('[%s] %s%s\r', prog_bar, percents, '%')


class LogValidationMetricsCallback(object):
    """Eval-end callback: log ``Epoch[n] Validation-<name>=<value>`` for each metric."""

    def __call__(self, param):
        if not param.eval_metric:
            return
        for name, value in param.eval_metric.get_name_value():
            logging.info('Epoch[%d] Validation-%s=%f', param.epoch, name, value)
