"""FusedRNNCell: one RNN node computes what its unfuse()d stack of cells computes (outputs,
last states, every gradient) from the same weights; unpack/pack; the FusedRNN initializer;
checkpoints; what it refuses."""
import warnings

import numpy as np
import pytest

import tutor as mx

T, N, C, H = 3, 2, 4, 3
MODES = ['rnn_relu', 'rnn_tanh', 'lstm', 'gru']


def fused(mode, layers=2, bi=True, **kwargs):
    return mx.rnn.FusedRNNCell(H, num_layers=layers, mode=mode, bidirectional=bi,
                               prefix='f_', **kwargs)


def run(sym, arrays, heads):
    exe = sym.simple_bind(mx.cpu(), grad_req='write',
                          **{n: a.shape for n, a in arrays.items()})
    for n, a in arrays.items():
        exe.arg_dict[n][:] = a
    outs = [o.asnumpy().copy() for o in exe.forward(is_train=True)]
    exe.backward([mx.nd.array(h) for h in heads])
    return outs, {n: g.asnumpy().copy() for n, g in exe.grad_dict.items()}


@pytest.mark.parametrize('layout', ['TNC', 'NTC'])
@pytest.mark.parametrize('layers,bi', [(1, False), (2, True)])
@pytest.mark.parametrize('mode', MODES)
def test_fused_equals_its_unfused_stack(mode, layers, bi, layout):
    rng = np.random.RandomState(1)
    cell = fused(mode, layers, bi)
    data_shape = (T, N, C) if layout == 'TNC' else (N, T, C)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')     # NTC: "consider using TNC"
        out, _ = cell.unroll(T, mx.sym.var('data'), layout=layout, merge_outputs=True)
    stack = cell.unfuse()
    u_out, _ = stack.unroll(T, mx.sym.var('data'), layout=layout, merge_outputs=True)
    size = out.infer_shape(data=data_shape)[0][1][0]
    flat = rng.uniform(-0.5, 0.5, size).astype(np.float32)
    x = rng.randn(*data_shape).astype(np.float32)
    head = rng.randn(*out.infer_shape(data=data_shape)[1][0]).astype(np.float32)
    f_outs, f_grads = run(out, {'data': x, 'f_parameters': flat}, [head])
    unpacked = stack.pack_weights(cell.unpack_weights({'f_parameters': mx.nd.array(flat)}))
    zeros = {n: np.zeros(s, np.float32) for n, s in
             zip(u_out.list_arguments(), u_out.infer_shape(data=data_shape)[0])
             if 'begin_state' in n}
    arrays = dict({n: v.asnumpy() for n, v in unpacked.items()}, data=x, **zeros)
    u_outs, u_grads = run(u_out, arrays, [head])
    np.testing.assert_allclose(f_outs[0], u_outs[0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(f_grads['data'], u_grads['data'], rtol=1e-4, atol=1e-6)
    packed = cell.pack_weights(stack.unpack_weights(
        {n: mx.nd.array(u_grads[n]) for n in unpacked}))['f_parameters']
    np.testing.assert_allclose(f_grads['f_parameters'], packed.asnumpy(), rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize('mode', MODES)
def test_next_states_are_the_unfused_last_states(mode):
    rng = np.random.RandomState(2)
    cell = fused(mode, get_next_state=True)
    out, states = cell.unroll(T, mx.sym.var('data'), layout='TNC', merge_outputs=True)
    assert len(states) == len(cell.state_info) == (2 if mode == 'lstm' else 1)
    fsym = mx.sym.Group([out] + states)
    shapes = fsym.infer_shape(data=(T, N, C))
    flat = rng.uniform(-0.5, 0.5, shapes[0][1]).astype(np.float32)
    x = rng.randn(T, N, C).astype(np.float32)
    f_outs, _ = run(fsym, {'data': x, 'f_parameters': flat},
                    [np.zeros(s, np.float32) for s in shapes[1]])
    stack = cell.unfuse()
    u_out, u_states = stack.unroll(T, mx.sym.var('data'), layout='TNC', merge_outputs=True)
    flat_states = [s for pair in u_states for s in (pair if isinstance(pair, list) else [pair])]
    usym = mx.sym.Group([u_out] + flat_states)
    unpacked = stack.pack_weights(cell.unpack_weights({'f_parameters': mx.nd.array(flat)}))
    arg_shapes, out_shapes, _ = usym.infer_shape(data=(T, N, C))
    arrays = {n: (unpacked[n].asnumpy() if n in unpacked else np.zeros(s, np.float32))
              for n, s in zip(usym.list_arguments(), arg_shapes)}
    arrays['data'] = x
    u_outs, _ = run(usym, arrays, [np.zeros(s, np.float32) for s in out_shapes])
    # unfused states come layer by layer, direction by direction, h (then c) for each
    per_cell = 2 if mode == 'lstm' else 1
    for k in range(per_cell):
        want = np.stack(u_outs[1 + k::per_cell])
        np.testing.assert_allclose(f_outs[1 + k], want, rtol=1e-5, atol=1e-6)


def test_unpack_names_and_pack_round_trip():
    cell = fused('gru', layers=2, bi=True)
    out, _ = cell.unroll(T, mx.sym.var('data'), layout='TNC', merge_outputs=True)
    size = out.infer_shape(data=(T, N, C))[0][1][0]
    flat = mx.nd.array(np.arange(size, dtype=np.float32))
    unpacked = cell.unpack_weights({'f_parameters': flat, 'other': flat})
    assert 'other' in unpacked and 'f_parameters' not in unpacked
    assert len(unpacked) - 1 == 2 * 2 * 2 * 3 * 2      # layers·dirs·(i2h,h2h)·gates·(w,b)
    assert unpacked['f_l0_i2h_r_weight'].shape == (H, C)
    assert unpacked['f_r1_i2h_z_weight'].shape == (H, 2 * H)
    assert unpacked['f_l0_i2h_r_weight'][0, 0] == 0                 # the vector starts there
    assert unpacked['f_r1_h2h_o_bias'][-1] == size - 1              # and ends there
    unpacked['f_l0_i2h_r_weight'][0, 0] = -1                        # copies, not views
    assert flat[0] == 0
    unpacked['f_l0_i2h_r_weight'][0, 0] = 0
    np.testing.assert_array_equal(cell.pack_weights(unpacked)['f_parameters'], flat)


def test_fused_rnn_initializer_treats_each_piece_by_its_name():
    cell = fused('lstm', layers=2, bi=False, forget_bias=2.5)
    out, _ = cell.unroll(T, mx.sym.var('data'), layout='TNC', merge_outputs=True)
    mod = mx.mod.Module(out, data_names=['data'], label_names=None)
    mod.bind([('data', (T, N, C))], for_training=False)
    mod.init_params(mx.init.One())
    arg, _ = mod.get_params()
    pieces = cell.unpack_weights(arg)
    for name, value in pieces.items():
        want = 2.5 if name.endswith('_f_bias') else 0.0 if name.endswith('bias') else 1.0
        assert (value.asnumpy() == want).all(), name
    init = mx.init.FusedRNN('["constant", {"value": 0.25}]', H, 2, 'lstm')
    vec = mx.nd.zeros(arg['f_parameters'].shape)
    mx.init.One()(mx.init.InitDesc('f_parameters', attrs={'__init__': init.dumps()}), vec)
    pieces = cell.unpack_weights({'f_parameters': vec})
    assert (pieces['f_l1_h2h_o_weight'].asnumpy() == 0.25).all()
    assert (pieces['f_l1_h2h_o_bias'].asnumpy() == 0).all()
    assert (pieces['f_l1_h2h_f_bias'].asnumpy() == 1.0).all()   # the default forget_bias


def test_parameters_variable_carries_the_initializer():
    cell = fused('gru', layers=1, bi=True)
    init = cell.params.get('parameters').attr('__init__')
    assert init == ('["fusedrnn", {"init": null, "num_hidden": 3, "num_layers": 1, '
                    '"mode": "gru", "bidirectional": true, "forget_bias": 1.0}]')
    assert mx.init.create(init).dumps() == init


def test_default_prefix_state_info_and_stepping():
    cell = mx.rnn.FusedRNNCell(4, num_layers=3, mode='rnn_tanh', bidirectional=True)
    assert cell.state_info == [{'shape': (6, 0, 4), '__layout__': 'LNC'}]
    assert [s.name for s in cell.begin_state()] == ['rnn_tanh_begin_state_0']
    with pytest.raises(NotImplementedError, match='unroll'):
        cell(mx.sym.var('x'), cell.begin_state())
    with pytest.warns(UserWarning, match='TNC'):
        cell.unroll(2, mx.sym.var('data'), layout='NTC')


def test_unfuse_names_and_dropout_cells():
    cell = fused('lstm', layers=2, bi=True, dropout=0.3)
    stack = cell.unfuse()
    out, _ = stack.unroll(T, mx.sym.var('data'), layout='TNC', merge_outputs=True)
    names = [n for n in out.list_arguments() if 'weight' in n or 'bias' in n]
    assert names[:4] == ['f_l0_i2h_weight', 'f_l0_i2h_bias', 'f_l0_h2h_weight',
                         'f_l0_h2h_bias']
    assert 'f_r1_h2h_bias' in names and len(names) == 16
    assert [type(c).__name__ for c in stack._cells] == ['BidirectionalCell', 'DropoutCell',
                                                        'BidirectionalCell']
    assert stack._cells[1].dropout == 0.3


def test_checkpoint_saves_pieces_and_loads_the_vector(tmp_path):
    cell = fused('gru', layers=1, bi=False)
    out, _ = cell.unroll(T, mx.sym.var('data'), layout='TNC', merge_outputs=True)
    size = out.infer_shape(data=(T, N, C))[0][1][0]
    args = {'f_parameters': mx.nd.array(np.random.RandomState(0).randn(size))}
    prefix = str(tmp_path / 'fused')
    mx.rnn.save_rnn_checkpoint(cell, prefix, 1, out, args, {})
    saved = mx.nd.load(prefix + '-0001.params')
    assert 'arg:f_l0_i2h_z_weight' in saved and 'arg:f_parameters' not in saved
    _, loaded, _ = mx.rnn.load_rnn_checkpoint(cell, prefix, 1)
    np.testing.assert_array_equal(loaded['f_parameters'], args['f_parameters'])


def test_buckets_of_different_lengths_share_the_one_vector_and_learn():
    """Counting (each token is the last one + 1, so the next token is predictable) in a
    BucketingModule: every bucket reads the same ``f_parameters`` (its size does not depend
    on the length)."""
    def sym_gen(length):
        cell = mx.rnn.FusedRNNCell(8, mode='gru', prefix='f_')
        emb = mx.sym.Embedding(mx.sym.var('data'), input_dim=10, output_dim=6, name='emb')
        out, _ = cell.unroll(length, mx.sym.swapaxes(emb, dim1=0, dim2=1), layout='TNC',
                             merge_outputs=True)
        out = mx.sym.Reshape(mx.sym.swapaxes(out, dim1=0, dim2=1), shape=(-1, 8))
        pred = mx.sym.FullyConnected(out, num_hidden=10, name='pred')
        label = mx.sym.Reshape(mx.sym.var('softmax_label'), shape=(-1,))
        return mx.sym.SoftmaxOutput(pred, label, name='softmax'), ('data',), ('softmax_label',)

    rng = np.random.RandomState(0)
    sentences = [[(start + t) % 9 + 1 for t in range(rng.randint(2, 7))]
                 for start in rng.randint(0, 9, 48)]
    it = mx.rnn.BucketSentenceIter(sentences, 8, buckets=[3, 6], invalid_label=0)
    mx.random.seed(0)
    mod = mx.mod.BucketingModule(sym_gen, default_bucket_key=it.default_bucket_key)
    mod.bind(it.provide_data, it.provide_label)
    mod.init_params(mx.init.Xavier())
    before = dict(mod.score(it, mx.metric.Perplexity(0)))['perplexity']
    mod.init_optimizer(optimizer='adam', optimizer_params={'learning_rate': 0.05})
    for _ in range(8):
        it.reset()
        for batch in it:
            mod.forward_backward(batch)
            mod.update()
    after = dict(mod.score(it, mx.metric.Perplexity(0)))['perplexity']
    assert [n for n in mod.get_params()[0] if n.startswith('f_')] == ['f_parameters']
    assert after < before / 3, (before, after)
