"""A save killed mid-write leaves its temporary file; the next save to the same target removes
it, and never removes the temporary of a writer that is still alive (issue 21).

The writers here are child processes: each one stops inside its save (in ``fsync``, after the
bytes are written and before the rename) until the test kills it or lets it go on.
"""
import os
import pathlib
import random
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

import tutor as mx
from tutor import atomic
from tutor.lens import explain

ROOT = pathlib.Path(__file__).resolve().parents[2]

# A child that saves a checkpoint and pauses inside the save: it writes READY once its
# .params temporary holds the bytes, then waits until GO exists (or for ever).
WRITER = textwrap.dedent('''
    import os, sys, time
    import numpy as np
    import tutor as mx
    prefix, ready, go, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    real_fsync = os.fsync
    calls = []
    def paused_fsync(fd):
        real_fsync(fd)
        calls.append(fd)
        if len(calls) < 2:   # the symbol file comes first; pause in the .params save
            return
        open(ready, 'w').close()
        while not os.path.exists(go):
            time.sleep(0.01)
    os.fsync = paused_fsync
    arg = {'w': mx.nd.array(np.full((n,), 7.0, dtype=np.float32))}
    mx.model.save_checkpoint(prefix, 1, mx.sym.Variable('w') * 2, arg, {})
''')


def _start_writer(tmp_path, prefix, n=1000):
    ready, go = tmp_path / 'ready', tmp_path / 'go'
    for f in (ready, go):
        if f.exists():
            f.unlink()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, '-c', WRITER, str(prefix), str(ready), str(go),
                             str(n)], env=env)
    deadline = time.time() + 60
    while not ready.exists():
        if proc.poll() is not None:
            pytest.fail('the writer ended before pausing in its save (exit %s)' % proc.returncode)
        if time.time() > deadline:
            proc.kill()
            pytest.fail('the writer did not reach its save within 60 s')
        time.sleep(0.01)
    return proc, go


def _hidden(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith('.'))


def _save(prefix, value):
    arg = {'w': mx.nd.array(np.full((3,), value, dtype=np.float32))}
    mx.model.save_checkpoint(str(prefix), 1, mx.sym.Variable('w') * 2, arg, {})


def test_a_killed_writer_leaves_a_temporary_and_the_next_save_removes_it(tmp_path):
    prefix = tmp_path / 'net'
    _save(prefix, 1.0)                    # an earlier checkpoint that must survive the crash
    proc, _ = _start_writer(tmp_path, prefix)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    left = _hidden(tmp_path)
    assert len(left) == 1 and left[0].startswith('.net-0001.params.%d@' % proc.pid), left
    # The crash lost nothing: the earlier checkpoint still loads as it was.
    _, arg, _ = mx.model.load_checkpoint(str(prefix), 1)
    assert arg['w'].asnumpy().tolist() == [1.0, 1.0, 1.0]
    info = atomic.temporaries(str(prefix) + '-0001.params')
    assert [t['stale'] for t in info] == [True] and info[0]['pid'] == proc.pid
    assert info[0]['bytes'] > 4000       # the killed writer's 1000 floats were in it
    _save(prefix, 2.0)
    assert _hidden(tmp_path) == []
    _, arg, _ = mx.model.load_checkpoint(str(prefix), 1)
    assert arg['w'].asnumpy().tolist() == [2.0, 2.0, 2.0]


def test_a_live_writers_temporary_survives_another_save(tmp_path):
    prefix = tmp_path / 'net'
    proc, go = _start_writer(tmp_path, prefix)
    try:
        mine = _hidden(tmp_path)
        assert len(mine) == 1
        _save(prefix, 3.0)                # another process saves into the same files
        assert _hidden(tmp_path) == mine  # ... and leaves the live writer's temporary alone
        info = atomic.temporaries(str(prefix) + '-0001.params')
        assert [t['stale'] for t in info] == [False]
        go.touch()                        # the writer finishes: its rename wins, last writer
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert _hidden(tmp_path) == []
    _, arg, _ = mx.model.load_checkpoint(str(prefix), 1)
    assert arg['w'].shape == (1000,)


def _dead_pid():
    proc = subprocess.Popen([sys.executable, '-c', 'pass'])
    proc.wait()
    assert not atomic.pid_alive(proc.pid)
    return proc.pid


def _plant(target, pid, host=None, age=0.0):
    """A temporary of ``target`` as a writer with ``pid`` would have left it."""
    target = pathlib.Path(target)
    host = host or atomic._host()
    name = ('.%s.%s@%s.abc123.tmp' % (target.name, pid, host) if pid is not None
            else '.%s.abc_123.tmp' % target.name)
    path = target.parent / name
    path.write_bytes(b'x' * 1234)
    if age:
        t = time.time() - age
        os.utime(path, (t, t))
    return path


def _letters(path):
    from tutor.data.letterset import save_letters
    save_letters(str(path), np.zeros((2, 16), np.uint8), np.zeros(2, np.uint8))


