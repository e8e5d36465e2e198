"""`python -m tutor doctor` repairs what it can with consent and prints commands for the rest."""
import io
import json
import os
import pathlib
import subprocess
import sys

import pytest

from tutor import doctor

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _doctor(home, *args, stdin=subprocess.DEVNULL):
    env = dict(os.environ, HOME=str(home), PYTHONPATH=str(ROOT), JUPYTER_DATA_DIR=str(home / 'jd'))
    return subprocess.run([sys.executable, '-m', 'tutor', 'doctor', *args], env=env,
                          stdin=stdin, capture_output=True, text=True, timeout=300)


def test_without_consent_nothing_changes_and_the_command_is_printed(tmp_path):
    out = _doctor(tmp_path)
    assert "no Jupyter kernel named 'tutor'" in out.stdout
    assert 'ipykernel install --user --name tutor' in out.stdout
    assert not (tmp_path / 'jd' / 'kernels' / 'tutor').exists()
    assert out.returncode == 1


def test_with_consent_the_kernel_is_installed_for_this_python(tmp_path):
    out = _doctor(tmp_path, '--yes')
    assert 'fixed' in out.stdout, out.stdout + out.stderr
    spec = json.loads((tmp_path / 'jd' / 'kernels' / 'tutor' / 'kernel.json').read_text())
    assert os.path.realpath(spec['argv'][0]) == os.path.realpath(sys.executable)
    again = _doctor(tmp_path)
    assert "no Jupyter kernel named 'tutor'" not in again.stdout


def test_a_yes_at_the_prompt_counts_as_consent(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True
    assert doctor._ask('Fix?', False, stdin=Tty('y\n'))
    assert not doctor._ask('Fix?', False, stdin=Tty('\n'))
    assert not doctor._ask('Fix?', False, stdin=io.StringIO('y\n'))  # not a terminal: no


def test_a_font_matplotlib_misses_is_offered_and_added(monkeypatch):
    from matplotlib import font_manager
    from tutor import fonts
    on_disk = fonts.cjk_files_on_disk()
    if not on_disk:
        pytest.skip('no CJK font installed (apt install fonts-noto-cjk)')
    keep = list(font_manager.fontManager.ttflist)
    monkeypatch.setattr(fonts, 'cache_file', lambda: os.devnull)
    try:
        font_manager.fontManager.ttflist = [f for f in keep if f.fname not in on_disk]
        assert doctor.font_problem()
        out = io.StringIO()
        doctor.run(assume_yes=True, out=out)
        assert 'fixed: matplotlib now lists' in out.getvalue()
        assert not doctor.font_problem()
    finally:
        font_manager.fontManager.ttflist = keep
