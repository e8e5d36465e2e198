"""Which array gets which values: name endings, __init__ attributes, the legacy path,
the registry, Load, Mixed, logging, and the last_decision hook."""
import json
import logging

import numpy as np
import pytest

import tutor as mx
from tutor.initializer import InitDesc, InitDecision


def _fill(init, name, shape=(4, 3), attrs=None, dtype=np.float32):
    arr = mx.nd.array(np.full(shape, 7.0), dtype=dtype)
    init(InitDesc(name, attrs), arr)
    return arr


@pytest.mark.parametrize('name,expected,rule', [
    ('fc1_bias', 0.0, 'suffix:bias'), ('bn_gamma', 1.0, 'suffix:gamma'),
    ('bn_beta', 0.0, 'suffix:beta'), ('q_min', 0.0, 'suffix:min'),
    ('q_max', 1.0, 'suffix:max')])
def test_fixed_value_suffixes(name, expected, rule):
    init = mx.init.Uniform(0.5)
    arr = _fill(init, name)
    assert np.all(arr == expected)
    assert init.last_rule == rule


def test_weight_suffix_gets_the_random_part():
    init = mx.init.Uniform(0.5)
    arr = _fill(init, 'fc1_weight', (20, 30))
    assert len(np.unique(arr)) > 100 and np.abs(arr).max() <= 0.5
    assert init.last_decision == InitDecision('fc1_weight', 'suffix:weight',
                                              'uniform(scale=0.5)')


def test_suffix_is_checked_on_the_end_of_the_name_only():
    with pytest.raises(ValueError, match='Unknown initialization pattern for fc_weights'):
        _fill(mx.init.Uniform(), 'fc_weights')
    with pytest.raises(ValueError, match='Unknown initialization pattern for bias_term'):
        _fill(mx.init.Uniform(), 'bias_term')


def test_unknown_name_message_is_mxnets_plus_a_hint():
    with pytest.raises(ValueError) as err:
        _fill(mx.init.Xavier(), 'softmax_label')
    msg = str(err.value)
    assert msg.startswith(
        'Unknown initialization pattern for softmax_label. Default initialization is now '
        'limited to "weight", "bias", "gamma" (1.0), and "beta" (0.0).Please use '
        'mx.sym.Variable(init=mx.init.*) to set initialization pattern')
    assert 'label_names' in msg


def test_init_attribute_wins_over_the_suffix():
    init = mx.init.Uniform(0.5)
    arr = _fill(init, 'fc1_bias', attrs={'__init__': '["constant", {"value": 3}]'})
    assert np.all(arr == 3)
    assert init.last_rule == 'attr:__init__'
    assert init.last_decision.init == 'constant(value=3)'


def test_batchnorm_moving_stats_via_init_attribute():
    init = mx.init.Xavier()
    assert np.all(_fill(init, 'bn_moving_mean', (3,), {'__init__': '["zero", {}]'}) == 0)
    assert np.all(_fill(init, 'bn_moving_var', (3,), {'__init__': '["one", {}]'}) == 1)
    with pytest.raises(ValueError):
        _fill(init, 'bn_moving_mean', (3,))      # without the attribute: unknown


def test_global_init_is_recorded_on_the_desc():
    init = mx.init.One()
    desc = InitDesc('a_weight')
    init(desc, mx.nd.zeros((2, 2)))
    assert desc.global_init is init


def test_legacy_plain_string_path():
    init = mx.init.Uniform()
    for name, value in [('bn_moving_mean', 0), ('bn_moving_var', 1), ('x_moving_avg', 0),
                        ('x_moving_inv_var', 0), ('fc_bias', 0), ('stn_loc_weight', 0)]:
        arr = mx.nd.array(np.full((6,), 7.0))
        with pytest.warns(DeprecationWarning, match='deprecated'):
            init(name, arr)
        assert np.all(arr == value), name
        assert init.last_rule.startswith('legacy:')
    arr = mx.nd.zeros((6,))
    with pytest.warns(DeprecationWarning):
        init('stn_loc_bias', arr)
    assert arr.tolist() == [1, 0, 0, 0, 1, 0]
    with pytest.warns(DeprecationWarning), pytest.raises(TypeError):
        init(3, mx.nd.zeros((2,)))


