"""Project-wide pytest set-up (pytest options live in pyproject.toml).

- tests/parity needs real MXNet 1.9.1, which lives in .venv-mxnet: where ``mxnet`` is not
  importable it is left out of the run, unless it is named on the command line (then
  tests/parity/conftest.py skips it with a hint locally and fails it in CI).
- Notebooks run by nbval (``pytest --nbval-lax notebooks``) get the sanitize file and the
  current Python's kernel without flags, and do not compare SVG, HTML, JavaScript or stderr
  (teaching-anchors §3, Appendix B): those differ across machines.
- With ``CI`` set, a test skipped because something is "not installed" fails instead: in CI,
  tools/setup.sh installs graphviz, a CJK font and Chromium, so a missing one is a broken
  set-up, not a reason to pass. Write such skip reasons as "... not installed" (an
  importorskip's "could not import" counts too).
"""
import importlib.util
import os
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parent
PARITY = ROOT / 'tests' / 'parity'

# Kernels that nbval starts inherit this, as do those of tools/run_notebooks.py.
os.environ.setdefault('PYTHONHASHSEED', '0')
# One BLAS thread, as the stored outputs were made: convolutions sum in another order with more
# threads, and two test runs share a 2-core machine in `make test`.
for _var in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS'):
    os.environ.setdefault(_var, '1')


# Skip reasons that mean "something is not installed": pytest.importorskip's "could not
# import 'x'", "... not installed", "no CJK font installed".
MISSING_TOOL = re.compile(r"not installed|\bno\b[^.;:]*\binstalled|could not import", re.I)


def in_ci():
    return os.environ.get('CI', '').strip().lower() not in ('', '0', 'false', 'no')


def _named_on_command_line(config, path):
    for arg in config.args:
        target = pathlib.Path(config.invocation_params.dir, arg.split('::')[0]).resolve()
        if target == path or path in target.parents:
            return True
    return False


def pytest_ignore_collect(collection_path, config):
    if pathlib.Path(collection_path) == PARITY and importlib.util.find_spec('mxnet') is None:
        return None if _named_on_command_line(config, PARITY) else True
    return None


# Files whose tests take long (fuzzing, subprocesses, servers, the benchmark command, widget
# training runs): marked ``slow``, so ``pytest -m "not slow"`` is the quick loop.
SLOW_FILES = (
    'tests/bench/test_bench.py', 'tests/bench/test_panels_bench.py',
    'tests/data/test_data_views.py', 'tests/data/test_letters_learn.py',
    'tests/data/test_letters_regen.py',
    'tests/robustness/test_crash_leftovers.py', 'tests/robustness/test_fuzz_params.py',
    'tests/robustness/test_fuzz_states.py', 'tests/robustness/test_fuzz_symbol_json.py',
    'tests/robustness/test_fuzz_uci.py',
    'tests/setup/test_conftest.py', 'tests/setup/test_course.py', 'tests/setup/test_fonts.py',
    'tests/setup/test_notebook_tools.py', 'tests/setup/test_tutor_main.py',
    'tests/test_utils/test_download.py',
    'tests/widgets/test_boundary.py', 'tests/widgets/test_display.py',
    'tests/widgets/test_function.py',
    'tests/widgets/test_lab.py', 'tests/widgets/test_language.py',
    'tests/widgets/test_panel.py',
)


def pytest_collection_modifyitems(config, items):
    slow = {ROOT / f for f in SLOW_FILES}
    for item in items:
        if pathlib.Path(str(item.fspath)) in slow:
            item.add_marker(pytest.mark.slow)


def pytest_configure(config):
    """The course's nbval settings without any flag: `pytest --nbval-lax notebooks` as a
    teacher types it masks run times with tests/nbval_sanitize.cfg and runs the notebooks in
    this Python (flags given on the command line still win)."""
    option = config.option
    if hasattr(option, 'nbval_sanitize_with'):
        if not option.nbval_sanitize_with and not getattr(option, 'sanitize_with', None):
            option.nbval_sanitize_with = str(ROOT / 'tests' / 'nbval_sanitize.cfg')
        if not option.nbval_kernel_name and not getattr(option, 'current_env', False):
            option.nbval_current_env = True


def pytest_collectstart(collector):
    path = getattr(collector, 'path', None)
    if path is not None and path.suffix == '.ipynb' and hasattr(collector, 'skip_compare'):
        collector.skip_compare += ('image/svg+xml', 'text/html',
                                   'application/javascript', 'stderr')


def _skip_reason(report):
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return str(longrepr or '')


def _fail_missing_tool_in_ci(report):
    if report.skipped and in_ci() and not hasattr(report, 'wasxfail'):
        reason = _skip_reason(report)
        if MISSING_TOOL.search(reason):
            report.outcome = 'failed'
            report.longrepr = ('CI is set, so a missing tool fails instead of skipping '
                               '(tools/setup.sh system installs it): ' + reason)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    _fail_missing_tool_in_ci(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    _fail_missing_tool_in_ci(outcome.get_result())
