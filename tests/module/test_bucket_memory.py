"""Buckets share memory as in MXNet 1.9.1: a bucket's inputs are views of the default
bucket's (by name), its activations, their gradients and scratch come from the default
bucket's memory pool; a longer bucket allocates what does not fit (with MXNet's warning) and
trains exactly as it would alone."""
import itertools
import logging

import numpy as np
import pytest

import tutor as mx

from bucket_nets import BATCH, CLASSES, FEAT, HIDDEN, batch, sym_gen  # noqa: E402,F401


def bucketing(default, inputs_need_grad=False):
    mod = mx.mod.BucketingModule(sym_gen, default_bucket_key=default)
    mod.bind(data_shapes=[('data', (BATCH, default, FEAT))],
             label_shapes=[('softmax_label', (BATCH,))], inputs_need_grad=inputs_need_grad)
    mod.init_params(mx.init.Xavier(rnd_type='gaussian'))
    mod.init_params(arg_params={k: v.copy() for k, v in START.items()}, force_init=True)
    mod.init_optimizer(optimizer='sgd', optimizer_params=(('learning_rate', 0.5),
                                                          ('momentum', 0.9)))
    return mod


_rng = np.random.RandomState(7)
START = {'step_weight': _rng.randn(HIDDEN, FEAT).astype(np.float32),
         'step_bias': _rng.randn(HIDDEN).astype(np.float32),
         'cls_weight': _rng.randn(CLASSES, HIDDEN).astype(np.float32),
         'cls_bias': np.zeros(CLASSES, np.float32)}


def memory_of(module):
    return [r[5] for r in mx.lens.memory.allocations(module, arrays=True)]


def test_a_shorter_bucket_is_views_of_the_default_buckets_memory():
    mod = bucketing(7, inputs_need_grad=True)
    mod.forward(batch(3), is_train=True)
    mod.backward()
    short, default = mod._buckets[3]._exec, mod._buckets[7]._exec
    for name in ('data', 'softmax_label'):
        assert np.shares_memory(short.arg_dict[name], default.arg_dict[name]), name
    assert np.shares_memory(short.grad_dict['data'], default.grad_dict['data'])
    default_memory = memory_of(mod._buckets[7])
    for kind, name, _, _, _, arr in short.allocations(arrays=True):
        if kind in ('output', 'output gradient'):
            assert any(np.shares_memory(arr, m) for m in default_memory), (kind, name)
    # and within the bucket, inputs, parameters and pooled buffers never overlap
    rows = [r for r in short.allocations(arrays=True) if r[5].size]
    for r1, r2 in itertools.combinations(rows, 2):
        assert not np.shares_memory(r1[5], r2[5]), (r1[:2], r2[:2])


def test_a_longer_bucket_allocates_warns_like_mxnet_and_later_buckets_share_it(caplog):
    mod = bucketing(5)
    with caplog.at_level(logging.WARNING):
        mod.forward(batch(9), is_train=True)
    assert ('Bucketing: data data has a shape [4,9,3], which is larger than already allocated '
            'shape [4,5,3]. Need to re-allocate. Consider putting default bucket key to be the '
            'bucket taking the largest input for better memory sharing.') in caplog.messages
    assert not any('softmax_label' in m for m in caplog.messages)    # (4,) fits
    nine, five = mod._buckets[9]._exec, mod._buckets[5]._exec
    assert not np.shares_memory(nine.arg_dict['data'], five.arg_dict['data'])
    mod.forward(batch(7), is_train=True)      # the shared buffer is now bucket 9's data
    assert np.shares_memory(mod._buckets[7]._exec.arg_dict['data'], nine.arg_dict['data'])


@pytest.mark.parametrize('default', [9, 5])
def test_training_is_the_same_whichever_bucket_is_the_default(default):
    """Default 9 (every bucket fits) and default 5 (9 and 7 allocate) against a Module per
    batch that shares nothing: the same parameters, to the last bit."""
    mod = bucketing(default)
    params = {k: v.copy() for k, v in START.items()}
    opt = mx.optimizer.create('sgd', learning_rate=0.5, momentum=0.9, rescale_grad=1 / BATCH)
    updater = mx.optimizer.get_updater(opt)
    for seed, length in enumerate((3, 9, 5, 7, 3, 9)):
        b = batch(length, seed)
        mod.forward(b, is_train=True)
        mod.backward()
        mod.update()
        alone = mx.mod.Module(sym_gen(length)[0])
        alone.bind(data_shapes=b.provide_data, label_shapes=b.provide_label)
        alone.init_params(arg_params=params)
        alone.forward(b, is_train=True)
        alone.backward()
        exe = alone._exec
        for i, name in enumerate(sorted(params)):
            updater(i, exe.grad_dict[name], exe.arg_dict[name])
            params[name][...] = exe.arg_dict[name]
    got, _ = mod.get_params()
    for name, value in params.items():
        np.testing.assert_array_equal(got[name].asnumpy(), value, err_msg=name)


