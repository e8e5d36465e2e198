"""Events: how lenses and widgets watch training without reaching into the loop.

A module (or the process-wide ``files`` source, for checkpoints) keeps a tuple of watchers.
With none attached, each place that could emit pays one truth test of an empty tuple.
The event names are declared: emitting another name, or attaching a watcher whose
``on_<name>`` method names no event, raises UnknownEventError.

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
    checkpoint_saved    (Module.save_checkpoint; the same info as on ``files``)
    bucket_bound        bucket_key, module (a BucketingModule bound a new bucket's Module)
Events on ``files`` (any save or load, by a module or by mx.model):
    checkpoint_saved    prefix, epoch, files, arg_params, aux_params, optimizer_states
    checkpoint_loaded   prefix, epoch, files, arg_params, aux_params
"""


MODULE_EVENTS = frozenset((
    'bound', 'params_initialized', 'optimizer_initialized', 'forward', 'backward', 'update',
    'metric_updated', 'batch_end', 'epoch_end', 'fit_begin', 'fit_end', 'validation',
    'checkpoint_saved', 'bucket_bound'))
FILE_EVENTS = frozenset(('checkpoint_saved', 'checkpoint_loaded'))
# ``on_<name>`` methods a watcher may have that are not events (Lens.on_attach).
NOT_EVENTS = frozenset(('attach',))


class UnknownEventError(ValueError):
    """A watcher's ``on_<event>`` method names no event its source emits: a misspelt
    handler would otherwise never be called."""


ALL_EVENTS = MODULE_EVENTS | FILE_EVENTS


def check_handlers(watcher):
    """Raise UnknownEventError for an ``on_x`` method of ``watcher`` where x is no event."""
    for attr in dir(type(watcher)):
        if attr.startswith('on_') and callable(getattr(watcher, attr, None)):
            event = attr[3:]
            if event not in ALL_EVENTS and event not in NOT_EVENTS:
                raise UnknownEventError(
                    '%s.%s handles an event named %r, which is never emitted; the events are: '
                    '%s. Check the spelling (see tutor/events.py).'
                    % (type(watcher).__name__, attr, event, ', '.join(sorted(ALL_EVENTS))))


class EventSource:
    """Something watchers attach to. ``events`` are the names it emits."""
    _watchers = ()
    events = MODULE_EVENTS

    @property
    def watchers(self):
        return self._watchers

    def attach_watcher(self, watcher):
        check_handlers(watcher)
        if watcher not in self._watchers:
            self._watchers = self._watchers + (watcher,)

    def detach_watcher(self, watcher):
        self._watchers = tuple(w for w in self._watchers if w is not watcher)

    def emit(self, event, **info):
        if event not in self.events:
            raise UnknownEventError('%r is not one of the declared events (%s)'
                                    % (event, ', '.join(sorted(self.events))))
        for w in self._watchers:
            w.notify(event, self, info)


def emit_once(sources, event, **info):
    """``event`` to every watcher of any of ``sources``, once each, with the first source it
    watches (a lens on a module and on ``files`` hears a module's save once)."""
    seen = []
    for source in sources:
        for w in source.watchers:
            if not any(w is s for s in seen):
                seen.append(w)
                w.notify(event, source, info)


class _Files(EventSource):
    events = FILE_EVENTS


files = _Files()
