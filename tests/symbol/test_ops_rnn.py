"""The fused RNN operator: backward (through time, layers and directions) against central
differences in float64 for every input and output, the parameter layout, shapes (partial
ones too), dropout between layers, and the options it refuses."""
import os
import sys

import numpy as np
import pytest

import tutor as mx
from tutor.base import MXNetError
from tutor.symbol.ops.rnn import parameter_count, weight_views

sys.path.insert(0, os.path.dirname(__file__))
from _ophelp import Run, make, numeric_grad  # noqa: E402

T, N, I, H = 3, 2, 3, 2
MODES = ['rnn_relu', 'rnn_tanh', 'lstm', 'gru']
SHAPES = [(1, False), (1, True), (2, False), (2, True)]


def rnn_inputs(mode, layers, bi, rng, dtype=np.float64):
    d = 2 if bi else 1
    args = [rng.randn(T, N, I), 0.5 * rng.randn(parameter_count(mode, layers, bi, I, H)),
            0.5 * rng.randn(layers * d, N, H)]
    if mode == 'lstm':
        args.append(0.5 * rng.randn(layers * d, N, H))
    return [a.astype(dtype) for a in args]


@pytest.mark.parametrize('layers,bi', SHAPES)
@pytest.mark.parametrize('mode', MODES)
def test_gradients_of_every_input_by_central_differences(mode, layers, bi):
    rng = np.random.RandomState(3)
    op = make('RNN', state_size=H, num_layers=layers, bidirectional=bi, mode=mode,
              state_outputs=True)
    r = Run(op, rnn_inputs(mode, layers, bi, rng))
    heads = [rng.randn(*o.shape) for o in r.outputs]

    def loss():   # every output reaches the loss: the sequence and the last states
        r.forward(True)
        return float(sum(np.sum(h * o) for h, o in zip(heads, r.outputs)))

    loss()
    ograds = list(heads)
    r.op.backward(ograds, r.args, r.outputs, r.grads, ['write'] * len(r.args), [], r.state)
    for i, name in enumerate(op.arguments()):
        np.testing.assert_allclose(r.grads[i], numeric_grad(loss, r.args[i]), rtol=1e-5,
                                   atol=1e-7, err_msg='gradient of %s (%s)' % (name, mode))


@pytest.mark.parametrize('mode', MODES)
def test_without_state_outputs_the_states_get_gradients_through_the_sequence(mode):
    rng = np.random.RandomState(4)
    op = make('RNN', state_size=H, num_layers=2, mode=mode)
    assert op.outputs() == ['output']
    r = Run(op, rnn_inputs(mode, 2, False, rng))
    head = rng.randn(*r.outputs[0].shape)

    def loss():
        return float(np.sum(head * r.forward(True)))

    loss()
    r.backward(head)
    for i in range(len(r.args)):
        np.testing.assert_allclose(r.grads[i], numeric_grad(loss, r.args[i]), rtol=1e-5,
                                   atol=1e-7)


def test_add_and_null_requests():
    rng = np.random.RandomState(5)
    r = Run(make('RNN', state_size=H, num_layers=1, mode='gru'), rnn_inputs('gru', 1, False,
                                                                            rng))
    head = rng.randn(T, N, H)
    r.forward(True)
    first = [g.copy() for g in r.backward(head)]
    before = [g.copy() for g in r.grads]
    r.backward(head, req=['add', 'null', 'add'])
    np.testing.assert_allclose(r.grads[0], before[0] + first[0])
    np.testing.assert_array_equal(r.grads[1], before[1])       # 'null': untouched
    np.testing.assert_allclose(r.grads[2], before[2] + first[2])


def test_layer_two_reads_layer_one_and_reverse_direction_runs_backwards():
    """A 2-layer bidirectional RNN built by hand from 1-layer ops on slices of the vector."""
    rng = np.random.RandomState(6)
    mode, layers = 'gru', 2
    x, flat, h0 = rnn_inputs(mode, layers, True, rng)
    views = weight_views(flat, 3, layers, 2, I, H)
    y = x
    for layer in range(layers):
        outs = []
        for d in range(2):
            w_x, w_h, b_x, b_h = views[layer][d]
            one = np.concatenate([w_x.ravel(), w_h.ravel(), b_x, b_h])
            data = y if d == 0 else y[::-1]
            out = Run(make('RNN', state_size=H, num_layers=1, mode=mode),
                      [data, one, h0[layer * 2 + d:layer * 2 + d + 1]]).forward()
            outs.append(out if d == 0 else out[::-1])
        y = np.concatenate(outs, axis=2)
    got = Run(make('RNN', state_size=H, num_layers=layers, bidirectional=True, mode=mode),
              [x, flat, h0]).forward()
    np.testing.assert_allclose(got, y, rtol=1e-12)


