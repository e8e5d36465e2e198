"""Re-execute notebooks in place and store their outputs, the same way every time.

    python tools/run_notebooks.py                   # every notebook under notebooks/
    python tools/run_notebooks.py notebooks/zh/01-symbol.ipynb --timeout 120

`make notebooks` runs this in .venv. What makes a re-run reproduce the stored outputs:

- the kernel is this Python (like nbval's --nbval-current-env), started in the notebook's
  folder with PYTHONHASHSEED=0 and without TUTOR_LANG (each notebook chooses its language);
- before the first cell, a preamble that is not stored seeds Python's `random`, NumPy's
  global generator and tutor's generator with 0. Notebooks still seed themselves: nbval
  and learners run them without this preamble, so a checked cell (`# NBVAL_CHECK_OUTPUT`)
  must not depend on it; it only keeps unchecked cells (plots, widgets) from changing on
  every run, so diffs stay small;
- no timing metadata is written, and each cell's printed lines are stored as one output
  (not in chunks that depend on timing);
- stored outputs hold no terminal colour codes and no absolute path of this machine: paths
  in warnings and tracebacks are written relative to the notebook (``../../tutor/...``),
  or as ``<site-packages>/...``, ``<python>/...``, ``<tmp>/...``, ``~/...``
  (tests/notebooks/test_clean_outputs.py checks every notebook).

Cells marked `# NBVAL_SKIP` (or tagged nbval-skip / skip-execution) keep their stored outputs
and are not run; cells marked `# NBVAL_RAISES_EXCEPTION` (or tagged raises-exception) may
raise. Any other error stops that notebook, leaves its file untouched and exits 1.
"""
import argparse
import importlib.util
import os
import pathlib
import re
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEED = 0
PREAMBLE = """\
import random as _r; _r.seed({seed}); del _r
try:
    import numpy as _np; _np.random.seed({seed}); del _np
except ImportError:
    pass
try:
    import tutor as _t; _t.random.seed({seed}); del _t
except Exception:
    pass
""".format(seed=SEED)


def _marked(cell, name):
    """nbval's rule: a `# NBVAL_NAME` comment line, or the tag `nbval-name` (and for
    RAISES_EXCEPTION also the plain `raises-exception` tag)."""
    tags = cell.get('metadata', {}).get('tags', [])
    tag = name.lower().replace('_', '-')
    if 'nbval-' + tag in tags or (tag == 'raises-exception' and tag in tags):
        return True
    return re.search(r'^\s*#\s*NBVAL_%s\b' % name, cell.source, re.M) is not None


def make_client(nb, path, timeout):
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    class ThisPython(KernelSpecManager):
        """The kernel runs in the interpreter running this script, whatever kernelspecs say."""

        def get_kernel_spec(self, kernel_name):
            import ipykernel.kernelspec
            return self.kernel_spec_class(resource_dir=ipykernel.kernelspec.RESOURCES,
                                          **ipykernel.kernelspec.get_kernel_dict())

    class SeededClient(NotebookClient):
        seeded = False

        async def async_execute_cell(self, cell, cell_index, execution_count=None,
                                     store_history=True):
            if cell.cell_type != 'code':
                return cell
            if not self.seeded:
                self.seeded = True
                reply = await self.kc.execute_interactive(
                    PREAMBLE, store_history=False, timeout=timeout, output_hook=lambda m: None)
                if reply['content']['status'] != 'ok':
                    raise RuntimeError('the seed preamble failed: %s' % reply['content'])
            if _marked(cell, 'SKIP') or 'skip-execution' in cell.metadata.get('tags', []):
                return cell
            tags = cell.metadata.setdefault('tags', [])
            added = _marked(cell, 'RAISES_EXCEPTION') and 'raises-exception' not in tags
            if added:
                tags.append('raises-exception')
            try:
                return await super().async_execute_cell(cell, cell_index, execution_count,
                                                        store_history)
            finally:
                if added:
                    tags.remove('raises-exception')
                if not tags:
                    del cell.metadata['tags']

    km = AsyncKernelManager(kernel_name='tutor-this-python', kernel_spec_manager=ThisPython())
    # coalesce_streams: one stdout output per cell, not chunks that depend on timing
    # store_widget_state=False: a notebook opened without its kernel then shows each panel's
    # stored PNG picture, not widgets that need the live kernel (or JavaScript from the web)
    return SeededClient(nb, km=km, timeout=timeout, record_timing=False, coalesce_streams=True,
                        shutdown_kernel='immediate', store_widget_state=False,
                        resources={'metadata': {'path': str(path.parent)}})


