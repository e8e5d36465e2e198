"""A font that can draw Chinese plot labels, and a fix for matplotlib's stale font list.

matplotlib scans the system's fonts once and caches the list (``fontlist-*.json``). A CJK
font installed after that first scan (``apt install fonts-noto-cjk`` after the course was
opened once) stays invisible to it for ever: Chinese plots then fall back to English. So when
no CJK font is in matplotlib's list, ``cjk_font`` looks on disk; if one is there, it adds it
to the running process and rewrites the cache, so the next kernel finds it too.

    python -m tutor.fonts      # the font Chinese labels use, refreshing the cache if needed
"""
import contextlib
import os
import sys

CJK_FONTS = ('Noto Sans CJK SC', 'Noto Sans CJK JP', 'Noto Sans CJK TC', 'Source Han Sans SC',
             'Source Han Sans CN', 'WenQuanYi Zen Hei', 'WenQuanYi Micro Hei', 'SimHei',
             'Microsoft YaHei', 'PingFang SC', 'Heiti SC', 'Noto Serif CJK SC')
# Parts of file names that mark a CJK font on disk (Noto/Source Han, WenQuanYi, Windows, macOS).
CJK_FILE_MARKS = ('CJK', 'SourceHan', 'wqy', 'simhei', 'msyh', 'PingFang', 'STHeiti')

_refreshed = False   # rescan the disk at most once per process


def _known(font_manager):
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def cjk_files_on_disk():
    """Font files on this system whose names mark them as CJK fonts."""
    from matplotlib import font_manager
    return sorted(p for p in font_manager.findSystemFonts()
                  if any(mark.lower() in os.path.basename(p).lower() for mark in CJK_FILE_MARKS))


def cache_file():
    """matplotlib's font-list cache (it rebuilds it when the file is missing)."""
    import matplotlib
    from matplotlib import font_manager
    return os.path.join(matplotlib.get_cachedir(),
                        'fontlist-v%s.json' % font_manager.FontManager.__version__)


def refresh_font_list():
    """Add CJK font files that matplotlib's cached list misses, in this process and in the
    cache file. Returns the file paths added (empty when nothing was missing)."""
    from matplotlib import font_manager
    listed = {os.path.realpath(f.fname) for f in font_manager.fontManager.ttflist}
    added = []
    for path in cjk_files_on_disk():
        if os.path.realpath(path) in listed:
            continue
        try:
            font_manager.fontManager.addfont(path)
            added.append(path)
        except Exception:  # a font file matplotlib cannot read: skip it, keep the others
            continue
    if added:
        try:
            font_manager.json_dump(font_manager.fontManager, cache_file())
        except Exception:  # a read-only cache folder: this process still has the fonts
            pass
    return added


def cjk_font():
    """The name of an installed font with Chinese glyphs, or None (then labels stay English)."""
    global _refreshed
    from matplotlib import font_manager
    name = _known(font_manager)
    if name is None and not _refreshed:
        _refreshed = True
        if refresh_font_list():
            name = _known(font_manager)
    return name


@contextlib.contextmanager
def figure_language(language=None):
    """Yields the language to label a figure with; inside, text gets a font that can draw it.
    Chinese needs a CJK font: without one the labels fall back to English, never to boxes."""
    import matplotlib
    from . import i18n
    lang = i18n.normalise(language) or i18n.get_language()
    if lang != 'zh':
        yield lang
        return
    font = cjk_font()
    if font is None:
        yield 'en'
        return
    # Concrete family names (not 'sans-serif') are stored in each Text when it is made, so
    # the figure keeps the right font after this block, when Jupyter draws it.
    with matplotlib.rc_context({'font.family': [font, 'DejaVu Sans'],
                                'axes.unicode_minus': False}):
        yield lang


def main():
    added = refresh_font_list()
    for path in added:
        print('[tutor] matplotlib now knows %s' % path)
    from matplotlib import font_manager
    name = _known(font_manager)
    print('[tutor] Chinese plot labels use: %s' % (name or 'no CJK font (labels fall back to '
                                                   'English); install fonts-noto-cjk'))
    return 0 if name else 1


if __name__ == '__main__':
    sys.exit(main())
