"""The benchmark's driver: contestants, interleaved repetitions, the tables.

Each repetition builds every contestant afresh (a new model from the same initial weights)
and trains it for 1 + ``epochs`` epochs; the first epoch (which also pays bind, first-touch
allocations and caches) is dropped. Contestants take turns within a repetition, in an order
rotated from one repetition to the next, so a slow spell of the machine hits all of them.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

from . import footprint
from .floor import NumpyFloor
from .torch_run import TorchEager, available as torch_available
from .tutor_runs import TutorFit, TutorFitNoChecks, TutorFitWatched, TutorMidLevel
from .workloads import TINY, WORKLOADS, init_weights, make_data

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MXNET_PYTHON = os.path.join(ROOT, '.venv-mxnet', 'bin', 'python')


def write_for_workers(folder, x, y, weights):
    """Save a workload's data and initial weights where the MXNet workers can read them."""
    os.makedirs(folder, exist_ok=True)
    files = {k: os.path.join(folder, k + ('.npz' if k == 'weights' else '.npy'))
             for k in ('data', 'label', 'weights')}
    np.save(files['data'], x)
    np.save(files['label'], y)
    np.savez(files['weights'], **{name: a for k, (W, b) in enumerate(weights, start=1)
                                  for name, a in (('fc%d_weight' % k, W), ('fc%d_bias' % k, b))})
    return files


class MXNetWorker:
    """One ``python -m bench.mxnet_worker`` in .venv-mxnet, kept for the whole run."""

    def __init__(self, mkldnn):
        env = dict(os.environ, MXNET_STORAGE_FALLBACK_LOG_VERBOSE='0')
        if mkldnn:
            env.pop('MXNET_MKLDNN_ENABLED', None)
        else:
            env['MXNET_MKLDNN_ENABLED'] = '0'
        self.label = ('(d) MXNet 1.9.1 Module.fit, MKLDNN on (its default)' if mkldnn else
                      '(d) MXNet 1.9.1 Module.fit (MXNET_MKLDNN_ENABLED=0)')
        self.proc = subprocess.Popen([MXNET_PYTHON, '-m', 'bench.mxnet_worker'], cwd=ROOT,
                                     env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True)
        self.info = json.loads(self.proc.stdout.readline())
        self.files = None

    def __call__(self, workload, x, y, weights):
        worker = self

        class _Run:
            label = worker.label

            def run(self, epochs):
                job = dict(worker.files, layers=list(workload.layers), batch=workload.batch,
                           lr=workload.lr, epochs=epochs)
                worker.proc.stdin.write(json.dumps(job) + '\n')
                worker.proc.stdin.flush()
                reply = json.loads(worker.proc.stdout.readline())
                return reply['times'], reply['acc']
        return _Run()

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def measure(contestants, workload, x, y, weights, reps, epochs):
    """{label: {'epochs': [seconds...], 'acc': last accuracy}} over interleaved reps."""
    results = {c.label: {'epochs': [], 'acc': None} for c in contestants}
    for rep in range(reps):
        order = contestants[rep % len(contestants):] + contestants[:rep % len(contestants)]
        for make in order:
            run = make(workload, x, y, weights)
            times, acc = run.run(1 + epochs)
            results[make.label]['epochs'] += list(times[1:])
            results[make.label]['acc'] = acc
    return results


def table(workload, results, floor_label):
    """Medians (what the targets are about) and bests (the least disturbed epoch: on a busy
    shared machine other processes only ever add time)."""
    floor = statistics.median(results[floor_label]['epochs'])
    floor_best = min(results[floor_label]['epochs'])
    lines = ['### %s' % workload.describe(), '',
             '| contestant | epoch (median) | per batch | × floor | spread (IQR/median) '
             '| best epoch | best × best floor | train acc |',
             '|---|---:|---:|---:|---:|---:|---:|---:|']
    for label, r in results.items():
        ep = sorted(r['epochs'])
        med = statistics.median(ep)
        q1, q3 = np.percentile(ep, [25, 75])
        lines.append('| %s | %.1f ms | %.0f µs | %.2f | %.1f %% | %.1f ms | %.2f | %.4f |' % (
            label, med * 1e3, med / workload.batches * 1e6, med / floor,
            (q3 - q1) / med * 100, ep[0] * 1e3, ep[0] / floor_best, r['acc']))
    return '\n'.join(lines)


