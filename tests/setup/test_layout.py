"""The layout of the tree: the test tree can be collected as one run (pytest imports test
files by their base name, no packages here, so two test files with one name break the whole
collection), and tutor's modules stay short enough to read in a sitting (issue 15)."""
import collections
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_every_test_file_name_is_unique():
    names = collections.defaultdict(list)
    for path in (ROOT / 'tests').rglob('test_*.py'):
        names[path.name].append(str(path.relative_to(ROOT)))
    twice = {name: paths for name, paths in names.items() if len(paths) > 1}
    assert not twice, 'rename one of each: %s' % twice


# Modules of tutor/ allowed past the limit, each with its reason (none today).
LONG_MODULES = {}
LINE_LIMIT = 400


def long_modules(root, limit=LINE_LIMIT):
    """{file relative to root's parent: its line count} for every .py file over ``limit``."""
    counts = {str(p.relative_to(root.parent)): len(p.read_text().splitlines())
              for p in sorted(root.rglob('*.py'))}
    return {path: n for path, n in counts.items() if n > limit}


def test_no_module_of_tutor_is_over_400_lines():
    long = long_modules(ROOT / 'tutor')
    over = ['%s: %d lines' % kv for kv in sorted(long.items()) if kv[0] not in LONG_MODULES]
    assert not over, ('a learner reads these in one sitting only under %d lines: split each '
                      'into files of one idea (CONTRIBUTING.md, Style):\n%s'
                      % (LINE_LIMIT, '\n'.join(over)))
    stale = sorted(set(LONG_MODULES) - set(long))
    assert not stale, 'back under %d lines, so take them out of LONG_MODULES: %s' % (
        LINE_LIMIT, stale)


def test_the_line_check_names_the_long_file(tmp_path):
    pkg = tmp_path / 'tutor'
    (pkg / 'sub').mkdir(parents=True)
    (pkg / 'short.py').write_text('x = 1\n' * 400)
    (pkg / 'sub' / 'long.py').write_text('x = 1\n' * 401)
    assert long_modules(pkg) == {'tutor/sub/long.py': 401}
