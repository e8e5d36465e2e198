"""Ctrl-C (the notebook's Stop button sends SIGINT to the kernel) during ``fit``: the module
stays usable, its parameters are exactly those after the last whole batch, and ``fit`` can be
called again. tests/module/test_module.py has the basic case; these press the key at the
awkward moments: inside a forward pass, at the last batch of an epoch, twice inside an update.
"""
import os
import signal
import threading

import numpy as np
import pytest

import tutor as mx

pytestmark = pytest.mark.skipif(threading.current_thread() is not threading.main_thread(),
                                reason='signals reach the main thread only')

BATCHES = 6     # per epoch: 48 examples, batch 8


def _net():
    net = mx.sym.Variable('data')
    net = mx.sym.FullyConnected(net, name='fc1', num_hidden=5)
    net = mx.sym.Activation(net, name='relu1', act_type='relu')
    net = mx.sym.FullyConnected(net, name='fc2', num_hidden=3)
    return mx.sym.SoftmaxOutput(net, name='softmax')


def _iter():
    rng = np.random.RandomState(0)
    return mx.io.NDArrayIter(rng.rand(8 * BATCHES, 4).astype('f'), np.arange(8 * BATCHES) % 3, 8)


def _module():
    mx.random.seed(0)
    it = _iter()
    mod = mx.mod.Module(_net())
    mod.bind(it.provide_data, it.provide_label)
    mod.init_params(mx.init.Uniform(0.3))
    mod.init_optimizer(optimizer_params={'learning_rate': 0.5, 'momentum': 0.9})
    return mod, it


def _after(n):
    """The parameters after exactly ``n`` whole batches, by the mid-level loop."""
    mod, it = _module()
    done = 0
    while done < n:
        for batch in it:
            if done == n:
                break
            mod.forward_backward(batch)
            mod.update()
            done += 1
        it.reset()
    return {k: v.copy() for k, v in mod.get_params()[0].items()}


def _same(a, b):
    assert sorted(a) == sorted(b)
    for k in a:
        np.testing.assert_array_equal(a[k], b[k], err_msg=k)


def _ctrl_c():
    os.kill(os.getpid(), signal.SIGINT)


def test_ctrl_c_inside_a_forward_pass_finishes_that_batch(monkeypatch):
    mod, it = _module()
    calls = {'n': 0}
    real = mod.forward

    def forward(batch, is_train=None):
        calls['n'] += 1
        if calls['n'] == 9:         # epoch 1, batch 2 (0-based): Ctrl-C in the middle of it
            _ctrl_c()
        return real(batch, is_train)
    monkeypatch.setattr(mod, 'forward', forward)
    with pytest.raises(KeyboardInterrupt):
        mod.fit(it, num_epoch=3)
    _same(mod.get_params()[0], _after(9))   # batch 9 was finished, nothing after it


def test_ctrl_c_at_the_last_batch_of_an_epoch_then_fit_again(tmp_path):
    """The epoch is complete: its end (log, checkpoint) still happens, and the next fit finds
    a fresh iterator rather than an exhausted one (MXNet's fit would raise StopIteration)."""
    mod, it = _module()
    prefix = str(tmp_path / 'ck')

    def press(param):
        if param.epoch == 0 and param.nbatch == BATCHES - 1:
            _ctrl_c()
    with pytest.raises(KeyboardInterrupt):
        mod.fit(it, num_epoch=3, batch_end_callback=press,
                epoch_end_callback=mx.callback.do_checkpoint(prefix))
    _same(mod.get_params()[0], _after(BATCHES))
    assert os.path.exists(prefix + '-0001.params')          # epoch 0 ended properly
    _same(mx.model.load_checkpoint(prefix, 1)[1], _after(BATCHES))
    mod.fit(it, num_epoch=1)                                 # and training goes on
    _same(mod.get_params()[0], _after(2 * BATCHES))


def test_ctrl_c_mid_epoch_then_fit_starts_a_whole_epoch():
    mod, it = _module()
    seen = []

    def press(param):
        seen.append((param.epoch, param.nbatch))
        if (param.epoch, param.nbatch) == (1, 2):
            _ctrl_c()
    with pytest.raises(KeyboardInterrupt):
        mod.fit(it, num_epoch=3, batch_end_callback=press)
    _same(mod.get_params()[0], _after(BATCHES + 3))
    seen.clear()
    mod.fit(it, num_epoch=1, batch_end_callback=press)
    assert seen == [(0, n) for n in range(BATCHES)]          # a whole epoch, from the start


def test_a_second_ctrl_c_inside_an_update_waits_for_the_update_to_finish(monkeypatch):
    """The first Ctrl-C asks for a stop at the end of the batch; a second one stops at once,
    but never halfway through writing the new weights (some updated, some not)."""
    mod, it = _module()
    updater_calls = {'n': 0}
    real = mx.optimizer.SGD.update_multi_precision

    def update(self, index, weight, grad, state):
        updater_calls['n'] += 1
        if updater_calls['n'] == 4:     # the 4th batch's update, before any weight moves
            _ctrl_c()
            _ctrl_c()
        return real(self, index, weight, grad, state)
    monkeypatch.setattr(mx.optimizer.SGD, 'update_multi_precision', update)
    with pytest.raises(KeyboardInterrupt):
        mod.fit(it, num_epoch=2)
    monkeypatch.undo()
    _same(mod.get_params()[0], _after(4))
    it.reset()
    mod.fit(it, num_epoch=1)          # usable afterwards


def test_request_stop_from_a_widget_thread_leaves_a_fresh_iterator():
    mod, it = _module()
    mod.fit(it, num_epoch=3, batch_end_callback=lambda p: p.nbatch == 1 and mod.request_stop())
    _same(mod.get_params()[0], _after(2))
    seen = []
    mod.fit(it, num_epoch=1, batch_end_callback=lambda p: seen.append(p.nbatch))
    assert seen == list(range(BATCHES))


def test_the_handler_is_restored_after_fit():
    before = signal.getsignal(signal.SIGINT)
    mod, it = _module()
    mod.fit(it, num_epoch=1)
    assert signal.getsignal(signal.SIGINT) is before
    with pytest.raises(KeyboardInterrupt):
        mod.fit(it, num_epoch=2, batch_end_callback=lambda p: _ctrl_c())
    assert signal.getsignal(signal.SIGINT) is before
