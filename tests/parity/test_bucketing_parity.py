"""BucketingModule and the Sequence* ops against real MXNet 1.9.1: a fit over three buckets
(one set of parameters behind them all) ends with the same parameters; the per-bucket
checkpoint files cross both ways; SequenceMask/Last/Reverse forward and backward agree.

Run: MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity/test_bucketing_parity.py
"""
import logging

import numpy as np
import pytest

mx = pytest.importorskip('mxnet')
import tutor  # noqa: E402
from _both import LIBS, assert_same, close, run_both  # noqa: E402

COVERED = {'SequenceMask', 'SequenceLast', 'SequenceReverse'}   # see test_ops_parity
F32 = np.float32
BUCKETS = (3, 5, 7)
BATCH, FEAT, HIDDEN, CLASSES = 4, 3, 6, 5


# --- Sequence* ops ----------------------------------------------------------------------

@pytest.mark.parametrize('op,axis', [('SequenceMask', 0), ('SequenceMask', 1),
                                     ('SequenceLast', 0), ('SequenceLast', 1),
                                     ('SequenceReverse', 0)])
def test_sequence_ops_forward_backward(op, axis, rng):
    def build(lib):
        kwargs = {'value': -2.0} if op == 'SequenceMask' else {}
        return getattr(lib.sym, op)(lib.sym.var('data'), lib.sym.var('len'),
                                    use_sequence_length=True, axis=axis, name='s', **kwargs)
    shape = (5, 3, 2) if axis == 0 else (3, 5, 2)
    args = {'data': rng.randn(*shape).astype(F32), 'len': np.array([2, 5, 1], F32)}
    out_shape = build(tutor).infer_shape(data=shape, len=(3,))[1][0]
    head = rng.randn(*out_shape).astype(F32)
    ref, got = run_both(build, args, grad_req={'data': 'write', 'len': 'null'},
                        steps=(('fwd', True), ('bwd', [head])))
    assert_same(ref, got)


# --- BucketingModule ----------------------------------------------------------------------

def sym_gen(lib):
    """A batch of (BATCH, length, FEAT) sequences -> a class: FC on every step, the last
    step's features, a classifier. The parameters do not depend on the length."""
    def gen(seq_len):
        data = lib.sym.var('data')
        h = lib.sym.FullyConnected(data, num_hidden=HIDDEN, flatten=False, name='step')
        h = lib.sym.Activation(h, act_type='tanh', name='act')
        last = lib.sym.SequenceLast(h, axis=1, name='last')
        out = lib.sym.FullyConnected(last, num_hidden=CLASSES, name='cls')
        return lib.sym.SoftmaxOutput(out, name='softmax'), ('data',), ('softmax_label',)
    return gen


def batches(lib, seed=0, n_per_bucket=2):
    rng = np.random.RandomState(seed)
    out = []
    for _ in range(n_per_bucket):
        for length in (5, 3, 7):   # the default bucket (7) is not the first batch
            x = rng.randn(BATCH, length, FEAT).astype(F32)
            y = rng.randint(0, CLASSES, BATCH).astype(F32)
            out.append(lib.io.DataBatch(
                [lib.nd.array(x)], [lib.nd.array(y)], pad=0, bucket_key=length,
                provide_data=[lib.io.DataDesc('data', x.shape)],
                provide_label=[lib.io.DataDesc('softmax_label', y.shape)]))
    return out


def make_iter(lib, default=max(BUCKETS)):
    class Iter(lib.io.DataIter):
        def __init__(self):
            super().__init__(BATCH)
            self.items = batches(lib)
            self.default_bucket_key = default
            self.provide_data = [lib.io.DataDesc('data', (BATCH, default, FEAT))]
            self.provide_label = [lib.io.DataDesc('softmax_label', (BATCH,))]
            self.i = 0

        def reset(self):
            self.i = 0

        def next(self):
            if self.i == len(self.items):
                raise StopIteration
            self.i += 1
            return self.items[self.i - 1]
    return Iter()


