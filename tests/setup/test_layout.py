"""The test tree can be collected as one run: pytest imports test files by their base name
(no packages here), so two test files with one name break the whole collection."""
import collections
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_every_test_file_name_is_unique():
    names = collections.defaultdict(list)
    for path in (ROOT / 'tests').rglob('test_*.py'):
        names[path.name].append(str(path.relative_to(ROOT)))
    twice = {name: paths for name, paths in names.items() if len(paths) > 1}
    assert not twice, 'rename one of each: %s' % twice
