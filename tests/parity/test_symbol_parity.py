"""Symbols against real MXNet 1.9.1: auto names, list_*, infer_shape (also partial and its
errors), get_internals, attributes, and JSON both ways: tutor's ``tojson()`` is byte-identical
to MXNet's, MXNet loads tutor's JSON and tutor loads MXNet's.

Run: MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity/test_symbol_parity.py
"""
import warnings

import numpy as np
import pytest

mx = pytest.importorskip('mxnet')
import tutor  # noqa: E402
from _both import LIBS, errors_alike  # noqa: E402


# ---------------------------------------------------------------------------------------
# graphs, each built the same way with lib.sym

def mlp(lib):
    net = lib.sym.Variable('data')
    net = lib.sym.FullyConnected(net, name='fc1', num_hidden=64)
    net = lib.sym.Activation(net, name='relu1', act_type='relu')
    net = lib.sym.FullyConnected(net, name='fc2', num_hidden=26)
    return lib.sym.SoftmaxOutput(net, name='softmax')


def bn_net(lib):
    net = lib.sym.FullyConnected(lib.sym.Variable('data'), name='fc1', num_hidden=4)
    net = lib.sym.BatchNorm(net, name='bn1', fix_gamma=False, eps=2e-5, momentum=0.8)
    net = lib.sym.Activation(net, name='tanh1', act_type='tanh')
    net = lib.sym.Dropout(net, name='drop1', p=0.2)
    net = lib.sym.FullyConnected(net, name='out', num_hidden=1)
    return lib.sym.LinearRegressionOutput(net, name='lro')


def bn_mean_var(lib):
    return lib.sym.BatchNorm(lib.sym.Variable('data'), name='bn', output_mean_var=True,
                             use_global_stats=True, axis=-1)


def group(lib):
    fc = lib.sym.FullyConnected(lib.sym.Variable('data'), name='fc', num_hidden=3)
    return lib.sym.Group([lib.sym.SoftmaxOutput(fc, name='sm'), fc,
                          lib.sym.MakeLoss(fc * 2.0, name='ml', normalization='batch')])


def many_heads(lib):
    data = lib.sym.Variable('data')
    return lib.sym.Group([lib.sym.FullyConnected(data, name='fc%d' % i, num_hidden=i + 1)
                          for i in range(11)])


def internals(lib):
    return mlp(lib).get_internals()


def feature(lib):
    return bn_net(lib).get_internals()['tanh1_output']


def arithmetic(lib):
    a, b, c = (lib.sym.Variable(n) for n in 'abc')
    with lib.name.NameManager():
        return lib.sym.Group([a + 2 * b + 3 * c, (a - b) / c, 1 - a, 2 / a, -a, a * b,
                              a / 4, a - 1.5, 7 + a, c * 0.5])


def attrs(lib):
    w = lib.sym.Variable('w', shape=(3, 4), lr_mult=2.0, wd_mult=0.5, dtype='float32',
                         init=lib.init.Xavier(magnitude=2.5))
    b = lib.sym.Variable('b', shape=(3,), dtype=np.float64, init=lib.init.Constant(0.1),
                         attr={'__note__': 'say "hi"\n\tand \\ back', 'mirror_stage': '1'})
    with lib.attribute.AttrScope(ctx_group='stage1'):
        fc = lib.sym.FullyConnected(lib.sym.Variable('data'), weight=w, bias=b,
                                    num_hidden=3, name='fc', attr={'lr_mult': '3'})
    with lib.attribute.AttrScope(__layout__='NC', __mood__='x'):
        act = lib.sym.Activation(fc, act_type='sigmoid', name='act')
    return lib.sym.LogisticRegressionOutput(act, name='out', grad_scale=0.5)


def params_galore(lib):
    data = lib.sym.Variable('data')
    fc = lib.sym.FullyConnected(data, name='fc', num_hidden=5, no_bias=True, flatten=False)
    sm = lib.sym.SoftmaxOutput(fc, name='sm', multi_output=True, use_ignore=True,
                               ignore_label=3, normalization='valid', grad_scale=2,
                               smooth_alpha=0.1, preserve_shape=False, out_grad=False)
    flat = lib.sym.flatten(lib.sym.Flatten(fc, name='flat'), name='flat2')
    mae = lib.sym.MAERegressionOutput(flat, name='mae', grad_scale=1e-3)
    drop = lib.sym.Dropout(data, name='drop', p=0.5, mode='always', axes=(1,))
    loss = lib.sym.MakeLoss(drop, name='loss', valid_thresh=0.25, normalization='valid')
    return lib.sym.Group([sm, mae, loss])


