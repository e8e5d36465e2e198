"""save_rnn_checkpoint / load_rnn_checkpoint / do_rnn_checkpoint: gate weights are saved
unpacked (one array per gate) and packed again on loading."""
import os

import numpy as np

import tutor as mx


def lstm_net():
    cell = mx.rnn.LSTMCell(3, prefix='l_')
    out, _ = cell.unroll(2, inputs=mx.sym.var('data'), merge_outputs=True)
    shapes = dict(zip(out.list_arguments(), out.infer_shape(data=(1, 2, 4))[0]))
    rng = np.random.RandomState(0)
    args = {n: mx.nd.array(rng.randn(*s)) for n, s in shapes.items() if n != 'data'}
    return cell, out, args


def test_do_rnn_checkpoint_saves_unpacked_every_period(tmp_path):
    cell, sym, args = lstm_net()
    prefix = str(tmp_path / 'lm')
    callback = mx.rnn.do_rnn_checkpoint(cell, prefix, period=2)
    for epoch in range(4):
        callback(epoch, sym, args, {})
    assert sorted(os.listdir(tmp_path)) == ['lm-0002.params', 'lm-0004.params',
                                            'lm-symbol.json']
    saved = mx.nd.load(prefix + '-0002.params')
    assert sorted(saved) == sorted('arg:l_%s%s_%s' % (g, gate, kind) for g in ('i2h', 'h2h')
                                   for gate in ('_i', '_f', '_c', '_o')
                                   for kind in ('weight', 'bias'))
    np.testing.assert_array_equal(saved['arg:l_i2h_f_weight'], args['l_i2h_weight'][3:6])
    _, loaded, aux = mx.rnn.load_rnn_checkpoint(cell, prefix, 4)
    assert aux == {} and sorted(loaded) == sorted(args)
    for name, value in args.items():
        np.testing.assert_array_equal(loaded[name], value)
