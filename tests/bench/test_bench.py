"""The benchmark command runs and prints its tables. Timings are never asserted: a test
machine's speed says nothing about tutor (bench/README.md has the measured numbers)."""
import json
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope='module')
def tiny_run(tmp_path_factory):
    raw = tmp_path_factory.mktemp('bench') / 'raw.json'
    out = subprocess.run([sys.executable, '-m', 'bench', '--tiny', '--json', str(raw)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout, json.loads(raw.read_text())


def test_prints_a_table_per_workload_with_the_floor_and_tutor(tiny_run):
    text, _ = tiny_run
    for heading in ('### tutorial MLP (tiny)', '### compute-bound MLP (tiny)',
                    '### Start-up and memory'):
        assert heading in text
    for row in ('| (a) tutor Module.fit |', '| (b) tutor mid-level loop |',
                '| (c) hand-written NumPy loop (floor) | '):
        assert text.count(row) == 2, row
    assert '| 1.00 |' in text            # the floor's ratio to itself
    assert 'Lens overhead (issue 5):' in text
    assert '`import tutor`' in text


def test_every_contestant_trains_the_same_network_from_the_same_weights(tiny_run):
    _, raw = tiny_run
    for workload, results in raw.items():
        tutor_acc = results['(a) tutor Module.fit']['acc']
        floor_acc = results['(c) hand-written NumPy loop (floor)']['acc']
        assert abs(tutor_acc - floor_acc) < 0.02, workload
        assert all(len(r['epochs']) == 2 for r in results.values())  # 2 reps x 1 timed epoch


def test_the_lens_check_free_module_really_has_no_checks():
    sys.path.insert(0, str(ROOT))
    from bench.tutor_runs import module_without_lens_checks
    import dis
    module = module_without_lens_checks()
    for name in ('forward', 'backward', 'update', 'update_metric', 'fit'):
        names = {i.argval for i in dis.get_instructions(getattr(module, name))}
        assert '_watchers' not in names and 'emit' not in names, name
