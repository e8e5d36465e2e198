"""BaseModule: the high-level API every module shares (fit, score, predict, iter_predict),
written on top of the mid-level steps (bind, init_params, forward, backward, update...).

The state machine, checked before each step with MXNet's messages:
    created --bind--> binded --init_params--> params_initialized --init_optimizer--> optimizer_initialized
"""
import logging
import signal
import threading
import time

import numpy as np

from .. import metric as _metric
from .. import ndarray as nd
from ..model import BatchEndParam
from ..events import EventSource
from ..i18n import text as _
from ..initializer import Uniform
from ..io import DataBatch, DataIter
from .view import ModuleView


def _as_list(obj):
    if obj is None:
        return []
    return list(obj) if isinstance(obj, (list, tuple)) else [obj]


class _StopWatch:
    """Turns Ctrl-C / the notebook's Stop button into a stop at the next batch boundary, so
    the parameters are always those after a whole update. A second Ctrl-C stops at once,
    except inside an update, which it lets finish (no weights half old, half new)."""

    def __init__(self, module):
        self.module = module
        self.previous = None

    def _handler(self, signum, frame):
        module = self.module
        if module._stop_reason in ('interrupt', 'now'):
            if module._updating:
                module._stop_reason = 'now'   # fit raises right after this update
                return
            raise KeyboardInterrupt
        module._stop_reason = 'interrupt'

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            try:
                self.previous = signal.signal(signal.SIGINT, self._handler)
            except ValueError:  # not allowed here (e.g. some embedded interpreters)
                self.previous = None
        return self

    def __exit__(self, *exc):
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)


