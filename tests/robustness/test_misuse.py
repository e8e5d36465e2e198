"""Every misuse a learner makes, one test each: the exception is MXNet 1.9.1's type (probed on
real MXNet; docs/robustness.md lists them), its message names the offending thing and says what
to do next, and that advice follows ``tutor.set_language``: MXNet's own words stay in English
in front (so they can still be searched for), tutor's advice after them turns Chinese."""
import os
import pickle
import re

import numpy as np
import pytest

import tutor as mx
from tutor import i18n
from tutor.base import MXNetError

CJK = re.compile('[\u4e00-\u9fff]')


@pytest.fixture(autouse=True)
def english():
    mx.random.seed(0)
    mx.set_language('en')
    yield
    mx.set_language('en')


def mlp(hidden=8):
    net = mx.sym.Variable('data')
    net = mx.sym.FullyConnected(net, name='fc1', num_hidden=hidden)
    net = mx.sym.Activation(net, name='relu1', act_type='relu')
    net = mx.sym.FullyConnected(net, name='fc2', num_hidden=4)
    return mx.sym.SoftmaxOutput(net, name='softmax')


def data(n=20, d=6, **kwargs):
    rng = np.random.RandomState(0)
    return mx.io.NDArrayIter(rng.rand(n, d).astype('f'), rng.randint(0, 4, n), 5, **kwargs)


def bound(for_training=True, init=True, opt=False):
    it = data()
    mod = mx.mod.Module(mlp())
    mod.bind(it.provide_data, it.provide_label, for_training=for_training)
    if init:
        mod.init_params()
    if opt:
        mod.init_optimizer()
    return mod, next(iter(it))


def fails(exc, call, *words, mxnet=None):
    """``call()`` raises ``exc``; its message holds every word (the offending things and the
    fix) and, in front, MXNet's own message when MXNet has one."""
    with pytest.raises(exc) as err:
        call()
    msg = str(err.value)
    for word in words:
        assert word in msg, '%r not in: %s' % (word, msg)
    if mxnet is not None:
        assert msg.startswith(mxnet) or mxnet in msg, msg
    return msg


def in_chinese(exc, call, mxnet=None):
    """The same misuse with the language set to Chinese: tutor's advice is Chinese, MXNet's
    words (if any) are unchanged."""
    with i18n.using('zh'):
        with pytest.raises(exc) as err:
            call()
    msg = str(err.value)
    assert CJK.search(msg), msg
    if mxnet is not None:
        assert mxnet in msg
    return msg


# --- the state machine (MXNet: bare AssertionError) -----------------------------------------

def test_forward_before_bind():
    mod, batch = mx.mod.Module(mlp()), next(iter(data()))
    fails(AssertionError, lambda: mod.forward(batch), 'forward', 'mod.bind(')
    assert '需要一个已绑定的模块' in in_chinese(AssertionError, lambda: mod.forward(batch))


def test_forward_before_init_params():
    mod, batch = bound(init=False)
    fails(AssertionError, lambda: mod.forward(batch), 'forward', 'mod.init_params()')
    in_chinese(AssertionError, lambda: mod.forward(batch))


def test_update_before_init_optimizer():
    mod, batch = bound()
    mod.forward_backward(batch)
    fails(AssertionError, mod.update, 'update', 'mod.init_optimizer(')
    assert '优化器' in in_chinese(AssertionError, mod.update)


def test_init_params_before_bind():
    mod = mx.mod.Module(mlp())
    mxnet = 'call bind before initializing the parameters'
    fails(AssertionError, mod.init_params, 'mod.bind(', mxnet=mxnet)
    in_chinese(AssertionError, mod.init_params, mxnet=mxnet)


def test_init_optimizer_before_init_params():
    mod, _ = bound(init=False)
    fails(AssertionError, mod.init_optimizer, 'init_optimizer', 'mod.init_params()')


def test_backward_on_a_module_bound_for_prediction():
    mod, batch = bound(for_training=False)
    mod.forward(batch)
    mxnet = 're-bind with for_training=True to run backward'
    fails(AssertionError, mod.backward, 'for_training=False', 'force_rebind=True', mxnet=mxnet)
    assert '梯度' in in_chinese(AssertionError, mod.backward, mxnet=mxnet)


def test_fit_on_a_module_bound_for_prediction():
    mod, _ = bound(for_training=False)
    fails(AssertionError, lambda: mod.fit(data(), num_epoch=1),
          mxnet='re-bind with for_training=True to run backward')


