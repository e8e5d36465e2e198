"""matplotlib's font list goes stale when a CJK font is installed after its first scan (issue
19): tutor notices, adds the font and rewrites the cache, so Chinese plots get Chinese labels
without anyone deleting fontlist-*.json by hand."""
import os
import pathlib
import subprocess
import sys
import textwrap

import pytest

from tutor import fonts

ROOT = pathlib.Path(__file__).resolve().parents[2]

STALE = textwrap.dedent('''
    # matplotlib's cache as it was before `apt install fonts-noto-cjk`: no CJK font in it
    import os
    from matplotlib import font_manager as fm
    from tutor import fonts
    marks = [m.lower() for m in fonts.CJK_FILE_MARKS]
    fm.fontManager.ttflist = [f for f in fm.fontManager.ttflist
                              if not any(m in os.path.basename(f.fname).lower() for m in marks)]
    fm.json_dump(fm.fontManager, fonts.cache_file())
''')
ASK = textwrap.dedent('''
    from matplotlib import font_manager as fm
    from tutor import fonts
    print(fonts._known(fm))      # what the cache alone gives
    print(fonts.cjk_font())      # what tutor's lookup gives
''')


def _run(code, cachedir):
    env = dict(os.environ, MPLCONFIGDIR=str(cachedir), PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, '-c', code], env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    return out.stdout.split('\n')


@pytest.fixture(scope='module')
def cjk_on_disk():
    found = fonts.cjk_files_on_disk()
    if not found:
        pytest.skip('no CJK font installed (apt install fonts-noto-cjk)')
    return found


def test_a_stale_font_list_is_refreshed_by_the_lookup_and_stays_fixed(cjk_on_disk, tmp_path):
    _run(STALE, tmp_path)
    cached, found = _run(ASK, tmp_path)[:2]
    assert cached == 'None'             # the stale cache really hides the installed font
    assert found in fonts.CJK_FONTS     # ... and tutor's lookup finds it anyway
    cached, found = _run(ASK, tmp_path)[:2]
    assert cached == found              # the rewritten cache serves the next kernel


def test_python_m_tutor_reports_the_font_after_a_stale_cache(cjk_on_disk, tmp_path):
    _run(STALE, tmp_path)
    env = dict(os.environ, MPLCONFIGDIR=str(tmp_path), PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, '-m', 'tutor'], env=env, capture_output=True,
                         text=True, timeout=300)
    line = next(ln for ln in out.stdout.splitlines() if 'CJK font' in ln)
    assert line.strip().startswith('[ok]'), out.stdout


def test_without_cjk_files_nothing_is_added(monkeypatch):
    monkeypatch.setattr(fonts, 'cjk_files_on_disk', lambda: [])
    assert fonts.refresh_font_list() == []