def machine(workers):
    lines = ['- CPU: %s, %d cores (os.cpu_count)' % (_cpu_model(), os.cpu_count()),
             '- Python %s, numpy %s' % (platform.python_version(), np.__version__)]
    try:
        from threadpoolctl import threadpool_info
        for p in threadpool_info():
            lines.append('- %s %s (%s), kernel %s, %d threads' % (
                p.get('internal_api'), p.get('version'), os.path.basename(p['filepath']),
                p.get('architecture'), p['num_threads']))
    except ImportError:
        lines.append('- (threadpoolctl not installed: BLAS details unknown)')
    lines.append('- OPENBLAS_CORETYPE=%s OPENBLAS_L2_SIZE=%s' % (
        os.environ.get('OPENBLAS_CORETYPE', '(unset)'),
        os.environ.get('OPENBLAS_L2_SIZE', '(unset)')))
    if torch_available():
        import torch
        lines.append('- PyTorch %s, %d threads' % (torch.__version__, torch.get_num_threads()))
    for w in workers:
        lines.append('- MXNet %s (numpy %s in .venv-mxnet), features: %s' % (
            w.info['mxnet'], w.info['numpy'], ', '.join(w.info['features'])))
        break
    return '\n'.join(lines)


def _cpu_model():
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or 'unknown CPU'


def retrain_time(tiny, repeats):
    """What the training panel does: a fresh Module, fit for 8 epochs on the letters."""
    w = (TINY if tiny else WORKLOADS)['tutorial']
    x, y = make_data(w)
    weights = init_weights(w, 0)
    runs = []
    for _ in range(repeats):
        t = time.perf_counter()
        TutorFit(w, x, y, weights).run(8)
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def footprint_section(tiny):
    reps = 2 if tiny else 7
    lines = ['### Start-up and memory', '']
    for name, snippet in footprint.IMPORT_SNIPPETS.items():
        lines.append('- `%s`: %.3f s (median of %d fresh interpreters)'
                     % (name, footprint.import_time(snippet, reps), reps))
    lines.append('- fresh Module + fit 8 epochs of the letters MLP (the panel\'s retrain): '
                 '%.3f s (median of %d)' % (retrain_time(tiny, 1 if tiny else 5),
                                            1 if tiny else 5))
    for key, epochs in (('tutorial', 4 if tiny else 20), ('compute', 4 if tiny else 10)):
        m = footprint.fit_memory(key, epochs, tiny)
        total, arrays, half = m['after_epoch_bytes'], m['array_bytes'], epochs // 2
        lines.append(
            '- fit memory, %s, %d epochs: peak %.2f MiB traced above the data (%.2f MiB, '
            'made before); NumPy arrays alive after each epoch: %s bytes; all traced memory '
            'after epoch %d → %d: %d → %d bytes (%+d); process max RSS %.0f MiB' % (
                (TINY if tiny else WORKLOADS)[key].name, epochs, m['peak_bytes'] / 2**20,
                m['data_bytes'] / 2**20, _runs(arrays), half, epochs, total[half - 1],
                total[-1], total[-1] - total[half - 1], m['maxrss_kib'] / 1024))
    return '\n'.join(lines)


def lens_overhead(results):
    """Issue 5's row: what the ``if self._watchers:`` checks cost when no lens is attached."""
    def ratio(a, b, stat):
        return stat(results[a]['epochs']) / stat(results[b]['epochs'])
    return ('Lens overhead (issue 5): fit with no lens attached / fit with the checks compiled '
            'out = %.3f by medians, %.3f by bests (target: within 3 %%); with a no-op lens '
            'attached / no lens: %.3f by medians, %.3f by bests.' % (
                ratio(TutorFit.label, TutorFitNoChecks.label, statistics.median),
                ratio(TutorFit.label, TutorFitNoChecks.label, min),
                ratio(TutorFitWatched.label, TutorFit.label, statistics.median),
                ratio(TutorFitWatched.label, TutorFit.label, min)))