def unnamed(lib):
    with lib.name.NameManager():
        data = lib.sym.Variable('data')
        net = lib.sym.FullyConnected(data, num_hidden=8)
        net = lib.sym.Activation(net, act_type='relu')
        net = lib.sym.FullyConnected(net, num_hidden=4)
        net = lib.sym.BatchNorm(net)
        net = lib.sym.Dropout(net)
        net = lib.sym.Flatten(net)
        net = net + net * 2
        return lib.sym.SoftmaxOutput(net)


def prefixed(lib):
    with lib.name.Prefix('mlp_'):
        data = lib.sym.Variable('data')
        net = lib.sym.FullyConnected(data, name='fc1', num_hidden=8)
        net = lib.sym.Activation(net, act_type='relu')
        net = lib.sym.FullyConnected(net, num_hidden=2)
        return lib.sym.SoftmaxOutput(net, name='softmax')


def convnet(lib):
    net = lib.sym.Convolution(lib.sym.Variable('data'), name='c1', kernel=(3, 3),
                              num_filter=4, pad=(1, 1))
    net = lib.sym.Pooling(net, name='p1', kernel=(2, 2), stride=(2, 2), pool_type='max')
    net = lib.sym.Convolution(net, name='c2', kernel=(3,3), num_filter=2, no_bias=True,
                              num_group=2, stride=(1, 1), dilate=(1, 1))
    net = lib.sym.Pooling(net, name='p2', global_pool=True, pool_type='avg', kernel=(1, 1))
    net = lib.sym.SoftmaxActivation(lib.sym.flatten(net, name='f'), name='sa')
    return lib.sym.Group([net, lib.sym.softmax(net, name='s', axis=1, temperature=2.0)])


def unnamed_conv(lib):
    with lib.name.NameManager():
        net = lib.sym.Convolution(lib.sym.Variable('data'), kernel=(3, 3), num_filter=4)
        net = lib.sym.Pooling(net, kernel=(2, 2), pool_type='sum')
        return lib.sym.softmax(lib.sym.SoftmaxActivation(net, mode='channel'))


GRAPHS = [mlp, bn_net, bn_mean_var, group, many_heads, internals, feature, arithmetic, attrs,
          params_galore, unnamed, prefixed, convnet, unnamed_conv]
IDS = [g.__name__ for g in GRAPHS]
JSON_GRAPHS = GRAPHS  # max Pooling's hidden output is counted as in MXNet's pip build


def both(build):
    return build(mx), build(tutor)


# ---------------------------------------------------------------------------------------
# JSON

@pytest.mark.parametrize('build', JSON_GRAPHS, ids=IDS)
def test_tojson_is_byte_identical(build):
    ref, got = both(build)
    assert got.tojson() == ref.tojson()


@pytest.mark.parametrize('build', GRAPHS, ids=IDS)
def test_mxnet_loads_tutor_json(build, tmp_path):
    ref, got = both(build)
    fname = str(tmp_path / 'net-symbol.json')
    got.save(fname)
    back = mx.sym.load(fname)
    assert back.tojson() == ref.tojson()
    assert back.list_arguments() == ref.list_arguments()
    assert back.list_outputs() == ref.list_outputs()
    assert back.list_auxiliary_states() == ref.list_auxiliary_states()
    assert mx.sym.load_json(got.tojson()).tojson() == ref.tojson()


@pytest.mark.parametrize('build', JSON_GRAPHS, ids=IDS)
def test_tutor_loads_mxnet_json(build, tmp_path):
    ref, got = both(build)
    fname = str(tmp_path / 'net-symbol.json')
    ref.save(fname)
    back = tutor.sym.load(fname)
    assert back.tojson() == ref.tojson()
    for what in ('list_arguments', 'list_outputs', 'list_auxiliary_states', 'list_inputs'):
        assert getattr(back, what)() == getattr(ref, what)(), what
    assert back.attr_dict() == ref.attr_dict()
    assert tutor.sym.load_json(ref.tojson()).tojson() == ref.tojson()


