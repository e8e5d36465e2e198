"""Fixtures and helpers for the panel tests: panels on a slice of the letters (fast), English
by default. (Not a conftest.py: other folders import their conftest by name.)"""
import pytest

import tutor as mx


@pytest.fixture(autouse=True)
def english():
    mx.set_language('en')
    yield
    mx.set_language('en')


@pytest.fixture(scope='session')
def letters_slice():
    x, y = mx.data.letters()
    return (x[:960], y[:960]), (x[16000:16320], y[16000:16320])


@pytest.fixture
def panel(letters_slice):
    """A TrainingPanel on 960 training and 320 validation letters; 3 epochs by default."""
    train, val = letters_slice
    p = mx.widgets.TrainingPanel(train_data=train, eval_data=val, num_epoch=3)
    yield p
    if p.running:
        p.stop()
        p.wait(30)


def png_ok(png):
    return isinstance(png, bytes) and png[:8] == b'\x89PNG\r\n\x1a\n'


def lines_of(ax):
    """(xdata, ydata) of every non-empty line an axes holds (axvline markers left out)."""
    return [(list(l.get_xdata()), list(l.get_ydata())) for l in ax.get_lines()
            if len(l.get_xdata()) and l.get_linestyle() in ('-', '--')]
