"""environment.yml (conda), binder/environment.yml (Binder) and pyproject.toml (pip) must
install the same Python packages, or a learner on one route gets a different course."""
import importlib.util
import pathlib
import re

import pytest

yaml = pytest.importorskip('yaml')  # PyYAML comes with JupyterLab (jupyter-events)

ROOT = pathlib.Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location('tutor_tools_requirements',
                                               ROOT / 'tools' / 'requirements.py')
requirements = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(requirements)

# conda-forge name -> PyPI name, where they differ
CONDA_TO_PYPI = {'python-graphviz': 'graphviz', 'matplotlib-base': 'matplotlib'}
# conda packages that are not Python packages: the interpreter, pip, fonts
CONDA_ONLY = {'python', 'pip', 'font-ttf-noto-cjk'}


def norm(name):
    return re.sub(r'[-_.]+', '-', name).lower()


def name_of(spec):
    """'numpy>=1.23,<3' / 'numpy >=1.23' / 'python=3.11' -> 'numpy' / 'python'."""
    return norm(re.match(r'\s*([A-Za-z0-9][A-Za-z0-9._-]*)', spec).group(1))


def env_packages(path):
    data = yaml.safe_load(path.read_text(encoding='utf-8'))
    assert data['channels'] == ['conda-forge'], '%s: use conda-forge only' % path
    conda, pip = set(), set()
    for dep in data['dependencies']:
        if isinstance(dep, dict):
            pip |= {name_of(p) for p in dep['pip'] if not p.startswith('-e')}
        else:
            conda.add(name_of(dep))
    python_pkgs = {CONDA_TO_PYPI.get(n, n) for n in conda - CONDA_ONLY}
    return conda, python_pkgs | pip, data


def pyproject_packages(extra=None):
    return {name_of(r) for r in requirements.requirements(extra)}


@pytest.mark.parametrize('env', ['environment.yml', 'binder/environment.yml'])
def test_environment_has_every_runtime_dependency(env):
    _, packages, _ = env_packages(ROOT / env)
    missing = pyproject_packages() - packages
    assert not missing, '%s lacks runtime dependencies of pyproject.toml: %s' % (env, missing)


@pytest.mark.parametrize('env', ['environment.yml', 'binder/environment.yml'])
def test_environment_lists_nothing_pyproject_does_not(env):
    _, packages, _ = env_packages(ROOT / env)
    known = pyproject_packages() | pyproject_packages('test')
    extra = packages - known
    assert not extra, '%s lists packages pyproject.toml does not: %s' % (env, extra)


def test_conda_environment_has_the_test_tools_and_the_extras():
    conda, packages, data = env_packages(ROOT / 'environment.yml')
    # playwright is left to pip: the browser tests need Debian's chromium anyway
    assert pyproject_packages('test') - {'playwright'} <= packages
    assert {'python-graphviz', 'font-ttf-noto-cjk'} <= conda  # dot, and Chinese plot labels
    pip_lines = [d for d in data['dependencies'] if isinstance(d, dict)][0]['pip']
    assert '-e .' in pip_lines


def test_binder_follows_repo2docker_rules():
    conda, _, data = env_packages(ROOT / 'binder/environment.yml')
    python = [d for d in data['dependencies'] if isinstance(d, str) and name_of(d) == 'python']
    assert re.fullmatch(r'python=3\.\d+', python[0].split('#')[0].strip()), \
        'repo2docker needs an exact Python version'
    pip_lines = [d for d in data['dependencies'] if isinstance(d, dict)][0]['pip']
    assert not any(p.startswith('-e') for p in pip_lines), \
        'the repo is not copied yet when the env is built: install tutor in postBuild'
    post = (ROOT / 'binder/postBuild').read_text()
    assert post.startswith('#!/bin/bash') and 'set -euo pipefail' in post
    assert 'pip install --no-deps -e .' in post
    assert '@jupyterlab/apputils-extension:announcements' in post
    assert 'fonts-noto-cjk' in (ROOT / 'binder/apt.txt').read_text().split()
    # binder/ present means root-level environment.yml is ignored by repo2docker, and a
    # .binder/ next to it would be an error
    assert not (ROOT / '.binder').exists()


def test_no_exact_pins_in_runtime_dependencies():
    for req in requirements.requirements():
        assert '==' not in req and '~=' not in req, 'use ranges, not pins: %s' % req


def test_fallback_parser_reads_pyproject_like_tomllib():
    text = (ROOT / 'pyproject.toml').read_text(encoding='utf-8')
    assert requirements._string_list(text, 'project', 'dependencies') == \
        requirements.requirements()
    for extra in ('test', 'parity'):
        assert requirements._string_list(text, 'project.optional-dependencies', extra) == \
            requirements.requirements(extra)


def test_parity_extra_is_what_real_mxnet_needs():
    parity = requirements.requirements('parity')
    assert 'mxnet==1.9.1' in parity and 'numpy<1.24' in parity