def start_params():
    rng = np.random.RandomState(5)
    return {'step_weight': rng.uniform(-.5, .5, (HIDDEN, FEAT)).astype(F32),
            'step_bias': rng.uniform(-.1, .1, HIDDEN).astype(F32),
            'cls_weight': rng.uniform(-.5, .5, (CLASSES, HIDDEN)).astype(F32),
            'cls_bias': np.zeros(CLASSES, F32)}


def fitted(lib, epochs=2, default=max(BUCKETS)):
    mod = lib.mod.BucketingModule(sym_gen(lib), default_bucket_key=default,
                                  context=lib.cpu())
    params = {k: lib.nd.array(v) for k, v in start_params().items()}
    mod.fit(make_iter(lib, default), num_epoch=epochs, arg_params=params, optimizer='sgd',
            optimizer_params=(('learning_rate', 0.5), ('momentum', 0.9)),
            eval_metric='ce')
    return mod


@pytest.mark.parametrize('default', [max(BUCKETS), 5])   # 5: bucket 7 allocates more
def test_fit_over_three_buckets_ends_with_the_same_parameters(default):
    logging.disable(logging.CRITICAL)
    try:
        ref, got = (fitted(lib, default=default) for _, lib in LIBS)
    finally:
        logging.disable(logging.NOTSET)
    assert sorted(got._buckets) == sorted(ref._buckets) == list(BUCKETS)
    ref_args, _ = ref.get_params()
    got_args, _ = got.get_params()
    assert sorted(got_args) == sorted(ref_args)
    moved = False
    for name, value in ref_args.items():
        close(got_args[name], value.asnumpy(), 'parameter %s after fit' % name, rtol=1e-4,
              atol=1e-5)
        moved |= not np.allclose(value.asnumpy(), start_params()[name])
    assert moved
    # every bucket's executor reads the same weight array
    weights = {id(m._exec.arg_dict['step_weight']) for m in got._buckets.values()}
    assert len(weights) == 1


