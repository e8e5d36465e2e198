"""bench.panels runs and prints where a panel's time goes. Its timings are never asserted (they
describe the machine); the test checks the command and that it measures what it says."""
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_the_panel_benchmark_prints_its_tables():
    out = subprocess.run([sys.executable, '-m', 'bench.panels', '--tiny'], cwd=ROOT,
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    text = out.stdout
    for heading in ('### letters TrainingPanel: 2 epochs, batch 32, 64 hidden, 640 training rows',
                    '### drawing (after ', '### in the background (the kernel stays free)',
                    "### chapter 11 (en): FunctionPanel around the chapter's train"):
        assert heading in text, heading
    for row in ('| fresh Module + fit (what a run trains) |',
                '| panel.train(block=True): a press of Train / a slider move |',
                '| Stop pressed → run over |',
                '| train(num_hidden=8, num_epoch=1) called directly |',
                '| the same through FunctionPanel.train(block=True) |',
                '| the experiment: 128 units × 1 epochs, one after the other |'):
        assert row in text, row
    firsts = [block.split('|---|---:|---:|---:|\n')[1].split('\n')[0]
              for block in text.split('### ')[1:]]
    assert len(firsts) == 4 and all(r.endswith('| 1.00 |') for r in firsts), firsts


def test_the_chapter_namespace_defines_train_without_training():
    # in a subprocess: the chapter's set-up cell reconfigures logging for the whole process
    code = ('from bench.panels import bound, chapter_namespace\n'
            'assert bound("import numpy as np\\nx, (y, z) = 1, (2, 3)\\ndef f(): pass") == '
            '{"np", "x", "y", "z", "f"}\n'
            'names = chapter_namespace("zh")\n'
            'print(callable(names["train"]), "mod" in names, "sampler" in names)')
    out = subprocess.run([sys.executable, '-c', code], cwd=ROOT, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.split() == ['True', 'False', 'False']
