"""Imports go one way (issue 15). Every ``import`` / ``from ... import`` in tutor/ counts, at
the top of a file and inside a function alike (a late import hides a circle, it does not
untie it): the pairs that once went both ways go one way now, and no new pair of modules
imports each other."""
import ast
import collections
import pathlib

import pytest

import tutor

ROOT = pathlib.Path(tutor.__file__).parent

# (lower, higher, why): higher imports lower, so lower must not reach higher by any path.
ONE_WAY = [
    ('tutor.symbol.json_io', 'tutor.symbol.symbol',
     'json_io turns a graph (heads and nodes) into JSON and back; Symbol wraps the heads'),
    ('tutor.model', 'tutor.callback',
     'BatchEndParam lives in mx.model, as in MXNet; callback imports it from there'),
    ('tutor.widgets.curves', 'tutor.widgets.base',
     'the curves only draw (SHORT_NAMES lives there); the panel base uses them'),
]

# Pairs that still import each other, each late on one side, and why that is kept.
KNOWN_CIRCLES = {
    ('tutor.__main__', 'tutor.doctor'):
        '`python -m tutor doctor` runs the doctor, which prints the report of __main__',
    ('tutor.lens.buckets', 'tutor.lens.memory'):
        "the memory lens hands a BucketingModule to buckets, which reuses memory's rows",
    ('tutor.metric.base', 'tutor.metric.custom'):
        'create(f) makes a CustomMetric, as MXNet\'s metric.create does',
    ('tutor.ndarray.ndarray', 'tutor.ndarray.params_file'):
        'an NDArray pickles through its .params bytes; the file format reads NDArrays',
    ('tutor.symbol', 'tutor.symbol.symbol'):
        "Symbol's operators (a + b, abs) build nodes with mx.sym's op functions, as MXNet's do",
    ('tutor.symbol.fluent', 'tutor.symbol.symbol'):
        'fluent holds the methods of Symbol (its base class); they build Symbols',
}


def _module_name(path, root):
    parts = path.relative_to(root.parent).with_suffix('').parts
    return '.'.join(parts[:-1] if parts[-1] == '__init__' else parts)


def import_graph(root=ROOT):
    """({module: {imported module: [line, ...]}}, {module: its file}) over every .py file
    under the package ``root``; only imports of modules of that package count."""
    paths = {_module_name(p, root): p for p in sorted(root.rglob('*.py'))}
    files = {name: str(p.relative_to(root.parent)) for name, p in paths.items()}
    graph = {}
    for name, path in paths.items():
        package = name if path.name == '__init__.py' else name.rpartition('.')[0]
        edges = graph.setdefault(name, collections.defaultdict(list))
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            for target in _targets(node, package, files):
                if target != name and node.lineno not in edges[target]:
                    edges[target].append(node.lineno)
    return graph, files


def _targets(node, package, files):
    """The package's modules one import statement names (``from . import x`` names the
    submodule x when there is one, else the package)."""
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    elif isinstance(node, ast.ImportFrom):
        base = package.split('.')[:len(package.split('.')) - node.level + 1] \
            if node.level else []
        module = '.'.join(base + ([node.module] if node.module else []))
        names = [module + '.' + a.name if module + '.' + a.name in files else module
                 for a in node.names]
    else:
        return []
    found = []
    for name in names:
        while name and name not in files:   # `import tutor.a.b` of a name inside b
            name = name.rpartition('.')[0]
        if name:
            found.append(name)
    return found


def import_path(graph, start, goal):
    """The shortest chain of imports from ``start`` to ``goal`` as [(module, line)], or None."""
    back = {start: None}
    queue = collections.deque([start])
    while queue:
        here = queue.popleft()
        if here == goal:
            chain = []
            while back[here] is not None:
                prev, line = back[here]
                chain.append((prev, line))
                here = prev
            return chain[::-1] + [(goal, None)]
        for nxt, lines in graph.get(here, {}).items():
            if nxt not in back:
                back[nxt] = (here, lines[0])
                queue.append(nxt)
    return None


def _show(chain, files):
    return ' -> '.join(files[m] if line is None else '%s (line %d)' % (files[m], line)
                       for m, line in chain)


def one_way_problems(graph, files, pairs):
    problems = []
    for lower, higher, why in pairs:
        if import_path(graph, higher, lower) is None:
            problems.append('%s no longer imports %s: drop the pair from ONE_WAY'
                            % (files[higher], lower))
        chain = import_path(graph, lower, higher)
        if chain:
            problems.append('a circle: %s, and %s imports it back. %s; remove that import.'
                            % (_show(chain, files), files[higher], why))
    return problems


def circles(graph):
    """Every pair of modules that import each other (directly, anywhere in the files)."""
    return {tuple(sorted((a, b))) for a, edges in graph.items() for b in edges
            if a in graph.get(b, {})}


@pytest.fixture(scope='module')
def tutor_graph():
    return import_graph()


def test_the_named_pairs_import_one_way(tutor_graph):
    graph, files = tutor_graph
    problems = one_way_problems(graph, files, ONE_WAY)
    assert not problems, '\n'.join(problems)


def test_no_new_pair_of_modules_imports_each_other(tutor_graph):
    graph, files = tutor_graph
    found = circles(graph)
    new = ['%s (lines %s) <-> %s (lines %s)' % (files[a], graph[a][b], files[b], graph[b][a])
           for a, b in sorted(found - set(KNOWN_CIRCLES))]
    assert not new, ('these modules import each other (one of them late, inside a function): '
                     'move what both need to the lower one, or pass it in:\n' + '\n'.join(new))
    gone = sorted(set(KNOWN_CIRCLES) - found)
    assert not gone, 'untied, so take them out of KNOWN_CIRCLES: %s' % gone


def test_batch_end_param_lives_in_model():
    assert tutor.callback.BatchEndParam is tutor.model.BatchEndParam


def test_the_graph_sees_late_and_relative_imports(tutor_graph):
    graph, _ = tutor_graph
    assert 'tutor.lens.plots' in graph['tutor.widgets.curves']      # inside a function
    assert 'tutor.symbol.json_io' in graph['tutor.symbol.symbol']    # from .json_io import
    assert 'tutor.ndarray' in graph['tutor.model']                   # from . import ndarray


def test_a_late_import_back_fails_naming_the_files_and_lines(tmp_path):
    pkg = tmp_path / 'tutor'
    (pkg / 'sub').mkdir(parents=True)
    (pkg / '__init__.py').write_text('')
    (pkg / 'sub' / '__init__.py').write_text('')
    (pkg / 'sub' / 'low.py').write_text('import os\n\n\ndef f():\n    from .high import g\n')
    (pkg / 'sub' / 'high.py').write_text('from . import low\n')
    graph, files = import_graph(pkg)
    assert circles(graph) == {('tutor.sub.high', 'tutor.sub.low')}
    problems = one_way_problems(graph, files, [('tutor.sub.low', 'tutor.sub.high', 'why')])
    assert problems == ['a circle: tutor/sub/low.py (line 5) -> tutor/sub/high.py, and '
                        'tutor/sub/high.py imports it back. why; remove that import.']