def _load():
    try:
        return ' '.join(open('/proc/loadavg').read().split()[:3])
    except OSError:
        return 'unknown'


def _runs(values):
    """1, 1, 1, 2 -> '1 ×3, 2': a short way to show that values stay the same."""
    out, prev, count = [], None, 0
    for v in list(values) + [object()]:
        if v == prev:
            count += 1
            continue
        if count:
            out.append('%s ×%d' % (prev, count) if count > 1 else str(prev))
        prev, count = v, 1
    return ', '.join(out)


def main(argv=None):
    p = argparse.ArgumentParser(prog='python -m bench', description=__doc__)
    p.add_argument('--tiny', action='store_true', help='a few batches: checks the command')
    p.add_argument('--reps', type=int, help='interleaved repetitions (default 7; tiny 2)')
    p.add_argument('--epochs', type=int, help='timed epochs per repetition (default 3)')
    p.add_argument('--workloads', default='tutorial,compute')
    p.add_argument('--no-mxnet', action='store_true')
    p.add_argument('--no-mkldnn', action='store_true', help='skip MXNet with MKLDNN on')
    p.add_argument('--no-torch', action='store_true')
    p.add_argument('--no-lens', action='store_true', help='skip the lens-overhead rows')
    p.add_argument('--no-footprint', action='store_true')
    p.add_argument('--blas-threads', type=int,
                   help='limit NumPy\'s BLAS threads (threadpoolctl) for the whole run')
    p.add_argument('--json', help='also write the raw epoch times here')
    args = p.parse_args(argv)
    reps = args.reps or (2 if args.tiny else 7)
    epochs = args.epochs or (1 if args.tiny else 3)
    workers = []
    if not args.no_mxnet and os.path.exists(MXNET_PYTHON):
        workers.append(MXNetWorker(mkldnn=False))
        if not (args.no_mkldnn or args.tiny):
            workers.append(MXNetWorker(mkldnn=True))
    print('## tutor benchmark%s\n' % (' (--tiny: sizes too small to mean anything)'
                                       if args.tiny else ''))
    print(machine(workers))
    print('- load average at the start: %s' % _load())
    print('\n%d interleaved repetitions x (1 dropped + %d timed) epochs each\n' % (reps, epochs))
    raw = {}
    limit = None
    if args.blas_threads:
        from threadpoolctl import threadpool_limits
        limit = threadpool_limits(args.blas_threads)
        print('(NumPy\'s BLAS limited to %d thread(s) for this run)\n' % args.blas_threads)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for key in args.workloads.split(','):
                w = (TINY if args.tiny else WORKLOADS)[key]
                x, y = make_data(w)
                weights = init_weights(w, 0)
                contestants = [TutorFit, TutorMidLevel, NumpyFloor]
                if workers:
                    files = write_for_workers(os.path.join(tmp, key), x, y, weights)
                for worker in workers:
                    worker.files = files
                    contestants.append(worker)
                if not args.no_torch and torch_available():
                    contestants.append(TorchEager)
                if key == 'tutorial' and not args.no_lens:
                    contestants += [TutorFitWatched, TutorFitNoChecks]
                results = measure(contestants, w, x, y, weights, reps, epochs)
                raw[key] = results
                print(table(w, results, NumpyFloor.label))
                if TutorFitNoChecks.label in results:
                    print('\n' + lens_overhead(results))
                print()
    finally:
        for worker in workers:
            worker.close()
        if limit is not None:
            limit.restore_original_limits()
    print('- load average at the end: %s\n' % _load())
    if not args.no_footprint:
        print(footprint_section(args.tiny))
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(raw, f, indent=1)
