"""GradientLens: norm, mean, max |g| after backward and |Δw|/|w| after update."""
import numpy as np
import pytest

import tutor as mx

from conftest import bn_net, bound, iters, mlp


def test_stats_and_update_ratio_match_numpy():
    lens = mx.lens.GradientLens()
    mod, train = bound(attach=[lens], momentum=0.9)
    batches = iter(train)
    for _ in range(2):
        batch = next(batches)
        mod.forward(batch, is_train=True)
        mod.backward()
        grads = {n: g.asnumpy().astype(np.float64) for n, g in mod._exec.grad_dict.items()
                 if g is not None}
        before = {n: mod._exec.arg_dict[n].asnumpy().astype(np.float64) for n in grads}
        mod.update()
    rows = {r['name']: r for r in lens.last()}
    assert set(rows) == {'fc1_weight', 'fc1_bias', 'fc2_weight', 'fc2_bias'}
    for name, g in grads.items():
        r = rows[name]
        assert r['step'] == 1 and r['epoch'] == 0 and r['batch'] == 1
        assert r['norm'] == pytest.approx(np.linalg.norm(g), rel=1e-12)
        assert r['mean'] == pytest.approx(g.mean(), rel=1e-9, abs=1e-15)
        assert r['max_abs'] == pytest.approx(np.abs(g).max(), rel=1e-12)
        after = mod._exec.arg_dict[name].astype(np.float64)
        ratio = np.linalg.norm(after - before[name]) / np.linalg.norm(before[name])
        assert r['update_ratio'] == pytest.approx(ratio, rel=1e-9)
    assert len(lens.history) == 8
    assert len(lens.series('fc1_weight')) == 2


def test_backward_without_optimizer_records_at_once_without_ratio():
    lens = mx.lens.GradientLens()
    train, _ = iters()
    mod = mx.mod.Module(mlp())
    lens.attach(mod)
    mod.bind(train.provide_data, train.provide_label)
    mod.init_params()
    mod.forward_backward(next(iter(train)))
    assert len(lens.history) == 4
    assert all(r['update_ratio'] is None for r in lens.history)


def test_per_epoch_table_and_bn_parameters_in_fit():
    lens = mx.lens.GradientLens()
    train, _ = iters()
    mod = mx.mod.Module(bn_net())
    lens.attach(mod)
    mod.fit(train, optimizer_params={'learning_rate': 0.1}, num_epoch=2)
    assert 'bn1_gamma' in lens.names() and 'bn1_moving_mean' not in lens.names()
    assert {r['epoch'] for r in lens.history} == {0, 1}
    text = str(lens)
    assert 'Mean gradient norm per epoch' in text and '|Δw| / |w|' in text
    lens.language = 'zh'
    assert '每个迭代周期的平均梯度范数' in str(lens)


def test_a_large_learning_rate_is_called_out():
    lens = mx.lens.GradientLens()
    mod, train = bound(attach=[lens], lr=50.0)
    batch = next(iter(train))
    mod.forward_backward(batch)
    mod.update()
    assert 'Try a smaller learning rate' in str(lens)
