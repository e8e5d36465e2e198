"""The ``slow`` marker that keeps ``pytest -m "not slow"`` a quick loop (conftest.py)."""
import importlib.util
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _root_conftest():
    spec = importlib.util.spec_from_file_location('root_conftest', ROOT / 'conftest.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_file_marked_slow_exists():
    files = _root_conftest().SLOW_FILES
    missing = [f for f in files if not (ROOT / f).is_file()]
    assert not missing, 'conftest.SLOW_FILES names files that are gone: %s' % missing
    assert 'tests/bench/test_bench.py' in files


def test_a_test_in_a_slow_file_carries_the_marker(pytester=None):
    import pytest
    item = type('Item', (), {})()
    item.fspath = ROOT / 'tests/bench/test_bench.py'
    item.markers = []
    item.add_marker = item.markers.append
    _root_conftest().pytest_collection_modifyitems(None, [item])
    assert [m.name for m in item.markers] == ['slow'] and pytest.mark.slow.name == 'slow'
