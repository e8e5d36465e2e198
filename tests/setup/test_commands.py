"""The README's two commands are the ones that exist, and CI runs exactly the test command."""
import os
import pathlib
import re
import shlex
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCRIPTS = sorted((ROOT / 'tools').glob('*.sh')) + [ROOT / '.ci' / 'run', ROOT / 'binder' / 'postBuild']


def readme_test_command(name):
    """The first line of the code block right after the `<!-- test-command ... -->` marker."""
    text = (ROOT / name).read_text(encoding='utf-8')
    match = re.search(r'<!-- test-command\b.*?-->\s*```\w*\n(.*?)\n', text, re.S)
    assert match, '%s: no <!-- test-command --> marker followed by a code block' % name
    return match.group(1).strip()


def command_lines(path):
    lines = []
    for line in path.read_text(encoding='utf-8').splitlines():
        line = line.strip()
        if line and not line.startswith('#'):
            lines.append(line)
    return lines


def test_both_readmes_give_the_same_test_command():
    assert readme_test_command('README.md') == readme_test_command('README.zh.md') == 'make test'


def test_ci_runs_exactly_the_readme_test_command():
    command = readme_test_command('README.md')
    lines = command_lines(ROOT / '.ci' / 'run')
    # only shell set-up around it: strict mode and moving to the repository root
    assert lines[-1] == command, '.ci/run must end by running %r' % command
    for line in lines[:-1]:
        assert line.startswith(('set -', 'cd ')), '.ci/run does more than the README says: %r' % line
    assert os.access(ROOT / '.ci' / 'run', os.X_OK)


def test_readme_commands_are_make_targets():
    makefile = (ROOT / 'Makefile').read_text(encoding='utf-8')
    for target, script in (('test', 'tools/test.sh'), ('course', 'tools/course.sh'),
                           ('course-zh', 'tools/course.sh'), ('notebooks', 'tools/run_notebooks.py')):
        body = re.search(r'^%s:.*\n((?:\t.*\n)+)' % re.escape(target), makefile, re.M)
        assert body and script in body.group(1), 'make %s should run %s' % (target, script)
    readme = (ROOT / 'README.md').read_text(encoding='utf-8')
    for command in ('make course', 'make test', 'make course-zh', 'python -m tutor'):
        assert command in readme


def test_make_dry_run_knows_every_documented_target():
    for target in ('course', 'course-zh', 'test', 'notebooks', 'parity', 'bench', 'check',
                   'mxnet-venv', 'system'):
        out = subprocess.run(['make', '-n', target], cwd=ROOT, capture_output=True, text=True)
        assert out.returncode == 0, (target, out.stderr)


def test_readmes_keep_the_sections_the_lead_fills_in():
    for name in ('README.md', 'README.zh.md'):
        text = (ROOT / name).read_text(encoding='utf-8')
        for section in ('screenshot', 'chapters', 'fidelity', 'binder badge'):
            assert '<!-- BEGIN %s' % section in text and '<!-- END %s -->' % section in text


@pytest.mark.parametrize('script', SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_shell_scripts_parse(script):
    out = subprocess.run(['bash', '-n', str(script)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def _fake_bin(tmp_path, uid):
    """A PATH where dpkg knows no package and `id -u` prints uid: nothing is installed."""
    bin_dir = tmp_path / 'bin'
    bin_dir.mkdir()
    (bin_dir / 'dpkg').write_text('#!/bin/sh\nexit 1\n')
    (bin_dir / 'id').write_text('#!/bin/sh\necho %d\n' % uid)
    (bin_dir / 'apt-get').write_text('#!/bin/sh\necho "apt-get $*" >> "%s"\nexit 0\n'
                                     % (tmp_path / 'apt.log'))
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)
    return '%s:%s' % (bin_dir, os.environ['PATH'])


def run_system_step(tmp_path, uid, ci):
    env = dict(os.environ, PATH=_fake_bin(tmp_path, uid))
    env.pop('CI', None)
    if ci:
        env['CI'] = 'true'
    return subprocess.run(['bash', str(ROOT / 'tools' / 'setup.sh'), 'system'], env=env,
                          capture_output=True, text=True, timeout=60)


def test_system_step_without_root_says_what_to_install_and_goes_on(tmp_path):
    out = run_system_step(tmp_path, uid=1000, ci=False)
    assert out.returncode == 0, out.stdout + out.stderr
    assert 'sudo apt-get install -y graphviz fonts-noto-cjk chromium' in out.stdout
    assert not (tmp_path / 'apt.log').exists()


def test_system_step_without_root_fails_in_ci(tmp_path):
    out = run_system_step(tmp_path, uid=1000, ci=True)
    assert out.returncode != 0
    assert 'CI is set' in out.stdout


def test_system_step_as_root_installs_only_what_is_missing(tmp_path):
    out = run_system_step(tmp_path, uid=0, ci=True)
    assert out.returncode == 0, out.stdout + out.stderr
    calls = (tmp_path / 'apt.log').read_text().splitlines()
    assert calls[0].startswith('apt-get update')
    assert shlex.split(calls[1])[-3:] == ['graphviz', 'fonts-noto-cjk', 'chromium']


def test_system_step_is_quiet_when_everything_is_there(tmp_path):
    bin_dir = tmp_path / 'bin'
    bin_dir.mkdir()
    (bin_dir / 'dpkg').write_text('#!/bin/sh\necho "Status: install ok installed"\n')
    (bin_dir / 'apt-get').write_text('#!/bin/sh\ntouch "%s"\n' % (tmp_path / 'called'))
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)
    env = dict(os.environ, PATH='%s:%s' % (bin_dir, os.environ['PATH']))
    out = subprocess.run(['bash', str(ROOT / 'tools' / 'setup.sh'), 'system'], env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and 'present' in out.stdout
    assert not (tmp_path / 'called').exists(), 'apt-get must not run when nothing is missing'
