"""Events: how lenses and widgets watch training without reaching into the loop.

A module (or the process-wide ``files`` source, for checkpoints) keeps a tuple of watchers.
With none attached, each place that could emit pays one truth test of an empty tuple.

Events a Module emits, with what ``info`` holds:
    bound               data_shapes, label_shapes, for_training, executor
    params_initialized  rules {name: how it was set}
    optimizer_initialized  optimizer
    forward             batch, is_train
    backward            out_grads
    update              (nothing; the watcher reads the module)
    metric_updated      metric, labels
    batch_end           epoch, nbatch, metric
    epoch_end           epoch, metric, arg_params, aux_params
    fit_begin / fit_end begin_epoch, num_epoch / epoch, stopped
    validation          epoch, name_value
Events on ``files`` (any save or load, by a module or by mx.model):
    checkpoint_saved    prefix, epoch, files, arg_params, aux_params, optimizer_states
    checkpoint_loaded   prefix, epoch, files, arg_params, aux_params
"""


class EventSource:
    _watchers = ()

    def attach_watcher(self, watcher):
        if watcher not in self._watchers:
            self._watchers = self._watchers + (watcher,)

    def detach_watcher(self, watcher):
        self._watchers = tuple(w for w in self._watchers if w is not watcher)

    def emit(self, event, **info):
        for w in self._watchers:
            w.notify(event, self, info)


files = EventSource()
