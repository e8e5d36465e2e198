"""A save that dies midway (disk full, a failing rename, Ctrl-C in the middle of the write)
leaves the previous checkpoint exactly as it was, loadable, and no temporary file behind.

Every writer goes through ``tutor.ndarray.atomic_write`` (a temporary file in the same folder,
then ``os.replace``); these tests break each step of it under each public save function."""
import os
import stat

import numpy as np
import pytest

import tutor as mx


def _net(hidden=4):
    net = mx.sym.Variable('data')
    net = mx.sym.FullyConnected(net, name='fc1', num_hidden=hidden)
    net = mx.sym.Activation(net, name='relu1', act_type='relu')
    net = mx.sym.FullyConnected(net, name='fc2', num_hidden=3)
    return mx.sym.SoftmaxOutput(net, name='softmax')


def _iter():
    rng = np.random.RandomState(0)
    return mx.io.NDArrayIter(rng.rand(24, 5).astype('f'), np.arange(24) % 3, 8)


def _module(seed=0):
    mx.random.seed(seed)
    it = _iter()
    mod = mx.mod.Module(_net())
    mod.bind(it.provide_data, it.provide_label)
    mod.init_params(mx.init.Uniform(0.5))
    mod.init_optimizer(optimizer_params={'learning_rate': 0.1, 'momentum': 0.9})
    for batch in it:
        mod.forward_backward(batch)
        mod.update()
    return mod


# --- ways for a write to die ---------------------------------------------------------------

