"""The course index (chapter 00, both languages) and the README list every chapter."""
import pytest

from nbfiles import NOTEBOOKS, ROOT, cells, notebooks, source


@pytest.mark.parametrize('language', ['en', 'zh'])
def test_index_links_every_chapter(language):
    index = ''.join(source(c) for c in cells(NOTEBOOKS / language / '00-index.ipynb'))
    missing = [p.name for p in notebooks(language)
               if p.name != '00-index.ipynb' and '(%s)' % p.name not in index]
    assert not missing, ('notebooks/%s/00-index.ipynb does not link %s: add a row to its '
                         'chapter table' % (language, ', '.join(missing)))


def test_readme_links_every_chapter_in_both_languages():
    readme = (ROOT / 'README.md').read_text(encoding='utf-8')
    missing = ['notebooks/%s/%s' % (lang, p.name) for lang in ('en', 'zh')
               for p in notebooks(lang) if '(notebooks/%s/%s)' % (lang, p.name) not in readme]
    assert not missing, 'README.md does not link ' + ', '.join(missing)