def test_get_input_grads_without_inputs_need_grad():
    mod, batch = bound()
    mod.forward_backward(batch)
    fails(AssertionError, mod.get_input_grads, 'get_input_grads', 'inputs_need_grad=True')
    in_chinese(AssertionError, mod.get_input_grads)


def test_inputs_need_grad_needs_for_training():
    it = data()
    mod = mx.mod.Module(mlp())
    fails(AssertionError, lambda: mod.bind(it.provide_data, it.provide_label,
                                           for_training=False, inputs_need_grad=True),
          'inputs_need_grad=True', 'for_training=True')


def test_shapes_and_predict_before_bind():
    mod = mx.mod.Module(mlp())
    fails(AssertionError, lambda: mod.output_shapes, 'output_shapes', 'mod.bind(')
    fails(AssertionError, lambda: mod.predict(data()), 'predict', 'mod.bind(')
    fails(AssertionError, lambda: mod.score(data(), 'acc'), 'score', 'mod.bind(')


def test_optimizer_states_before_init_optimizer(tmp_path):
    mod, _ = bound()
    fails(AssertionError, lambda: mod.save_optimizer_states(str(tmp_path / 'x.states')),
          'save_optimizer_states', 'init_optimizer')
    assert not os.listdir(str(tmp_path))


def test_fit_without_num_epoch():
    mxnet = 'please specify number of epochs'
    mod = mx.mod.Module(mlp())
    fails(AssertionError, lambda: mod.fit(data()), 'num_epoch=10', mxnet=mxnet)
    in_chinese(AssertionError, lambda: mod.fit(data()), mxnet=mxnet)


def test_set_params_with_allow_missing_before_bind():
    # MXNet: AttributeError ('NoneType' object has no attribute 'set_params')
    mod = mx.mod.Module(mlp())
    fails(AttributeError, lambda: mod.set_params({}, {}, allow_missing=True),
          'set_params', 'mod.bind(')


# --- shapes ---------------------------------------------------------------------------------

def test_data_with_another_feature_count_names_the_weight():
    mod, _ = bound()
    wrong = mx.io.DataBatch([mx.nd.ones((5, 7))], [mx.nd.zeros((5,))])
    msg = fails(MXNetError, lambda: mod.forward(wrong), 'fc1_weight', '(8, 6)', '(8, 7)',
                'data (5, 6) -> (5, 7)', 'force_rebind=True',
                mxnet='Shape of unspecifie arg: fc1_weight changed.')
    # what is wrong and what to do come first; MXNet's words (which point elsewhere) after
    assert msg.startswith('This batch does not fit'), msg
    assert msg.index('force_rebind') < msg.index('partial_shaping'), msg
    assert '形状' in in_chinese(MXNetError, lambda: mod.forward(wrong),
                              mxnet='Shape of unspecifie arg: fc1_weight changed.')


def test_bind_with_an_array_as_shape():
    mod = mx.mod.Module(mlp())
    call = lambda: mod.bind([('data', mx.nd.ones((4, 6)))])  # noqa: E731
    fails(TypeError, call, "'data'", 'NDArray', 'array.shape')
    assert '形状' in in_chinese(TypeError, call)


def test_fully_connected_flatten_false_on_one_dimensional_data():
    """Not an error in MXNet's FullyConnected: data (5,) is one example with 5 features, so
    the output is (3,). The mistake surfaces at the loss layer, which needs (batch, classes):
    tutor infers the same shapes as MXNet and names the layer and the shapes when it fails."""
    data_ = mx.sym.Variable('data')
    fc = mx.sym.FullyConnected(data_, num_hidden=3, flatten=False, name='fc')
    assert fc.infer_shape(data=(5,)) == ([(5,), (3, 5), (3,)], [(3,)], [])
    assert fc.infer_shape(data=(5, 2, 4))[1] == [(5, 2, 3)]     # keeps the leading axes
    mod = mx.mod.Module(mx.sym.SoftmaxOutput(fc, name='softmax'))
    fails(MXNetError, lambda: mod.bind([('data', (5,))], [('softmax_label', (5,))]),
          'softmax', '(3,)', '(batch, classes')


# --- names ----------------------------------------------------------------------------------

def test_unknown_data_name():
    fails(ValueError, lambda: mx.mod.Module(mlp(), data_names=['x']), "'x'",
          'Did you mean one of', 'data',
          mxnet="\033[91mYou created Module with Module(..., data_names=['x'])")


