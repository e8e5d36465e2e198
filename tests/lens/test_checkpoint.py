"""CheckpointLens and explain.checkpoint: what a checkpoint keeps, what it leaves out."""
import os

import numpy as np
import pytest

import tutor as mx
from tutor import events

from conftest import bn_net, bound, iters, mlp, train_by_hand


def test_saves_through_do_checkpoint_are_listed_key_by_key(tmp_path):
    prefix = str(tmp_path / 'mx_mlp')
    lens = mx.lens.CheckpointLens()
    train, _ = iters()
    mod = mx.mod.Module(mlp())
    lens.attach(mod)
    mod.fit(train, optimizer_params={'learning_rate': 0.1}, num_epoch=2,
            epoch_end_callback=mx.callback.do_checkpoint(prefix))
    saves = lens.saves()
    assert [s['epoch'] for s in saves] == [1, 2]
    last = saves[-1]
    assert last['files'] == [prefix + '-symbol.json', prefix + '-0002.params']
    on_disk = mx.nd.load(prefix + '-0002.params')
    assert [r[0] for r in last['arrays']] == list(on_disk)
    for key, shape, dtype, nbytes in last['arrays']:
        assert shape == on_disk[key].shape and nbytes == on_disk[key].nbytes
    assert last['this_module'] and last['optimizer_states'] is None
    text = str(lens)
    numbers = sum(r[3] for r in last['arrays'])
    size = os.path.getsize(prefix + '-0002.params')
    assert 'The .params file is %d bytes: %d bytes of numbers' % (size, numbers) in text
    for name in ('softmax_label', 'dfc1_weight', 'softmax_output'):
        assert name in text
    assert 'only with save_optimizer_states=True' in text


def test_optimizer_states_and_loading(tmp_path):
    prefix = str(tmp_path / 'bn')
    lens = mx.lens.CheckpointLens(language='zh')
    mod, train = bound(bn_net(), momentum=0.9)
    lens.attach(mod)
    train_by_hand(mod, train, epochs=1)
    mod.save_checkpoint(prefix, 1, save_optimizer_states=True)
    saved = lens.saves()[-1]
    assert saved['optimizer_states'] == prefix + '-0001.states'
    assert prefix + '-0001.states' in saved['files']
    keys = [r[0] for r in saved['arrays']]
    assert keys[-2:] == ['aux:bn1_moving_mean', 'aux:bn1_moving_var']
    text = str(lens)
    assert '优化器的状态' in text and '优化器状态 ' not in text.split('检查点没有保存的东西')[1]
    sym, args, auxs = mx.model.load_checkpoint(prefix, 1)
    loaded = lens.loads()[-1]
    assert loaded['epoch'] == 1 and [r[0] for r in loaded['arrays']] == keys
    assert 'set_params' in str(lens)


def test_detach_leaves_no_watcher_anywhere():
    lens = mx.lens.CheckpointLens()
    mod = mx.mod.Module(mlp())
    lens.attach(mod)
    assert lens in events.files._watchers and lens in mod._watchers
    lens.detach()
    assert events.files._watchers == () and mod._watchers == ()
    assert 'No checkpoint saved' in str(lens)


def test_explain_checkpoint_from_prefix_or_path(tmp_path):
    prefix = str(tmp_path / 'mx_mlp')
    train, _ = iters()
    mod = mx.mod.Module(bn_net())
    mod.fit(train, optimizer_params={'learning_rate': 0.1}, num_epoch=3,
            epoch_end_callback=mx.callback.do_checkpoint(prefix))
    rep = mx.explain.checkpoint(prefix)
    text = str(rep)
    assert 'mx_mlp-0003.params' in text and 'Epochs saved with this prefix: 1, 2, 3' in text
    assert 'aux:bn1_moving_var' in text and 'data, softmax_label' in text
    text1 = str(mx.explain.checkpoint(prefix + '-0001.params', language='zh'))
    assert 'mx_mlp-0001.params' in text1 and '检查点' in text1
    assert str(mx.explain.checkpoint(prefix, 2)).count('mx_mlp-0002.params') >= 2
    with pytest.raises(FileNotFoundError, match='mx_mlp-0009.params'):
        mx.explain.checkpoint(prefix, 9)
    with pytest.raises(FileNotFoundError, match='nothing'):
        mx.explain.checkpoint(str(tmp_path / 'nothing'))
