"""The course reads without a kernel: every panel or experiment a stored chapter shows (en and
zh) keeps a PNG picture of itself next to the live widget, and no chapter builds a hand-made
ipywidgets panel (which would store nothing but a dead widget id)."""
import ast
import base64
import re

import pytest

from nbfiles import cells, notebooks, outputs_text, source

ALL = notebooks('en') + notebooks('zh')
IDS = [p.parent.name + '/' + p.name for p in ALL]
WIDGET_VIEW = 'application/vnd.jupyter.widget-view+json'
MADE = re.compile(r'^(\w+)\s*=\s*mx\.widgets\.(\w+)\(', re.M)   # panel = mx.widgets.X(...)
WIDGET_REPR = re.compile(r'^(VBox|HBox|Box|Output|Button|\w+Slider|Tab|Accordion)\(')


def png_header(data):
    png = base64.b64decode(data)
    assert png[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
    return int.from_bytes(png[16:20], 'big'), int.from_bytes(png[20:24], 'big')


def shown_name(code):
    """The name a cell's last line shows (``panel``), or None when it shows nothing."""
    try:
        body = ast.parse('\n'.join('' if l.startswith(('%', '!')) else l  # IPython lines
                                      for l in code.split('\n')))
    except SyntaxError:
        return None
    last = body.body[-1] if body.body else None
    if isinstance(last, ast.Expr) and isinstance(last.value, ast.Name):
        return last.value.id
    if isinstance(last, ast.Expr) and isinstance(last.value, ast.Call) and \
            ast.unparse(last.value.func).startswith('mx.widgets.'):
        return '<new>'
    return None


def widget_cells(path):
    """(index, cell) of each code cell that shows a tutor widget made in this notebook."""
    made = set()
    found = []
    for i, cell in enumerate(cells(path)):
        if cell['cell_type'] != 'code':
            continue
        code = source(cell)
        made |= {name for name, cls in MADE.findall(code)}
        name = shown_name(code)
        if name is not None and (name in made or name == '<new>'):
            found.append((i, cell))
    return found


def test_the_checks_find_what_they_look_for():
    assert shown_name('# tutor-only\npanel = mx.widgets.TrainingPanel()\npanel') == 'panel'
    assert shown_name('panel.train(block=True)\npanel.report()') is None
    assert shown_name("mx.widgets.BoundaryPanel('spirals')") == '<new>'
    assert MADE.findall('exp = mx.widgets.Experiment(\n    lab)') == [('exp', 'Experiment')]
    assert WIDGET_REPR.match("VBox(children=(HBox(children=(SelectionSlider(description='n'")


@pytest.mark.parametrize('path', ALL, ids=IDS)
def test_every_widget_output_carries_its_picture(path):
    for i, cell in enumerate(cells(path)):
        for out in cell.get('outputs', []):
            data = out.get('data', {})
            if WIDGET_VIEW not in data:
                continue
            assert 'image/png' in data, 'cell %d: a widget with no picture: %r' % (
                i, str(data.get('text/plain', ''))[:120])
            width, height = png_header(data['image/png'])
            assert width > 300 and height > 150, 'cell %d: a %dx%d picture' % (i, width, height)
            assert out.get('metadata', {}).get('image/png') == {'width': width,
                                                                'height': height}, i
            text = ''.join(data.get('text/plain', ''))
            assert text and not WIDGET_REPR.match(text), 'cell %d: %r' % (i, text[:120])


@pytest.mark.parametrize('path', ALL, ids=IDS)
def test_every_cell_showing_a_panel_stored_it(path):
    for i, cell in widget_cells(path):
        outs = [o for o in cell.get('outputs', []) if 'image/png' in o.get('data', {})]
        assert outs, 'cell %d shows a tutor panel but stored no picture of it: run the ' \
            'notebook with tools/run_notebooks.py' % i


@pytest.mark.parametrize('path', ALL, ids=IDS)
def test_no_hand_made_ipywidgets_panels(path):
    for i, cell in enumerate(cells(path)):
        code = source(cell) if cell['cell_type'] == 'code' else ''
        assert not re.search(r'^\s*(import ipywidgets|from ipywidgets)', code, re.M), \
            'cell %d builds its own ipywidgets panel: use mx.widgets (FunctionPanel for a ' \
            'training function of your own), which stores a picture' % i


def test_the_course_has_panels_in_both_languages():
    shown = {lang: sum(len(widget_cells(p)) for p in notebooks(lang)) for lang in ('en', 'zh')}
    assert shown['en'] == shown['zh'] >= 6, shown
    assert any(widget_cells(p) for p in notebooks('en') if p.name.startswith('11-'))


EXPERIMENT = re.compile(r'mx\.widgets\.Experiment\(')
NOT_SHOWN = ('✗ These runs do not show', '✗ 这几次训练没有得出本章预期的结果')


@pytest.mark.parametrize('path', ALL, ids=IDS)
def test_experiments_with_an_answer_check_it_and_the_stored_runs_show_it(path):
    for i, cell in enumerate(cells(path)):
        if cell['cell_type'] != 'code' or not EXPERIMENT.search(source(cell)):
            continue
        code = source(cell)
        if re.search(r'^\s*answer=\d', code, re.M):
            assert re.search(r'^\s*holds=', code, re.M), \
                'cell %d: an experiment with an answer says with holds= what the runs must ' \
                'show for it' % i
        for text in outputs_text(cell):
            assert not any(s in text for s in NOT_SHOWN), \
                'cell %d: the stored runs do not show the answer: %r' % (i, text[:300])