def test_save_writes_exactly_tojson(tmp_path):
    files = []
    for name, lib in LIBS:
        fname = str(tmp_path / ('%s-symbol.json' % name))
        bn_net(lib).save(fname)
        files.append(open(fname, 'rb').read())
    assert files[0] == files[1]
    assert not files[1].endswith(b'\n')


def test_old_json_dialect_loads_alike():
    """MXNet 0.8-style JSON (no mxnet_version, "param" attributes, 2-element inputs, a
    backward_source_id): both upgrade it to the same 1.9.1 symbol."""
    old = ('{"nodes": [{"op": "null", "param": {}, "name": "data", "inputs": [], '
           '"backward_source_id": -1}, {"op": "null", "param": {}, "name": "fc_weight", '
           '"inputs": [], "backward_source_id": -1}, {"op": "null", "param": {}, "name": '
           '"fc_bias", "inputs": [], "backward_source_id": -1}, {"op": "FullyConnected", '
           '"param": {"no_bias": "False", "num_hidden": "3"}, "name": "fc", "inputs": '
           '[[0, 0], [1, 0], [2, 0]], "backward_source_id": -1}], "arg_nodes": [0, 1, 2], '
           '"heads": [[3, 0]]}')
    ref, got = mx.sym.load_json(old), tutor.sym.load_json(old)
    assert got.list_arguments() == ref.list_arguments()
    assert got.tojson() == ref.tojson()


# ---------------------------------------------------------------------------------------
# naming and introspection

@pytest.mark.parametrize('build', GRAPHS, ids=IDS)
def test_lists_and_names(build):
    ref, got = both(build)
    for what in ('list_arguments', 'list_outputs', 'list_auxiliary_states', 'list_inputs'):
        assert getattr(got, what)() == getattr(ref, what)(), what
    assert got.name == ref.name
    assert repr(got) == repr(ref)
    assert len(got) == len(ref)


@pytest.mark.parametrize('build', GRAPHS, ids=IDS)
def test_attr_dict(build):
    ref, got = both(build)
    assert got.attr_dict() == ref.attr_dict()
    assert got.list_attr() == ref.list_attr()


def test_attr_and_list_attr_of_a_variable():
    for var in ('w', 'b', 'fc', 'act'):
        ref, got = both(lambda lib: attrs(lib).get_internals()[
            var if var in 'wb' else var + '_output'])
        assert got.list_attr() == ref.list_attr()
        for key in ('__lr_mult__', 'lr_mult', 'wd_mult', '__shape__', '__dtype__', '__init__',
                    'mirror_stage', 'ctx_group', '__layout__', 'num_hidden', 'nope'):
            assert got.attr(key) == ref.attr(key), key


def test_auto_names_are_process_global_counters():
    """Outside a NameManager both count on from where they are: two unnamed FCs get
    consecutive numbers, and the activation counter is separate."""
    names = {}
    for libname, lib in LIBS:
        data = lib.sym.Variable('data')
        a = lib.sym.FullyConnected(data, num_hidden=2)
        b = lib.sym.FullyConnected(a, num_hidden=2)
        assert a.name.startswith('fullyconnected') and b.name.startswith('fullyconnected')
        assert int(b.name[14:]) == int(a.name[14:]) + 1
        names[libname] = (a.list_arguments(), b.name)
    with mx.name.NameManager(), tutor.name.NameManager():
        ref = mx.sym.FullyConnected(mx.sym.Variable('data'), num_hidden=2)
        got = tutor.sym.FullyConnected(tutor.sym.Variable('data'), num_hidden=2)
    assert got.name == ref.name == 'fullyconnected0'
    assert got.list_arguments() == ref.list_arguments()


def test_get_internals_and_feature_extraction():
    ref, got = both(mlp)
    ri, gi = ref.get_internals(), got.get_internals()
    assert gi.list_outputs() == ri.list_outputs()
    for name in ('fc1_output', 'relu1_output', 'fc2_weight', 'softmax_label'):
        assert gi[name].list_arguments() == ri[name].list_arguments()
        assert gi[name].list_outputs() == ri[name].list_outputs()
        assert gi[name].tojson() == ri[name].tojson()
    assert gi[3].name == ri[3].name
    assert [s.name for s in gi[2:5]] == [s.name for s in ri[2:5]]


