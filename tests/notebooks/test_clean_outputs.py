"""Stored outputs show no absolute path of the machine that ran them and no terminal
colour codes (tools/run_notebooks.py cleans them; this checks every notebook)."""
import re

import pytest

from nbfiles import cells, notebooks, outputs_text

ALL = notebooks('en') + notebooks('zh')
# an absolute path where one starts: POSIX roots of any machine, or a Windows drive
ABSOLUTE = re.compile(r'(?<![\w.<>~-])(?:/(?:work|home|tmp|root|Users|usr|opt|var|private|mnt|srv|'
                      r'builds|github|runner|Library)/|[A-Za-z]:[\\/](?=\w))')
ANSI = re.compile('\x1b|\\[(?:[0-9]{1,3};)*[0-9]{1,3}m')


def test_patterns_catch_what_they_should():
    for bad in ('/work/main/tutor/x.py:3', 'File /home/ann/x.py', '/tmp/ipykernel_1/2.py',
                '/root/.pyenv/x', r'C:\Users\ann\x.py', '/Users/ann/x.py', 'at /opt/conda/x'):
        assert ABSOLUTE.search(bad), bad
    for fine in ('../../tutor/x.py:3', '<site-packages>/numpy/x.py', '<tmp>/ipykernel_1/2.py',
                 '1/26 = 0.038', 'https://s3.us-east-2.amazonaws.com/mxnet-public/a/b.data',
                 'checkpoints/mx_mlp-0001.params', 'rows/sec'):
        assert not ABSOLUTE.search(fine), fine
    assert ANSI.search('\x1b[91mred') and ANSI.search('[0;31mred') and not ANSI.search('a[0]')


@pytest.mark.parametrize('path', ALL, ids=[p.parent.name + '/' + p.name for p in ALL])
def test_no_absolute_paths_and_no_colour_codes(path):
    for i, cell in enumerate(cells(path)):
        for text in outputs_text(cell):
            assert not ABSOLUTE.search(text), 'cell %d: %r' % (
                i, text[max(0, ABSOLUTE.search(text).start() - 60):][:200])
            assert not ANSI.search(text), 'cell %d: colour codes in %r' % (i, text[:200])


def test_run_notebooks_cleans_paths_and_colours():
    import importlib.util
    from nbfiles import ROOT
    spec = importlib.util.spec_from_file_location('run_nb', ROOT / 'tools' / 'run_notebooks.py')
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    rules = tool._path_rules(ROOT / 'notebooks' / 'en')
    text = '\x1b[91m%s/tutor/module/module.py:35: UserWarning\x1b[0m' % ROOT
    assert tool.clean_text(text, rules) == '../../tutor/module/module.py:35: UserWarning'
    import tempfile
    assert tool.clean_text(tempfile.gettempdir() + '/ipykernel_7/1.py', rules) == \
        '<tmp>/ipykernel_7/1.py'
