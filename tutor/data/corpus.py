"""The chapter on sequences trains on a short story written for this course, in English and
in Chinese (the same story, told in each language): ``corpus/en.txt``, ``corpus/zh.txt``,
one sentence per line. The notebooks keep a copy next to them as ``mill.txt``."""
import os

LANGUAGES = ('en', 'zh')


def corpus_path(language='en'):
    if language not in LANGUAGES:
        raise ValueError('no story in %r; the languages are %s' % (language,
                                                                   ', '.join(LANGUAGES)))
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), 'corpus',
                        language + '.txt')


def corpus(language='en'):
    """The story as one string (UTF-8, one sentence per line)."""
    with open(corpus_path(language), encoding='utf-8') as f:
        return f.read()
