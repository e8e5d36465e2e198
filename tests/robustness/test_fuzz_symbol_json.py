"""Mutated symbol JSON files (``prefix-symbol.json``): ``sym.load`` returns a sound Symbol or
raises SymbolFormatError (a ValueError and MXNet's MXNetError) naming the file, within 1 s and
a few MB. Nothing in the file is evaluated: op names are looked up in tutor's operator table.

"Sound": the Symbol writes JSON that loads back to the same JSON, and when the mutation left
the graph itself unchanged (whitespace, key order, the optional ``arg_nodes`` and
``node_row_ptr``), the Symbol is exactly the original one, byte for byte.
"""
import copy
import json
import os
import sys

import pytest
from hypothesis import given, settings, strategies as st

import tutor as mx
from tutor.symbol.json_io import SymbolFormatError

sys.path.insert(0, os.path.dirname(__file__))
from _robust import FUZZ, cases, check_load, fixture_bytes, write  # noqa: E402

KIND = 'symbol JSON (sym.load)'


def _tutor_net():
    with mx.name.NameManager():   # the same auto names however many symbols came before
        return _tutor_net_json()


def _tutor_net_json():
    data = mx.sym.Variable('data')
    net = mx.sym.Convolution(data, name='conv1', kernel=(3, 3), num_filter=4, pad=(1, 1))
    net = mx.sym.BatchNorm(net, name='bn1')
    net = mx.sym.Activation(net, name='relu1', act_type='relu')
    net = mx.sym.Pooling(net, name='pool1', kernel=(2, 2), stride=(2, 2), pool_type='max')
    net = mx.sym.Dropout(net, name='drop1', p=0.3)
    net = mx.sym.Flatten(net, name='flat')
    net = mx.sym.FullyConnected(net, name='fc', num_hidden=3)
    return mx.sym.SoftmaxOutput(net * 2.0, name='softmax').tojson().encode('utf-8')


SEEDS = {
    'mxnet-mlp': fixture_bytes('mxnet-mlp-symbol.json'),
    'mxnet-bn': fixture_bytes('mxnet-bn-symbol.json'),
    'tutor-conv': _tutor_net(),
}
DOCS = {k: json.loads(v) for k, v in SEEDS.items()}
OPTIONAL = ('arg_nodes', 'node_row_ptr')


def _graph(doc):
    if not isinstance(doc, dict):
        return doc
    return {k: v for k, v in doc.items() if k not in OPTIONAL}


def sound(seed, data):
    def check(sym):
        assert isinstance(sym, mx.sym.Symbol)
        text = sym.tojson()
        assert mx.sym.load_json(text).tojson() == text
        sym.list_arguments(), sym.list_outputs(), sym.list_auxiliary_states()
        try:
            doc = json.loads(data.decode('utf-8'))
        except ValueError:
            return
        if _graph(doc) == _graph(DOCS[seed]):
            assert text.encode('utf-8') == SEEDS[seed], 'same graph, different symbol'
    return check


def load_case(tmp, seed, data, tag='case'):
    path = write(os.path.join(tmp, tag + '-symbol.json'), data)
    return check_load(KIND, path, mx.sym.load, SymbolFormatError, sound(seed, data))[0]


@pytest.fixture(scope='module')
def tmp(fuzz_dir):
    return fuzz_dir


# --- exhaustive sweeps ---------------------------------------------------------------------

@pytest.mark.parametrize('seed', sorted(SEEDS))
def test_seeds_load_to_themselves(tmp, seed):
    assert load_case(tmp, seed, SEEDS[seed], seed) == 'loaded'
    # whitespace, key order and the optional fields do not matter
    doc = DOCS[seed]
    shuffled = {k: doc[k] for k in reversed(list(doc)) if k not in OPTIONAL}
    assert load_case(tmp, seed, json.dumps(shuffled).encode()) == 'loaded'


@pytest.mark.parametrize('seed', sorted(SEEDS))
def test_every_truncation_is_refused(tmp, seed):
    data = SEEDS[seed]
    for cut in range(len(data)):
        assert load_case(tmp, seed, data[:cut]) == 'refused', cut


