"""The root conftest.py: tests/parity only where MXNet is (or when asked for by name), and in
CI a skip for something not installed is a failure."""
import importlib.util
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]

SKIPS = '''
import pytest

def test_needs_dot():
    pytest.skip("Graphviz's dot program not installed")

def test_needs_a_font():
    pytest.skip('no CJK font installed (apt install fonts-noto-cjk)')

def test_needs_a_module():
    pytest.importorskip('a_module_that_is_not_there')

def test_skipped_for_another_reason():
    pytest.skip('only meaningful on Windows')
'''


@pytest.fixture
def project(tmp_path):
    """A copy of the repo's conftest.py above tests/ and tests/parity/."""
    shutil.copy(str(ROOT / 'conftest.py'), str(tmp_path / 'conftest.py'))
    (tmp_path / 'pytest.ini').write_text('[pytest]\n')
    (tmp_path / 'tests' / 'parity').mkdir(parents=True)
    (tmp_path / 'tests' / 'test_skips.py').write_text(SKIPS)
    (tmp_path / 'tests' / 'parity' / 'test_oracle.py').write_text('def test_oracle():\n    pass\n')
    return tmp_path


def pytest_in(cwd, *args, ci):
    env = dict(os.environ)
    env.pop('CI', None)
    if ci:
        env['CI'] = 'true'
    return subprocess.run([sys.executable, '-m', 'pytest', '-p', 'no:cacheprovider', '-rs',
                           *args], cwd=str(cwd), env=env, capture_output=True, text=True,
                          timeout=120)


def test_missing_tools_skip_locally(project):
    out = pytest_in(project, 'tests/test_skips.py', ci=False)
    assert out.returncode == 0, out.stdout
    assert '4 skipped' in out.stdout


def test_missing_tools_fail_in_ci_other_skips_stay_skips(project):
    out = pytest_in(project, 'tests/test_skips.py', ci=True)
    assert out.returncode == 1
    assert '3 failed, 1 skipped' in out.stdout, out.stdout[-2000:]
    assert 'CI is set, so a missing tool fails' in out.stdout


@pytest.mark.skipif(importlib.util.find_spec('mxnet') is not None,
                    reason='this Python has mxnet, so tests/parity is always collected')
def test_parity_is_left_out_without_mxnet_unless_named(project):
    everything = pytest_in(project, '--collect-only', '-q', ci=False)
    assert 'test_oracle' not in everything.stdout and 'test_skips' in everything.stdout
    named = pytest_in(project, '--collect-only', '-q', 'tests/parity', ci=False)
    assert 'tests/parity/test_oracle.py::test_oracle' in named.stdout
