"""The memory and parameter lenses on a BucketingModule: what buckets share, what each adds,
one set of weights behind them all."""
import numpy as np

import tutor as mx


def sym_gen(seq_len):
    data = mx.sym.var('data')
    h = mx.sym.FullyConnected(data, num_hidden=6, flatten=False, name='step')
    last = mx.sym.SequenceLast(h, axis=1, name='last')
    out = mx.sym.FullyConnected(last, num_hidden=3, name='cls')
    return mx.sym.SoftmaxOutput(out, name='softmax'), ('data',), ('softmax_label',)


def batch(length):
    x = np.ones((2, length, 4), np.float32)
    return mx.io.DataBatch([mx.nd.array(x)], [mx.nd.zeros((2,))], bucket_key=length,
                           provide_data=[mx.io.DataDesc('data', x.shape)],
                           provide_label=[mx.io.DataDesc('softmax_label', (2,))])


def trained():
    mod = mx.mod.BucketingModule(sym_gen, default_bucket_key=8)
    mod.bind([('data', (2, 8, 4))], [('softmax_label', (2,))])
    mod.init_params()
    mod.init_optimizer()
    for length in (3, 5):
        mod.forward(batch(length))
        mod.backward()
        mod.update()
    return mod


def test_buckets_share_parameters_gradients_and_own_their_activations():
    from tutor.lens.buckets import bucket_memory
    rows = {r['key']: r for r in bucket_memory(trained())}
    assert sorted(rows) == [3, 5, 8] and rows[8]['default']
    params_and_grads = 2 * 4 * (6 * 4 + 6 + 3 * 6 + 3)
    assert rows[3]['shared'] == rows[5]['shared'] == rows[8]['shared'] == params_and_grads
    assert 'param' not in rows[3]['own_by_kind'] and 'gradient' not in rows[3]['own_by_kind']
    assert 'param' not in rows[8]['own_by_kind']   # counted once, as shared
    assert rows[3]['own'] < rows[5]['own']     # activations grow with the length
    assert rows[3]['own_by_kind']['data'] == 2 * 3 * 4 * 4


def test_one_array_per_parameter_for_every_bucket():
    from tutor.lens.buckets import shared_parameters
    rows = shared_parameters(trained())
    assert [r['name'] for r in rows] == ['step_weight', 'step_bias', 'cls_weight', 'cls_bias']
    assert all(r['buckets'] == r['of'] == 3 for r in rows)


def test_lens_reports_in_both_languages():
    mod = trained()
    for lang, words in (('en', 'default bucket'), ('zh', '默认桶')):
        mem = str(mx.lens.MemoryLens(language=lang).attach(mod).report())
        assert words in mem and '8 *' in mem
        par = str(mx.lens.ParameterLens(language=lang).attach(mod).report())
        assert 'step_weight' in par and '3 / 3' in par