@pytest.mark.parametrize('dtype', [np.float64, np.float16, np.float32])
def test_arrays_are_written_in_place_keeping_dtype(dtype):
    arr = mx.nd.zeros((5, 4), dtype=dtype)
    before = arr.__array_interface__['data'][0]
    mx.init.Xavier()(InitDesc('w_weight'), arr)
    assert arr.dtype == dtype and arr.__array_interface__['data'][0] == before
    assert np.abs(arr).max() > 0


def test_works_on_plain_numpy_arrays():
    arr = np.zeros((3, 3), np.float32)
    mx.init.One()(InitDesc('a_weight'), arr)
    assert np.all(arr == 1)


# --- registry ------------------------------------------------------------------------------

@pytest.mark.parametrize('name,cls', [('zero', 'Zero'), ('zeros', 'Zero'), ('ONES', 'One'),
                                      ('xavier', 'Xavier'), ('MSRAPrelu', 'MSRAPrelu'),
                                      ('orthogonal', 'Orthogonal'), ('bilinear', 'Bilinear'),
                                      ('lstmbias', 'LSTMBias'), ('normal', 'Normal')])
def test_create_by_name(name, cls):
    assert type(mx.init.create(name)).__name__ == cls


def test_create_from_json_dict_and_instance():
    init = mx.init.create('["uniform", {"scale": 0.2}]')
    assert isinstance(init, mx.init.Uniform) and init.scale == 0.2
    assert mx.init.create('{"initializer": "normal", "sigma": 0.3}').sigma == 0.3
    assert mx.init.create({'initializer': 'constant', 'value': 2}).value == 2
    inst = mx.init.One()
    assert mx.init.create(inst) is inst
    with pytest.raises(AssertionError, match='already an instance'):
        mx.init.create(inst, 1)


def test_create_unknown_name_is_an_assertion_with_the_list():
    with pytest.raises(AssertionError) as err:
        mx.init.create('foo')
    msg = str(err.value)
    assert msg.startswith('foo is not registered. Please register with initializer.register '
                          'first')
    assert 'xavier' in msg and 'uniform' in msg


def test_register_custom_initializer_and_alias():
    @mx.init.register
    @mx.init.alias('myinit_test_alias')
    class MyInitTest(mx.init.Initializer):
        def _init_weight(self, _, arr):
            arr[...] = 0.25

        def _init_bias(self, _, arr):
            arr[...] = 2

    init = mx.init.create('myinit_test_alias')
    assert np.all(_fill(init, 'a_weight') == 0.25)
    assert np.all(_fill(init, 'a_bias') == 2)
    assert init.last_decision.init == 'MyInitTest._init_bias'    # not the base 'zero'
    assert type(mx.init.create('myinittest')) is MyInitTest
    with pytest.warns(UserWarning, match='overriding'):
        mx.init.register(MyInitTest)


@pytest.mark.parametrize('init,text', [
    (mx.init.Uniform(), '["uniform", {"scale": 0.07}]'),
    (mx.init.Normal(0.5), '["normal", {"sigma": 0.5}]'),
    (mx.init.Xavier(factor_type='in', magnitude=2.34),
     '["xavier", {"rnd_type": "uniform", "factor_type": "in", "magnitude": 2.34}]'),
    (mx.init.MSRAPrelu(), '["msraprelu", {"factor_type": "avg", "slope": 0.25}]'),
    (mx.init.Zero(), '["zero", {}]'),
    (mx.init.Constant(np.array([1.0, 2.0])), '["constant", {"value": [1.0, 2.0]}]')])
def test_dumps(init, text):
    assert init.dumps() == text
    assert json.loads(text)[0] in mx.initializer._REGISTRY


