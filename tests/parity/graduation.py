"""The graduation path: a notebook's code runs unchanged on real MXNet 1.9.1 once
``import tutor as mx`` is replaced by ``import mxnet as mx``.

For one notebook (``.ipynb``) or note (``.md``, its ```python blocks) this takes the code cells
in order and runs them in one fresh namespace, in a temporary working directory, with
matplotlib on its Agg backend:

* a cell whose first line is ``# tutor-only`` (lenses, widgets, tutor.data plots...) is
  skipped; any other cell that still mentions ``tutor`` after the swap is an error, because
  it would not run on MXNet;
* IPython lines (``%matplotlib inline``, ``!pip ...``) are dropped;
* a cell tagged ``raises-exception`` or starting with ``# NBVAL_RAISES_EXCEPTION`` (nbval's
  markers), or named with ``--raises``, must raise (the given exception type, if any).

Like a Jupyter kernel started in the notebook's folder, the code sees the files next to the
notebook (they are copied into the temporary directory). The tutorial's
``letter-recognition.data`` is always there: MXNet's ``test_utils.download`` then finds it
and skips the download (the course runs offline; tutor's letters have the UCI layout).

Run it in the MXNet venv, from the repository root:

    MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python tests/parity/graduation.py notebooks/en/01.ipynb
    ... graduation.py --prelude letters --raises 'Accuracy score is %f=TypeError' note.md

It prints one line per cell and exits 1 if any cell failed (``--json`` prints a report).
tests/parity/test_graduation.py runs it on every notebook, each in its own process.
"""
import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import textwrap
import traceback

TUTOR_ONLY = '# tutor-only'
SWAP = (re.compile(r'^(\s*)import\s+tutor\s+as\s+mx\s*$', re.M), r'\1import mxnet as mx')


class Cell:
    def __init__(self, index, source, tags=()):
        self.index, self.source, self.tags = index, source, tuple(tags)
        if any(l.strip() == '# NBVAL_RAISES_EXCEPTION' for l in source.split('\n')[:3]):
            self.tags += ('raises-exception',)

    @property
    def tutor_only(self):
        first = self.source.lstrip('\n').split('\n', 1)[0].strip().lower()
        return first.startswith(TUTOR_ONLY)


def notebook_cells(path):
    with open(path, encoding='utf-8') as f:
        nb = json.load(f)
    cells = []
    for cell in nb.get('cells', []):
        if cell.get('cell_type') != 'code':
            continue
        src = cell.get('source', '')
        src = ''.join(src) if isinstance(src, list) else src
        tags = cell.get('metadata', {}).get('tags', [])
        cells.append(Cell(len(cells), src, tags))
    return cells


def markdown_cells(path):
    """The ```python blocks of a markdown note (indented blocks inside lists included)."""
    with open(path, encoding='utf-8') as f:
        text = f.read()
    blocks = re.findall(r'^([ \t]*)```python[ \t]*\n(.*?)^[ \t]*```', text, re.S | re.M)
    return [Cell(i, textwrap.dedent(body)) for i, (_, body) in enumerate(blocks)]


def cells_of(path):
    return notebook_cells(path) if path.endswith('.ipynb') else markdown_cells(path)


# %magic, %%magic and !shell lines; not a continuation line such as "      % (a, b))"
IPYTHON_LINE = re.compile(r'\s*(%{1,2}[A-Za-z_]|![A-Za-z_./~])')


def mxnet_source(cell):
    """The cell as it runs on MXNet: tutor import swapped, IPython lines dropped."""
    src = SWAP[0].sub(SWAP[1], cell.source)
    lines = [l for l in src.split('\n') if not IPYTHON_LINE.match(l)]
    src = '\n'.join(lines)
    code = re.sub(r'#.*', '', src)
    if re.search(r'\bimport\s+tutor\b|\bfrom\s+tutor\b|(?<![\w.\'"])tutor\.\w', code):
        raise ValueError('cell %d uses tutor outside a "%s" cell, so it cannot run on MXNet; '
                         'mark it "%s" (first line) or write it with mx.* only'
                         % (cell.index, TUTOR_ONLY, TUTOR_ONLY))
    return src


# ---------------------------------------------------------------------------------------
# the data the seed note expects to exist already (the tutorial made it before the note)

