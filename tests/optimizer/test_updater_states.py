"""Updater.get_states / set_states: a pickle-free round trip, and clear errors on bad input."""
import json
import pickle

import numpy as np
import pytest

import tutor as mx
from tutor.optimizer import states_io

OPTIMIZERS = [('sgd', {}), ('sgd', dict(momentum=0.9)), ('nag', dict(momentum=0.9)),
              ('adam', {}), ('rmsprop', dict(centered=True)), ('rmsprop', {}),
              ('adagrad', {}), ('adadelta', {}), ('adamax', {}), ('nadam', {}), ('ftrl', {}),
              ('ftml', {}), ('signum', {}), ('dcasgd', dict(momentum=0.5)), ('test', {})]
SHAPES = [(3, 4), (4,)]


def _train(up, ws, steps, seed):
    rs = np.random.RandomState(seed)
    for _ in range(steps):
        gs = [mx.nd.array(rs.normal(size=w.shape)) for w in ws]
        up(tuple(range(len(ws))), tuple(gs), tuple(ws))


def _weights():
    return [mx.nd.array(np.linspace(-1, 1, int(np.prod(s))).reshape(s)) for s in SHAPES]


def _flat(state):
    if isinstance(state, (tuple, list)):
        return [x for s in state for x in _flat(s)]
    return [state]


@pytest.mark.parametrize('name,kwargs', OPTIMIZERS, ids=lambda v: str(v))
def test_round_trip_resumes_exactly(name, kwargs):
    whole = _weights()
    up = mx.optimizer.get_updater(mx.optimizer.create(name, **kwargs))
    _train(up, whole, 5, 0)
    saved_w = [w.copy() for w in whole]
    blob = up.get_states(dump_optimizer=True)
    _train(up, whole, 5, 1)

    fresh = mx.optimizer.get_updater(mx.optimizer.create('sgd'))
    fresh.set_states(blob)
    assert type(fresh.optimizer) is type(up.optimizer)
    assert fresh.optimizer.num_update == (0 if name == 'test' else 5)  # Test never counts
    resumed = [mx.nd.array(w) for w in saved_w]
    _train(fresh, resumed, 5, 1)
    for a, b in zip(whole, resumed):
        np.testing.assert_array_equal(a, b)


def test_states_structure_is_kept_and_bytes_are_a_params_file():
    up = mx.optimizer.get_updater(mx.optimizer.create('rmsprop', centered=True))
    _train(up, _weights(), 2, 0)
    up.states['k'] = [None, 1.5, (mx.nd.ones((2,)),)]
    blob = up.get_states()
    assert blob[:1] != b'\x80'
    as_params = mx.nd.load_frombuffer(blob)
    assert states_io.HEADER_KEY in as_params and len(as_params) == 1 + 2 * 3 + 1
    other = mx.optimizer.get_updater(mx.optimizer.create('rmsprop', centered=True))
    other.set_states(blob)
    assert isinstance(other.states[0], tuple) and len(other.states[0]) == 3
    assert other.states['k'][0] is None and other.states['k'][1] == 1.5
    assert isinstance(other.states['k'], list) and isinstance(other.states['k'][2], tuple)
    for a, b in zip(_flat(up.states[1]), _flat(other.states[1])):
        np.testing.assert_array_equal(a, b)
    assert other.states_synced == {0: False, 1: False, 'k': False}


def test_without_dump_optimizer_the_optimizer_is_kept():
    up = mx.optimizer.get_updater(mx.optimizer.create('adam'))
    _train(up, _weights(), 1, 0)
    mine = mx.optimizer.create('sgd', momentum=0.9)
    other = mx.optimizer.get_updater(mine)
    other.set_states(up.get_states())
    assert other.optimizer is mine


def test_dump_optimizer_restores_settings_and_scheduler():
    sched = mx.lr_scheduler.FactorScheduler(step=2, factor=0.5, base_lr=0.4)
    opt = mx.optimizer.create('sgd', momentum=0.9, wd=0.01, lr_scheduler=sched,
                              param_idx2name={0: 'fc_weight', 1: 'fc_bias'})
    up = mx.optimizer.get_updater(opt)
    _train(up, _weights(), 5, 0)
    other = mx.optimizer.get_updater(mx.optimizer.create('sgd'))
    other.set_states(up.get_states(dump_optimizer=True))
    got = other.optimizer
    assert got.momentum == 0.9 and got.wd == 0.01 and got.idx2name == opt.idx2name
    assert got.wd_mult == {'fc_bias': 0.0} and got._index_update_count == {0: 5, 1: 5}
    assert type(got.lr_scheduler) is mx.lr_scheduler.FactorScheduler
    assert got.lr_scheduler.base_lr == sched.base_lr and got.lr_scheduler.count == sched.count


