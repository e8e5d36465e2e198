"""Operator functions take MXNet's generated signature: inputs first, then parameters, in
MXNet's order, so positional parameters work (``Dropout(data, 0.5)``)."""
import inspect

import pytest

import tutor as mx
from tutor.symbol.op import OPS


def test_positional_parameters_follow_the_inputs():
    data = mx.sym.Variable('data')
    assert mx.sym.Dropout(data, 0.5).attr('p') == '0.5'
    assert mx.sym.Activation(data, 'relu').attr('act_type') == 'relu'
    fc = mx.sym.FullyConnected(data, None, None, 10, name='fc')
    assert fc.attr('num_hidden') == '10'
    assert fc.list_arguments() == ['data', 'fc_weight', 'fc_bias']
    bn = mx.sym.BatchNorm(data, None, None, None, None, 1e-4, 0.8, name='bn')
    assert (bn.attr('eps'), bn.attr('momentum')) == ('0.0001', '0.8')


def test_positional_and_keyword_mix_like_mxnet():
    data, w = mx.sym.Variable('data'), mx.sym.Variable('w')
    fc = mx.sym.FullyConnected(data, w, num_hidden=3, no_bias=True, name='fc')
    assert fc.list_arguments() == ['data', 'w']
    conv = mx.sym.Convolution(data, None, None, (3, 3), num_filter=2, name='c')
    assert conv.attr('kernel') == '(3, 3)'


def test_a_value_given_twice_or_too_many_is_refused():
    data = mx.sym.Variable('data')
    with pytest.raises(TypeError, match='multiple values'):
        mx.sym.Dropout(data, 0.5, p=0.3)
    with pytest.raises(TypeError, match='at most'):
        mx.sym.Activation(data, 'relu', 'extra')
    with pytest.raises(AssertionError, match='must be Symbol'):
        mx.sym.FullyConnected(data, 10)   # the second slot is the weight, not num_hidden


def test_every_op_function_shows_mxnet_signature():
    for name, cls in OPS.items():
        sig = inspect.signature(getattr(mx.sym, name))
        names = list(sig.parameters)
        if cls.variadic:    # MXNet's is (*data, **kwargs) only (add_n: *args)
            assert names == [cls.inputs[0], 'kwargs'], name
            continue
        assert names[-4:] == ['name', 'attr', 'out', 'kwargs'], name
        assert names[:len(cls.inputs)] == list(cls.inputs), name
    assert str(inspect.signature(mx.sym.Activation)) == \
        '(data=None, act_type=_Null, name=None, attr=None, out=None, **kwargs)'
