"""Shared by the robustness tests: load a (mutated) file under a time and a memory bound,
check that it either loads or is refused with the documented error naming the file, and count
every case so the run can report how many ran (see conftest.py)."""
import collections
import os
import time
import tracemalloc

from hypothesis import HealthCheck, settings

# kind -> {'loaded': n, 'refused': n}; conftest.py prints it at the end of the run.
COUNTS = collections.defaultdict(collections.Counter)

TIME_LIMIT = 20.0                # seconds for one load: a hang guard, not a speed claim
#                                  (a busy CI machine must not fail it; a load that loops
#                                  for ever still does)
MEMORY_LIMIT = 4 * 2 ** 20       # bytes allocated at the peak of one load (files are < 4 KB)

# Deterministic (CI), no example database, no per-example deadline (the time bound is ours).
FUZZ = settings(derandomize=True, database=None, deadline=None, max_examples=300,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])

FIXTURES = os.path.join(os.path.dirname(__file__), '..', 'fixtures')


def fixture_bytes(name):
    with open(os.path.join(FIXTURES, name), 'rb') as f:
        return f.read()


class Bounded:
    """``with Bounded() as b: load()`` then ``b.seconds`` and ``b.peak`` (bytes allocated by
    Python and NumPy while loading, measured with tracemalloc)."""

    def __enter__(self):
        self._started = not tracemalloc.is_tracing()
        if self._started:
            tracemalloc.start()
        tracemalloc.reset_peak()
        self._base = tracemalloc.get_traced_memory()[0]
        self._t0 = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self._t0
        self.peak = tracemalloc.get_traced_memory()[1] - self._base
        if self._started:
            tracemalloc.stop()
        return False


def check_load(kind, path, load, refused, check_result=None):
    """Run ``load(path)``: it returns (then ``check_result(value)`` must hold) or raises one of
    ``refused`` whose message names ``path``. Anything else (another exception type, a
    message without the file name, too slow, too much memory) fails the test."""
    with Bounded() as b:
        try:
            value = load(path)
            outcome = 'loaded'
        except refused as err:
            value, outcome = err, 'refused'
    assert b.seconds < TIME_LIMIT, '%s: load took %.2f s' % (kind, b.seconds)
    assert b.peak < MEMORY_LIMIT, '%s: load peaked at %d bytes' % (kind, b.peak)
    if outcome == 'refused':
        assert os.path.basename(str(path)) in str(value), \
            'the error does not name the file: %s' % value
    elif check_result is not None:
        check_result(value)
    COUNTS[kind][outcome] += 1
    return outcome, value


def cases(kind):
    return sum(COUNTS[kind].values())


def write(path, data):
    with open(path, 'wb') as f:
        f.write(data)
    return str(path)
