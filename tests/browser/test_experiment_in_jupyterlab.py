"""A panel experiment (chapter 8's Experiment around a LabPanel) in a real JupyterLab, in
English and Chinese: before running, the stored picture; Run all; a prediction clicked, the
experiment run from its button, the finding shown with the verdict on the prediction; then
the learning-rate slider moved with the keyboard and a Train run that finishes.
"""
import pytest

from browser_fixtures import browser, lab, shoot  # noqa: F401 (fixtures)
from test_panel_in_jupyterlab import ALL_RUN, _assert_no_errors, _open

# a JupyterLab, a kernel and Chromium on 2 shared cores: more than the default 300 s may pass
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(900)]

CELLS = [
    '# tutor-only\nimport tutor as mx\nx, y = mx.data.letters()',
    "# tutor-only\n"
    "lab = mx.widgets.LabPanel(train_data=(x[:1200], y[:1200]),\n"
    "                          eval_data=(x[16000:16300], y[16000:16300]),\n"
    "                          learning_rate=0.5, num_epoch=2)\n"
    "exp = mx.widgets.Experiment(lab, question={'en': 'Raw or standardised?', 'zh': '哪个好？'},\n"
    "    choices=[{'en': 'raw', 'zh': '原始'}, {'en': 'standardised', 'zh': '标准化'}],\n"
    "    answer=1, runs=[{'standardise': False}, {'standardise': True}],\n"
    "    explain=lambda runs: '%.3f / %.3f' % tuple(r.last['val_metric'] for r in runs))\n"
    "exp",
]
TEXT = {'en': dict(verdict='✓ Your prediction (standardised)', finding='What the runs show',
                   finished='finished', started='Run 3 (lr {lr},'),
        'zh': dict(verdict='✓ 你的预测（标准化）', finding='训练结果说明了什么',
                   finished='完成', started='第 3 次训练（学习率 {lr}，')}


def _write(lab, language):
    import nbformat
    from nbclient import NotebookClient
    import os
    folder = os.path.join(lab.root, language)
    os.makedirs(folder, exist_ok=True)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in CELLS]
    nb.metadata['kernelspec'] = {'name': 'python3', 'display_name': 'Python 3',
                                 'language': 'python'}
    NotebookClient(nb, timeout=300, store_widget_state=False,
                   resources={'metadata': {'path': folder}}).execute(env=lab.env())
    nbformat.write(nb, os.path.join(folder, 'experiment.ipynb'))
    return '%s/experiment.ipynb' % language


@pytest.mark.parametrize('language', ['en', 'zh'])
def test_experiment_in_jupyterlab(browser, lab, shoot, language):  # noqa: F811
    from playwright.sync_api import expect
    text = TEXT[language]
    page = _open(browser, lab, _write(lab, language))
    try:
        cell = page.locator('.jp-CodeCell').filter(has_text='mx.widgets.Experiment(').first
        stored = cell.locator('.jp-OutputArea-output').first
        expect(stored).to_have_attribute('data-mime-type', 'image/png', timeout=30_000)
        _assert_no_errors(page)

        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_function(ALL_RUN, timeout=180_000)
        _assert_no_errors(page)
        page.locator('.tutor-prediction input[type=radio]').nth(1).check()
        page.locator('button.tutor-experiment-run').click()
        finding = page.locator('.tutor-finding').first
        expect(finding).to_contain_text(text['finding'], timeout=180_000)
        expect(finding).to_contain_text(text['verdict'])
        expect(page.locator('button.tutor-experiment-run')).to_be_enabled()
        shoot(page, 'experiment-%s-1-ran' % language)

        handle = page.locator('.tutor-learning-rate .noUi-handle')
        readout = page.locator('.tutor-learning-rate .widget-readout')
        before = float(readout.inner_text())
        handle.focus()
        for _ in range(3):
            handle.press('ArrowLeft')
        lr = float(readout.inner_text())
        assert lr == pytest.approx(before / 10 ** 0.3, rel=0.01)
        page.locator('button.tutor-train').click()
        status = page.locator('.tutor-status').first
        expect(status).to_contain_text(text['started'].format(lr='%.3g' % lr), timeout=60_000)
        expect(status).to_contain_text(text['finished'], timeout=180_000)
        _assert_no_errors(page)
        shoot(page, 'experiment-%s-2-trained' % language)
    finally:
        page.close()
