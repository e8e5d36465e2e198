"""Symbol graph: MXNet's naming, introspection and shape inference."""
import warnings

import pytest

import tutor as mx


def mlp(h1=3, h2=2):
    net = mx.sym.Variable('data')
    net = mx.sym.FullyConnected(net, name='fc1', num_hidden=h1)
    net = mx.sym.Activation(net, name='relu1', act_type='relu')
    net = mx.sym.FullyConnected(net, name='fc2', num_hidden=h2)
    return mx.sym.SoftmaxOutput(net, name='softmax')


def test_arguments_outputs_and_the_automatic_label():
    net = mlp()
    assert net.list_arguments() == ['data', 'fc1_weight', 'fc1_bias', 'fc2_weight',
                                    'fc2_bias', 'softmax_label']
    assert net.list_outputs() == ['softmax_output']
    assert net.list_auxiliary_states() == []
    assert net.name == 'softmax' and repr(net) == '<Symbol softmax>'


def test_infer_shape_matches_mxnet():
    arg, out, aux = mlp().infer_shape(data=(4, 5))
    assert arg == [(4, 5), (3, 5), (3,), (2, 3), (2,), (4,)]
    assert out == [(4, 2)] and aux == []


def test_infer_shape_underdetermined_warns_and_partial_does_not():
    net = mlp()
    with pytest.warns(UserWarning, match='Cannot decide shape'):
        assert net.infer_shape() == (None, None, None)
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        arg, out, _ = net.infer_shape_partial(fc1_weight=(3, 5))
    assert arg[1] == (3, 5) and arg[0] == ()


def test_infer_shape_inconsistent_names_the_argument_and_both_shapes():
    with pytest.raises(mx.MXNetError) as err:
        mlp().infer_shape(data=(4, 5), fc1_weight=(5, 5))
    msg = str(err.value)
    assert 'fc1_weight' in msg and '(5, 5)' in msg and '(3, 5)' in msg


def test_unknown_argument_in_infer_shape_is_named():
    with pytest.raises(ValueError, match='dat'):
        mlp().infer_shape(dat=(4, 5))


def test_auto_names_count_per_op_and_reset_with_name_manager():
    with mx.name.NameManager():
        a = mx.sym.Variable('x')
        f0 = mx.sym.FullyConnected(a, num_hidden=2)
        f1 = mx.sym.FullyConnected(f0, num_hidden=2)
        act = mx.sym.Activation(f1, act_type='tanh')
    assert (f0.name, f1.name, act.name) == ('fullyconnected0', 'fullyconnected1', 'activation0')
    assert f1.list_arguments() == ['x', 'fullyconnected0_weight', 'fullyconnected0_bias',
                                   'fullyconnected1_weight', 'fullyconnected1_bias']
    with mx.name.Prefix('mlp_'):
        f = mx.sym.FullyConnected(a, num_hidden=2, name='fc1')
    assert f.name == 'mlp_fc1' and 'mlp_fc1_weight' in f.list_arguments()


def test_arithmetic_makes_mxnets_nodes():
    with mx.name.NameManager():
        a, b = mx.sym.Variable('a'), mx.sym.Variable('b')
        names = [(a + b).name, (a + 2).name, (3 * a).name, (1 - a).name, (a / b).name,
                 (2 / a).name, (-a).name, (a - 1).name]
    assert names == ['_plus0', '_plusscalar0', '_mulscalar0', '_rminusscalar0', '_div0',
                     '_rdivscalar0', '_mulscalar1', '_minusscalar0']
    assert (a + 2).attr('scalar') == '2'


def test_internals_children_and_indexing():
    net = mlp()
    internals = net.get_internals()
    assert internals.list_outputs() == ['data', 'fc1_weight', 'fc1_bias', 'fc1_output',
                                        'relu1_output', 'fc2_weight', 'fc2_bias', 'fc2_output',
                                        'softmax_label', 'softmax_output']
    feat = internals['fc1_output']
    assert feat.list_arguments() == ['data', 'fc1_weight', 'fc1_bias']
    assert repr(net.get_children()) == '<Symbol group [fc2, softmax_label]>'
    with pytest.raises(ValueError, match='Cannot find output'):
        internals['nope']
    with pytest.raises(IndexError):
        net[3]
    group = mx.sym.Group([feat, net])
    assert len(group) == 2 and group.list_outputs() == ['fc1_output', 'softmax_output']


def test_attributes_copy_to_auto_variables():
    a = mx.sym.Variable('data')
    fc = mx.sym.FullyConnected(a, num_hidden=3, name='fc', attr={'lr_mult': '2'})
    d = fc.attr_dict()
    assert d['fc_weight'] == {'num_hidden': '3', '__lr_mult__': '2', 'lr_mult': '2'}
    assert fc.attr('num_hidden') == '3'
    v = mx.sym.Variable('w', shape=(3, 2), lr_mult=2, dtype='float32')
    assert v.attr('__shape__') == '(3, 2)' and v.attr('__dtype__') == '0'
    with pytest.raises(ValueError, match='double underscores'):
        mx.sym.Variable('w', foo=1)
    with pytest.raises(TypeError):
        mx.sym.Variable(3)


def test_batchnorm_has_aux_states_with_init_attrs():
    bn = mx.sym.BatchNorm(mx.sym.Variable('data'), name='bn1')
    assert bn.list_arguments() == ['data', 'bn1_gamma', 'bn1_beta']
    assert bn.list_auxiliary_states() == ['bn1_moving_mean', 'bn1_moving_var']
    assert bn.list_inputs() == ['data', 'bn1_gamma', 'bn1_beta', 'bn1_moving_mean',
                                'bn1_moving_var']
    assert bn.attr_dict()['bn1_moving_var']['__init__'] == '["one", {}]'


def test_bad_operator_parameters_say_what_is_valid():
    with pytest.raises(mx.MXNetError, match="valid values are: {'relu', 'sigmoid', "
                                            "'softrelu', 'softsign', 'tanh'}"):
        mx.sym.Activation(mx.sym.Variable('x'), act_type='foo')
    with pytest.raises(mx.MXNetError, match='Required parameter num_hidden'):
        mx.sym.FullyConnected(mx.sym.Variable('x'))
    with pytest.raises(mx.MXNetError, match='has no input'):
        mx.sym.FullyConnected(mx.sym.Variable('x'), num_hidden=2, lable=mx.sym.Variable('y'))
