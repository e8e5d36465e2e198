"""The training panel in a real JupyterLab, driven through headless Chromium (Playwright).

For the fit chapter in English and in Chinese:
 1. opened, before anything runs: the panel's stored output is its picture (image/png), no
    "Error displaying widget" anywhere;
 2. Run all: every code cell runs, none shows an error, the live panel appears;
 3. the learning-rate slider moved with the keyboard (ArrowRight x3: 0.1 -> 0.2), Train
    clicked: the status line reports the new run with the new learning rate, the curve
    image changes while it trains and again at the end;
 4. epochs to the maximum (End key), Train, then Stop while it trains: the kernel (busy with
    nothing but the training thread) takes the click and the run stops after its batch.
Screenshots go to tests/browser/screenshots/ (not committed).
"""
import os
import re

import pytest

from browser_fixtures import browser, lab, shoot  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TEXT = {   # what the status line says, per language (tutor/i18n/catalog/widgets.py)
    'en': dict(run=r'Run (\d+)', started='Run {n} (lr {lr},', finished='finished',
               epoch=r'Run {n}: epoch \d+ of', stopped='Run {n} stopped'),
    'zh': dict(run=r'第 (\d+) 次', started='第 {n} 次训练（学习率 {lr}，', finished='完成',
               epoch=r'第 {n} 次训练：已完成第 \d+/', stopped='停止了'),
}
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ALL_RUN = """() => {
    const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
    return prompts.length > 0 &&
        prompts.every(p => /\\[\\d+\\]/.test(p.textContent) && !p.textContent.includes('*'));
}"""
IMAGE_BYTES = """async () => {
    const img = document.querySelector('img.tutor-curves');
    const buf = await (await fetch(img.src)).arrayBuffer();
    const hash = await crypto.subtle.digest('SHA-256', buf);
    return [...new Uint8Array(hash)].map(b => b.toString(16).padStart(2, '0')).join('');
}"""
COUNT_IMAGE_CHANGES = """() => {
    window.__curveChanges = 0;
    const img = document.querySelector('img.tutor-curves');
    new MutationObserver(() => window.__curveChanges++)
        .observe(img, {attributes: true, attributeFilter: ['src']});
}"""


def _open(browser, lab, notebook):
    page = browser.new_page(viewport={'width': 1280, 'height': 1000})
    page.goto(lab.url(notebook))
    page.wait_for_selector('.jp-NotebookPanel-notebook .jp-Cell', timeout=90_000)
    page.locator('#jp-main-statusbar').get_by_text('Idle').first.wait_for(timeout=90_000)
    return page


def _panel_cell(page):
    return page.locator('.jp-CodeCell').filter(has_text='mx.widgets.TrainingPanel(').first


def _assert_no_errors(page, expected=()):
    """No error on the page except those of cells tagged raises-exception (a lesson about an
    error): ``expected`` lists their exception names, e.g. ('StopIteration',)."""
    errors = page.locator('[data-mime-type="application/vnd.jupyter.error"]')
    texts = errors.all_inner_texts()
    assert len(texts) <= len(expected), texts
    for text in texts:
        assert any(name in text for name in expected), text
    assert page.get_by_text('Error displaying widget').count() == 0
    assert page.get_by_text('Traceback (most recent call last)').count() <= len(expected)


def _expected_errors(path):
    """The exception names a notebook's raises-exception cells show (from its stored outputs)."""
    import json
    with open(path, encoding='utf-8') as f:
        nb = json.load(f)
    return tuple(out.get('ename', '') for cell in nb['cells']
                 if 'raises-exception' in cell.get('metadata', {}).get('tags', [])
                 for out in cell.get('outputs', []) if out.get('output_type') == 'error')


