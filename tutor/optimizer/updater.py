"""Updater: applies an optimizer to numbered weights, keeping one state per index.

Module calls ``updater(indices, grads, weights)`` once per batch (MXNet 1.9.1 passes tuples;
a single index works too). States are created the first time an index is seen.
"""
import warnings

from . import states_io


class Updater:
    """Callable ``(index, grad, weight)``; ``states`` maps index -> that weight's state."""

    def __init__(self, optimizer):
        self.optimizer = optimizer
        self.states = {}
        self.states_synced = {}
        self.aggregate_updates = optimizer.aggregate_num > 0
        self._plan = None   # see _make_plan

    def __call__(self, index, grad, weight):
        if not isinstance(index, (list, tuple)):
            # one weight: same maths as a group of one
            if isinstance(index, bytes):
                index = index.decode('utf-8')
            state = self._state_for(index, weight)
            self.optimizer.update_multi_precision(index, weight, grad, state)
            return
        plan = self._plan
        if plan is None or plan[0] is not index or plan[1] is not grad \
                or plan[2] is not weight or plan[3] != self.optimizer.aggregate_num:
            plan = self._make_plan(index, grad, weight)
        states, update = self.states, self.optimizer.update_multi_precision
        for idx, w, g in plan[4]:
            if isinstance(idx, list):
                update(idx, w, g, [states[i] for i in idx])
            else:
                update(idx, w, g, states[idx])

    def _make_plan(self, index, grad, weight):
        """The optimizer calls for these weights: one per weight, or groups of up to
        ``aggregate_num`` weights of one dtype as MXNet makes them (SGD counts the whole
        group's updates before reading the learning rate). Module passes the same tuples
        every batch, so the plan is kept and reused while they stay the same objects."""
        indices = list(index)
        for i, idx in enumerate(indices):
            if isinstance(idx, bytes):
                idx = indices[i] = idx.decode('utf-8')
            self._state_for(idx, weight[i])
        if not self.aggregate_updates:
            calls = list(zip(indices, weight, grad))
        else:
            by_dtype, step, calls = {}, self.optimizer.aggregate_num, []
            for item in zip(indices, weight, grad):
                by_dtype.setdefault(item[1].dtype, []).append(item)
            for group in by_dtype.values():
                for start in range(0, len(group), step):
                    calls.append(tuple(list(x) for x in zip(*group[start:start + step])))
        plan = (index, grad, weight, self.optimizer.aggregate_num, calls)
        immutable = all(isinstance(x, tuple) for x in (index, grad, weight))
        self._plan = plan if immutable else None
        return plan

    def _state_for(self, index, weight):
        """The index's state: created on first sight, checked once after set_states."""
        try:
            state = self.states[index]
        except KeyError:
            state = self.states[index] = \
                self.optimizer.create_state_multi_precision(index, weight)
            self.states_synced[index] = True
            return state
        if not self.states_synced[index]:
            _check_loaded_state(self.optimizer, index, state, weight)
            state = self.states[index] = self.sync_state_context(state, None)
            self.states_synced[index] = True
        return state

    def sync_state_context(self, state, context):
        """MXNet moves states to the weight's device; tutor has only the CPU."""
        return state

    def set_states(self, states):
        """Load states saved by ``get_states`` (tutor's format; never a pickle)."""
        loaded, opt_desc = states_io.load(states)
        if opt_desc is not None:
            self.optimizer = states_io.restore_optimizer(opt_desc)
            # MXNet keeps the old flag here (and can loop forever); follow the new optimizer
            self.aggregate_updates = self.optimizer.aggregate_num > 0
        self.states = loaded
        self.states_synced = dict.fromkeys(self.states.keys(), False)
        self._plan = None   # the next call checks the loaded states against the weights

    def get_states(self, dump_optimizer=False):
        """The states as bytes (see tutor.optimizer.states_io for the layout); with
        ``dump_optimizer`` the optimizer's settings and counters are included too."""
        desc = states_io.describe_optimizer(self.optimizer) if dump_optimizer else None
        return states_io.dump(self.states, desc)


def _check_loaded_state(opt, index, state, weight):
    """Loaded states must fit the weight they update (shaped as the optimizer's create_state
    makes them: like the weight, or (rows, 1) for GroupAdaGrad); a mismatch would otherwise
    broadcast silently or fail obscurely."""
    if not type(opt).__module__.startswith('tutor.optimizer'):
        return
    with warnings.catch_warnings():   # the float16 advice was given when it was created
        warnings.simplefilter('ignore')
        fresh = opt.create_state_multi_precision(index, weight)   # the shapes it would make
    wanted = [getattr(a, 'shape', None) for a in _flat([fresh])]
    arrays = [state] if not isinstance(state, (tuple, list)) else list(_flat(state))
    for k, arr in enumerate(arrays):
        want = wanted[k] if k < len(wanted) and wanted[k] is not None else weight.shape
        if arr is not None and hasattr(arr, 'shape') and arr.shape != want:
            raise ValueError('The loaded optimizer state for index %r has shape %s but the '
                             'weight it updates has shape %s: the states were saved for a '
                             'different network (or a different parameter order).'
                             % (index, arr.shape, weight.shape))


def _flat(state):
    for s in state:
        if isinstance(s, (tuple, list)):
            yield from _flat(s)
        else:
            yield s


def get_updater(optimizer):
    """The Updater that applies ``optimizer``."""
    return Updater(optimizer)
