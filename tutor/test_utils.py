"""``mx.test_utils``: the helpers MXNet's tutorials call. ``download`` has no network here:
for the letter-recognition file of the Module tutorial it writes tutor's own letters (same
format, same shapes), so the tutorial's code runs unchanged and offline."""
import logging
import os
import urllib.request

LETTERS_FILE = 'letter-recognition.data'


def _write_letters(path):
    from .data import letters
    data, label = letters()
    lines = ['%s,%s\n' % (chr(ord('A') + int(y)), ','.join(str(int(v)) for v in row))
             for row, y in zip(data, label)]
    from .atomic import atomic_write
    atomic_write(path, ''.join(lines).encode('ascii'))


def download(url, fname=None, dirname=None, overwrite=False, retries=5):
    """Fetch ``url`` into ``dirname/fname`` unless the file is already there; return its path.

    The tutorial's letter-recognition file is made locally from tutor's synthetic letters
    (20000 rows, a letter and 16 integers 0..15 per line, like the UCI file).
    """
    fname = fname or url.split('/')[-1]
    if dirname:
        os.makedirs(dirname, exist_ok=True)
        fname = os.path.join(dirname, fname)
    if os.path.exists(fname) and not overwrite:
        logging.info('%s exists, skipping download', fname)
        return fname
    if os.path.basename(fname) == LETTERS_FILE:
        logging.info('tutor: writing its synthetic letters to %s instead of downloading %s '
                     '(same format and shapes; see tutor.data)', fname, url)
        _write_letters(fname)
        return fname
    try:
        with urllib.request.urlopen(url, timeout=30) as r, open(fname, 'wb') as f:
            f.write(r.read())
    except OSError as err:
        raise OSError('could not download %s (%s). tutor runs offline: put the file at %s '
                      'yourself, or use tutor.data for the course data sets'
                      % (url, err, fname)) from None
    return fname
