"""BucketingModule: buckets bound on first use, one set of parameter arrays shared by every
bucket's executor, one optimizer, checkpoints with one symbol file per bucket."""
import logging

import numpy as np
import pytest

import tutor as mx

from bucket_nets import BATCH, CLASSES, FEAT, HIDDEN, batch, sym_gen  # noqa: E402,F401


@pytest.fixture
def mod():
    m = mx.mod.BucketingModule(sym_gen, default_bucket_key=7)
    m.bind(data_shapes=[('data', (BATCH, 7, FEAT))], label_shapes=[('softmax_label', (BATCH,))])
    m.init_params(mx.init.Xavier())
    m.init_optimizer(optimizer_params=(('learning_rate', 0.5),))
    return m


def test_needs_a_default_bucket_key():
    with pytest.raises(AssertionError):
        mx.mod.BucketingModule(sym_gen)


def test_buckets_are_bound_when_first_met_and_share_parameters(mod):
    assert list(mod._buckets) == [7]
    for length in (3, 5, 3):
        mod.forward(batch(length), is_train=True)
        assert mod.get_outputs()[0].shape == (BATCH, CLASSES)
        mod.backward()
        mod.update()
    assert sorted(mod._buckets) == [3, 5, 7]
    default = mod._buckets[7]
    for key, m in mod._buckets.items():
        for name in ('step_weight', 'cls_bias'):
            assert m._exec.arg_dict[name] is default._exec.arg_dict[name]
            assert m._exec.grad_dict[name] is default._exec.grad_dict[name]
        assert m._updater is default._updater       # one optimizer, borrowed
        assert m.data_shapes[0].shape == (BATCH, key, FEAT)


def test_an_update_in_one_bucket_changes_what_another_computes(mod):
    mod.forward(batch(3, seed=1), is_train=False)
    before = mod.get_outputs()[0].copy()
    mod.forward(batch(5), is_train=True)
    mod.backward()
    mod.update()
    mod.forward(batch(3, seed=1), is_train=False)
    assert not np.allclose(mod.get_outputs()[0], before)
    assert mod._curr_bucket_key == 3


def test_prepare_binds_ahead_and_stays_on_the_current_bucket(mod):
    mod.prepare(batch(5))
    assert 5 in mod._buckets and mod._curr_bucket_key == 7


def test_get_params_after_update_reads_the_trained_arrays(mod):
    mod.forward(batch(3), is_train=True)
    mod.backward()
    mod.update()
    args, _ = mod.get_params()
    np.testing.assert_array_equal(args['step_weight'],
                                  mod._buckets[3]._exec.arg_dict['step_weight'])


def test_checkpoint_round_trip(mod, tmp_path):
    mod.forward(batch(3), is_train=False)
    prefix = str(tmp_path / 'm')
    mod.save_checkpoint(prefix, 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        'm-0002.params', 'm-3-symbol.json', 'm-7-symbol.json', 'm.buckets']
    loaded = mx.mod.BucketingModule.load(prefix, 2, sym_gen=sym_gen, default_bucket_key=7)
    loaded.bind(data_shapes=[('data', (BATCH, 7, FEAT))],
                label_shapes=[('softmax_label', (BATCH,))], for_training=False)
    for name, value in mod.get_params()[0].items():
        np.testing.assert_array_equal(loaded.get_params()[0][name], value)


def test_fit_logs_and_uses_all_buckets(caplog):
    class Iter(mx.io.DataIter):
        provide_data = [mx.io.DataDesc('data', (BATCH, 7, FEAT))]
        provide_label = [mx.io.DataDesc('softmax_label', (BATCH,))]

        def __init__(self):
            super().__init__(BATCH)
            self.items, self.i = [batch(k, s) for s, k in enumerate((3, 7, 5))], 0

        def reset(self):
            self.i = 0

        def next(self):
            if self.i == len(self.items):
                raise StopIteration
            self.i += 1
            return self.items[self.i - 1]

    m = mx.mod.BucketingModule(sym_gen, default_bucket_key=7)
    with caplog.at_level(logging.INFO):
        m.fit(Iter(), num_epoch=2, eval_metric='ce')
    assert sorted(m._buckets) == [3, 5, 7]
    assert any('Epoch[1] Train-cross-entropy' in r.getMessage() for r in caplog.records)
