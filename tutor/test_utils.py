"""``mx.test_utils``: the helpers MXNet's tutorials call. ``download`` has no network here.

For the Module tutorial's ``letter-recognition.data`` it writes tutor's own synthetic letters
(same format and shapes) under a name that says so, ``letter-recognition.tutor-synthetic.data``,
and returns that path; the tutorial reads the file through the returned path, so its code runs
unchanged. The real name stays free on purpose: MXNet's ``download`` skips any file that
already exists, so a synthetic file under the real name would silently feed real MXNet fake
letters. If the real UCI file is in the folder, tutor uses it, as MXNet would.
"""
import logging
import os
import urllib.request

LETTERS_FILE = 'letter-recognition.data'
SYNTHETIC_SUFFIX = '.tutor-synthetic'


def synthetic_name(path):
    """Where tutor keeps its synthetic letters for the real file ``path``."""
    stem, ext = os.path.splitext(path)
    return stem + SYNTHETIC_SUFFIX + ext


def _letters_text():
    from .data import letters
    data, label = letters()
    return ''.join('%s,%s\n' % (chr(ord('A') + int(y)), ','.join(str(int(v)) for v in row))
                   for row, y in zip(data, label))


def is_tutor_synthetic(path):
    """True if the file at ``path`` holds exactly tutor's synthetic letters."""
    text = _letters_text()
    if os.path.getsize(path) != len(text):     # ASCII: one byte per character
        return False
    with open(path, encoding='ascii', errors='replace', newline='') as f:
        return f.read() == text


def _write_letters(path):
    from .atomic import atomic_write
    atomic_write(path, _letters_text().encode('ascii'))


def _letters(url, real, overwrite):
    """The tutorial's letters: the real UCI file if it is here, else tutor's marked copy."""
    synthetic = synthetic_name(real)
    if os.path.exists(real) and is_tutor_synthetic(real):
        # left by an older tutor: move it off the real name, or MXNet would train on it
        os.replace(real, synthetic)
        logging.warning('tutor: %s held tutor\'s synthetic letters, not the UCI data; moved '
                        'them to %s, so real MXNet will download the real file', real, synthetic)
    if os.path.exists(real) and not overwrite:
        logging.info('%s exists, skipping download (the real UCI letters)', real)
        return real
    if not os.path.exists(synthetic) or overwrite:
        logging.info('tutor: writing its synthetic letters to %s instead of downloading %s '
                     '(same format and shapes; real MXNet downloads the real file as %s)',
                     synthetic, url, real)
        _write_letters(synthetic)
    return synthetic


def download(url, fname=None, dirname=None, overwrite=False, retries=5):
    """Fetch ``url`` into ``dirname/fname`` unless the file is already there; return its path.

    The tutorial's ``letter-recognition.data`` is never fetched: the path returned is the real
    file if it is already there, otherwise ``letter-recognition.tutor-synthetic.data``, written
    from tutor's synthetic letters (20000 rows, a letter and 16 integers 0..15, like UCI).
    """
    fname = fname or url.split('/')[-1]
    if dirname:
        os.makedirs(dirname, exist_ok=True)
        fname = os.path.join(dirname, fname)
    if os.path.basename(fname) == LETTERS_FILE:
        return _letters(url, fname, overwrite)
    if os.path.exists(fname) and not overwrite:
        logging.info('%s exists, skipping download', fname)
        return fname
    try:
        with urllib.request.urlopen(url, timeout=30) as r, open(fname, 'wb') as f:
            f.write(r.read())
    except OSError as err:
        raise OSError('could not download %s (%s). tutor runs offline: put the file at %s '
                      'yourself, or use tutor.data for the course data sets'
                      % (url, err, fname)) from None
    return fname


from .testing import *  # noqa: E402,F401,F403 - MXNet's checking helpers
