"""Imports go one way (issue 15): no pair of tutor modules imports each other, not even
late, inside a function, for the pairs that used to (callback/model, widgets base/curves)."""
import ast
import pathlib

import tutor

ROOT = pathlib.Path(tutor.__file__).parent


def _imports(relpath):
    """Every module ``relpath`` imports, anywhere in the file, as tutor-relative names."""
    path = ROOT / relpath
    package = '.'.join(('tutor',) + path.relative_to(ROOT).parent.parts)
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = package.split('.')
            base = base[:len(base) - node.level + 1] if node.level else []
            mod = '.'.join(base + ([node.module] if node.module else []))
            found.add(mod)
            found.update('%s.%s' % (mod, a.name) for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_model_does_not_import_callback_and_batch_end_param_lives_in_model():
    assert not any(m.startswith('tutor.callback') for m in _imports('model.py'))
    assert tutor.callback.BatchEndParam is tutor.model.BatchEndParam


def test_widget_curves_do_not_import_the_panel_base():
    assert not any(m.startswith('tutor.widgets.base') for m in _imports('widgets/curves.py'))


def test_the_check_sees_late_imports(tmp_path):
    assert 'tutor.lens.plots' in _imports('widgets/curves.py')   # imported inside a function
