"""bench.bytecodes counts the interpreter's work per batch; the counts are reported in
bench/README.md, never asserted against a number here (they change with the engine)."""
from bench import bytecodes


def test_counts_the_training_step_functions_per_batch():
    total, by_function = bytecodes.count('tutorial', 'mid')
    assert total == sum(by_function.values())
    names = ' '.join(by_function)
    for step in ('fully_connected.py', 'optimizer/sgd.py', 'executor.py', 'metric/'):
        assert step in names, step


def test_fit_does_more_than_the_mid_level_loop():
    # fit's epoch also syncs the parameters and logs the metric: more work per batch
    assert bytecodes.count('tutorial', 'fit')[0] > bytecodes.count('tutorial', 'mid')[0]


def test_command_line_prints_the_total(capsys):
    bytecodes.main(['--top', '3'])
    lines = capsys.readouterr().out.splitlines()
    assert 'bytecodes per batch' in lines[0] and len(lines) == 4
