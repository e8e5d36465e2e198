"""tools/run_notebooks.py stores outputs that nbval (lax mode, with tests/nbval_sanitize.cfg and
the root conftest.py) then accepts; and a checked cell whose output changes still fails."""
import importlib.util
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SANITIZE = ROOT / 'tests' / 'nbval_sanitize.cfg'

nbformat = pytest.importorskip('nbformat')
for _module in ('nbval', 'nbclient', 'ipykernel'):
    if importlib.util.find_spec(_module) is None:
        pytest.skip('%s not installed (make test installs it in .venv)' % _module,
                    allow_module_level=True)

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook  # noqa: E402
from nbval.plugin import get_sanitize_patterns  # noqa: E402

_spec = importlib.util.spec_from_file_location('tutor_tools_run_notebooks',
                                               ROOT / 'tools' / 'run_notebooks.py')
run_notebooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(run_notebooks)

CHECK = '# NBVAL_CHECK_OUTPUT\n'
GOOD_CELLS = [
    CHECK + 'import numpy as np\nnp.random.seed(1)\nprint(round(float(np.random.rand()), 4))',
    CHECK + 'class Thing:\n    pass\nThing()',                         # memory address
    CHECK + 'import sys\nprint("noise", id(object()), file=sys.stderr)',  # stderr
    CHECK + 'from IPython.display import SVG\n'
            'SVG(\'<svg xmlns="http://www.w3.org/2000/svg"><!-- %d --></svg>\' % id(object()))',
    CHECK + 'import time\nprint("Epoch[0] Time cost=%.3f" % time.time())\n'
            'print("Epoch[0] Batch [0-10]\\tSpeed: %.2f samples/sec" % (1e9 / time.time()))',
    CHECK + 'import matplotlib\nmatplotlib.use("module://matplotlib_inline.backend_inline")\n'
            'import matplotlib.pyplot as plt\nfig, ax = plt.subplots(figsize=(3, 2))\n'
            'ax.plot([1, 2]); plt.show()',
    '# NBVAL_RAISES_EXCEPTION\nraise ValueError("a lesson about errors")',
    '# NBVAL_SKIP\nimport mxnet_is_not_here',
    'print(np.random.rand())',  # unchecked: may differ, lax mode does not compare it
]


def notebook(path, cells):
    nb = new_notebook(cells=[new_markdown_cell('# test')] + [new_code_cell(c) for c in cells])
    nb.metadata['kernelspec'] = {'name': 'python3', 'display_name': 'Python 3',
                                 'language': 'python'}
    nbformat.write(nb, str(path))
    return path


def test_sanitize_file_is_read_by_nbval_and_masks_what_changes():
    patterns = get_sanitize_patterns(SANITIZE.read_text())
    assert len(patterns) == 5  # every `regex:` line was directly followed by `replace:`
    samples = {
        '<__main__.Thing at 0x7f3a2b1c>': '<__main__.Thing at MEMORY_ADDRESS>',
        '<Figure size 640x480 with 1 Axes>': '<Figure size WIDTHxHEIGHT with 1 Axes>',
        'INFO:root:Epoch[3] Time cost=0.412': 'INFO:root:Epoch[3] Time cost=TIME',
        'Batch [0-10]\tSpeed: 12345.67 samples/sec\taccuracy=0.5':
            'Batch [0-10]\tSpeed: SPEED samples/sec\taccuracy=0.5',
        'Epoch[0] Train-accuracy=0.912500': 'Epoch[0] Train-accuracy=0.912500',
    }
    for text, expected in samples.items():
        for regex, replace in patterns:
            text = re.sub(regex, replace, text)
        assert text == expected


def test_marked_follows_nbval_comments_and_tags():
    cell = new_code_cell('x = 1\n#  NBVAL_SKIP\n')
    assert run_notebooks._marked(cell, 'SKIP')
    assert not run_notebooks._marked(cell, 'RAISES_EXCEPTION')
    tagged = new_code_cell('x = 1', metadata={'tags': ['nbval-skip', 'raises-exception']})
    assert run_notebooks._marked(tagged, 'SKIP')
    assert run_notebooks._marked(tagged, 'RAISES_EXCEPTION')
    assert not run_notebooks._marked(new_code_cell('x = 1', metadata={'tags': ['skip']}), 'SKIP')