@pytest.mark.parametrize('mode', MODES)
@pytest.mark.parametrize('layers,bi', SHAPES)
def test_parameter_count_is_the_layout_size(mode, layers, bi):
    gates = {'rnn_relu': 1, 'rnn_tanh': 1, 'lstm': 4, 'gru': 3}[mode]
    d = 2 if bi else 1
    count = parameter_count(mode, layers, bi, I, H)
    views = weight_views(np.arange(count), gates, layers, d, I, H)   # asserts it uses all
    assert views[0][0][0].shape == (gates * H, I)
    assert views[-1][-1][0].shape == (gates * H, d * H if layers > 1 else I)
    assert views[0][0][0][0, 0] == 0                     # weights first...
    assert views[0][0][2][0] == count - 2 * gates * H * layers * d   # ...then every bias


def test_infer_shape_full_and_partial():
    s = mx.sym.RNN(mx.sym.var('data'), state_size=5, num_layers=2, bidirectional=True,
                   mode='lstm', state_outputs=True, name='rnn')
    assert s.list_arguments() == ['data', 'rnn_parameters', 'rnn_state', 'rnn_state_cell']
    assert s.list_outputs() == ['rnn_output', 'rnn_state_output', 'rnn_statecell_output']
    args, outs, _ = s.infer_shape(data=(3, 2, 4))
    assert args == [(3, 2, 4), (1120,), (4, 2, 5), (4, 2, 5)]
    assert outs == [(3, 2, 10), (4, 2, 5), (4, 2, 5)]
    args, outs, _ = s.infer_shape_partial(data=(3, 0, 4))
    assert args == [(3, 0, 4), (1120,), (4, 0, 5), (4, 0, 5)]
    assert outs == [(3, 0, 10), (4, 0, 5), (4, 0, 5)]


def test_shape_errors_say_what_to_do():
    s = mx.sym.RNN(mx.sym.var('data'), mx.sym.var('parameters'), mx.sym.var('state'),
                   state_size=5, num_layers=1, mode='gru', name='rnn')
    with pytest.raises(MXNetError, match='rank-3'):
        s.infer_shape(data=(3, 2))
    with pytest.raises(MXNetError, match=r'Provided = \[100\], inferred shape=\(165'):
        s.infer_shape(data=(3, 2, 4), parameters=(100,))
    with pytest.raises(MXNetError, match=r'Provided = \[1,3,5\], inferred shape=\(1,2,5\)'):
        s.infer_shape(data=(3, 2, 4), state=(1, 3, 5))


def test_dropout_only_between_layers_and_only_in_training():
    rng = np.random.RandomState(7)
    args = rnn_inputs('rnn_tanh', 2, False, rng)
    plain = Run(make('RNN', state_size=H, num_layers=2, mode='rnn_tanh'), args)
    plain.forward(is_train=True)
    r = Run(make('RNN', state_size=H, num_layers=2, mode='rnn_tanh', p=0.5), args)
    np.testing.assert_array_equal(r.forward(is_train=False), plain.outputs[0])
    mx.random.seed(1)
    assert not np.allclose(r.forward(is_train=True), plain.outputs[0])
    mask = r.state.masks[0]
    assert set(np.unique(mask)) == {0.0, 2.0}                      # 1/(1 - p) or 0
    np.testing.assert_array_equal(r.state.layer_inputs[0], args[0])  # layer 0 reads raw data
    np.testing.assert_allclose(r.state.layer_inputs[1], mask * plain.state.layer_inputs[1])


def test_dropout_gradient_goes_through_the_same_mask():
    rng = np.random.RandomState(8)
    r = Run(make('RNN', state_size=H, num_layers=2, mode='lstm', p=0.4),
            rnn_inputs('lstm', 2, False, rng))
    head = rng.randn(T, N, H)
    mx.random.seed(2)
    r.forward(True)
    def loss():   # the same mask on every call: the same seed
        mx.random.seed(2)
        return float(np.sum(head * r.forward(True)))

    loss()
    r.backward(head)
    np.testing.assert_allclose(r.grads[0], numeric_grad(loss, r.args[0]), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize('attrs', [{'use_sequence_length': True},
                                   {'lstm_state_clip_min': -1, 'lstm_state_clip_max': 1}])
def test_options_tutor_does_not_implement_are_refused_at_bind(attrs):
    s = mx.sym.RNN(mx.sym.var('data'), state_size=2, num_layers=1, mode='lstm', name='r',
                   **attrs)
    with pytest.raises(MXNetError, match='not implemented in tutor'):
        s.simple_bind(mx.cpu(), data=(3, 2, 4))


def test_projection_is_refused_at_shape_inference():
    s = mx.sym.RNN(mx.sym.var('data'), state_size=5, num_layers=1, mode='lstm',
                   projection_size=3, name='r')
    with pytest.raises(MXNetError, match='projection_size'):
        s.infer_shape(data=(3, 2, 4))


def test_float32_stays_float32():
    rng = np.random.RandomState(9)
    r = Run(make('RNN', state_size=H, num_layers=1, mode='lstm', state_outputs=True),
            rnn_inputs('lstm', 1, False, rng, np.float32))
    r.forward(True)
    r.backward(np.ones((T, N, H)))
    assert all(o.dtype == np.float32 for o in r.outputs + r.grads)