@pytest.mark.parametrize('language', ['en', 'zh'])
def test_fit_chapter_panel_in_jupyterlab(browser, lab, shoot, language):  # noqa: F811
    from playwright.sync_api import expect
    text = TEXT[language]
    notebook = '%s/04-fit.ipynb' % language
    assert notebook in lab.chapters
    expected = _expected_errors(os.path.join(ROOT, 'notebooks', notebook))
    assert expected, 'chapter 4 shows a StopIteration on purpose; its tag is missing'
    page = _open(browser, lab, notebook)
    try:
        # 1. the stored output, before Run all: a picture, not a dead widget
        cell = _panel_cell(page)
        stored = cell.locator('.jp-OutputArea-output').first
        expect(stored).to_have_attribute('data-mime-type', 'image/png', timeout=30_000)
        assert stored.locator('img').get_attribute('src').startswith('data:image/png;base64,')
        _assert_no_errors(page, expected)
        cell.scroll_into_view_if_needed()
        shoot(page, '%s-1-opened' % language)

        # 2. Run all
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_function(ALL_RUN, timeout=180_000)
        _assert_no_errors(page, expected)
        status = page.locator('.tutor-status').first
        expect(status).to_contain_text(text['finished'], timeout=30_000)
        done = int(re.search(text['run'], status.inner_text()).group(1))
        page.locator('.tutor-panel').first.scroll_into_view_if_needed()
        shoot(page, '%s-2-ran-all' % language)

        # 3. keyboard on the learning-rate slider, then Train
        handle = page.locator('.tutor-learning-rate .noUi-handle')
        readout = page.locator('.tutor-learning-rate .widget-readout')
        before_lr = float(readout.inner_text())
        handle.focus()
        for _ in range(3):
            handle.press('ArrowRight')
        lr = float(readout.inner_text())
        assert lr == pytest.approx(before_lr * 10 ** 0.3, rel=0.01)
        before = page.evaluate(IMAGE_BYTES)
        page.evaluate(COUNT_IMAGE_CHANGES)
        page.locator('button.tutor-train').click()
        n = done + 1
        expect(status).to_contain_text(text['started'].format(n=n, lr='%.3g' % lr),
                                       timeout=60_000)
        expect(status).to_contain_text(text['finished'], timeout=120_000)
        seconds = re.search(r'(\d+\.\d+) ?(s|秒)', status.inner_text()).group(1)
        print('\n%s: run %d trained in %s s in the kernel (%s)' % (language, n, seconds,
                                                                  status.inner_text()))
        assert page.evaluate(IMAGE_BYTES) != before
        assert page.evaluate('window.__curveChanges') >= 2     # during the run, and at its end
        _assert_no_errors(page, expected)
        shoot(page, '%s-3-trained' % language)

        # 4. Stop while training
        epochs = page.locator('.tutor-num-epoch .noUi-handle')
        epochs.focus()
        epochs.press('End')
        page.locator('button.tutor-train').click()
        # any epoch under way (the status may skip epoch 1 when updates are coalesced)
        expect(status).to_contain_text(re.compile(text['epoch'].format(n=n + 1)),
                                       timeout=60_000)
        expect(page.locator('button.tutor-stop')).to_be_enabled()
        page.locator('button.tutor-stop').click()
        expect(status).to_contain_text(text['stopped'].format(n=n + 1), timeout=30_000)
        expect(page.locator('button.tutor-train')).to_be_enabled()
        _assert_no_errors(page, expected)
        shoot(page, '%s-4-stopped' % language)
    finally:
        page.close()


def test_boundary_panel_in_jupyterlab(browser, lab, shoot):  # noqa: F811
    """The 2-D panel: Train redraws the decision boundary; no error, no traceback."""
    import nbformat
    from playwright.sync_api import expect
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("# tutor-only\nimport tutor as mx\n"
                                          "board = mx.widgets.BoundaryPanel('spirals', "
                                          "num_epoch=40)\nboard")]
    nb.metadata['kernelspec'] = {'name': 'python3', 'display_name': 'Python 3',
                                 'language': 'python'}   # else Lab asks which kernel
    nbformat.write(nb, '%s/en/boundary.ipynb' % lab.root)
    page = _open(browser, lab, 'en/boundary.ipynb')
    try:
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_function(ALL_RUN, timeout=120_000)
        status = page.locator('.tutor-status').first
        expect(status).to_contain_text('Ready', timeout=30_000)
        before = page.evaluate(IMAGE_BYTES)
        page.evaluate(COUNT_IMAGE_CHANGES)
        page.locator('button.tutor-train').click()
        expect(status).to_contain_text('Run 1 (lr 0.01, 32 hidden, batch 32, adam) finished: '
                                       '40 epochs', timeout=120_000)
        assert page.evaluate(IMAGE_BYTES) != before
        assert page.evaluate('window.__curveChanges') >= 3     # several boundary frames
        _assert_no_errors(page)
        page.locator('.tutor-panel').first.scroll_into_view_if_needed()
        shoot(page, 'boundary-trained')
    finally:
        page.close()
