"""Symbol JSON: byte-identical to MXNet 1.9.1, strict when reading."""
import os

import pytest

import tutor as mx
from tutor.symbol.json_io import SymbolFormatError

FIX = os.path.join(os.path.dirname(__file__), '..', 'fixtures')


def read(name):
    with open(os.path.join(FIX, name), encoding='utf-8') as f:
        return f.read()


def test_mlp_json_is_byte_identical_to_mxnet():
    net = mx.sym.Variable('data')
    net = mx.sym.FullyConnected(net, name='fc1', num_hidden=3)
    net = mx.sym.Activation(net, name='relu1', act_type='relu')
    net = mx.sym.FullyConnected(net, name='fc2', num_hidden=2)
    net = mx.sym.SoftmaxOutput(net, name='softmax')
    assert net.tojson() == read('mxnet-mlp-symbol.json')


def test_batchnorm_dropout_regression_json_is_byte_identical_to_mxnet():
    a = mx.sym.Variable('data')
    f = mx.sym.FullyConnected(a, name='fc1', num_hidden=4)
    bn = mx.sym.BatchNorm(f, name='bn1')
    r = mx.sym.Activation(bn, act_type='tanh', name='t')
    d = mx.sym.Dropout(r, p=0.2, name='drop')
    o = mx.sym.LinearRegressionOutput(mx.sym.FullyConnected(d, num_hidden=1, name='out'),
                                      name='lro')
    assert o.tojson() == read('mxnet-bn-symbol.json')


@pytest.mark.parametrize('name', ['mxnet-mlp-symbol.json', 'mxnet-bn-symbol.json'])
def test_mxnet_files_load_and_round_trip(name):
    sym = mx.sym.load(os.path.join(FIX, name))
    assert sym.tojson() == read(name)


def test_save_writes_exactly_tojson(tmp_path):
    net = mx.sym.load(os.path.join(FIX, 'mxnet-mlp-symbol.json'))
    f = tmp_path / 'n-symbol.json'
    net.save(str(f))
    assert f.read_text() == net.tojson() and not f.read_text().endswith('\n')


def test_internals_json_uses_multiline_lists_past_ten_items():
    net = mx.sym.load(os.path.join(FIX, 'mxnet-mlp-symbol.json'))
    text = net.get_internals().tojson()
    assert '"heads": [[0, 0, 0], [1, 0, 0]' in text  # ten heads: still inline
    assert '"node_row_ptr": [\n    0, \n    1, \n' in text  # eleven numbers: one per line
    assert mx.sym.load_json(text).tojson() == text


def test_older_dialects_load():
    old = ('{"nodes": [{"op": "null", "name": "x", "inputs": []}, {"op": "Activation", '
           '"name": "a", "param": {"act_type": "tanh"}, "inputs": [[0, 0]], '
           '"backward_source_id": -1}], "arg_nodes": [0], "heads": [[1, 0]]}')
    sym = mx.sym.load_json(old)
    assert sym.list_outputs() == ['a_output'] and sym.attr('act_type') == 'tanh'


@pytest.mark.parametrize('text, what', [
    ('not json', 'not JSON'),
    ('{"nodes": []}', 'non-empty'),
    ('{"nodes": [{"op": "Nope", "name": "n", "inputs": []}], "heads": [[0, 0, 0]]}',
     'does not implement'),
    ('{"nodes": [{"op": "null", "name": "x", "inputs": []}], "heads": [[3, 0, 0]]}',
     'not an earlier node'),
    ('{"nodes": [{"op": "Activation", "name": "a", "attrs": {"act_type": "relu"}, '
     '"inputs": [[0, 0, 0]]}], "heads": [[0, 0, 0]]}', 'not an earlier node'),
    ('{"nodes": [{"op": "null", "name": "x", "inputs": []}, {"op": "FullyConnected", '
     '"name": "f", "attrs": {"num_hidden": "2"}, "inputs": [[0, 0, 0]]}], '
     '"heads": [[1, 0, 0]]}', 'takes 3'),
])
def test_bad_json_is_refused_with_a_reason(text, what):
    with pytest.raises(SymbolFormatError, match=what):
        mx.sym.load_json(text)


def test_non_utf8_file_is_refused(tmp_path):
    f = tmp_path / 'bad-symbol.json'
    f.write_bytes(b'\xff\xfe{"nodes": []}')
    with pytest.raises(ValueError, match='bad-symbol.json'):
        mx.sym.load(str(f))