def test_get_children():
    ref, got = both(mlp)
    assert got.get_children().list_outputs() == ref.get_children().list_outputs()
    assert repr(got.get_children()) == repr(ref.get_children())
    leaf = both(lambda lib: lib.sym.Variable('x'))
    assert leaf[1].get_children() is None and leaf[0].get_children() is None


def test_group_indexing():
    ref, got = both(group)
    assert got.list_outputs() == ref.list_outputs()
    for key in (0, 1, 2, 'fc_output', 'ml_output'):
        assert got[key].list_outputs() == ref[key].list_outputs()
        assert got[key].tojson() == ref[key].tojson()


# ---------------------------------------------------------------------------------------
# shape and type inference

SHAPE_CASES = [
    (mlp, dict(data=(32, 16))),
    (bn_net, dict(data=(8, 5))),
    (bn_mean_var, dict(data=(2, 3, 4))),
    (group, dict(data=(4, 7))),
    (many_heads, dict(data=(2, 3))),
    (internals, dict(data=(5, 16))),
    (arithmetic, dict(a=(2, 3))),
    (attrs, dict(data=(6, 4))),
    (attrs, {}),  # w and b carry __shape__, but data is missing
    (params_galore, dict(data=(2, 3, 4))),
    (unnamed, dict(data=(3, 6))),
    (prefixed, dict(data=(3, 6))),  # Prefix leaves Variables alone
    (convnet, dict(data=(2, 3, 8, 8))),
    (unnamed_conv, dict(data=(2, 3, 9, 7))),
    (mlp, dict(fc1_weight=(64, 16), data=(1, 16))),
    (lambda lib: lib.sym.LinearRegressionOutput(lib.sym.Variable('data'), name='r'),
     dict(data=(7, 1))),
    (lambda lib: lib.sym.SoftmaxOutput(lib.sym.Variable('data'), name='s', multi_output=True),
     dict(data=(2, 5, 3, 3))),
    (lambda lib: lib.sym.SoftmaxOutput(lib.sym.Variable('data'), name='s'),
     dict(data=(2, 5, 3))),
    (lambda lib: lib.sym.FullyConnected(lib.sym.Variable('data'), name='f', num_hidden=3,
                                        flatten=False), dict(data=(2, 4, 5))),
]


def _infer(sym, kwargs, partial=False):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        fn = sym.infer_shape_partial if partial else sym.infer_shape
        res = fn(**kwargs)
    return res, [(w.category, str(w.message).split('\n')[0]) for w in caught]


@pytest.mark.parametrize('build,shapes', SHAPE_CASES)
@pytest.mark.parametrize('partial', [False, True])
def test_infer_shape(build, shapes, partial):
    ref, got = both(build)
    (r, rw), (g, gw) = _infer(ref, shapes, partial), _infer(got, shapes, partial)
    assert g == r
    assert [w[0] for w in gw] == [w[0] for w in rw]