ANSI = re.compile(r'\x1b\[[0-9;?]*[A-Za-z]')


def _path_rules(notebook_dir):
    """(absolute prefix, replacement) pairs, longest prefix first."""
    import sysconfig
    import tempfile
    here = pathlib.Path(notebook_dir).resolve()
    rules = []
    for key in ('purelib', 'platlib'):
        rules.append((sysconfig.get_paths()[key], '<site-packages>'))
    roots = {str(ROOT)}
    spec = importlib.util.find_spec('tutor')       # the kernel imports the same tutor
    if spec is not None and spec.origin:
        roots.add(str(pathlib.Path(spec.origin).resolve().parent.parent))
    for root in roots:
        rules.append((root, os.path.relpath(root, str(here))))
    rules += [(sys.prefix, '<python>'), (sys.base_prefix, '<python>'),
              (tempfile.gettempdir(), '<tmp>'), (os.path.expanduser('~'), '~')]
    return sorted(((a, b) for a, b in rules if a and a != os.sep), key=lambda r: -len(r[0]))


def clean_text(text, rules):
    """No colour codes; each absolute prefix replaced (only where a path starts)."""
    text = ANSI.sub('', text)
    for prefix, repl in rules:
        text = re.sub(r'(?<![\w.~/-])' + re.escape(prefix) + r'(?=[/\\]|$|\W)', repl.replace('\\', '/'),
                      text)
    return text


def clean_outputs(nb, notebook_dir):
    """Make every stored output free of colour codes and absolute paths."""
    rules = _path_rules(notebook_dir)
    for cell in nb.cells:
        for out in cell.get('outputs', []):
            if 'text' in out:
                out['text'] = clean_text(out['text'], rules)
            if out.get('output_type') == 'error':
                out['traceback'] = [clean_text(line, rules) for line in out['traceback']]
                out['evalue'] = clean_text(out['evalue'], rules)
            for mime, value in out.get('data', {}).items():
                if mime.startswith('text/') and isinstance(value, str):
                    out['data'][mime] = clean_text(value, rules)


def run(path, timeout):
    import nbformat
    nb = nbformat.read(str(path), as_version=4)
    nb.metadata.pop('widgets', None)  # old widget state would outlive the run that made it
    make_client(nb, path, timeout).execute()
    clean_outputs(nb, path.parent)
    nbformat.validate(nb)
    tmp = path.with_name('.' + path.name + '.tmp')
    nbformat.write(nb, str(tmp))
    os.replace(str(tmp), str(path))  # never a half-written notebook


def find(paths):
    found = []
    for p in paths:
        p = pathlib.Path(p)
        if p.is_dir():
            found += sorted(q for q in p.rglob('*.ipynb') if '.ipynb_checkpoints' not in q.parts)
        elif p.suffix == '.ipynb' and p.exists():
            found.append(p)
        else:
            raise SystemExit('%s: not a notebook or a folder' % p)
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('paths', nargs='*', default=[str(ROOT / 'notebooks')])
    parser.add_argument('--timeout', type=int, default=600, help='seconds per cell')
    args = parser.parse_args(argv)
    existing = [p for p in args.paths if pathlib.Path(p).exists()]
    if not existing:
        print('no notebooks yet (looked in %s)' % ', '.join(args.paths))
        return 0
    os.environ['PYTHONHASHSEED'] = str(SEED)
    for var in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS'):
        os.environ[var] = '1'    # one BLAS thread: sums in one order, outputs that reproduce
    os.environ.pop('TUTOR_LANG', None)
    failed = 0
    for path in find(existing):
        tic = time.time()
        try:
            run(path, args.timeout)
        except Exception as err:  # report every notebook, then fail
            failed += 1
            text = re.sub(r'\x1b\[[0-9;]*m', '', str(err)).strip()  # no terminal colours
            print('FAILED %s: %s' % (path, text[-2000:]), file=sys.stderr)
            continue
        print('ran %s in %.1f s' % (path, time.time() - tic))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
