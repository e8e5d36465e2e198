"""The sequences chapter's story: shipped in the package, copied next to each notebook."""
import os

import pytest

from tutor.data import corpus, corpus_path

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.mark.parametrize('language', ['en', 'zh'])
def test_story_lines_and_notebook_copies(language):
    text = corpus(language)
    lines = text.split('\n')
    assert lines[-1] == '' and all(lines[:-1]) and len(lines) - 1 == 120
    with open(os.path.join(ROOT, 'notebooks', language, 'mill.txt'), encoding='utf-8') as f:
        assert f.read() == text   # the notebook reads its copy (it must graduate on MXNet)


def test_unknown_language():
    with pytest.raises(ValueError, match='en, zh'):
        corpus_path('fr')