LETTERS_PRELUDE = '''
import numpy as np
import mxnet as mx
try:   # tutor's letters (stored .npz, numpy only) ...
    from tutor.data import letters as _letters
    _data, _label = _letters()
except Exception:   # ... else letter-shaped random data: 16 features 0..15, 26 classes
    _rng = np.random.RandomState(0)
    _data = _rng.randint(0, 16, (20000, 16)).astype('float64')
    _label = _rng.randint(0, 26, 20000)
batch_size = 32
train_iter = mx.io.NDArrayIter(_data[:16000], _label[:16000], batch_size, shuffle=True)
val_iter = mx.io.NDArrayIter(_data[16000:], _label[16000:], batch_size)
'''
PRELUDES = {'none': '', 'letters': LETTERS_PRELUDE}


LETTERS_FILE = 'letter-recognition.data'


def stage(workdir, notebook_dir):
    """Copy the files next to the notebook into ``workdir``; make the letters file if absent."""
    for name in sorted(os.listdir(notebook_dir)):
        src = os.path.join(notebook_dir, name)
        if os.path.isfile(src) and not name.endswith(('.ipynb', '.md')) and \
                os.path.getsize(src) < 50 * 2 ** 20:
            shutil.copyfile(src, os.path.join(workdir, name))
    target = os.path.join(workdir, LETTERS_FILE)
    if not os.path.exists(target):
        from tutor.data import letters    # the harness may use tutor; the cells may not
        data, label = letters()
        with open(target, 'w', encoding='ascii') as f:
            f.writelines('%s,%s\n' % (chr(ord('A') + int(y)), ','.join(str(int(v)) for v in row))
                         for row, y in zip(data, label))


def _matplotlib_agg():
    os.environ['MPLBACKEND'] = 'Agg'
    try:
        import matplotlib
        matplotlib.use('Agg')
    except ImportError:
        pass


def run_cells(cells, prelude='', raises=None):
    """Run the cells in order in one namespace; a list of (index, status, detail)."""
    raises = dict(raises or {})
    _matplotlib_agg()
    namespace = {'__name__': '__main__'}
    report = []
    if prelude:
        exec(compile(prelude, '<prelude>', 'exec'), namespace)
    for cell in cells:
        if cell.tutor_only:
            report.append((cell.index, 'skipped', 'tutor-only'))
            continue
        want = raises.get(cell.index)
        if want is None and 'raises-exception' in cell.tags:
            want = 'Exception'
        try:
            src = mxnet_source(cell)
            exec(compile(src, '<cell %d>' % cell.index, 'exec'), namespace)
        except Exception as err:  # noqa: BLE001 - reported per cell
            names = [c.__name__ for c in type(err).__mro__]
            if want is not None and want in names:
                report.append((cell.index, 'raised as expected', '%s: %s'
                               % (type(err).__name__, err)))
            else:
                report.append((cell.index, 'error', traceback.format_exc(limit=-3)))
                break   # later cells depend on this one
            continue
        if want is not None:
            report.append((cell.index, 'error', 'expected %s, but the cell ran' % want))
        else:
            report.append((cell.index, 'ok', ''))
    return report


def graduate(path, prelude='none', raises=()):
    """Run ``path`` on MXNet in a temporary working directory; the per-cell report."""
    cells = cells_of(os.path.abspath(path))
    by_index = {}
    for spec in raises:   # 'text in the cell=ExceptionName'
        text, _, exc = spec.rpartition('=')
        hits = [c.index for c in cells if text in c.source]
        if len(hits) != 1:
            raise ValueError('--raises %r matches %d cells, not 1' % (spec, len(hits)))
        by_index[hits[0]] = exc
    old = os.getcwd()
    with tempfile.TemporaryDirectory(prefix='graduation-') as tmp:
        stage(tmp, os.path.dirname(os.path.abspath(path)))
        os.chdir(tmp)
        try:
            return run_cells(cells, PRELUDES[prelude], by_index)
        finally:
            os.chdir(old)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('path')
    parser.add_argument('--prelude', choices=sorted(PRELUDES), default='none')
    parser.add_argument('--raises', action='append', default=[],
                        metavar='TEXT=Exception', help='the cell containing TEXT must raise')
    parser.add_argument('--json', action='store_true', help='print the report as JSON')
    args = parser.parse_args(argv)
    report = graduate(args.path, args.prelude, args.raises)
    if args.json:
        print(json.dumps([{'cell': i, 'status': s, 'detail': d} for i, s, d in report]))
    else:
        for i, status, detail in report:
            print('cell %3d: %s%s' % (i, status, ('\n' + detail) if status == 'error' else ''))
    return 1 if any(s == 'error' for _, s, _ in report) else 0


if __name__ == '__main__':
    sys.exit(main())