def run_tool(*paths):
    env = dict(os.environ, TUTOR_LANG='zh')  # the tool must drop it
    return subprocess.run([sys.executable, str(ROOT / 'tools' / 'run_notebooks.py'),
                           '--timeout', '120', *map(str, paths)], capture_output=True,
                          text=True, timeout=300, cwd=str(ROOT), env=env)


def test_stored_outputs_pass_nbval_and_a_drifting_cell_fails(tmp_path):
    good = notebook(tmp_path / 'good.ipynb', GOOD_CELLS)
    bad = notebook(tmp_path / 'bad.ipynb', [CHECK + 'import time\nprint(time.time_ns())'])
    out = run_tool(good, bad)
    assert out.returncode == 0, out.stdout + out.stderr

    stored = nbformat.read(str(good), as_version=4)
    code = [c for c in stored.cells if c.cell_type == 'code']
    assert [c.execution_count for c in code[:7]] == [1, 2, 3, 4, 5, 6, 7]  # preamble unseen
    assert code[0].outputs[0]['text'] == '0.417\n'
    assert code[6].outputs[0]['ename'] == 'ValueError'
    assert code[7].outputs == [] and code[7].execution_count is None  # skipped, not run
    assert 'execution' not in code[0].metadata  # no timing metadata in the diff

    # the repo's conftest.py and sanitize file next to the notebooks, as in the repository
    shutil.copy(str(ROOT / 'conftest.py'), str(tmp_path / 'conftest.py'))
    (tmp_path / 'tests').mkdir()
    shutil.copy(str(SANITIZE), str(tmp_path / 'tests' / SANITIZE.name))
    (tmp_path / 'pytest.ini').write_text('[pytest]\n')
    passed = nbval(tmp_path, good)
    assert passed.returncode == 0, passed.stdout[-3000:]
    assert '8 passed, 1 skipped' in passed.stdout  # the NBVAL_SKIP cell
    drifted = nbval(tmp_path, bad)
    assert drifted.returncode == 1, 'a checked cell whose output changed must fail nbval'
    assert "mismatch 'stdout'" in drifted.stdout


def nbval(cwd, path):
    # The plain command a teacher copies into their CI: the conftest supplies the sanitize
    # file and the kernel, so the fit log's times do not fail the run.
    return subprocess.run(
        [sys.executable, '-m', 'pytest', '--nbval-lax', '-p', 'no:cacheprovider', path.name],
        capture_output=True, text=True, timeout=300, cwd=str(cwd))


def test_tool_reports_an_unexpected_error_and_leaves_the_file_alone(tmp_path):
    path = notebook(tmp_path / 'broken.ipynb', ['1 / 0'])
    before = path.read_bytes()
    out = run_tool(path)
    assert out.returncode == 1
    assert 'ZeroDivisionError' in out.stderr and 'FAILED' in out.stderr
    assert '\x1b[' not in out.stderr
    assert path.read_bytes() == before


def test_tool_without_notebooks_says_so(tmp_path):
    out = run_tool(tmp_path / 'notebooks')
    assert out.returncode == 0 and 'no notebooks yet' in out.stdout


def test_no_cell_gives_nbval_the_same_option_twice():
    """nbval warns "Overlapping options from comments and metadata" when a cell has both a
    comment (# NBVAL_RAISES_EXCEPTION) and the matching tag (raises-exception)."""
    from nbval.plugin import find_comment_markers, find_metadata_tags
    overlaps = []
    for path in sorted((ROOT / 'notebooks').glob('*/*.ipynb')):
        nb = nbformat.read(str(path), as_version=4)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != 'code':
                continue
            both = set(dict(find_comment_markers(cell.source))) & \
                set(find_metadata_tags(cell.metadata))
            if both:
                overlaps.append('%s cell %d: %s' % (path.relative_to(ROOT), i, sorted(both)))
    assert not overlaps, overlaps