def test_iterator_data_name_that_is_not_the_module_s():
    it = data(data_name='x')
    mod = mx.mod.Module(mlp())
    mxnet = "Data provided by data_shapes don't match names specified by data_names"
    fails(ValueError, lambda: mod.bind(it.provide_data, it.provide_label), "data_name='data'",
          "data_names=['x']", mxnet=mxnet)
    in_chinese(ValueError, lambda: mod.bind(it.provide_data, it.provide_label), mxnet=mxnet)


@pytest.mark.parametrize('step', ['bind', 'fit'])
def test_label_name_that_does_not_match_provide_label(step):
    """NDArrayIter(..., label_name='lbl') with a SoftmaxOutput named 'softmax' (which reads
    'softmax_label'). MXNet warns, then fails with a bare KeyError('lbl')."""
    it = data(label_name='lbl')
    mod = mx.mod.Module(mlp())
    call = (lambda: mod.bind(it.provide_data, it.provide_label)) if step == 'bind' else \
        (lambda: mod.fit(it, num_epoch=1))
    with pytest.warns(UserWarning, match='label_shapes'):
        msg = fails(KeyError, call, "'lbl'", "label_name='softmax_label'")
    assert isinstance(pytest.raises(MXNetError, call).value, ValueError)
    assert not msg.startswith('"')        # printed as a sentence, not as a quoted key
    with pytest.warns(UserWarning):
        assert '标签' in in_chinese(KeyError, call)


# --- names in registries (each error lists the valid ones) ----------------------------------

def test_unknown_optimizer_lists_the_known_ones():
    mod, _ = bound()
    fails(ValueError, lambda: mod.init_optimizer(optimizer='sgdd'), 'sgd', 'adam', 'rmsprop',
          mxnet='Cannot find optimizer sgdd')
    fails(ValueError, lambda: mx.mod.Module(mlp()).fit(data(), optimizer='sgdd', num_epoch=1),
          mxnet='Cannot find optimizer sgdd')


def test_unknown_metric_lists_the_known_ones():
    fails(AssertionError, lambda: mx.metric.create('accuarcy'), 'acc', 'ce', 'mse',
          mxnet='accuarcy is not registered. Please register with metric.register first')
    fails(AssertionError, lambda: mx.mod.Module(mlp()).fit(data(), eval_metric='accuarcy',
                                                           num_epoch=1),
          mxnet='accuarcy is not registered')


def test_unknown_initializer_lists_the_known_ones():
    fails(AssertionError, lambda: mx.init.create('xavierr'), 'xavier', 'uniform', 'normal',
          mxnet='xavierr is not registered. Please register with initializer.register first')


# --- set_params -----------------------------------------------------------------------------

def _params(mod):
    arg, aux = mod.get_params()
    return {k: v.copy() for k, v in arg.items()}, dict(aux)


def test_set_params_with_a_missing_name():
    mod, _ = bound()
    arg, aux = _params(mod)
    del arg['fc1_bias']
    fails(RuntimeError, lambda: mod.set_params(arg, aux), 'fc1_bias', 'allow_missing=True',
          mxnet='fc1_bias is not presented')
    in_chinese(RuntimeError, lambda: mod.set_params(arg, aux),
               mxnet='fc1_bias is not presented')
    mod.set_params(arg, aux, allow_missing=True)     # the fix works


def test_set_params_with_an_extra_name():
    mod, _ = bound()
    arg, aux = _params(mod)
    arg['fc9_weight'] = mx.nd.ones((2, 2))
    mod.set_params(arg, aux)           # MXNet: the strict path silently ignores extras
    mxnet = 'Find name "fc9_weight" that is not in the arguments'
    fails(ValueError, lambda: mod.set_params(arg, aux, allow_missing=True), 'allow_extra=True',
          mxnet=mxnet)
    in_chinese(ValueError, lambda: mod.set_params(arg, aux, allow_missing=True), mxnet=mxnet)
    mod.set_params(arg, aux, allow_missing=True, allow_extra=True)


def mlp_classes(classes):
    net = mx.sym.Variable('data')
    net = mx.sym.FullyConnected(net, name='fc1', num_hidden=8)
    net = mx.sym.Activation(net, name='relu1', act_type='relu')
    net = mx.sym.FullyConnected(net, name='fc2', num_hidden=classes)
    return mx.sym.SoftmaxOutput(net, name='softmax')


