"""Reader for the real UCI ``letter-recognition.data`` (for learners who have the file).

Each line is a capital letter and 16 integers 0..15, comma separated:
``T,2,8,3,5,1,8,13,0,6,6,10,8,0,8,0,8``. The result has the tutorial's layout: features as
float64 (what ``np.genfromtxt`` gives) and labels ``ord(letter) - ord('A')``.
"""
import re

import numpy as np

NUM_FIELDS = 17
_INTEGER = re.compile(r'[+-]?[0-9]+')              # what genfromtxt reads as a whole number
_EXPECTED = 'a capital letter A-Z, then 16 integers 0..15, separated by commas'


def _bad(path, lineno, line, problem):
    return ValueError('%s, line %d: %s; expected %s. The line reads: %r'
                      % (path, lineno, problem, _EXPECTED, line[:80]))


def parse_line(line, path='<string>', lineno=1):
    """(letter index, 16 ints) from one line of the file; ValueError saying what is wrong."""
    fields = [f.strip() for f in line.strip().split(',')]
    if len(fields) != NUM_FIELDS:
        raise _bad(path, lineno, line, 'found %d fields instead of %d' % (len(fields), NUM_FIELDS))
    letter = fields[0]
    if len(letter) != 1 or not ('A' <= letter <= 'Z'):
        raise _bad(path, lineno, line, 'the first field %r is not a capital letter' % letter)
    values = []
    for col, text in enumerate(fields[1:], start=2):
        if not _INTEGER.fullmatch(text):
            raise _bad(path, lineno, line, 'field %d (%r) is not an integer' % (col, text))
        v = int(text)
        if not 0 <= v <= 15:
            raise _bad(path, lineno, line, 'field %d (%d) is outside 0..15' % (col, v))
        values.append(v)
    return ord(letter) - ord('A'), values


MAX_LINE = 1000    # a row is at most ~50 characters; anything far longer is not this file


def _lines(f, path):
    """(line number, text) of each line, read in bounded pieces: a file that is one huge
    line, or binary, is refused without reading it all into memory."""
    lineno = 0
    while True:
        raw = f.readline(MAX_LINE + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > MAX_LINE:
            raise _bad(path, lineno, raw[:80].decode('utf-8', 'replace'),
                       'the line is longer than %d characters' % MAX_LINE)
        try:
            text = raw.decode('utf-8')
        except UnicodeDecodeError as err:
            raise _bad(path, lineno, raw[:80].decode('utf-8', 'backslashreplace'),
                       'byte %d is not UTF-8 text (%s)' % (err.start, err.reason)) from None
        if lineno == 1 and text.startswith('\ufeff'):  # a byte-order mark some editors add
            text = text[1:]
        yield lineno, text


def load_uci_letters(path):
    """Read ``letter-recognition.data``: (data (n, 16) float64, label (n,) int64 in 0..25),
    rows in file order (the tutorial trains on the first 80 %). Blank lines are skipped."""
    labels, rows = [], []
    with open(path, 'rb') as f:
        for lineno, line in _lines(f, path):
            if not line.strip():
                continue
            label, values = parse_line(line, path, lineno)
            labels.append(label)
            rows.append(values)
    if not rows:
        raise ValueError('%s holds no data lines; expected lines of %s' % (path, _EXPECTED))
    return np.array(rows, dtype=np.float64), np.array(labels, dtype=np.int64)