def test_loaded_states_must_fit_their_weights():
    up = mx.optimizer.get_updater(mx.optimizer.create('sgd', momentum=0.9))
    _train(up, _weights(), 1, 0)
    other = mx.optimizer.get_updater(mx.optimizer.create('sgd', momentum=0.9))
    other.set_states(up.get_states())
    with pytest.raises(ValueError, match=r'index 0 has shape \(3, 4\) but the weight it '
                                         r'updates has shape \(5, 5\)'):
        other(0, mx.nd.ones((5, 5)), mx.nd.ones((5, 5)))


# --- bad input ----------------------------------------------------------------------------

def _blob_with_header(header, arrays=None):
    payload = {states_io.HEADER_KEY: np.frombuffer(json.dumps(header).encode(), np.uint8)}
    payload.update(arrays or {})
    return mx.nd.save_to_bytes(payload)


def _header(states, **extra):
    h = {'format': 'tutor-updater-states', 'version': 1, 'states': states, 'optimizer': None}
    h.update(extra)
    return h


def _set(blob):
    mx.optimizer.get_updater(mx.optimizer.create('sgd')).set_states(blob)


def test_mxnet_pickles_are_refused_without_unpickling():
    blob = pickle.dumps({0: None})
    with pytest.raises(ValueError, match='pickle') as err:
        _set(blob)
    assert 'never unpickles' in str(err.value)


@pytest.mark.parametrize('blob,fragment', [
    (b'', 'ends before'),
    (b'garbage bytes here, certainly not states', 'wrong magic'),
    (mx.nd.save_to_bytes({'a': mx.nd.ones((2,))}), 'no \'__tutor_updater_states__\''),
    (mx.nd.save_to_bytes([mx.nd.ones((2,))]), 'no \'__tutor_updater_states__\''),
    (mx.nd.save_to_bytes({states_io.HEADER_KEY: mx.nd.ones((2,))}), 'uint8'),
    (mx.nd.save_to_bytes({states_io.HEADER_KEY: np.frombuffer(b'{no json', np.uint8)}),
     'not valid UTF-8 JSON'),
    (_blob_with_header(_header([]), {}).replace(b'tutor-updater-states', b'other-states-xyz!!!!'),
     'format'),
    (_blob_with_header(_header([], version=9)), 'version 9'),
    (_blob_with_header(_header([[0, {'array': 's0'}]])), "names array 's0', which is missing"),
    (_blob_with_header(_header([[0, None]]), {'s0': mx.nd.ones((2,))}), 'not used'),
    (_blob_with_header(_header([[0, None], [0, None]])), 'appears twice'),
    (_blob_with_header(_header([[[1], None]])), 'neither an int nor a str'),
    (_blob_with_header(_header([[0, {'pickle': 'x'}]])), 'unknown entry'),
    (_blob_with_header(_header([[0, {'array': 's0'}], [1, {'array': 's0'}]]),
                       {'s0': mx.nd.ones((2,))}), 'used twice'),
    (_blob_with_header(_header('nope')), 'not a list'),
    (_blob_with_header(_header([], optimizer={'class': 'nosuch', 'attrs': {}})),
     'not registered'),
])
def test_corrupt_states_raise_value_error_naming_the_problem(blob, fragment):
    with pytest.raises(ValueError) as err:
        _set(blob)
    assert fragment in str(err.value)


def test_truncated_states_raise_value_error():
    up = mx.optimizer.get_updater(mx.optimizer.create('adam'))
    _train(up, _weights(), 1, 0)
    blob = up.get_states()
    for cut in (10, len(blob) // 2, len(blob) - 1):
        with pytest.raises(ValueError):
            _set(blob[:cut])


def test_non_bytes_is_a_type_error():
    with pytest.raises(TypeError, match='bytes'):
        _set({0: None})


def test_unsaveable_state_is_a_clear_type_error():
    up = mx.optimizer.get_updater(mx.optimizer.create('sgd'))
    up.states[0] = object()
    with pytest.raises(TypeError, match='index 0'):
        up.get_states()