@pytest.mark.parametrize('allow_missing', [False, True])
def test_params_of_another_network_name_the_array_and_change_nothing(tmp_path, allow_missing):
    """A .params file saved from a network with 5 classes loaded into one with 4: MXNet fails
    with an opaque shape message; tutor names the array, both shapes and the likely cause,
    and leaves every parameter as it was (fc1, which fits, is not half-loaded)."""
    mod, _ = bound()
    other = mx.mod.Module(mlp_classes(5))
    it = data()
    other.bind(it.provide_data, it.provide_label)
    other.init_params(mx.init.Uniform(0.5))
    fname = str(tmp_path / 'other.params')
    other.save_params(fname)
    arg, aux = mx.model.split_params(mx.nd.load(fname), fname)
    before = {k: v.copy() for k, v in mod.get_params()[0].items()}
    call = lambda: mod.set_params(arg, aux, allow_missing=allow_missing)  # noqa: E731
    fails(MXNetError, call, 'fc2_', '(5', '(4', 'another network')
    in_chinese(MXNetError, call)
    fails(MXNetError, lambda: mod.load_params(fname), 'fc2_')
    batch = next(iter(data()))
    mod.forward(batch)          # the executor, too, still holds the old values
    for k, v in mod.get_params()[0].items():
        np.testing.assert_array_equal(v, before[k])
        np.testing.assert_array_equal(mod._exec.arg_dict[k], before[k])


# --- files ----------------------------------------------------------------------------------

def _checkpoint(tmp_path, epochs=(1, 2)):
    prefix = str(tmp_path / 'mlp')
    mod, _ = bound()
    for e in epochs:
        mod.save_checkpoint(prefix, e)
    return prefix


def test_load_checkpoint_with_a_wrong_prefix(tmp_path):
    _checkpoint(tmp_path)
    wrong = str(tmp_path / 'mpl')
    mxnet = 'Open "%s-symbol.json": No such file or directory' % wrong
    fails(MXNetError, lambda: mx.model.load_checkpoint(wrong, 1), '-NNNN.params', mxnet=mxnet)
    fails(MXNetError, lambda: mx.mod.Module.load(wrong, 1), mxnet=mxnet)
    assert '前缀' in in_chinese(MXNetError, lambda: mx.model.load_checkpoint(wrong, 1),
                              mxnet=mxnet)


def test_load_checkpoint_with_a_wrong_epoch_lists_the_saved_ones(tmp_path):
    prefix = _checkpoint(tmp_path, epochs=(1, 2))
    mxnet = 'Open "%s-0003.params": No such file or directory' % prefix
    fails(MXNetError, lambda: mx.model.load_checkpoint(prefix, 3), 'saved with this prefix: 1, 2',
          mxnet=mxnet)
    fails(MXNetError, lambda: mx.mod.Module.load(prefix, 0), '1, 2', '-0001.params')
    in_chinese(MXNetError, lambda: mx.model.load_checkpoint(prefix, 3), mxnet=mxnet)
    os.remove(prefix + '-0001.params')
    os.remove(prefix + '-0002.params')
    fails(MXNetError, lambda: mx.model.load_checkpoint(prefix, 1), 'No .params file')


def test_module_load_of_files_from_two_networks_names_the_array(tmp_path):
    """prefix-symbol.json overwritten by a later, wider network; prefix-0001.params from the
    first one: bind names the array and both shapes, and the module stays unbound."""
    prefix = _checkpoint(tmp_path, epochs=(1,))
    mlp(hidden=16).save(prefix + '-symbol.json')
    mod = mx.mod.Module.load(prefix, 1)
    it = data()
    fails(MXNetError, lambda: mod.bind(it.provide_data, it.provide_label), 'fc1_weight',
          '(8, 6)', '(16, 6)')
    assert not mod.binded
    in_chinese(MXNetError, lambda: mod.bind(it.provide_data, it.provide_label))


def test_sym_load_and_nd_load_of_a_missing_file(tmp_path):
    missing = str(tmp_path / 'nope-symbol.json')
    msg = fails(MXNetError, lambda: mx.sym.load(missing), 'nope-symbol.json',
                mxnet='Open "%s": No such file or directory' % missing)
    with pytest.raises(FileNotFoundError):
        mx.sym.load(missing)
    assert msg
    missing = str(tmp_path / 'nope.params')
    fails(MXNetError, lambda: mx.nd.load(missing), 'Check the path',
          mxnet='Open "%s": No such file or directory' % missing)
    with pytest.raises(FileNotFoundError):
        mx.nd.load(missing)