def _warning_texts(sym, kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        res = sym.infer_shape(**kwargs)
    return res, [(w.category, str(w.message)) for w in caught]


@pytest.mark.parametrize('build,shapes', [(mlp, {}), (many_heads, {}), (bn_net, {}),
                                          (attrs, {}), (bn_net, dict(bn1_moving_mean=(4,)))],
                         ids=['mlp', 'more than 10', 'aux not listed', 'attr shapes', 'aux'])
def test_infer_shape_underdetermined_warns_alike(build, shapes):
    """(None, None, None) and the same UserWarning text: only arguments are listed, at most
    10 and then '...'. infer_shape_partial never warns."""
    ref, got = both(build)
    (r, rw), (g, gw) = _warning_texts(ref, shapes), _warning_texts(got, shapes)
    assert r == g == (None, None, None)
    assert gw == rw and rw[0][0] is UserWarning
    (r, rw), (g, gw) = _infer(ref, shapes, True), _infer(got, shapes, True)
    assert g == r and gw == rw == []


def test_infer_shape_partial_with_a_weight_only():
    ref, got = both(mlp)
    assert got.infer_shape_partial(fc1_weight=(64, 16)) == \
        ref.infer_shape_partial(fc1_weight=(64, 16))


@pytest.mark.parametrize('fn', [
    lambda lib: mlp(lib).infer_shape(data=(4, 16), fc1_weight=(5, 5)),
    lambda lib: mlp(lib).infer_shape(data=(4, 16), softmax_label=(3,)),
    lambda lib: mlp(lib).infer_shape(data=(4, 16), fc2_bias=(3,)),
    lambda lib: bn_net(lib).infer_shape(data=(4, 5), lro_label=(3, 1)),
    lambda lib: arithmetic(lib).infer_shape(a=(2, 3), b=(3, 2)),
    lambda lib: mlp(lib).infer_shape((4, 16), data=(4, 16)),
    lambda lib: prefixed(lib).infer_shape(mlp_data=(4, 16)),
    lambda lib: lib.sym.SoftmaxOutput(lib.sym.Variable('d'), name='s', multi_output=True)
    .infer_shape(d=(2, 5, 3), s_label=(2, 4)),
], ids=['weight', 'label', 'bias', 'regression label', 'elementwise', 'both forms',
        'unknown name', 'multi_output label'])
def test_infer_shape_errors_have_mxnets_type(fn, capsys):
    errors_alike(fn)


def test_infer_type():
    ref, got = both(mlp)
    assert got.infer_type(data='float32') == ref.infer_type(data='float32')
    assert got.infer_type(data=np.float32) == ref.infer_type(data=np.float32)


# ---------------------------------------------------------------------------------------
# errors made while building symbols

@pytest.mark.parametrize('fn', [
    lambda lib: lib.sym.Variable(3),
    lambda lib: lib.sym.Variable('x', foo='bar'),
    lambda lib: lib.sym.Activation(lib.sym.Variable('x'), act_type='foo'),
    lambda lib: lib.sym.FullyConnected(lib.sym.Variable('x')),
    lambda lib: lib.sym.FullyConnected(lib.sym.Variable('x'), num_hidden='many'),
    lambda lib: lib.sym.FullyConnected(lib.sym.Variable('x'), num_hidden=2, foo=1),
    lambda lib: lib.sym.SoftmaxOutput(lib.sym.Variable('x'), normalization='mean'),
    lambda lib: lib.sym.Dropout(lib.sym.Variable('x'), mode='sometimes'),
    lambda lib: mlp(lib)['nope_output'],
    lambda lib: mlp(lib)[5],
    lambda lib: group(lib)[7],
    lambda lib: group(lib)[-1],
], ids=['name type', 'attr name', 'act_type', 'missing num_hidden', 'bad num_hidden',
        'unknown param', 'normalization', 'dropout mode', 'output name', 'output index',
        'group index', 'negative index'])
def test_construction_errors_have_mxnets_type(fn):
    errors_alike(fn)


@pytest.mark.parametrize('fn', [
    lambda lib: lib.sym.FullyConnected(lib.sym.Variable('x'), num_hidden=2, name='fc',
                                       attr={'weight_lr_mult': '2'}),
    lambda lib: lib.sym.Variable('x', attr={'bias_wd_mult': '0'}),
], ids=['op attr', 'variable attr'])
def test_deprecated_per_weight_attributes_are_refused(fn):
    errors_alike(fn)


def test_hidden_attribute_keys_as_op_keywords():
    """FullyConnected(..., lr_mult=2) stores __lr_mult__, as MXNet's C API does."""
    ref, got = both(lambda lib: lib.sym.FullyConnected(lib.sym.Variable('x'), num_hidden=2,
                                                       name='fc', lr_mult=2, ctx_group='a'))
    assert got.tojson() == ref.tojson()
    assert got.attr_dict() == ref.attr_dict()


def test_attr_scope_keeps_plain_keys():
    ref, got = both(lambda lib: _in_scope(lib, mood='x'))
    assert got.attr_dict() == ref.attr_dict()


def _in_scope(lib, **scope):
    with lib.attribute.AttrScope(**scope):
        return lib.sym.Variable('v')


def test_attr_scope_is_a_top_level_name():
    assert tutor.AttrScope is tutor.attribute.AttrScope


def test_mxnet_error_text_for_act_type_is_a_prefix_of_tutors():
    mx_err, tutor_err = errors_alike(
        lambda lib: lib.sym.Activation(lib.sym.Variable('x'), act_type='foo', name='a'))
    assert "Invalid Input: 'foo', valid values are: {'relu', 'sigmoid', 'softrelu', " \
           "'softsign', 'tanh'}" in str(tutor_err)
    assert "'softsign', 'tanh'}" in str(mx_err)
