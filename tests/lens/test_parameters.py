"""ParameterLens and explain.roles: the learner's "how does it know which arrays are model
parameters?" answered for every array."""
import numpy as np

import tutor as mx

from conftest import bn_net, bound, iters, mlp, train_by_hand


def by_name(rows):
    return {r['name']: r for r in rows}


def test_mlp_roles_and_how_they_were_decided():
    lens = mx.lens.ParameterLens()
    train, _ = iters()
    mod = mx.mod.Module(mlp())
    lens.attach(mod)
    mod.fit(train, optimizer_params={'learning_rate': 0.1}, num_epoch=2)
    rows = by_name(lens.roles())
    assert rows['data']['role'] == 'data' and rows['data']['saved'] == 'no'
    assert rows['softmax_label']['role'] == 'label'
    assert rows['softmax_output']['role'] == 'output'
    for name in ('fc1_weight', 'fc1_bias', 'fc2_weight', 'fc2_bias'):
        r = rows[name]
        assert r['role'] == 'param' and r['grad'] == 'yes' and r['updated'] == 'yes'
        assert r['saved'] == 'yes, as arg:%s' % name
        assert 'not named in data_names or label_names' in r['why']
    # fit refreshes with set_params every epoch; neither the lens nor the module forgets
    # where the values came from
    assert 'random' in rows['fc1_weight']['init'] and rows['fc1_bias']['init'].startswith('zero')
    assert mod._init_rules['fc1_weight'] == 'suffix:weight'
    assert rows['grad of fc2_bias']['role'] == 'grad'
    assert rows['grad of fc2_bias']['shape'] == (26,)
    text = str(lens)
    assert "data_names=['data']" in text and 'plain SGD without momentum' in text


def test_batchnorm_aux_states_saved_but_not_updated_by_the_optimizer(tmp_path):
    lens = mx.lens.ParameterLens()
    mod, train = bound(bn_net(), attach=[lens], momentum=0.9)
    train_by_hand(mod, train, epochs=1)
    rows = by_name(lens.roles())
    for name in ('bn1_moving_mean', 'bn1_moving_var'):
        r = rows[name]
        assert r['role'] == 'aux' and r['grad'] == 'no'
        assert r['updated'] == 'no: BatchNorm updates it in forward'
        assert r['saved'] == 'yes, as aux:%s' % name
        assert 'BatchNorm bn1' in r['why']
        assert r['init'] == "the variable's own __init__ attribute"
    assert rows['bn1_gamma']['role'] == 'param' and rows['bn1_gamma']['init'].startswith('one')
    assert rows['state of fc1_weight']['role'] == 'opt_state'
    assert not any(r['name'].startswith('state of bn1_moving') for r in lens.roles())
    # the checkpoint agrees: aux saved under aux:, optimizer indices never name them
    mod.save_checkpoint(str(tmp_path / 'bn'), 1)
    keys = list(mx.nd.load(str(tmp_path / 'bn-0001.params')))
    assert {'aux:bn1_moving_mean', 'aux:bn1_moving_var'} <= set(keys)
    assert not any('moving' in n for n in mod._optimizer.idx2name.values())
    assert 'never touches them' in str(lens)


def test_a_label_left_out_of_label_names_is_flagged():
    mod = mx.mod.Module(mlp(), label_names=None)
    rows = by_name(mx.lens.roles(mod))
    assert rows['softmax_label']['role'] == 'param'
    assert 'should it be in label_names' in rows['softmax_label']['why']
    assert 'not bound yet' in str(mx.explain.roles(mod))


def test_explain_roles_in_chinese():
    mod, _ = bound()
    rep = mx.explain.roles(mod, language='zh')
    text = str(rep)
    assert '哪些数组是模型参数' in text and '模型参数（arg）' in text and '梯度' in text
    assert 'suffix' not in text
    assert '<table>' in rep._repr_html_()