def _states(path):
    data = mx.sym.Variable('data')
    net = mx.sym.SoftmaxOutput(mx.sym.FullyConnected(data, num_hidden=3, name='fc'),
                               name='softmax')
    mod = mx.mod.Module(net)
    mod.bind(data_shapes=[('data', (4, 5))], label_shapes=[('softmax_label', (4,))])
    mod.init_params()
    mod.init_optimizer(optimizer='sgd', optimizer_params={'momentum': 0.9})
    mod.save_optimizer_states(str(path))


SAVES = {
    'nd.save': lambda p: mx.nd.save(str(p), {'a': mx.nd.ones((2,))}),
    'Symbol.save': lambda p: mx.sym.Variable('x').save(str(p)),
    'save_optimizer_states': _states,
    'letters file': _letters,
    'download (letters)': lambda p: mx.test_utils.download(
        'https://example.invalid/letter-recognition.data', dirname=str(p.parent),
        overwrite=True),
}
TARGETS = {'download (letters)': 'letter-recognition.tutor-synthetic.data', 'letters file': 'letters.npz',
           'Symbol.save': 'net-symbol.json', 'save_optimizer_states': 'net-0001.states'}


@pytest.mark.parametrize('how', sorted(SAVES))
def test_every_atomic_write_removes_dead_writers_temporaries_only(tmp_path, how):
    target = tmp_path / TARGETS.get(how, 'net-0001.params')
    live = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])
    try:
        stale = _plant(target, _dead_pid())
        alive = _plant(target.with_name(target.name), live.pid)
        remote = _plant(target, _dead_pid(), host='another-machine')
        young_legacy = _plant(target, None)
        SAVES[how](target)
        assert target.exists()
        assert not stale.exists(), 'a dead writer\'s temporary was left'
        assert alive.exists(), 'a live writer\'s temporary was removed'
        assert remote.exists(), 'a temporary from another machine was removed'
        assert young_legacy.exists(), 'a fresh temporary of an older tutor was removed'
        young_legacy.unlink()
        old_legacy = _plant(target, None, age=2 * atomic.LEGACY_STALE_SECONDS)
        SAVES[how](target)
        assert not old_legacy.exists()
    finally:
        live.kill()
        live.wait()


def test_temporaries_of_other_targets_are_not_touched(tmp_path):
    other = _plant(tmp_path / 'net-0002.params', _dead_pid())
    similar = _plant(tmp_path / 'net-0001.params.bak', _dead_pid())
    _save(tmp_path / 'net', 1.0)
    assert other.exists() and similar.exists()


@pytest.mark.parametrize('language, words', [('en', ['killed', '1.2 KB', '2.4 KB', 'is writing']),
                                             ('zh', ['强行中断', '1.2 KB', '2.4 KB', '正在写'])])
def test_explain_checkpoint_names_leftovers_with_their_size(tmp_path, language, words):
    prefix = tmp_path / 'net'
    _save(prefix, 1.0)
    live = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])
    try:
        _plant(str(prefix) + '-0001.params', _dead_pid())
        _plant(str(prefix) + '-symbol.json', live.pid)
        text = str(explain.checkpoint(str(prefix), 1, language=language))
    finally:
        live.kill()
        live.wait()
    for w in words:
        assert w in text, (w, text)


def test_a_clean_folder_reports_no_leftovers(tmp_path):
    _save(tmp_path / 'net', 1.0)
    text = str(explain.checkpoint(str(tmp_path / 'net'), 1, language='en'))
    assert 'unfinished saves' not in text


@pytest.mark.slow
def test_random_kills_during_repeated_saves_leave_nothing_after_the_next_save(tmp_path):
    """The crash test of docs/robustness.md, small: a loop re-saving a checkpoint is killed at
    random moments; every time, the checkpoint loads, and one more save leaves no temporary.
    TUTOR_CRASH_KILLS and TUTOR_CRASH_FLOATS scale it up (the figures in the docs)."""
    kills = int(os.environ.get('TUTOR_CRASH_KILLS', 8))
    floats = int(os.environ.get('TUTOR_CRASH_FLOATS', 1_000_000))
    prefix = tmp_path / 'big'
    loop = textwrap.dedent('''
        import sys, numpy as np, tutor as mx
        prefix, n = sys.argv[1], int(sys.argv[2])
        arg = {'w': mx.nd.array(np.arange(n, dtype=np.float32))}
        while True:
            mx.model.save_checkpoint(prefix, 1, mx.sym.Variable('w') * 2, arg, {})
    ''')
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    rng = random.Random(0)
    left_behind = []
    for _ in range(kills):
        proc = subprocess.Popen([sys.executable, '-c', loop, str(prefix), str(floats)], env=env)
        time.sleep(rng.uniform(0.8, 2.0))       # start-up, then somewhere in a save
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        if (tmp_path / 'big-0001.params').exists():
            _, arg, _ = mx.model.load_checkpoint(str(prefix), 1)
            assert arg['w'].shape == (floats,)
        left_behind.append(len(_hidden(tmp_path)))
    _save(prefix, 1.0)
    assert _hidden(tmp_path) == []
    # Each killed writer left at most its two temporaries (symbol, params), and the next
    # writer removed those before saving: leftovers never pile up.
    assert max(left_behind) <= 2, left_behind
