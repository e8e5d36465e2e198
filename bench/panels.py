"""How responsive the panels are: what one press of Train (or a slider move with "retrain when
a setting changes") costs, and where the time goes.

    python -m bench.panels                 # ~1-2 min on 2 cores; run it on a quiet machine
    python -m bench.panels --repeats 1     # one of each
    python -m bench.panels --tiny          # a few batches of everything: checks the command

Two panels, each taken apart step by step (medians of ``--repeats`` runs; the ratio is to the
first row of its table):

* the letters TrainingPanel as chapter 4 shows it (16000 training and 4000 validation rows,
  batch 32, 64 hidden units, 8 epochs): a fresh Module + fit alone, the same with the Recorder
  lens the panel watches, then ``panel.train(block=True)`` (lens, status line, progress bar
  and curve redraws); one redraw and one snapshot; in the background, how long until the first
  epoch shows and how long Stop takes;
* chapter 11's FunctionPanel: the chapter's own ``train`` (read from the notebook) called
  directly, then through the panel, for the settings its experiment uses and the sliders'
  start; then the whole experiment (two runs).

Timings are printed, never asserted: they describe this machine at this moment (bench/panels.md
has the measured numbers and what they say).
"""
import argparse
import ast
import contextlib
import io
import json
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHAPTER_11 = os.path.join(ROOT, 'notebooks', '{lang}', '11-sequences.ipynb')
NEEDED = {'np', 'mx', 'random', 'logging', 'lines', 'sentences', 'vocab', 'chars', 'buckets',
          'batch_size', 'num_embed', 'make_sym_gen', 'make_sampler', 'write', 'train'}


def timed(fn, repeats):
    """(median, best) seconds of ``fn()`` over ``repeats`` calls."""
    runs = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs), min(runs)


def table(title, rows):
    """rows: (what, (median, best)); ratios are to the first row."""
    base = rows[0][1][0]
    lines = ['### ' + title, '', '| what | median | best | × first row |', '|---|---:|---:|---:|']
    for what, (median, best) in rows:
        lines.append('| %s | %.3f s | %.3f s | %.2f |' % (what, median, best, median / base))
    return '\n'.join(lines) + '\n'


# --- the letters panel ---------------------------------------------------------------------------
def letters_panel(repeats, tiny):
    import numpy as np
    import tutor as mx
    from tutor.lens.recorder import Recorder
    from tutor.widgets.runs import Run
    kw = dict(num_epoch=8)
    if tiny:
        x, y = mx.data.letters()
        kw.update(train_data=(x[:640], y[:640]), eval_data=(x[16000:16160], y[16000:16160]),
                  num_epoch=2)
    panel = mx.widgets.TrainingPanel(**kw)

    def fit(watch=False):
        np.random.seed(0)
        mx.random.seed(0)
        module, args = panel._prepare(Run(0, panel.settings()))
        args.pop('total_batches')
        if watch:
            Recorder('en').attach(module)
        module.fit(**args)

    rows = [('fresh Module + fit (what a run trains)', timed(fit, repeats)),
            ('the same, with the Recorder lens attached', timed(lambda: fit(True), repeats)),
            ('panel.train(block=True): a press of Train / a slider move',
             timed(lambda: panel.train(block=True), repeats))]
    draw = [('one curve redraw (picture PNG)', timed(panel._picture_png, repeats)),
            ('one snapshot (the stored picture)', timed(panel.snapshot, repeats))]
    first, stop = [], []
    for _ in range(repeats):
        t = time.perf_counter()
        run = panel.train()
        while panel.running and not (run.epochs and run.epochs[0]['val_metric'] is not None):
            time.sleep(0.002)
        first.append(time.perf_counter() - t)
        t = time.perf_counter()
        panel.stop()
        panel.wait(60)
        stop.append(time.perf_counter() - t)
    feel = [('Train pressed → first epoch on the status line', (statistics.median(first),
                                                              min(first))),
            ('Stop pressed → run over', (statistics.median(stop), min(stop)))]
    s = panel.settings()
    title = 'letters TrainingPanel: %d epochs, batch %d, %d hidden, %d training rows' % (
        s['num_epoch'], s['batch_size'], s['num_hidden'], len(panel.train_data[0]))
    return table(title, rows) + '\n' + table('drawing (after %d runs)' % len(panel.runs), draw) \
        + '\n' + table('in the background (the kernel stays free)', feel)


