"""Mutated optimizer-states files (``prefix-0003.states``): ``Module.load_optimizer_states``
loads sound states or raises StatesFormatError (a ValueError) naming the file, within 1 s and
a few MB; nothing is ever unpickled. Loaded states must then be usable: the next ``update()``
works, or refuses with a ValueError saying which state does not fit its weight.
"""
import copy
import json
import os
import pickle
import struct
import sys

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import tutor as mx
from tutor.optimizer import states_io
from tutor.optimizer.states_io import HEADER_KEY, StatesFormatError
from tutor.ndarray import save_to_bytes

sys.path.insert(0, os.path.dirname(__file__))
from _robust import FUZZ, cases, check_load, write  # noqa: E402

KIND = 'optimizer states'

OPTIMIZERS = {
    'sgd-momentum': ('sgd', {'momentum': 0.9, 'learning_rate': 0.1}),
    'adam': ('adam', {}),
    'sgd-plain': ('sgd', {}),
    'sgd-scheduled': ('sgd', {'momentum': 0.5, 'learning_rate': 0.1,
                              'lr_scheduler': mx.lr_scheduler.FactorScheduler(2, 0.5)}),
}


def _net():
    net = mx.sym.Variable('data')
    net = mx.sym.FullyConnected(net, name='fc1', num_hidden=3)
    return mx.sym.SoftmaxOutput(net, name='softmax')


def _trained(name):
    """A module trained two batches with ``name``'s optimizer, and its states as bytes (the
    scheduled one with the optimizer itself: get_states(dump_optimizer=True))."""
    mx.random.seed(0)
    rng = np.random.RandomState(0)
    it = mx.io.NDArrayIter(rng.rand(8, 4).astype('f'), np.arange(8) % 3, 4)
    mod = mx.mod.Module(_net())
    mod.bind(it.provide_data, it.provide_label)
    mod.init_params()
    opt, kwargs = OPTIMIZERS[name]
    mod.init_optimizer(optimizer=opt, optimizer_params=copy.deepcopy(kwargs))
    for batch in it:
        mod.forward_backward(batch)
        mod.update()
    mod.forward_backward(batch)   # gradients ready for the update after each load
    return mod, mod._updater.get_states(dump_optimizer=(name == 'sgd-scheduled'))


MODULES = {name: _trained(name) for name in OPTIMIZERS}
SEEDS = {name: data for name, (_, data) in MODULES.items()}


def _fresh(name):
    mod = MODULES[name][0]
    mod._updater = mx.optimizer.get_updater(mod._optimizer)
    return mod


def _usable(name):
    def check(_):
        mod = _fresh_after_load[name]
        states = mod._updater.states
        assert isinstance(states, dict)
        again = states_io.load(states_io.dump(states))[0]   # the states are re-savable
        assert sorted(again, key=repr) == sorted(states, key=repr)
        weights = {k: v.copy() for k, v in mod._exec.arg_dict.items()}
        try:
            mod.update()
        except ValueError as err:
            assert 'optimizer state' in str(err) or 'state' in str(err), err
        finally:
            for k, v in weights.items():
                mod._exec.arg_dict[k][...] = v
    return check


_fresh_after_load = {}


def load_case(tmp, name, data, tag='case'):
    path = write(os.path.join(tmp, tag + '.states'), data)
    mod = _fresh(name)
    _fresh_after_load[name] = mod
    return check_load(KIND, path, mod.load_optimizer_states, StatesFormatError, _usable(name))[0]


@pytest.fixture(scope='module')
def tmp(fuzz_dir):
    return fuzz_dir


def _header(data):
    arrays = mx.nd.load_frombuffer(data) if hasattr(mx.nd, 'load_frombuffer') else None
    if arrays is None:
        from tutor.ndarray import load_frombuffer
        arrays = load_frombuffer(data)
    return json.loads(arrays[HEADER_KEY].tobytes().decode('utf-8')), arrays


def _with_header(data, header):
    _, arrays = _header(data)
    arrays = dict(arrays)
    text = json.dumps(header).encode('utf-8')
    arrays[HEADER_KEY] = mx.nd.array(np.frombuffer(text, np.uint8), dtype=np.uint8)
    return save_to_bytes(arrays)


# --- exhaustive sweeps ---------------------------------------------------------------------

@pytest.mark.parametrize('name', sorted(SEEDS))
def test_seeds_load_and_resume(tmp, name):
    assert load_case(tmp, name, SEEDS[name], name) == 'loaded'


@pytest.mark.parametrize('name', sorted(SEEDS))
def test_every_truncation_is_refused(tmp, name):
    data = SEEDS[name]
    for cut in range(len(data)):
        assert load_case(tmp, name, data[:cut]) == 'refused', cut


@pytest.mark.parametrize('name', ['sgd-momentum', 'sgd-plain'])
def test_every_single_bit_flip(tmp, name):
    data = SEEDS[name]
    for bit in range(8 * len(data)):
        flipped = bytearray(data)
        flipped[bit // 8] ^= 1 << (bit % 8)
        load_case(tmp, name, bytes(flipped))


def _paths(value, path=()):
    yield path, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, path + (i,))


def _replaced(doc, path, new):
    out = copy.deepcopy(doc)
    if not path:
        return new
    parent = out
    for key in path[:-1]:
        parent = parent[key]
    if new is _DELETE:
        del parent[path[-1]]
    else:
        parent[path[-1]] = new
    return out


