"""Fixtures for the browser tests (imported by the test modules; not a conftest.py, which
would shadow the other folders' conftest modules): a JupyterLab server on a temp copy of the fit
chapters, and headless Chromium.

Locally the browser tests skip (with the reason) when /usr/bin/chromium or the playwright
package is missing; with CI=true they fail instead, so CI never passes by skipping.
"""
import os

import pytest

from lab_server import CHROMIUM, CHROMIUM_ARGS, Lab, copy_notebooks, missing

SCREENSHOTS = os.path.join(os.path.dirname(__file__), 'screenshots')

# What the chapter will do (issue 7), used until notebooks/<lang>/04-fit.ipynb exist.
STAND_IN = [
    '# tutor-only\nimport tutor as mx',
    '# tutor-only\npanel = mx.widgets.TrainingPanel()\npanel',
    '# tutor-only\npanel.train(block=True)\npanel.report()',
]


def _require_browser():
    why = missing()
    if why is None:
        return
    if os.environ.get('CI', '').lower() in ('1', 'true', 'yes'):
        pytest.fail('the browser test must run in CI, but ' + why)
    pytest.skip('browser test skipped: ' + why)


def _write_stand_in(root, env):
    """notebooks <lang>/04-fit.ipynb with the panel cells, executed and stored by nbclient the
    way the course stores its chapters (outputs kept, no widget state)."""
    import nbformat
    from nbclient import NotebookClient
    made = []
    for lang in ('en', 'zh'):
        folder = os.path.join(root, lang)
        os.makedirs(folder, exist_ok=True)
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(src) for src in STAND_IN]
        nb.metadata['kernelspec'] = {'name': 'python3', 'display_name': 'Python 3',
                                     'language': 'python'}
        NotebookClient(nb, timeout=300, store_widget_state=False,
                       resources={'metadata': {'path': folder}}).execute(env=env)
        path = os.path.join(folder, '04-fit.ipynb')
        nbformat.write(nb, path)
        made.append('%s/04-fit.ipynb' % lang)
    return made


@pytest.fixture(scope='module')
def lab(tmp_path_factory):
    _require_browser()
    tmp = tmp_path_factory.mktemp('lab')
    root = str(tmp / 'notebooks')
    os.makedirs(root)
    server = Lab(root, str(tmp / 'home'))
    chapters = copy_notebooks(root)
    server.stand_in = not chapters
    if not chapters:
        chapters = _write_stand_in(root, server.env())
    server.chapters = chapters
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope='module')
def browser(lab):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def shoot():
    os.makedirs(SCREENSHOTS, exist_ok=True)

    def save(page, name):
        page.screenshot(path=os.path.join(SCREENSHOTS, name + '.png'))
    return save
