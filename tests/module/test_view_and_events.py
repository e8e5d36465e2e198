"""module.view (the read-only face lenses use) and the declared events."""
import numpy as np
import pytest

import tutor as mx
from tutor import events


def _trained(fixed=()):
    data = mx.sym.Variable('data')
    fc = mx.sym.FullyConnected(data, num_hidden=3, name='fc')
    bn = mx.sym.BatchNorm(fc, name='bn')
    net = mx.sym.SoftmaxOutput(bn, name='softmax')
    mod = mx.mod.Module(net, fixed_param_names=list(fixed))
    rng = np.random.default_rng(0)
    it = mx.io.NDArrayIter(rng.random((8, 4)).astype(np.float32),
                           rng.integers(0, 3, 8).astype(np.float32), 4)
    mod.fit(it, num_epoch=1, optimizer='sgd',
            optimizer_params=(('learning_rate', 0.1), ('momentum', 0.9)))
    return mod


def test_view_names_roles_and_arrays():
    mod = _trained(fixed=['bn_beta'])
    v = mod.view
    assert v is mod.view                                   # made once
    assert v.data_names == ['data'] and v.label_names == ['softmax_label']
    assert v.param_names == ['fc_weight', 'fc_bias', 'bn_gamma', 'bn_beta']
    assert v.fixed_param_names == ['bn_beta']
    assert v.aux_names == ['bn_moving_mean', 'bn_moving_var']
    assert [v.role(n) for n in ('data', 'softmax_label', 'fc_bias', 'bn_moving_var',
                                'softmax_output', 'nothing')] == \
        ['data', 'label', 'param', 'aux', 'output', None]
    assert [n for n, _, _ in v.trained()] == ['fc_weight', 'fc_bias', 'bn_gamma']
    assert v.grad_dict['bn_beta'] is None
    assert v.executors == [v.executor]
    np.testing.assert_array_equal(v.outputs[0], mod.get_outputs()[0])
    assert v.arg_params is mod.get_params()[0] and v.owns(mod.get_params()[0])
    assert v.init_rules['fc_weight'] == 'suffix:weight'
    assert type(v.optimizer).__name__ == 'SGD'
    assert v.param_name(0) == 'fc_weight'
    assert set(v.optimizer_states) == {0, 1, 2}            # momentum of each trained param


def test_view_answers_are_copies():
    mod = _trained()
    v = mod.view
    v.param_names.append('x')
    v.arg_dict.clear()
    v.optimizer_states.clear()
    assert 'x' not in v.param_names and v.arg_dict and v.optimizer_states


def test_view_before_bind():
    net = mx.sym.SoftmaxOutput(mx.sym.Variable('data'), name='softmax')
    v = mx.mod.Module(net).view
    assert not v.binded and v.executor is None and v.executors == []
    assert v.arg_dict == {} and v.outputs == [] and v.optimizer is None
    assert v.arg_params is None and v.optimizer_states == {}


class _Misspelt(mx.lens.Lens):
    def on_epoch_ended(self, module, info):
        pass


def test_a_misspelt_handler_is_an_error():
    mod = _trained()
    with pytest.raises(events.UnknownEventError, match="on_epoch_ended.*'epoch_ended'"):
        _Misspelt().attach(mod)
    assert isinstance(events.UnknownEventError('x'), ValueError)
    with pytest.raises(events.UnknownEventError, match='declared'):
        mod.emit('epoch_ended')


def test_every_event_emitted_is_declared_and_every_lens_handler_is_an_event():
    import pathlib
    import re
    emitted = {}     # every emit in tutor/ (a BucketingModule's once escaped a narrower scan)
    for path in pathlib.Path(mx.__file__).parent.rglob('*.py'):
        for name in re.findall(r"emit(?:_once)?\((?:\([^)]*\), )?'(\w+)'", path.read_text()):
            emitted.setdefault(name, path.name)
    undeclared = {n: f for n, f in emitted.items() if n not in events.ALL_EVENTS}
    assert emitted and not undeclared, undeclared
    assert events.ALL_EVENTS - set(emitted) == set()
    for lens in mx.lens.attach_all(_trained()).values():   # attach checks the handlers
        assert lens.attached


def test_module_checkpoint_reaches_its_watchers_once(tmp_path):
    mod = _trained()
    heard = []

    class Ear:
        def notify(self, event, source, info):
            heard.append((event, source, info['epoch']))

    ear = Ear()
    mod.attach_watcher(ear)
    mod.save_checkpoint(str(tmp_path / 'm'), 3)
    assert heard == [('checkpoint_saved', mod, 3)]
    events.files.attach_watcher(ear)           # on both: still heard once
    try:
        mod.save_checkpoint(str(tmp_path / 'm'), 4)
    finally:
        events.files.detach_watcher(ear)
    assert heard[1:] == [('checkpoint_saved', mod, 4)]


def test_a_checkpoint_lens_on_the_module_hears_its_saves(tmp_path):
    mod = _trained()
    lens = mx.lens.CheckpointLens().attach(mod)
    events.files.detach_watcher(lens)          # only the module's watcher list is left
    mod.save_checkpoint(str(tmp_path / 'm'), 1)
    assert [r['epoch'] for r in lens.saves()] == [1] and lens.saves()[0]['this_module']


def test_lenses_watch_a_bucketing_module_that_binds_new_buckets():
    """Each new bucket's bind is an event the watchers hear (it used to be undeclared, so
    training raised as soon as a new bucket appeared under an attached lens)."""
    from bucket_nets import batch, sym_gen

    heard = []

    class Watcher:
        def notify(self, event, source, info):
            if event == 'bucket_bound':
                heard.append(info['bucket_key'])

    mod = mx.mod.BucketingModule(sym_gen, default_bucket_key=5)
    mod.bind([mx.io.DataDesc('data', (4, 5, 3))], [mx.io.DataDesc('softmax_label', (4,))])
    lenses = mx.lens.attach_all(mod)      # after bind: MXNet's BucketingModule has no symbol before
    mod.attach_watcher(Watcher())
    mod.init_params()
    mod.init_optimizer()
    for length in (3, 4, 3):
        mod.forward(batch(length, seed=length), is_train=True)
        mod.backward()
        mod.update()
    assert heard == [3, 4]                          # the default bucket (5) came with bind
    assert 'bucket' in str(lenses['memory'].report())   # the memory lens lists the buckets