# --- chapter 11's panel --------------------------------------------------------------------------
def chapter_namespace(lang='en'):
    """Run the cells of chapter 11 that define what ``train`` needs (no training, no plots),
    in the chapter's folder; returns their namespace."""
    path = CHAPTER_11.format(lang=lang)
    with open(path, encoding='utf-8') as f:
        cells = [''.join(c['source']) for c in json.load(f)['cells'] if c['cell_type'] == 'code']
    names = {}
    here = os.getcwd()
    os.chdir(os.path.dirname(path))
    try:
        for code in cells:
            if code.startswith('# tutor-only') or not (bound(code) & NEEDED):
                continue
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(code, path, 'exec'), names)
            if 'train' in names:
                break
    finally:
        os.chdir(here)
    import logging
    logging.getLogger().setLevel(logging.WARNING)
    return names


def bound(code):
    """The names a cell binds at its top level (imports, assignments, defs)."""
    found = set()
    for node in ast.parse(code).body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found |= {(a.asname or a.name).split('.')[0] for a in node.names}
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            found.add(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                found |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    return found


def chapter_panel(repeats, tiny, lang='en'):
    import tutor as mx
    ns = chapter_namespace(lang)
    train = ns['train']
    panel = mx.widgets.FunctionPanel(
        train, settings={'num_hidden': [8, 16, 32, 64, 128], 'num_epoch': range(1, 21)})
    plan = [(1, 8), (1, 128)] if tiny else [(8, 64), (8, 8), (4, 128)]
    rows = []
    quiet = contextlib.redirect_stdout(io.StringIO())    # MXNet's bucket WARNING line
    with quiet:
        for epochs, hidden in plan:
            rows.append(('train(num_hidden=%d, num_epoch=%d) called directly' % (hidden, epochs),
                         timed(lambda: train(num_hidden=hidden, num_epoch=epochs), repeats)))
            rows.append(('the same through FunctionPanel.train(block=True)',
                         timed(lambda: panel.train(block=True, num_hidden=hidden,
                                                   num_epoch=epochs), repeats)))
        runs = [{'num_hidden': h, 'num_epoch': e} for e, h in plan[1:]]
        exp = mx.widgets.Experiment(panel, question='?', choices=['a', 'b'], runs=runs,
                                    explain='-')
        rows.append(('the experiment: %s, one after the other' % ' then '.join(
            '%d units × %d epochs' % (r['num_hidden'], r['num_epoch']) for r in runs),
            timed(lambda: exp.run(block=True), repeats)))
    return table('chapter 11 (%s): FunctionPanel around the chapter\'s train' % lang, rows)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--repeats', type=int, default=3)
    parser.add_argument('--tiny', action='store_true', help='a few batches: checks the command')
    parser.add_argument('--blas-threads', type=int, default=1,
                        help='NumPy\'s BLAS threads (default 1, as tools/run_notebooks.py runs '
                             'the chapters)')
    args = parser.parse_args(argv)
    repeats = 1 if args.tiny else args.repeats
    os.environ.setdefault('MPLBACKEND', 'Agg')
    if 'numpy' in sys.modules:
        print('(NumPy was imported before: its BLAS threads are as they were)')
    for var in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS'):
        os.environ[var] = str(args.blas_threads)    # read when NumPy loads its BLAS
    print('# Panel responsiveness (python -m bench.panels, %d repeat(s), %d BLAS thread(s))\n'
          % (repeats, args.blas_threads))
    print('load average at the start: %s\n' % ' '.join('%.2f' % v for v in os.getloadavg()))
    print(letters_panel(repeats, args.tiny))
    print(chapter_panel(repeats, args.tiny))
    print('load average at the end: %s' % ' '.join('%.2f' % v for v in os.getloadavg()))
    return 0


if __name__ == '__main__':
    sys.exit(main())
