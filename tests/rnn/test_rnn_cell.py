"""mx.rnn cells: the graph unroll builds (names, parameters, states), its numbers against a
NumPy loop, and pack/unpack of gate weights."""
import numpy as np
import pytest

import tutor as mx

rng = np.random.RandomState(3)


def bind_forward(sym, arrays):
    exe = sym.bind(mx.cpu(), args={k: mx.nd.array(v) for k, v in arrays.items()},
                   grad_req='null')
    return [o.asnumpy() for o in exe.forward()]


def test_rnn_cell_parameters_and_names():
    cell = mx.rnn.RNNCell(4, prefix='rnn_')
    x = [mx.sym.var('x%d' % i) for i in range(3)]
    outputs, states = cell.unroll(3, inputs=x, merge_outputs=False)
    assert [o.name for o in outputs] == ['rnn_t0_out', 'rnn_t1_out', 'rnn_t2_out']
    assert states[0].name == 'rnn_t2_out'
    # MXNet's order (depth first from the last step)
    assert outputs[-1].list_arguments() == ['x2', 'rnn_i2h_weight', 'rnn_i2h_bias', 'x1', 'x0',
                                            'rnn_h2h_weight', 'rnn_h2h_bias']
    group = mx.sym.Group(outputs)
    args, outs, _ = group.infer_shape(x0=(2, 5), x1=(2, 5), x2=(2, 5))
    shapes = dict(zip(group.list_arguments(), args))
    assert shapes['rnn_i2h_weight'] == (4, 5) and shapes['rnn_h2h_weight'] == (4, 4)
    assert outs == [(2, 4)] * 3


def test_rnn_cell_numbers_match_a_numpy_loop():
    cell = mx.rnn.RNNCell(3, activation='tanh', prefix='r_')
    x = [mx.sym.var('x%d' % i) for i in range(4)]
    outputs, _ = cell.unroll(4, inputs=x, merge_outputs=False)
    arrays = {'x%d' % i: rng.randn(2, 5) for i in range(4)}
    arrays.update(r_i2h_weight=rng.randn(3, 5), r_i2h_bias=rng.randn(3),
                  r_h2h_weight=rng.randn(3, 3), r_h2h_bias=rng.randn(3))
    got = bind_forward(mx.sym.Group(outputs), arrays)
    h = np.zeros((2, 3))
    for t in range(4):
        h = np.tanh(arrays['x%d' % t] @ arrays['r_i2h_weight'].T + arrays['r_i2h_bias']
                    + h @ arrays['r_h2h_weight'].T + arrays['r_h2h_bias'])
        np.testing.assert_allclose(got[t], h, rtol=1e-5, atol=1e-6)


def test_begin_state_is_zeros_named_by_prefix_or_a_variable():
    cell = mx.rnn.LSTMCell(5, prefix='l_')
    zeros = cell.begin_state()
    assert [s.name for s in zeros] == ['l_begin_state_0', 'l_begin_state_1']
    assert zeros[0].list_attr()['__layout__'] == 'NC'
    assert cell.state_shape == [(0, 5), (0, 5)]
    cell.reset()
    as_inputs = cell.begin_state(func=mx.sym.Variable)
    assert [s.list_arguments() for s in as_inputs] == [['l_begin_state_0'],
                                                       ['l_begin_state_1']]


def test_reset_restarts_node_names():
    cell = mx.rnn.RNNCell(2, prefix='a_')
    x = mx.sym.var('x')
    out1, _ = cell(x, cell.begin_state())
    out2, _ = cell(x, [out1])
    assert out2.name == 'a_t1_out'
    cell.reset()
    assert cell(x, cell.begin_state())[0].name == 'a_t0_out'


def test_cells_sharing_params_share_variables():
    params = mx.rnn.RNNParams('shared_')
    a = mx.rnn.RNNCell(3, prefix='a_', params=params)
    b = mx.rnn.RNNCell(3, prefix='b_', params=params)
    x = mx.sym.var('x')
    ya, _ = a(x, a.begin_state())
    yb, _ = b(ya, b.begin_state())
    assert yb.list_arguments() == ['x', 'shared_i2h_weight', 'shared_i2h_bias',
                                   'shared_h2h_weight', 'shared_h2h_bias']


@pytest.mark.parametrize('make,gates', [(lambda: mx.rnn.LSTMCell(3, prefix='l_'), 4),
                                        (lambda: mx.rnn.GRUCell(3, prefix='l_'), 3)])
def test_unpack_then_pack_is_identity(make, gates):
    cell = make()
    args = {'l_i2h_weight': mx.nd.array(rng.randn(3 * gates, 5)),
            'l_i2h_bias': mx.nd.array(rng.randn(3 * gates)),
            'l_h2h_weight': mx.nd.array(rng.randn(3 * gates, 3)),
            'l_h2h_bias': mx.nd.array(rng.randn(3 * gates)), 'other': mx.nd.ones((1,))}
    unpacked = cell.unpack_weights(args)
    names = [g for g in cell._gate_names]
    assert sorted(unpacked) == sorted(['other'] + ['l_%s%s_%s' % (grp, g, kind)
                                                   for grp in ('i2h', 'h2h') for g in names
                                                   for kind in ('weight', 'bias')])
    np.testing.assert_array_equal(unpacked['l_i2h%s_weight' % names[1]],
                                  args['l_i2h_weight'][3:6])
    packed = cell.pack_weights(unpacked)
    assert sorted(packed) == sorted(args)
    for k in args:
        np.testing.assert_array_equal(packed[k], args[k])


def test_rnn_cell_unpack_keeps_its_single_gate():
    cell = mx.rnn.RNNCell(2, prefix='r_')
    args = {'r_i2h_weight': mx.nd.ones((2, 3)), 'r_i2h_bias': mx.nd.ones((2,)),
            'r_h2h_weight': mx.nd.ones((2, 2)), 'r_h2h_bias': mx.nd.ones((2,))}
    assert sorted(cell.unpack_weights(args)) == sorted(args)
    assert sorted(cell.pack_weights(cell.unpack_weights(args))) == sorted(args)
