"""Chapter 11's experiment in a real JupyterLab, in English and Chinese, as a learner meets it:
the stored picture before anything runs; Run all; a prediction clicked and the experiment run
again from its button, until the verdict and the finding (with the runs' numbers) show; then
the sliders moved with the keyboard (fewer units, fewer epochs) and a Train run that ends in
the status line and adds a row to the table.
"""
import os
import re

import pytest

from browser_fixtures import browser, lab, shoot  # noqa: F401 (fixtures)
from test_panel_in_jupyterlab import (ALL_RUN, IMAGE_BYTES, ROOT, _assert_no_errors,
                                      _expected_errors, _open)

# a JupyterLab, a kernel and Chromium on 2 shared cores: more than the default 300 s may pass
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(900)]

TEXT = {   # what the finding and the status line say (tutor/widgets, the chapter's strings)
    'en': dict(verdict='✓ Your prediction (the big LSTM', finding='What the runs show',
               numbers=r'perplexity \d+\.\d\d \(\d+\.\d s\)\. 128 units, 4 epochs: \d+\.\d\d',
               finished=r'Run 3 \(hidden units 8, epochs 2\) finished in \d+\.\d\d s: '
                        r'perplexity \d'),
    'zh': dict(verdict='✓ 你的预测（大模型', finding='训练结果说明了什么',
               numbers=r'困惑度 \d+\.\d\d（\d+\.\d 秒）。128 个隐藏单元、4 个迭代周期：\d+\.\d\d',
               finished=r'第 3 次训练（隐藏单元数 8，迭代周期数 2）完成，用时 \d+\.\d\d 秒：困惑度 \d'),
}
PANEL_CELL = 'mx.widgets.FunctionPanel('


def _press(page, control, key, times):
    handle = page.locator('.tutor-%s .noUi-handle' % control)
    handle.focus()
    for _ in range(times):
        handle.press(key)
    return page.locator('.tutor-%s .widget-readout' % control).inner_text()


@pytest.mark.parametrize('language', ['en', 'zh'])
def test_chapter_11_experiment_in_jupyterlab(browser, lab, shoot, language):  # noqa: F811
    from playwright.sync_api import expect
    text = TEXT[language]
    notebook = '%s/11-sequences.ipynb' % language
    assert os.path.exists(os.path.join(lab.root, notebook)), 'the chapter was not copied'
    expected = _expected_errors(os.path.join(ROOT, 'notebooks', notebook))
    page = _open(browser, lab, notebook)
    try:
        # 1. before Run all: the experiment's stored picture, not a dead widget
        cell = page.locator('.jp-CodeCell').filter(has_text=PANEL_CELL).first
        stored = cell.locator('.jp-OutputArea-output[data-mime-type="image/png"]').first
        expect(stored).to_be_visible(timeout=30_000)
        assert stored.locator('img').get_attribute('src').startswith('data:image/png;base64,')
        _assert_no_errors(page, expected)

        # 2. Run all: the chapter runs, the experiment ran once (block=True) and says so
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_function(ALL_RUN, timeout=300_000)
        _assert_no_errors(page, expected)
        finding = page.locator('.tutor-finding').first
        expect(finding).to_contain_text(text['finding'], timeout=30_000)
        page.locator('.tutor-experiment').first.scroll_into_view_if_needed()
        shoot(page, 'chapter11-%s-1-ran-all' % language)

        # 3. a prediction, then the experiment again from its button
        page.locator('.tutor-prediction input[type=radio]').nth(1).check()
        page.locator('button.tutor-experiment-run').click()
        expect(page.locator('button.tutor-experiment-run')).to_be_disabled(timeout=10_000)
        expect(finding).to_contain_text(text['verdict'], timeout=300_000)
        expect(finding).to_contain_text(re.compile(text['numbers']))
        expect(page.locator('button.tutor-experiment-run')).to_be_enabled()
        _assert_no_errors(page, expected)
        shoot(page, 'chapter11-%s-2-experiment' % language)

        # 4. the keyboard on the sliders (128 -> 8 units, 4 -> 2 epochs), then Train
        assert _press(page, 'num-hidden', 'Home', 1) == '8'
        assert _press(page, 'num-epoch', 'ArrowLeft', 2) == '2'
        # ipywidgets sends one change at a time and holds the rest until the kernel answers
        page.wait_for_timeout(2000)
        page.locator('#jp-main-statusbar').get_by_text('Idle').first.wait_for(timeout=60_000)
        before = page.evaluate(IMAGE_BYTES)
        page.locator('button.tutor-train').click()
        status = page.locator('.tutor-status').first
        expect(status).to_contain_text(re.compile(text['finished']), timeout=180_000)
        assert page.evaluate(IMAGE_BYTES) != before          # a new curve and table row
        _assert_no_errors(page, expected)
        page.locator('.tutor-panel').first.scroll_into_view_if_needed()
        shoot(page, 'chapter11-%s-3-trained' % language)
    finally:
        page.close()
