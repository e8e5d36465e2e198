"""The graduation path (issue 4): every notebook under notebooks/en runs on real MXNet 1.9.1
with ``import tutor as mx`` swapped for ``import mxnet as mx`` (cells whose first line is
``# tutor-only`` are skipped). Each notebook runs in its own process, like a fresh kernel.

The seed note (shared/seed/module-notes.md, or its copy in tests/fixtures) graduates too
(so the test is real even while notebooks/en is empty): its blocks run on MXNet with the
tutorial's train_iter/val_iter, and its ``"%f" % score`` block fails with TypeError there too.

Run: MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity/test_graduation.py
"""
import glob
import json
import os
import subprocess
import sys

import pytest

mx = pytest.importorskip('mxnet')
import graduation  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
HARNESS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'graduation.py')
NOTEBOOKS = sorted(glob.glob(os.path.join(ROOT, 'notebooks', 'en', '*.ipynb')))
SEED = next((p for p in (os.path.join(ROOT, '..', 'shared', 'seed', 'module-notes.md'),
                         os.path.join(ROOT, 'tests', 'fixtures', 'module-notes.md'))
             if os.path.exists(p)), None)
SEED_RAISES = 'Accuracy score is %f=TypeError'


def _graduate(path, *extra):
    env = dict(os.environ, PYTHONPATH=ROOT, MPLBACKEND='Agg')
    proc = subprocess.run([sys.executable, HARNESS, '--json', path] + list(extra), cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=600)
    lines = [l for l in proc.stdout.splitlines() if l.startswith('[')]
    assert lines, 'the harness printed no report:\n%s\n%s' % (proc.stdout, proc.stderr[-3000:])
    report = json.loads(lines[-1])
    errors = ['cell %d: %s' % (r['cell'], r['detail']) for r in report if r['status'] == 'error']
    assert not errors, '%s does not run on MXNet 1.9.1:\n%s' % (path, '\n'.join(errors))
    assert proc.returncode == 0
    return report


def _targets():
    """Every English notebook, and the seed note (always: it is where the course began,
    and it keeps this test real while notebooks/en is empty)."""
    targets = [pytest.param(p, (), id=os.path.basename(p)) for p in NOTEBOOKS]
    if SEED:
        targets.append(pytest.param(SEED, ('--prelude', 'letters', '--raises', SEED_RAISES),
                                    id='seed-module-notes'))
    assert targets, 'neither notebooks/en/*.ipynb nor the seed note exists'
    return targets


@pytest.mark.parametrize('path,extra', _targets())
def test_runs_on_mxnet(path, extra):
    report = _graduate(path, *extra)
    ran = [r for r in report if r['status'] != 'skipped']
    assert ran, 'no code cell of %s ran' % path
    if path == SEED:
        raised = [r for r in report if r['status'] == 'raised as expected']
        assert len(raised) == 1 and 'must be real number, not list' in raised[0]['detail']
        assert len(report) == len(graduation.cells_of(path))


# ---------------------------------------------------------------------------------------
# the harness itself, on a small notebook made here

def _notebook(tmp_path, cells):
    nb = {'cells': [{'cell_type': kind, 'metadata': {'tags': tags}, 'source': src,
                     'outputs': [], 'execution_count': None} if kind == 'code' else
                    {'cell_type': kind, 'metadata': {}, 'source': src}
                    for kind, src, tags in cells],
          'metadata': {}, 'nbformat': 4, 'nbformat_minor': 5}
    path = tmp_path / 'nb.ipynb'
    path.write_text(json.dumps(nb), encoding='utf-8')
    return str(path)


def test_harness_swaps_skips_and_checks(tmp_path):
    path = _notebook(tmp_path, [
        ('markdown', '# A chapter', []),
        ('code', ['%matplotlib inline\n', 'import tutor as mx\n', 'import numpy as np'], []),
        ('code', '# tutor-only\nfrom tutor import lens\nlens.attach()', []),
        ('code', 'x = mx.nd.ones((2, 3))\nassert type(x).__module__.startswith("mxnet")', []),
        ('code', 'open("here.txt", "w").write("a file in the temp dir")', []),
        ('code', 'print("%f" % [1])', ['raises-exception']),
        ('code', 'y = x * 2', []),
    ])
    report = graduation.graduate(path)
    assert [s for _, s, _ in report] == ['ok', 'skipped', 'ok', 'ok', 'raised as expected',
                                         'ok']
    assert not os.path.exists(os.path.join(ROOT, 'here.txt'))


def test_harness_reports_tutor_outside_tutor_only_cells(tmp_path):
    path = _notebook(tmp_path, [('code', 'import tutor as mx', []),
                                ('code', 'tutor.lens.attach()', []),
                                ('code', 'never = 1', [])])
    report = graduation.graduate(path)
    assert [s for _, s, _ in report] == ['ok', 'error']
    assert 'tutor-only' in report[1][2]


def test_harness_reports_a_cell_that_fails_on_mxnet(tmp_path):
    path = _notebook(tmp_path, [('code', 'import tutor as mx', []),
                                ('code', 'mx.sym.NoSuchOp()', []),
                                ('code', 'print("not reached")', [])])
    report = graduation.graduate(path)
    assert [s for _, s, _ in report] == ['ok', 'error']
    assert 'NoSuchOp' in report[1][2]


def test_harness_wants_the_expected_error(tmp_path):
    path = _notebook(tmp_path, [('code', 'x = 1', ['raises-exception'])])
    assert graduation.graduate(path)[0][1] == 'error'


def test_markdown_blocks_are_found_dedented():
    if SEED is None:
        pytest.skip('no seed note')
    cells = graduation.markdown_cells(SEED)
    assert len(cells) >= 6
    assert any(c.source.startswith('y = mod.predict(val_iter)') for c in cells)


def test_only_ipython_lines_are_dropped():
    """A magic or shell line goes; a continuation line that starts with % stays."""
    cell = graduation.Cell(0, "%matplotlib inline\n!ls\nx = ('%d'\n     % 3)\n%%time\ny = 1 != 2")
    assert graduation.mxnet_source(cell) == "x = ('%d'\n     % 3)\ny = 1 != 2"
