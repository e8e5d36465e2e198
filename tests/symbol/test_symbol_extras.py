"""Symbol beyond graph building: composition, pickling through JSON, fluent methods,
NDArray-only methods, debug_str."""
import copy
import pickle

import pytest

import tutor as mx


def small():
    fc = mx.sym.FullyConnected(mx.sym.Variable('data'), num_hidden=3, name='fc')
    return mx.sym.Activation(fc, act_type='relu', name='act')


def test_composition_replaces_a_variable_and_renames_the_head():
    head = mx.sym.FullyConnected(mx.sym.Variable('x'), num_hidden=2, name='out')
    net = head(x=small(), name='joined')
    assert net.list_arguments() == ['data', 'fc_weight', 'fc_bias', 'out_weight', 'out_bias']
    assert net.list_outputs() == ['joined_output']
    assert head.list_arguments() == ['x', 'out_weight', 'out_bias']   # head unchanged
    assert net.infer_shape(data=(4, 5))[1] == [(4, 2)]


def test_composition_refuses_positional_and_unknown_names():
    head = mx.sym.FullyConnected(mx.sym.Variable('x'), num_hidden=2)
    with pytest.raises(mx.base.MXNetError, match='kwargs'):
        head(small())
    with pytest.raises(mx.base.MXNetError, match='not an input'):
        head(y=small())


def test_pickle_and_deepcopy_round_trip_through_json():
    net = small()
    assert net.__getstate__() == {'handle': net.tojson()}
    assert pickle.loads(pickle.dumps(net)).tojson() == net.tojson()
    clone = copy.deepcopy(net)
    assert clone.tojson() == net.tojson() and clone._outputs[0][0] is not net._outputs[0][0]


def test_fluent_methods_call_the_operator():
    net = small()
    flat = net.flatten(name='flat')
    assert flat.list_outputs() == ['flat_output']
    assert flat.tojson() == mx.sym.flatten(net, name='flat').tojson()
    with pytest.raises(mx.base.MXNetError, match="no operator 'surely_not_an_op'"):
        mx.symbol.fluent.operator_function('surely_not_an_op')


def test_ndarray_only_methods_raise():
    with pytest.raises(mx.base.NotImplementedForSymbol, match='asnumpy'):
        small().asnumpy()


def test_debug_str_lists_ops_and_variables():
    text = small().debug_str()
    assert text.startswith('Symbol Outputs:\n\toutput[0]=act(0)\nVariable:data\n')
    assert 'Op:FullyConnected, Name=fc' in text and '\tnum_hidden=3' in text
