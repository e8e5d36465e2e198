"""Every sentence tutor shows a learner, in English and Chinese, from one catalogue.

    import tutor as mx
    mx.set_language('zh')          # or TUTOR_LANG=zh in the environment
    mx.i18n.get_language()         # 'zh'
    mx.i18n._('loss.title')        # the text in the current language

Keys live in ``tutor/i18n/catalog/*.py`` as ``{key: {'en': ..., 'zh': ...}}``; text uses
``str.format`` fields (``{name}``, ``{value:.4f}``) that must be the same in both languages
(tests/i18n checks). A missing Chinese entry falls back to English; an unknown key shows
itself, so a typo never breaks a training run.
"""
import contextlib
import os
import string

LANGUAGES = ('en', 'zh')
_ALIASES = {'english': 'en', 'chinese': 'zh', 'cn': 'zh', '中文': 'zh', '英文': 'en'}

_catalogue = {}


def normalise(language):
    """'zh', 'zh_CN', 'zh-Hans', 'cn', 'en_US.UTF-8' ... -> 'zh' or 'en'; else ValueError."""
    if language is None:
        return None
    lang = str(language).strip().lower()
    lang = _ALIASES.get(lang, lang)
    for code in LANGUAGES:
        if lang == code or lang.startswith(code + '_') or lang.startswith(code + '-') \
                or lang.startswith(code + '.'):
            return code
    raise ValueError(text('language.unknown', name=language))


def _folder_language(path):
    """'zh' when a folder on ``path`` is named for Chinese (notebooks/zh/...), else None."""
    for part in str(path).replace('\\', '/').split('/'):
        if part.lower() in ('zh', 'zh_cn', 'zh-cn', 'zh-hans'):
            return 'zh'
    return None


def _from_environment():
    """TUTOR_LANG if set; else the notebook's folder: a kernel started for notebooks/zh/*.ipynb
    (Jupyter sets JPY_SESSION_NAME to the notebook's path, and starts the kernel in its folder)
    speaks Chinese, so the en and zh notebooks share identical code cells."""
    try:
        if os.environ.get('TUTOR_LANG'):
            return normalise(os.environ['TUTOR_LANG'])
    except ValueError:
        return 'en'
    for where in (os.environ.get('JPY_SESSION_NAME', ''), os.getcwd()):
        if _folder_language(where):
            return 'zh'
    return 'en'


_language = 'en'   # TUTOR_LANG is read at the end, once the catalogue is loaded


def set_language(language):
    """Choose the language of every lens, explanation and plot: 'en' or 'zh'."""
    global _language
    _language = normalise(language)
    return _language


def get_language():
    return _language


@contextlib.contextmanager
def using(language):
    """``with tutor.i18n.using('zh'): ...`` switches the language for a block only."""
    global _language
    old = _language
    _language = normalise(language) or old
    try:
        yield _language
    finally:
        _language = old


def add_messages(messages):
    """Add ``{key: {'en': ..., 'zh': ...}}`` entries (widgets and other parts add their own).
    A key may not be added twice with different text."""
    for key, entry in messages.items():
        if 'en' not in entry:
            raise ValueError('message %r has no English text' % key)
        old = _catalogue.get(key)
        if old is not None and old != entry:
            raise ValueError('message %r is defined twice with different text' % key)
        _catalogue[key] = dict(entry)


def catalogue():
    """A copy of the whole catalogue: {key: {'en': ..., 'zh': ...}}."""
    return {k: dict(v) for k, v in _catalogue.items()}


def has(key):
    return key in _catalogue


def text(key, language=None, **fmt):
    """The message ``key`` in ``language`` (default: the current one), formatted with ``fmt``.
    Every entry is a format string (a literal brace is written ``{{``), even without fields."""
    lang = normalise(language) or _language
    entry = _catalogue.get(key)
    if entry is None:
        template = key
    else:
        template = entry.get(lang) or entry['en']
    try:
        return template.format(**fmt)
    except (KeyError, IndexError, ValueError):
        return entry['en'].format(**fmt) if entry else template


def _(key, **fmt):
    """Shorthand for ``text(key, **fmt)`` in the current language."""
    return text(key, None, **fmt)


def fields(template):
    """The ``str.format`` field names used in ``template`` (for the catalogue test)."""
    return {f.split('.')[0].split('[')[0]
            for _, f, _, _ in string.Formatter().parse(template) if f is not None}


from .catalog import MESSAGES as _BUILTIN  # noqa: E402  (needs add_messages above)

add_messages(_BUILTIN)
_language = _from_environment()