_DELETE = object()
REPLACEMENTS = [_DELETE, None, True, 0, 1, -1, 2, 2 ** 64, 1.5, float('inf'), '', 's0', 's1',
                's9', 'x', 'tuple', [], [0], [0, None], [[0, None], [0, None]], {},
                {'array': 's0'}, {'array': 's9'}, {'tuple': []}, {'value': 'x'},
                {'value': 1e308}, {'list': [{'array': 's0'}]}]


@pytest.mark.parametrize('name', sorted(SEEDS))
def test_every_header_value_replaced_or_deleted(tmp, name):
    """The JSON header (format, version, each state's description, the optimizer's
    attributes) with each value set to another type, out of range, or deleted."""
    header, _ = _header(SEEDS[name])
    for path, _ in list(_paths(header)):
        for new in REPLACEMENTS:
            if not path and new is _DELETE:
                continue
            load_case(tmp, name, _with_header(SEEDS[name], _replaced(header, path, new)))


def test_arrays_of_the_wrong_shape_or_dtype_are_refused_when_used(tmp):
    name = 'sgd-momentum'
    _, arrays = _header(SEEDS[name])
    for key in ('s0', 's1'):
        for bad in (np.zeros((2, 2), np.float32), np.zeros(arrays[key].shape, np.int8),
                    np.zeros(arrays[key].shape, np.float64), np.zeros((0,), np.float32)):
            mutated = dict(arrays)
            mutated[key] = mx.nd.array(bad, dtype=bad.dtype)
            load_case(tmp, name, save_to_bytes(mutated))


def test_header_that_is_not_utf8_json_or_nests_too_deep(tmp):
    name = 'sgd-plain'
    _, arrays = _header(SEEDS[name])
    for text in (b'\xff\xfe', b'{"format": "tutor-updater-states", "version": 1, "states": '
                 + b'[' * 100000, b'[' * 100000 + b']' * 100000, b'', b'null', b'"x"',
                 b'{"format": "tutor-updater-states", "version": 1, "states": [[0, '
                 + b'{"list": [' * 5000 + b']}' * 5000 + b']]}'):
        mutated = dict(arrays)
        mutated[HEADER_KEY] = mx.nd.array(np.frombuffer(text, np.uint8), dtype=np.uint8)
        assert load_case(tmp, name, save_to_bytes(mutated)) == 'refused'


def test_mxnet_pickled_states_are_refused_without_unpickling(tmp, monkeypatch):
    def never(*a, **k):
        raise AssertionError('something tried to unpickle a file')
    payloads = [pickle.dumps({0: np.zeros(3)}, protocol=p) for p in range(0, 6)]
    payloads.append(pickle.dumps((({0: None}), None)))
    monkeypatch.setattr(pickle, 'loads', never)
    monkeypatch.setattr(pickle, 'load', never)
    monkeypatch.setattr(pickle, 'Unpickler', never)
    for data in payloads:
        assert load_case(tmp, 'sgd-plain', data, 'pickled') == 'refused'
    path = write(os.path.join(tmp, 'mxnet.states'), payloads[2])
    with pytest.raises(StatesFormatError, match='pickle') as err:
        _fresh('sgd-plain').load_optimizer_states(path)
    assert 'mxnet.states' in str(err.value)


# --- random mutations (hypothesis) ---------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2 ** 65, 2 ** 65) | st.floats(allow_nan=False)
    | st.text(max_size=6) | st.sampled_from(['s0', 's1', 'array', 'tuple', 'list', 'value']),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(['array', 'tuple', 'list', 'value', 'class', 'attrs', 'x']), inner,
        max_size=2),
    max_leaves=10)


@settings(FUZZ, max_examples=300)
@given(name=st.sampled_from(sorted(SEEDS)), data=st.data())
def _random_header(tmp, name, data):
    header, _ = _header(SEEDS[name])
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from([p for p, _ in _paths(header) if p]))
        header = _replaced(header, path, data.draw(st.one_of(st.just(_DELETE), json_values)))
    load_case(tmp, name, _with_header(SEEDS[name], header))


@settings(FUZZ, max_examples=300)
@given(name=st.sampled_from(sorted(SEEDS)),
       ops=st.lists(st.tuples(st.integers(0, 2 ** 16), st.binary(max_size=8),
                              st.integers(0, 8)), min_size=1, max_size=4))
def _random_bytes(tmp, name, ops):
    out = bytearray(SEEDS[name])
    for pos, val, cut in ops:
        pos %= max(len(out), 1)
        out[pos:pos + cut] = val
    load_case(tmp, name, bytes(out))


def test_random_mutations_hypothesis(tmp):
    before = cases(KIND)
    _random_header(tmp)
    _random_bytes(tmp)
    assert cases(KIND) - before >= 500


def test_case_count():
    """The sweeps above fuzzed thousands of files (checked when the whole file runs)."""
    if cases(KIND) == 0:
        pytest.skip('run the whole file to count its cases')
    assert cases(KIND) >= 5000


def test_header_layout_is_what_the_fuzz_assumes():
    header, arrays = _header(SEEDS['sgd-momentum'])
    assert header['format'] == 'tutor-updater-states' and sorted(arrays) == \
        sorted([HEADER_KEY, 's0', 's1'])
    assert struct.unpack_from('<Q', SEEDS['sgd-momentum'])[0] == 0x112