def test_outputs_per_bucket_match_after_fit():
    logging.disable(logging.CRITICAL)
    try:
        mods = [fitted(lib, epochs=1) for _, lib in LIBS]
    finally:
        logging.disable(logging.NOTSET)
    for (_, lib), mod in zip(LIBS, mods):
        mod._outs = []
        for batch in batches(lib, seed=9, n_per_bucket=1):
            mod.forward(batch, is_train=False)
            mod._outs.append((mod._curr_bucket_key, mod.get_outputs()[0].asnumpy()))
    for (k1, a), (k2, b) in zip(mods[0]._outs, mods[1]._outs):
        assert k1 == k2
        close(b, a, 'bucket %d output' % k1, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize('writer,reader', [(mx, tutor), (tutor, mx)])
def test_bucketing_checkpoint_crosses(writer, reader, tmp_path):
    logging.disable(logging.CRITICAL)
    try:
        mod = fitted(writer, epochs=1)
    finally:
        logging.disable(logging.NOTSET)
    prefix = str(tmp_path / 'bk')
    mod.save_checkpoint(prefix, 1)
    for key in BUCKETS:
        assert (tmp_path / ('bk-%d-symbol.json' % key)).exists()
    loaded = reader.mod.BucketingModule.load(prefix, 1, sym_gen=sym_gen(reader),
                                             default_bucket_key=max(BUCKETS))
    loaded.bind(data_shapes=[('data', (BATCH, 7, FEAT))],
                label_shapes=[('softmax_label', (BATCH,))], for_training=False)
    want, _ = mod.get_params()
    got, _ = loaded.get_params()
    for name in want:
        np.testing.assert_array_equal(got[name].asnumpy(), want[name].asnumpy())
    keys = reader.nd.load(prefix + '.buckets')[0].asnumpy()
    assert keys.dtype == np.int32 and sorted(keys.tolist()) == list(BUCKETS)


# --- memory the buckets share (MXNet's shared_buffer and memory pool) ---------------------

def bound(lib, default=7):
    mod = lib.mod.BucketingModule(sym_gen(lib), default_bucket_key=default, context=lib.cpu())
    mod.bind([lib.io.DataDesc('data', (BATCH, default, FEAT))],
             [lib.io.DataDesc('softmax_label', (BATCH,))], inputs_need_grad=True)
    mod.init_params(arg_params={k: lib.nd.array(v) for k, v in start_params().items()})
    mod.init_optimizer(optimizer_params=(('learning_rate', 0.5),))
    return mod


def one_batch(lib, length, seed):
    rng = np.random.RandomState(seed)
    x, y = rng.randn(BATCH, length, FEAT), rng.randint(0, CLASSES, BATCH)
    return lib.io.DataBatch([lib.nd.array(x)], [lib.nd.array(y)], bucket_key=length,
                            provide_data=[lib.io.DataDesc('data', x.shape)],
                            provide_label=[lib.io.DataDesc('softmax_label', y.shape)])


@pytest.mark.parametrize('name,lib', LIBS)
def test_a_buckets_inputs_are_the_default_buckets_by_name(name, lib):
    mod = bound(lib)
    mod.forward(one_batch(lib, 3, 1))
    default, short = (mod._buckets[k]._exec_group.execs[0] for k in (7, 3))
    assert sorted(mod._buckets[7]._exec_group.shared_data_arrays[0]) == [
        'data', 'grad of data', 'softmax_label']
    for arrays in ('arg_dict', 'grad_dict'):
        for key, value in (('data', 2.0), ('softmax_label', 3.0)):
            if key in getattr(short, arrays) and getattr(short, arrays)[key] is not None:
                getattr(default, arrays)[key][:] = value      # written in the default's...
                assert getattr(short, arrays)[key].asnumpy().flat[0] == value   # ...seen here


@pytest.mark.parametrize('name,lib', LIBS)
def test_a_buckets_outputs_are_overwritten_when_another_bucket_runs(name, lib):
    mod = bound(lib)
    mod.forward(one_batch(lib, 5, 1), is_train=False)
    kept = mod.get_outputs()[0]
    before = kept.asnumpy().copy()
    mod.forward(one_batch(lib, 7, 2), is_train=False)
    now = mod.get_outputs()[0].asnumpy()
    np.testing.assert_array_equal(kept.asnumpy(), now)
    assert not np.allclose(before, now)


def test_a_longer_bucket_than_the_default_warns_in_mxnets_words(capfd, caplog):
    bound(mx, default=5).forward(one_batch(mx, 9, 1))
    said = [line.split(': ', 1)[1] for line in capfd.readouterr().err.splitlines()
            if 'Bucketing:' in line]                 # MXNet logs from C++, to stderr
    with caplog.at_level(logging.WARNING):
        bound(tutor, default=5).forward(one_batch(tutor, 9, 1))
    assert said == [m for m in caplog.messages if m.startswith('Bucketing:')]
    assert len(said) == 2 and 'grad of data' in said[1]


@pytest.mark.parametrize('name,lib', LIBS)
def test_an_input_whose_dtype_differs_from_the_shared_one_is_refused(name, lib):
    def gen(seq_len):
        emb = lib.sym.Embedding(lib.sym.var('data'), input_dim=10, output_dim=4, name='emb')
        out = lib.sym.FullyConnected(emb, num_hidden=CLASSES, name='cls')
        return lib.sym.SoftmaxOutput(out, name='softmax'), ('data',), ('softmax_label',)
    mod = lib.mod.BucketingModule(gen, default_bucket_key=7, context=lib.cpu())
    mod.bind([lib.io.DataDesc('data', (BATCH, 7))], [('softmax_label', (BATCH,))])
    mod.init_params()
    with pytest.raises(RuntimeError) as err:       # MXNet: from simple_bind, this very type
        mod.switch_bucket(5, [lib.io.DataDesc('data', (BATCH, 5), dtype=np.int32)],
                          [('softmax_label', (BATCH,))])
    assert type(err.value) is RuntimeError
    assert "Requested arg array's dtype does not match that of the reusable ndarray" in str(
        err.value)
