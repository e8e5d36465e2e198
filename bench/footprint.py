"""What a learner feels besides speed: ``import tutor`` time and the memory of a fit.
Each measurement runs in a fresh interpreter (``python -m bench.footprint ...``) so that
nothing the benchmark already imported or allocated counts."""
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

IMPORT_SNIPPETS = {
    'import tutor': 'import tutor',
    'import tutor + sym, mod, io, metric': 'import tutor as mx; mx.sym; mx.mod; mx.io; mx.metric',
}


def _fresh(args):
    out = subprocess.run([sys.executable] + args, cwd=ROOT, capture_output=True, text=True,
                         check=True)
    return out.stdout


def import_time(snippet, repeats=7):
    """Median seconds of ``snippet`` in fresh interpreters (the interpreter's own start-up
    is not counted)."""
    code = ('import time; t = time.perf_counter(); %s; print(time.perf_counter() - t)'
            % snippet)
    runs = sorted(float(_fresh(['-c', code])) for _ in range(repeats))
    return runs[len(runs) // 2]


def fit_memory(workload_key, epochs, tiny=False):
    """Peak and per-epoch traced memory of one ``fit`` (a fresh interpreter)."""
    args = ['-m', 'bench.footprint', 'memory', workload_key, str(epochs)]
    return json.loads(_fresh(args + (['--tiny'] if tiny else [])))


NUMPY_DOMAIN = 389047   # NumPy reports its array buffers to tracemalloc under this domain


def _measure_memory(workload_key, epochs, tiny):
    import tracemalloc

    from .tutor_runs import TutorFit
    from .workloads import TINY, WORKLOADS, init_weights, make_data
    w = (TINY if tiny else WORKLOADS)[workload_key]
    x, y = make_data(w)
    weights = init_weights(w, 0)
    import tutor  # noqa: F401  (imports are not the fit's memory)
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    fit = TutorFit(w, x, y, weights)
    total, arrays = [], []

    def epoch_end(*_):
        total.append(tracemalloc.get_traced_memory()[0] - base)
        snap = tracemalloc.take_snapshot().filter_traces(
            [tracemalloc.DomainFilter(True, NUMPY_DOMAIN)])
        arrays.append(sum(stat.size for stat in snap.statistics('filename')))

    fit.mod.fit(fit.it, num_epoch=epochs, arg_params=fit.params,
                optimizer_params=(('learning_rate', w.lr),), epoch_end_callback=epoch_end)
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    return {'peak_bytes': peak, 'after_epoch_bytes': total, 'array_bytes': arrays,
            'data_bytes': int(x.nbytes + y.nbytes),
            'maxrss_kib': _peak_rss_kib()}


def _peak_rss_kib():
    """This process's peak resident memory. /proc's VmHWM starts afresh at exec; getrusage's
    ru_maxrss can carry the parent's peak across fork+exec on Linux."""
    try:
        with open('/proc/self/status') as f:
            for line in f:
                if line.startswith('VmHWM:'):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == '__main__':
    if sys.argv[1] == 'memory':
        print(json.dumps(_measure_memory(sys.argv[2], int(sys.argv[3]), '--tiny' in sys.argv)))
