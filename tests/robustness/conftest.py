"""Robustness tests: prints how many fuzz cases ran, per file kind, at the end of the run."""
import os
import shutil
import sys
import tempfile

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from _robust import COUNTS  # noqa: E402


def pytest_terminal_summary(terminalreporter):
    if not COUNTS:
        return
    tr = terminalreporter
    tr.section('robustness: fuzzed loads')
    total = 0
    for kind in sorted(COUNTS):
        c = COUNTS[kind]
        n = sum(c.values())
        total += n
        tr.write_line('%-22s %6d cases: %6d loaded, %6d refused with the documented error'
                      % (kind, n, c['loaded'], c['refused']))
    tr.write_line('%-22s %6d cases, each under the time and memory bound' % ('total', total))


@pytest.fixture(scope='module')
def fuzz_dir(tmp_path_factory):
    """A folder for the thousands of small fuzzed files: in memory (/dev/shm) when the system
    has it, since writing each file to disk would take most of the run."""
    shm = '/dev/shm'
    if os.path.isdir(shm) and os.access(shm, os.W_OK):
        folder = tempfile.mkdtemp(prefix='tutor-fuzz-', dir=shm)
        yield folder
        shutil.rmtree(folder, ignore_errors=True)
    else:
        yield str(tmp_path_factory.mktemp('fuzz'))
