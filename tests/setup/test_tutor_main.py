"""`python -m tutor` reports the version, the notebooks and the optional pieces, and a
missing piece gives a one-line hint, never a traceback."""
import os
import pathlib
import subprocess
import sys

import tutor
from tutor import __main__ as cli

ROOT = pathlib.Path(__file__).resolve().parents[2]


def run(*args, env=None):
    return subprocess.run([sys.executable, '-m', 'tutor', *args], capture_output=True,
                          text=True, timeout=300, cwd=str(ROOT), env=env)


def path_without(tmp_path):
    """PATH holding only links to this Python: `dot`, `chromium`, ... are not on it."""
    bin_dir = tmp_path / 'bin'
    bin_dir.mkdir()
    (bin_dir / 'python3').symlink_to(sys.executable)
    return str(bin_dir)


def test_full_report_names_version_notebooks_and_each_piece():
    out = run()
    assert out.returncode == 0, out.stderr
    assert 'tutor %s' % tutor.__version__ in out.stdout
    assert 'notebooks' in out.stdout
    for label in ("Graphviz's dot", 'CJK font', 'MXNet parity venv', 'Chromium'):
        assert label in out.stdout
    assert 'Traceback' not in out.stdout + out.stderr


def test_missing_dot_gives_an_install_hint_not_a_traceback(tmp_path):
    env = dict(os.environ, PATH=path_without(tmp_path))
    out = run(env=env)
    assert out.returncode == 0, out.stderr
    assert "[--] Graphviz's dot" in out.stdout
    assert 'apt-get install graphviz' in out.stdout
    assert 'Traceback' not in out.stdout + out.stderr


def test_brief_mode_prints_one_line_per_missing_learner_piece(tmp_path):
    env = dict(os.environ, PATH=path_without(tmp_path))
    out = run('--brief', env=env)
    assert out.returncode == 0
    lines = out.stdout.strip().splitlines()
    assert any("Graphviz's dot" in line and 'install:' in line for line in lines)
    assert all(line.startswith('[tutor] optional:') for line in lines)
    assert not any('Chromium' in line for line in lines)  # testers' piece, not learners'


def test_a_crashing_check_is_reported_not_raised(monkeypatch):
    def broken():
        raise RuntimeError('font cache unreadable')
    monkeypatch.setattr(cli, 'CHECKS', [('cjk', 'CJK font', broken)])
    (key, label, ok, detail), = cli.run_checks()
    assert not ok and 'font cache unreadable' in detail


def test_mxnet_check_reads_the_venv_in_the_checkout(monkeypatch, tmp_path):
    monkeypatch.setattr(cli, 'REPO', tmp_path)
    ok, detail = cli.check_mxnet()
    assert not ok and '.venv-mxnet' in detail