def test_saving_into_a_folder_that_does_not_exist(tmp_path):
    prefix = str(tmp_path / 'checkpoints' / 'mlp')
    mod, _ = bound()
    mxnet = 'Open "%s-symbol.json": No such file or directory' % prefix
    fails(MXNetError, lambda: mod.save_checkpoint(prefix, 1), 'os.makedirs(', mxnet=mxnet)
    with pytest.raises(FileNotFoundError):
        mx.nd.save(prefix + '-0001.params', [mx.nd.ones((1,))])
    assert '文件夹' in in_chinese(MXNetError, lambda: mod.save_checkpoint(prefix, 1))
    os.makedirs(os.path.dirname(prefix))
    mod.save_checkpoint(prefix, 1)          # the advice works


def test_sym_load_of_a_file_that_is_not_json(tmp_path):
    f = tmp_path / 'notes-symbol.json'
    f.write_text('my network: data -> fc1 -> relu -> fc2 -> softmax\n')
    for call in (lambda: mx.sym.load(str(f)), lambda: mx.model.load_checkpoint(
            str(tmp_path / 'notes'), 1)):
        msg = fails(ValueError, call, 'notes-symbol.json', 'not JSON', 'sym.save')
        with pytest.raises(MXNetError):
            call()
    assert msg
    in_chinese(ValueError, lambda: mx.sym.load(str(f)))


def test_nd_load_of_a_pickle_is_refused_and_never_unpickled(tmp_path, monkeypatch):
    class Boom:
        def __reduce__(self):
            return (os.system, ('echo pwned > %s' % (tmp_path / 'pwned'),))
    f = tmp_path / 'weights.params'
    f.write_bytes(pickle.dumps({'arg:fc1_weight': Boom()}))

    def never(*args, **kwargs):
        raise AssertionError('tutor tried to unpickle a file')
    for name in ('load', 'loads', 'Unpickler'):
        monkeypatch.setattr(pickle, name, never)
    monkeypatch.setattr(np, 'load', never)
    fails(ValueError, lambda: mx.nd.load(str(f)), 'weights.params', 'Invalid NDArray file format',
          'mx.nd.save')
    fails(MXNetError, lambda: mx.model.load_checkpoint(str(tmp_path / 'x'), 1))
    assert not (tmp_path / 'pwned').exists()
    in_chinese(ValueError, lambda: mx.nd.load(str(f)))


def test_mxnet_pickled_optimizer_states_are_refused(tmp_path, monkeypatch):
    f = tmp_path / 'mlp-0001.states'
    f.write_bytes(pickle.dumps({0: np.zeros(3)}))
    monkeypatch.setattr(pickle, 'loads', lambda *a, **k: pytest.fail('unpickled'))
    mod, _ = bound(opt=True)
    fails(ValueError, lambda: mod.load_optimizer_states(str(f)), 'mlp-0001.states', 'pickle',
          '.params')


def test_saving_a_scalar_is_refused_before_anything_is_written(tmp_path):
    """MXNet writes a 0-d array into a .params file that it then cannot load back."""
    f = str(tmp_path / 'extra.params')
    mx.nd.save(f, {'arg:w': mx.nd.ones((2,))})
    before = open(f, 'rb').read()
    step = mx.nd.array(3.0)
    assert step.shape == ()
    fails(ValueError, lambda: mx.nd.save(f, {'arg:w': mx.nd.ones((2,)), 'arg:step': step}),
          "'arg:step'", 'reshape((1,))')
    assert open(f, 'rb').read() == before
    in_chinese(ValueError, lambda: mx.nd.save(f, [step]))
    mx.nd.save(f, {'arg:step': step.reshape((1,))})
    assert mx.nd.load(f)['arg:step'].shape == (1,)


# --- the catalogue ----------------------------------------------------------------------------

def test_every_error_key_is_used_and_translated():
    import glob
    keys = [k for k in i18n.catalogue() if k.startswith('err.')]
    assert len(keys) >= 20
    root = os.path.join(os.path.dirname(mx.__file__))
    source = ''.join(open(p, encoding='utf-8').read()
                     for p in glob.glob(os.path.join(root, '**', '*.py'), recursive=True)
                     if os.sep + 'catalog' + os.sep not in p)
    for key in keys:
        assert "'%s'" % key in source, 'unused message %s' % key
        assert CJK.search(i18n.catalogue()[key]['zh']), key