def test_equality_by_type_and_arguments():
    assert mx.init.Uniform(0.1) == mx.init.Uniform(0.1)
    assert mx.init.Uniform(0.1) != mx.init.Uniform(0.2)
    assert mx.init.Zero() != mx.init.One()


def test_set_verbosity_logs_each_array(caplog):
    init = mx.init.Constant(2.0).set_verbosity(True)
    with caplog.at_level(logging.INFO):
        _fill(init, 'a_weight', (2, 2))
        _fill(init, 'a_bias', (2,))
        _fill(init, 'm', (2,), {'__init__': '["one", {}]'})
    assert [r.getMessage() for r in caplog.records] == [
        'Initialized a_weight as weight: 2.0', 'Initialized a_bias as bias: 0.0',
        'Initialized m as ["one", {}]: 1.0']


# --- the decision hook -----------------------------------------------------------------------

def test_explain_sentences():
    init = mx.init.Uniform(0.1)
    _fill(init, 'fc1_bias')
    assert init.last_decision.explain() == \
        "fc1_bias was set to zero because its name ends in 'bias'"
    _fill(init, 'bn_moving_var', (3,), {'__init__': '["one", {}]'})
    assert init.last_decision.explain() == \
        'bn_moving_var was set to one because its variable has an __init__ attribute (one)'
    assert mx.init.Zero().last_rule is None


# --- Mixed and Load --------------------------------------------------------------------------

def test_mixed_uses_the_first_pattern_matching_from_the_start():
    mixed = mx.init.Mixed(['fc2.*', '.*'], [mx.init.Constant(5), mx.init.One()])
    assert np.all(_fill(mixed, 'fc2_weight') == 5)
    assert np.all(_fill(mixed, 'fc1_weight') == 1)
    assert np.all(_fill(mixed, 'fc2_bias') == 0)     # Constant's own bias rule
    assert mixed.last_rule == 'mixed:fc2.*'
    assert mixed.last_decision.inner.rule == 'suffix:bias'
    assert 'matched the pattern' in mixed.last_decision.explain()
    with pytest.raises(ValueError, match='did not match any pattern'):
        mx.init.Mixed(['fc.*'], [mx.init.One()])(InitDesc('conv_weight'), mx.nd.zeros((2,)))


def test_load_from_dict_and_file(tmp_path):
    fname = str(tmp_path / 'p.params')
    mx.nd.save(fname, {'arg:fc_weight': mx.nd.ones((2, 3)) * 3,
                       'aux:bn_moving_mean': mx.nd.ones((3,)) * 4})
    load = mx.init.Load(fname, default_init=mx.init.Constant(9))
    assert set(load.param) == {'fc_weight', 'bn_moving_mean'}
    assert np.all(_fill(load, 'fc_weight', (2, 3)) == 3)
    assert load.last_rule == 'load:loaded'
    assert np.all(_fill(load, 'bn_moving_mean', (3,)) == 4)
    assert np.all(_fill(load, 'other_weight', (2, 2)) == 9)
    assert load.last_rule == 'load:default'
    assert load.last_decision.inner.rule == 'suffix:weight'
    with pytest.raises(AssertionError, match='Shape mismatch'):
        _fill(load, 'fc_weight', (3, 3))
    with pytest.raises(AssertionError, match='no default Initializer'):
        _fill(mx.init.Load({'a_weight': np.ones(2)}), 'b_weight')


def test_load_verbose_logs(caplog):
    load = mx.init.Load({'a_weight': np.ones((2,))}, default_init=mx.init.Zero(), verbose=True)
    with caplog.at_level(logging.INFO):
        _fill(load, 'a_weight', (2,))
        _fill(load, 'b_weight', (2,))
    assert [r.getMessage() for r in caplog.records] == [
        'Initialized a_weight by loading', 'Initialized b_weight by default']


def test_load_refuses_a_list_file(tmp_path):
    fname = str(tmp_path / 'l.params')
    mx.nd.save(fname, [mx.nd.ones((2,))])
    with pytest.raises(AssertionError, match='dict'):
        mx.init.Load(fname)
