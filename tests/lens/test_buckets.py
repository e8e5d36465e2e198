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


def test_shorter_buckets_share_everything_but_a_few_scratch_constants():
    from tutor.lens.buckets import bucket_memory
    mod = trained()
    rows = {r['key']: r for r in bucket_memory(mod)}
    assert sorted(rows) == [3, 5, 8] and rows[8]['default']
    default = mod.view.buckets[8].view.executors[0]
    bound = sum(r[4] for r in default.allocations())
    assert rows[8]['shared'] == 0 and rows[8]['own'] == bound   # it allocated all it uses
    params_and_grads = 2 * 4 * (6 * 4 + 6 + 3 * 6 + 3)
    assert rows[8]['own_by_kind']['param'] + rows[8]['own_by_kind']['gradient'] \
        == params_and_grads
    for key in (3, 5):
        exe = mod.view.buckets[key].view.executors[0]
        assert rows[key]['own'] + rows[key]['shared'] == sum(r[4] for r in exe.allocations())
        # inputs, activations and their gradients are views of the default bucket's memory;
        # what is left is scratch an op fills once (softmax's ones and row offsets) ...
        assert list(rows[key]['own_by_kind']) == ['scratch']
        constants = sum(r[4] for r in exe.allocations()
                        if r[1] in ('softmax.ones', 'softmax.row_offsets'))
        # ... and, for the bucket that ran first, the pooled scratch nobody had allocated yet
        first = 2 * 4 if key == 3 else 0      # softmax.rowmax (2, 1) float32
        assert rows[key]['own'] == constants + first


def test_a_longer_bucket_owns_what_does_not_fit():
    from tutor.lens.buckets import bucket_memory
    mod = trained()
    mod.forward(batch(11))
    rows = {r['key']: r for r in bucket_memory(mod)}
    own = rows[11]['own_by_kind']
    assert own['data'] == 2 * 11 * 4 * 4 and 'label' not in own   # the label (2,) fits
    assert own['output'] > 0 and 'param' not in own
    text = str(mx.lens.MemoryLens().attach(mod).report())
    total = sum(r['own'] for r in rows.values())
    assert 'All buckets together hold %s' % mx.lens.report.fmt_bytes(total) in text


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
