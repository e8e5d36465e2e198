"""Shared set-up for the parity suite (tests that run real MXNet 1.9.1 next to tutor).

If ``mxnet`` cannot be imported, every parity file is skipped locally with a message that
says how to make the venv, and *fails* when the environment variable ``CI`` is set: in CI a
silently skipped oracle would be a green suite that proves nothing.
"""
import os
import warnings

os.environ.setdefault('MXNET_MKLDNN_ENABLED', '0')  # MKLDNN has wrong results (spec §7)
# MXNet's threaded engine sometimes loses a BatchNorm moving-statistics update (measured:
# 2-6 of 10 fresh processes after 4 training steps without a sync); the naive engine runs
# every op in order and is deterministic. See docs/parity.md.
os.environ.setdefault('MXNET_ENGINE_TYPE', 'NaiveEngine')

import numpy as np  # noqa: E402
import pytest  # noqa: E402

VENV_HINT = ('the parity tests need real MXNet 1.9.1 in .venv-mxnet: make it with '
             '`make mxnet-venv` (tools/setup.sh mxnet: Python <= 3.11, numpy<1.24, '
             'mxnet==1.9.1), then run `make parity`, i.e. '
             '`MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity`')

try:
    with warnings.catch_warnings():  # numpy-1.20 deprecations inside mxnet's own import
        warnings.simplefilter('ignore', DeprecationWarning)
        import mxnet  # noqa: F401
    MXNET_IMPORT_ERROR = None
except Exception as err:  # ImportError, or numpy>=1.24 breaking mxnet at import
    MXNET_IMPORT_ERROR = '%s: %s' % (type(err).__name__, err)


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    """Turn 'could not import mxnet' skips into a clear skip locally and a failure in CI."""
    outcome = yield
    report = outcome.get_result()
    if MXNET_IMPORT_ERROR is None or not isinstance(collector, pytest.Module):
        return
    if not (report.skipped or report.failed):
        return
    msg = 'mxnet cannot be imported (%s); %s' % (MXNET_IMPORT_ERROR, VENV_HINT)
    if os.environ.get('CI'):
        report.outcome = 'failed'
        report.longrepr = 'CI is set, so a missing MXNet fails the parity run: ' + msg
    else:
        report.outcome = 'skipped'
        report.longrepr = (str(collector.path), 0, 'Skipped: ' + msg)


@pytest.fixture
def rng():
    """The same random inputs on every run (and for both libraries)."""
    return np.random.RandomState(20240901)