class _HalfWriter:
    """A file object that writes half of what it is given, then raises ``error``."""

    def __init__(self, f, error):
        self._f, self._error = f, error

    def write(self, data):
        self._f.write(bytes(data[:len(data) // 2]))
        self._f.flush()
        raise self._error

    def __getattr__(self, name):
        return getattr(self._f, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._f.close()
        return False


def _die_in_write(error):
    real = os.fdopen

    def fdopen(fd, *args, **kwargs):
        return _HalfWriter(real(fd, *args, **kwargs), error)
    return 'fdopen', fdopen


def _die_in(name, error):
    def fail(*args, **kwargs):
        raise error
    return name, fail


FAILURES = {
    'disk full mid-write': lambda: _die_in_write(OSError(28, 'No space left on device')),
    'Ctrl-C mid-write': lambda: _die_in_write(KeyboardInterrupt()),
    'fsync fails': lambda: _die_in('fsync', OSError(5, 'Input/output error')),
    'rename fails': lambda: _die_in('replace', PermissionError(13, 'Permission denied')),
    'Ctrl-C at the rename': lambda: _die_in('replace', KeyboardInterrupt()),
}


def _snapshot(folder):
    return {n: open(os.path.join(folder, n), 'rb').read() for n in sorted(os.listdir(folder))}


def _expect_failure(monkeypatch, failure, save):
    """Run ``save`` with ``failure`` injected; it must raise (the same error, not a new one)."""
    name, fn = FAILURES[failure]()
    monkeypatch.setattr(os, name, fn)
    expected = KeyboardInterrupt if 'Ctrl-C' in failure else OSError
    with pytest.raises(expected):
        save()
    monkeypatch.undo()


def _same_params(a, b):
    assert sorted(a) == sorted(b)
    for k in a:
        np.testing.assert_array_equal(a[k], b[k])


@pytest.fixture(params=sorted(FAILURES))
def failure(request):
    return request.param


# --- each save function --------------------------------------------------------------------

def test_nd_save(tmp_path, monkeypatch, failure):
    f = str(tmp_path / 'w.params')
    mx.nd.save(f, {'arg:w': mx.nd.ones((2, 3))})
    before = _snapshot(str(tmp_path))
    _expect_failure(monkeypatch, failure, lambda: mx.nd.save(f, {'arg:w': mx.nd.zeros((50,))}))
    assert _snapshot(str(tmp_path)) == before             # same files, same bytes, no temp
    np.testing.assert_array_equal(mx.nd.load(f)['arg:w'], np.ones((2, 3)))


def test_nd_save_of_a_new_file_leaves_nothing(tmp_path, monkeypatch, failure):
    f = str(tmp_path / 'new.params')
    _expect_failure(monkeypatch, failure, lambda: mx.nd.save(f, [mx.nd.ones((3,))]))
    assert os.listdir(str(tmp_path)) == []


def test_symbol_save(tmp_path, monkeypatch, failure):
    f = str(tmp_path / 'net-symbol.json')
    _net(4).save(f)
    before = _snapshot(str(tmp_path))
    _expect_failure(monkeypatch, failure, lambda: _net(9).save(f))
    assert _snapshot(str(tmp_path)) == before
    assert mx.sym.load(f).tojson() == _net(4).tojson()


def test_model_save_checkpoint(tmp_path, monkeypatch, failure):
    prefix = str(tmp_path / 'm')
    mod = _module()
    arg, aux = mod.get_params()
    mx.model.save_checkpoint(prefix, 1, mod.symbol, arg, aux)
    before = _snapshot(str(tmp_path))
    zeros = {k: np.zeros_like(v) for k, v in arg.items()}
    for epoch in (1, 2):   # overwrite epoch 1, or write a new epoch 2
        _expect_failure(monkeypatch, failure,
                        lambda: mx.model.save_checkpoint(prefix, epoch, mod.symbol, zeros, aux))
        assert _snapshot(str(tmp_path)) == before
    sym, arg1, _ = mx.model.load_checkpoint(prefix, 1)
    _same_params(arg1, arg)
    assert sym.tojson() == mod.symbol.tojson()


def test_module_save_checkpoint_with_states(tmp_path, monkeypatch, failure):
    prefix = str(tmp_path / 'mod')
    mod = _module()
    mod.save_checkpoint(prefix, 3, save_optimizer_states=True)
    before = _snapshot(str(tmp_path))
    assert sorted(before) == ['mod-0003.params', 'mod-0003.states', 'mod-symbol.json']
    arg, _ = mod.get_params()
    arg = {k: v.copy() for k, v in arg.items()}
    it = _iter()
    for batch in it:           # train on: the next save would write other values
        mod.forward_backward(batch)
        mod.update()
    _expect_failure(monkeypatch, failure,
                    lambda: mod.save_checkpoint(prefix, 3, save_optimizer_states=True))
    assert _snapshot(str(tmp_path)) == before
    back = mx.mod.Module.load(prefix, 3, load_optimizer_states=True)
    back.bind(it.provide_data, it.provide_label)
    back.init_optimizer(optimizer_params={'learning_rate': 0.1, 'momentum': 0.9})
    _same_params(back.get_params()[0], arg)
    assert sorted(back._updater.states) == [0, 1, 2, 3]


def test_save_optimizer_states_alone(tmp_path, monkeypatch, failure):
    f = str(tmp_path / 'opt.states')
    mod = _module()
    mod.save_optimizer_states(f)
    before = _snapshot(str(tmp_path))
    mod._updater.states = {}
    _expect_failure(monkeypatch, failure, lambda: mod.save_optimizer_states(f))
    assert _snapshot(str(tmp_path)) == before
    mod.load_optimizer_states(f)
    assert sorted(mod._updater.states) == [0, 1, 2, 3]


def test_do_checkpoint_failing_inside_fit(tmp_path, monkeypatch, failure):
    """fit's epoch-end do_checkpoint dies while writing epoch 2: epoch 1's files stay."""
    prefix = str(tmp_path / 'fit')
    mx.random.seed(0)
    it = _iter()
    mod = mx.mod.Module(_net())
    mod.fit(it, num_epoch=1, epoch_end_callback=mx.callback.do_checkpoint(prefix),
            optimizer_params={'learning_rate': 0.1})
    before = _snapshot(str(tmp_path))
    assert sorted(before) == ['fit-0001.params', 'fit-symbol.json']
    it.reset()
    name, fn = FAILURES[failure]()
    monkeypatch.setattr(os, name, fn)
    with pytest.raises(KeyboardInterrupt if 'Ctrl-C' in failure else OSError):
        mod.fit(it, begin_epoch=1, num_epoch=2,
                epoch_end_callback=mx.callback.do_checkpoint(prefix))
    monkeypatch.undo()
    assert _snapshot(str(tmp_path)) == before          # no half-written fit-0002.params
    sym, arg, aux = mx.model.load_checkpoint(prefix, 1)
    assert sorted(arg) == ['fc1_bias', 'fc1_weight', 'fc2_bias', 'fc2_weight']


def test_module_save_params(tmp_path, monkeypatch, failure):
    f = str(tmp_path / 'p.params')
    mod = _module()
    mod.save_params(f)
    before = _snapshot(str(tmp_path))
    mod2 = _module(seed=1)
    _expect_failure(monkeypatch, failure, lambda: mod2.save_params(f))
    assert _snapshot(str(tmp_path)) == before
    mod2.load_params(f)
    _same_params(mod2.get_params()[0], mod.get_params()[0])


# --- what a successful save leaves ---------------------------------------------------------

def test_saved_files_get_the_usual_permissions(tmp_path):
    """The temporary file is private while it is written; the checkpoint ends up with the
    permissions any other new file gets (0o666 minus the umask), as MXNet's files do."""
    old = os.umask(0o022)
    try:
        prefix = str(tmp_path / 'perm')
        mod = _module()
        mod.save_checkpoint(prefix, 1, save_optimizer_states=True)
        plain = tmp_path / 'plain'
        plain.write_bytes(b'')
        want = stat.S_IMODE(os.stat(str(plain)).st_mode)
        for name in ('perm-symbol.json', 'perm-0001.params', 'perm-0001.states'):
            assert stat.S_IMODE(os.stat(str(tmp_path / name)).st_mode) == want, name
    finally:
        os.umask(old)


def test_saving_over_a_read_only_checkpoint_keeps_it(tmp_path):
    if hasattr(os, 'geteuid') and os.geteuid() == 0:
        pytest.skip('root may write anywhere')
    f = tmp_path / 'ro.params'
    mx.nd.save(str(f), [mx.nd.ones((2,))])
    os.chmod(str(tmp_path), 0o555)
    try:
        with pytest.raises(OSError):
            mx.nd.save(str(f), [mx.nd.zeros((2,))])
    finally:
        os.chmod(str(tmp_path), 0o755)
    np.testing.assert_array_equal(mx.nd.load(str(f))[0], np.ones(2))