def test_outputs_of_a_bucket_are_overwritten_when_another_runs():
    mod = bucketing(7)
    mod.forward(batch(5, seed=1), is_train=False)
    kept = mod.get_outputs()[0]
    before = kept.asnumpy().copy()
    mod.forward(batch(7, seed=2), is_train=False)
    np.testing.assert_array_equal(kept.asnumpy(), mod.get_outputs()[0].asnumpy())
    assert not np.array_equal(kept.asnumpy(), before)


def test_reshape_or_create_is_mxnets_rule():
    from tutor.module.sharing import reshape_or_create
    log = logging.getLogger('test_reshape_or_create')
    buffer = {}
    first = reshape_or_create(buffer, 'data', (4, 7), np.float32, log)   # new: kept by name
    assert buffer['data'] is first
    view = reshape_or_create(buffer, 'data', (2, 5), np.float32, log)   # 10 <= 28 elements
    assert np.shares_memory(view, first) and view.shape == (2, 5)
    with pytest.raises(RuntimeError, match="dtype does not match that of the reusable"):
        reshape_or_create(buffer, 'data', (2, 5), np.int32, log)
    bigger = reshape_or_create(buffer, 'data', (4, 9), np.int32, log)  # too small: replaced
    assert buffer['data'] is bigger and bigger.dtype == np.int32
    assert not np.shares_memory(bigger, first)


def lstm_sym_gen(fused):
    """Chapter 11's kind of network: embedding, an LSTM (unrolled cells or the fused RNN op),
    a classifier at every position."""
    def gen(seq_len):
        data, label = mx.sym.var('data'), mx.sym.var('softmax_label')
        embed = mx.sym.Embedding(data, input_dim=7, output_dim=4, name='embed')
        cell = (mx.rnn.FusedRNNCell(5, mode='lstm', prefix='lstm_') if fused
                else mx.rnn.LSTMCell(5, prefix='lstm_'))
        out, _ = cell.unroll(seq_len, inputs=embed, merge_outputs=True, layout='NTC')
        pred = mx.sym.FullyConnected(mx.sym.reshape(out, shape=(-1, 5)), num_hidden=7,
                                     name='pred')
        return (mx.sym.SoftmaxOutput(pred, mx.sym.reshape(label, shape=(-1,)), name='softmax'),
                ('data',), ('softmax_label',))
    return gen


@pytest.mark.parametrize('fused', [False, True])
def test_an_lstm_trains_as_it_would_without_sharing(fused):
    gen = lstm_sym_gen(fused)
    rng = np.random.RandomState(3)
    seq = [(n, rng.randint(0, 7, (2, n)).astype(np.float32)) for n in (4, 8, 6, 4, 8)]
    mod = mx.mod.BucketingModule(gen, default_bucket_key=6)
    mod.bind([('data', (2, 6))], [('softmax_label', (2, 6))])
    mx.random.seed(1)
    mod.init_params(mx.init.Xavier())
    mod.init_optimizer(optimizer_params=(('learning_rate', 0.5),))
    params = {k: np.array(v) for k, v in mod.get_params()[0].items()}
    opt = mx.optimizer.create('sgd', learning_rate=0.5, rescale_grad=1 / 2)
    updater = mx.optimizer.get_updater(opt)
    for n, x in seq:
        b = mx.io.DataBatch([mx.nd.array(x)], [mx.nd.array(np.roll(x, 1, axis=1))],
                            bucket_key=n, provide_data=[mx.io.DataDesc('data', (2, n))],
                            provide_label=[mx.io.DataDesc('softmax_label', (2, n))])
        mod.forward(b, is_train=True)
        mod.backward()
        mod.update()
        alone = mx.mod.Module(gen(n)[0])
        alone.bind(data_shapes=b.provide_data, label_shapes=b.provide_label)
        alone.init_params(arg_params=params)
        alone.forward(b, is_train=True)
        alone.backward()
        for i, name in enumerate(sorted(params)):
            updater(i, alone._exec.grad_dict[name], alone._exec.arg_dict[name])
            params[name][...] = alone._exec.arg_dict[name]
    got, _ = mod.get_params()
    for name, value in params.items():
        np.testing.assert_array_equal(got[name].asnumpy(), value, err_msg=name)