class BaseModule(EventSource):
    def __init__(self, logger=logging):
        self.logger = logger
        self.binded = False
        self.for_training = False
        self.inputs_need_grad = False
        self.params_initialized = False
        self.optimizer_initialized = False
        self._symbol = None
        self._stop_reason = None
        self._updating = False

    def _require(self, step, params=True, optimizer=False):
        """A step taken too early: MXNet's bare AssertionError, plus the step to take first."""
        if not self.binded:
            raise AssertionError(_('err.not_bound', step=step))
        if params and not self.params_initialized:
            raise AssertionError(_('err.not_initialized', step=step))
        if optimizer and not self.optimizer_initialized:
            raise AssertionError(_('err.no_optimizer', step=step))

    # --- the stop flag (widgets' Stop button; Ctrl-C through _StopWatch) ---
    def request_stop(self):
        """Ask a running ``fit`` to stop after the batch it is on."""
        self._stop_reason = 'request'

    # --- high level ------------------------------------------------------------------------
    def forward_backward(self, data_batch):
        self.forward(data_batch, is_train=True)
        self.backward()

    def score(self, eval_data, eval_metric, num_batch=None, batch_end_callback=None,
              score_end_callback=None, reset=True, epoch=0, sparse_row_id_fn=None):
        """Run ``eval_data`` forward and return the metric as a list of (name, value)."""
        if not (self.binded and self.params_initialized):
            self._require('score')
        if reset:
            eval_data.reset()
        if not isinstance(eval_metric, _metric.EvalMetric):
            eval_metric = _metric.create(eval_metric)
        eval_metric.reset()
        actual_num_batch = 0
        for nbatch, eval_batch in enumerate(eval_data):
            if num_batch is not None and nbatch == num_batch:
                break
            self.prepare(eval_batch, sparse_row_id_fn=sparse_row_id_fn)
            self.forward(eval_batch, is_train=False)
            # Like MXNet, the metric sees the whole batch, padding rows included.
            self.update_metric(eval_metric, eval_batch.label)
            if batch_end_callback is not None:
                params = BatchEndParam(epoch=epoch, nbatch=nbatch, eval_metric=eval_metric,
                                       locals=locals())
                for cb in _as_list(batch_end_callback):
                    cb(params)
            actual_num_batch += 1
        if score_end_callback:
            params = BatchEndParam(epoch=epoch, nbatch=actual_num_batch,
                                   eval_metric=eval_metric, locals=locals())
            for cb in _as_list(score_end_callback):
                cb(params)
        return eval_metric.get_name_value()

    def iter_predict(self, eval_data, num_batch=None, reset=True, sparse_row_id_fn=None):
        """Yield (outputs without padding, nbatch, batch) for each batch."""
        if not (self.binded and self.params_initialized):
            self._require('iter_predict')
        if reset:
            eval_data.reset()
        for nbatch, eval_batch in enumerate(eval_data):
            if num_batch is not None and nbatch == num_batch:
                break
            self.prepare(eval_batch, sparse_row_id_fn=sparse_row_id_fn)
            self.forward(eval_batch, is_train=False)
            pad = eval_batch.pad or 0
            outputs = [out[0:out.shape[0] - pad] for out in self.get_outputs()]
            yield outputs, nbatch, eval_batch

    def predict(self, eval_data, num_batch=None, merge_batches=True, reset=True,
                always_output_list=False, sparse_row_id_fn=None):
        """Outputs for every example of ``eval_data`` (padding removed), batches joined."""
        if not (self.binded and self.params_initialized):
            self._require('predict')
        if isinstance(eval_data, np.ndarray):
            self.forward(DataBatch([nd.array(eval_data)]))
            return self.get_outputs()[0]
        if not isinstance(eval_data, DataIter):
            raise ValueError('eval_data must be of type NDArray or DataIter (got %s; wrap '
                             'arrays in mx.io.NDArrayIter)' % type(eval_data).__name__)
        if reset:
            eval_data.reset()
        output_list = []
        for nbatch, eval_batch in enumerate(eval_data):
            if num_batch is not None and nbatch == num_batch:
                break
            self.prepare(eval_batch, sparse_row_id_fn=sparse_row_id_fn)
            self.forward(eval_batch, is_train=False)
            pad = eval_batch.pad or 0
            outputs = [out[0:out.shape[0] - pad].copy() for out in self.get_outputs()]
            output_list.append(outputs)
        if not output_list:
            return output_list
        if merge_batches:
            num_outputs = len(output_list[0])
            for out in output_list:
                assert len(out) == num_outputs, \
                    'Cannot merge batches, as num of outputs is not the same in mini-batches. ' \
                    'Maybe bucketing is used?'
            merged = [nd.concatenate([out[i] for out in output_list])
                      for i in range(num_outputs)]
            if num_outputs == 1 and not always_output_list:
                return merged[0]
            return merged
        return output_list

    def fit(self, train_data, eval_data=None, eval_metric='acc', epoch_end_callback=None,
            batch_end_callback=None, kvstore='local', optimizer='sgd',
            optimizer_params=(('learning_rate', 0.01),), eval_end_callback=None,
            eval_batch_end_callback=None, initializer=Uniform(0.01), arg_params=None,
            aux_params=None, allow_missing=False, force_rebind=False, force_init=False,
            begin_epoch=0, num_epoch=None, validation_metric=None, monitor=None,
            sparse_row_id_fn=None):
        """Train: bind, init_params, init_optimizer, then for each epoch forward, backward,
        update and update_metric on every batch, log, call back, validate, reset."""
        if num_epoch is None:
            raise AssertionError('please specify number of epochs. ' + _('err.num_epoch'))
        self.bind(data_shapes=train_data.provide_data, label_shapes=train_data.provide_label,
                  for_training=True, force_rebind=force_rebind)
        if monitor is not None:
            self.install_monitor(monitor)
        self.init_params(initializer=initializer, arg_params=arg_params, aux_params=aux_params,
                         allow_missing=allow_missing, force_init=force_init)
        self.init_optimizer(kvstore=kvstore, optimizer=optimizer,
                            optimizer_params=optimizer_params)
        if validation_metric is None:
            validation_metric = eval_metric
        if not isinstance(eval_metric, _metric.EvalMetric):
            eval_metric = _metric.create(eval_metric)
        self._stop_reason = None
        if self._watchers:
            self.emit('fit_begin', begin_epoch=begin_epoch, num_epoch=num_epoch)
        epoch = begin_epoch
        with _StopWatch(self):
            try:
                for epoch in range(begin_epoch, num_epoch):
                    tic = time.time()
                    eval_metric.reset()
                    nbatch = 0
                    data_iter = iter(train_data)
                    end_of_batch = False
                    next_data_batch = next(data_iter)
                    while not end_of_batch:
                        data_batch = next_data_batch
                        if monitor is not None:
                            monitor.tic()
                        self.forward_backward(data_batch)
                        self._update_whole()
                        self.update_metric(eval_metric, data_batch.label)
                        try:
                            next_data_batch = next(data_iter)
                            self.prepare(next_data_batch, sparse_row_id_fn=sparse_row_id_fn)
                        except StopIteration:
                            end_of_batch = True
                        if monitor is not None:
                            monitor.toc_print()
                        if end_of_batch:   # read before the callbacks (Speedometer resets it)
                            eval_name_vals = eval_metric.get_global_name_value()
                        if batch_end_callback is not None:
                            batch_end_params = BatchEndParam(epoch=epoch, nbatch=nbatch,
                                                             eval_metric=eval_metric,
                                                             locals=locals())
                            for callback in _as_list(batch_end_callback):
                                callback(batch_end_params)
                        if self._watchers:
                            self.emit('batch_end', epoch=epoch, nbatch=nbatch, metric=eval_metric)
                        nbatch += 1
                        # The one stop check (Stop button, Ctrl-C): after a whole batch.
                        if self._stop_reason is not None and not end_of_batch:
                            break
                    if not end_of_batch:   # stopped mid-epoch: the next fit starts a whole pass
                        train_data.reset()
                        break
                    # one epoch of training is finished
                    for name, val in eval_name_vals:
                        self.logger.info('Epoch[%d] Train-%s=%f', epoch, name, val)
                    toc = time.time()
                    self.logger.info('Epoch[%d] Time cost=%.3f', epoch, (toc - tic))
                    arg_params, aux_params = self.get_params()
                    self.set_params(arg_params, aux_params)
                    for callback in _as_list(epoch_end_callback):
                        callback(epoch, self.symbol, arg_params, aux_params)
                    if self._watchers:
                        self.emit('epoch_end', epoch=epoch, metric=eval_metric,
                                  arg_params=arg_params, aux_params=aux_params)
                    if eval_data:
                        res = self.score(eval_data, validation_metric,
                                         score_end_callback=eval_end_callback,
                                         batch_end_callback=eval_batch_end_callback, epoch=epoch)
                        for name, val in res:
                            self.logger.info('Epoch[%d] Validation-%s=%f', epoch, name, val)
                        if self._watchers:
                            self.emit('validation', epoch=epoch, name_value=res)
                    train_data.reset()
                    if self._stop_reason is not None:   # asked for on the epoch's last batch
                        break
            except KeyboardInterrupt:   # a second Ctrl-C: stopped at once, between updates
                self._stop_reason = 'interrupt'
                train_data.reset()
        stopped, self._stop_reason = self._stop_reason, None
        if self._watchers:
            self.emit('fit_end', epoch=epoch, stopped=stopped)
        if stopped in ('interrupt', 'now'):
            self.logger.warning(_('err.interrupted', epoch=epoch))
            raise KeyboardInterrupt

    def _update_whole(self):
        """update(), which a second Ctrl-C lets finish (no weights half old, half new); fit
        then stops at once."""
        self._updating = True
        try:
            self.update()
        finally:
            self._updating = False
        if self._stop_reason == 'now':
            raise KeyboardInterrupt

    # --- mid level, implemented by Module ---------------------------------------------------
    def prepare(self, data_batch, sparse_row_id_fn=None):
        """Nothing to prepare for dense arrays (MXNet pulls sparse rows here)."""

    @property
    def symbol(self):
        return self._symbol

    @property
    def view(self):
        """The module read-only, for lenses, widgets and explain (tutor only; see view.py)."""
        view = self.__dict__.get('_view')
        if view is None:
            view = self._view = ModuleView(self)
        return view

    def get_params(self):
        raise NotImplementedError()

    def init_params(self, *args, **kwargs):
        raise NotImplementedError()

    def set_params(self, arg_params, aux_params, allow_missing=False, force_init=True,
                   allow_extra=False):
        self.init_params(initializer=None, arg_params=arg_params, aux_params=aux_params,
                         allow_missing=allow_missing, force_init=force_init,
                         allow_extra=allow_extra)

    def save_params(self, fname):
        """Write the parameters as ``arg:<name>`` / ``aux:<name>`` arrays in one file."""
        arg_params, aux_params = self.get_params()
        save_dict = {('arg:%s' % k): v for k, v in arg_params.items()}
        save_dict.update({('aux:%s' % k): v for k, v in aux_params.items()})
        nd.save(fname, save_dict)

    def load_params(self, fname):
        from ..model import split_params
        arg_params, aux_params = split_params(nd.load(fname), fname, strict=True)
        self.set_params(arg_params, aux_params)

    def install_monitor(self, mon):
        raise NotImplementedError()