def test_every_single_bit_flip_of_the_mlp(tmp):
    data = SEEDS['mxnet-mlp']
    for bit in range(8 * len(data)):
        flipped = bytearray(data)
        flipped[bit // 8] ^= 1 << (bit % 8)
        load_case(tmp, 'mxnet-mlp', bytes(flipped))


def _paths(value, path=()):
    """Every (path, value) inside a JSON document."""
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
REPLACEMENTS = [_DELETE, None, True, 0, 1, -1, 2, 11, 2 ** 31, 2 ** 64, -2 ** 63, 1.5, 1e308,
                '', 'x', '0', '-1', '3.5', '1e9', '99999999999999999999', 'null', [], [0],
                [0, 0], [0, 0, 0], [-1, 0, 0], [0, 5, 0], [[0, 0, 0]], {}, {'a': 'b'}]


@pytest.mark.parametrize('seed', ['mxnet-mlp', 'mxnet-bn'])
def test_every_value_replaced_or_deleted(tmp, seed):
    """Each value in the document (node ids, indices, names, attrs, heads...) set to a value
    of another type or out of range, or deleted."""
    doc = DOCS[seed]
    for path, _ in list(_paths(doc)):
        if path[:1] == ('nodes',) and len(path) >= 2 and path[1] not in (0, 1, 3, 9, 8) \
                and seed == 'mxnet-bn':
            continue  # keep the bigger file quick: its other nodes repeat these kinds
        for new in REPLACEMENTS:
            if not path and new is _DELETE:
                continue
            load_case(tmp, seed, json.dumps(_replaced(doc, path, new)).encode())


def test_attribute_values_that_are_not_numbers_or_out_of_range(tmp):
    doc = DOCS['tutor-conv']
    bad = ['', 'abc', '-1', '0', '3.5', '1e3', '(3, 3)', '(0, 0)', '(-1, 3)', '(3,)',
           '(3, 3, 3, 3)', '99999999999999999999', 'None', 'true', ' 3', '3 ', '\x00', '[3]']
    for i, node in enumerate(doc['nodes']):
        for key in node.get('attrs', {}):
            for value in bad:
                load_case(tmp, 'tutor-conv',
                          json.dumps(_replaced(doc, ('nodes', i, 'attrs', key), value)).encode())


BAD_UTF8 = [b'\xff', b'\xfe\xff', b'\x80', b'\xc0\xaf', b'\xed\xa0\x80', b'\xe4\xb8']


def test_names_that_are_not_utf8_are_refused_and_named(tmp):
    data = SEEDS['mxnet-mlp']
    for name in (b'"fc1_weight"', b'"relu1"', b'"softmax_label"'):
        for bad in BAD_UTF8:
            mutated = data.replace(name, name[:-1] + bad + b'"', 1)
            path = write(os.path.join(tmp, 'utf8-symbol.json'), mutated)
            with pytest.raises(SymbolFormatError, match='not UTF-8') as err:
                mx.sym.load(path)
            assert 'utf8-symbol.json' in str(err.value)
            assert isinstance(err.value, ValueError)


def test_deep_nesting_huge_numbers_and_long_names(tmp):
    seed = 'mxnet-mlp'
    texts = [b'[' * 100000 + b']' * 100000, b'{"nodes": ' + b'[' * 50000,
             b'{"a":' * 30000 + b'1' + b'}' * 30000,
             SEEDS[seed].replace(b'[9, 0, 0]', b'[9' + b'0' * 5000 + b', 0, 0]'),
             SEEDS[seed].replace(b'"3"', b'"' + b'9' * 5000 + b'"'),
             SEEDS[seed].replace(b'"relu1"', b'"' + b'r' * 200000 + b'"'),
             SEEDS[seed].replace(b'"relu1"', b'"relu\\u0000"'),
             SEEDS[seed].replace(b'"relu"', b'"__import__(\'os\')"')]
    for text in texts:
        load_case(tmp, seed, text)
    assert load_case(tmp, seed, texts[0]) == 'refused'
    assert load_case(tmp, seed, texts[-1]) == 'refused'  # an unknown act_type, not evaluated


def test_duplicate_names_and_cycles(tmp):
    doc = DOCS['mxnet-mlp']
    twice = _replaced(doc, ('nodes', 5, 'name'), 'fc1_weight')     # two variables, one name
    self_loop = _replaced(doc, ('nodes', 3, 'inputs', 0), [3, 0, 0])
    forward = _replaced(doc, ('nodes', 3, 'inputs', 0), [7, 0, 0])
    for d in (twice, self_loop, forward):
        load_case(tmp, 'mxnet-mlp', json.dumps(d).encode())
    assert load_case(tmp, 'mxnet-mlp', json.dumps(self_loop).encode()) == 'refused'
    assert load_case(tmp, 'mxnet-mlp', json.dumps(forward).encode()) == 'refused'


def test_other_files_are_refused(tmp):
    import pickle
    for data in (b'', b'   ', b'null', b'[]', b'"nodes"', b'{}', b'{"nodes": {}}',
                 pickle.dumps({'nodes': []}), fixture_bytes('mxnet-tiny.params'),
                 b'\xef\xbb\xbf' + SEEDS['mxnet-mlp'], b'\xff\xfe' + SEEDS['mxnet-mlp']):
        assert load_case(tmp, 'mxnet-mlp', data, 'other') == 'refused'


# --- random mutations (hypothesis) ---------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2 ** 65, 2 ** 65) | st.floats(allow_nan=False)
    | st.text(max_size=8) | st.sampled_from(['null', 'FullyConnected', 'data', 'relu']),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                                 max_size=4),
    max_leaves=12)


@settings(FUZZ, max_examples=400)
@given(seed=st.sampled_from(sorted(SEEDS)), data=st.data())
def _random_structural(tmp, seed, data):
    doc = DOCS[seed]
    for _ in range(data.draw(st.integers(1, 3))):
        paths = [p for p, _ in _paths(doc) if p]
        path = data.draw(st.sampled_from(paths))
        new = data.draw(st.one_of(st.just(_DELETE), json_values,
                                  st.sampled_from(REPLACEMENTS[1:])))
        doc = _replaced(doc, path, new)
    load_case(tmp, seed, json.dumps(doc).encode())


@settings(FUZZ, max_examples=400)
@given(seed=st.sampled_from(sorted(SEEDS)),
       ops=st.lists(st.tuples(st.integers(0, 2 ** 16), st.binary(max_size=4),
                              st.integers(0, 3)), min_size=1, max_size=5))
def _random_bytes(tmp, seed, ops):
    out = bytearray(SEEDS[seed])
    for pos, val, cut in ops:
        pos %= max(len(out), 1)
        out[pos:pos + cut] = val
    load_case(tmp, seed, bytes(out))


def test_random_mutations_hypothesis(tmp):
    before = cases(KIND)
    _random_structural(tmp)
    _random_bytes(tmp)
    assert cases(KIND) - before >= 700


def test_case_count():
    """The sweeps above fuzzed thousands of files (checked when the whole file runs)."""
    if cases(KIND) == 0:
        pytest.skip('run the whole file to count its cases')
    assert cases(KIND) >= 10000
