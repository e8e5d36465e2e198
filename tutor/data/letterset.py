"""Letters with no download: a stand-in for the UCI Letter Recognition data, made from glyphs.

``letters()`` returns 20000 rows of 16 integer features (0..15, as float64, like the
tutorial's ``np.genfromtxt``) and labels 0..25, rows in random class order; the first 16000
are for training and the last 4000 for validation, as in the tutorial. The rows are read from
``letters.npz`` next to this file, which ``python -m tutor.data --regenerate`` remakes
byte for byte (see docs/letters.md for how the set is made and calibrated).
"""
import argparse
import hashlib
import io
import os
import warnings
import zipfile

import numpy as np

from .features import FEATURE_NAMES, scale_features

NUM_ROWS = 20000
DEFAULT_SEED = 1991                  # the year Frey & Slate published the letter data
DATA_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'letters.npz')
GENERATOR = 'tutor.data.letters v1'

# Per-feature mean and sd of the real UCI file (reference notes §6): the calibration target.
UCI_MEAN = (4.02, 7.04, 5.12, 5.37, 3.51, 6.90, 7.50, 4.63,
            5.18, 8.28, 6.45, 7.93, 3.05, 8.34, 3.69, 7.80)
UCI_SD = (1.91, 3.30, 2.01, 2.26, 2.19, 2.03, 2.33, 2.70,
          2.38, 2.49, 2.63, 2.08, 2.33, 1.55, 2.57, 1.62)

# The linear map raw feature -> 0..15 (value = round(SLOPE * raw + INTERCEPT), clipped).
# Frey & Slate never published theirs; these come from ``calibrate`` on the default set, so
# each synthetic feature has the real data's mean and sd. Fixed here, like theirs were.
SLOPE = (0.5025, 0.9949, 0.3534, 0.472, 0.0255, 34.12, 51.99, 135.6,
         171.2, 147.6, 442.7, 453.5, 5.332, 27.54, 7.103, 29.84)
INTERCEPT = (-3.769, -8.399, -1.098, -4.139, -0.2681, 7.503, 7.014, -4.96,
             -9.64, 7.298, 5.97, 8.441, -5.868, 8.023, -8.108, 7.576)


def calibrate(raw):
    """Slopes and intercepts that give each raw feature the real data's mean and sd."""
    slope = np.array(UCI_SD) / raw.std(0)
    return slope, np.array(UCI_MEAN) - slope * raw.mean(0)


def calibration_table(data=None):
    """Markdown table: each feature's real and synthetic mean and sd, and its linear map."""
    from .features import FEATURE_HELP
    if data is None:
        data = letters()[0]
    lines = ['| # | feature | meaning | real mean | real sd | synthetic mean | synthetic sd '
             '| gap / real sd | slope | intercept |',
             '|---|---|---|---|---|---|---|---|---|---|']
    for f, name in enumerate(FEATURE_NAMES):
        m, s = data[:, f].mean(), data[:, f].std()
        lines.append('| %d | %s | %s | %.2f | %.2f | %.2f | %.2f | %+.2f | %.4g | %.4g |' % (
            f + 1, name, FEATURE_HELP[name], UCI_MEAN[f], UCI_SD[f], m, s,
            (m - UCI_MEAN[f]) / UCI_SD[f], SLOPE[f], INTERCEPT[f]))
    return '\n'.join(lines)


def make_letters(n=NUM_ROWS, seed=DEFAULT_SEED, rows=None):
    """Generate the set (or only ``rows`` of it) from scratch: (data float64, label int64).

    Needs matplotlib (for the fonts); takes a few seconds for 20000 rows.
    """
    from .generator import generate_raw
    raw, label = generate_raw(n, seed, rows)
    return scale_features(raw, np.array(SLOPE), np.array(INTERCEPT)), label.astype(np.int64)


def letter_images(rows, n=NUM_ROWS, seed=DEFAULT_SEED):
    """The binary rasters (len(rows), 32, 32) behind the given rows of a set (row 0 of each
    image is the top), in the order of sorted ``rows``."""
    from .generator import CHUNK, draw_params, render_rows
    p = draw_params(n, seed)
    rows = np.sort(np.asarray(rows, dtype=np.int64))
    return np.concatenate([render_rows(p, rows[rows // CHUNK == c], seed)
                           for c in np.unique(rows // CHUNK)])


def save_letters(path, data, label, seed=DEFAULT_SEED):
    """Write an .npz that NumPy reads with ``allow_pickle=False``, byte-identical for the
    same arrays: fixed zip timestamps and no compression (zlib builds compress differently)."""
    from ..atomic import atomic_write
    from .glyphs import font_digest
    arrays = [('data', np.asarray(data, dtype=np.uint8)),
              ('label', np.asarray(label, dtype=np.uint8)),
              ('feature_names', np.array(FEATURE_NAMES)),
              ('seed', np.array(seed, dtype=np.int64)),
              ('generator', np.array(GENERATOR)),
              ('fonts_sha256', np.array(font_digest()))]
    out = io.BytesIO()
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_STORED) as zf:
        for name, arr in arrays:
            buf = io.BytesIO()
            np.lib.format.write_array(buf, arr, version=(1, 0), allow_pickle=False)
            info = zipfile.ZipInfo(name + '.npy', date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            zf.writestr(info, buf.getvalue())
    atomic_write(path, out.getvalue())


def read_letters_file(path=DATA_FILE):
    """Everything stored in a letters .npz, as a dict of arrays."""
    with np.load(path, allow_pickle=False) as f:
        return {k: f[k] for k in f.files}


def letters():
    """The default synthetic letters: (data, label), data (20000, 16) float64 with integer
    values 0..15 and label (20000,) int64 in 0..25 (A=0). First 16000 rows train, last 4000
    validate (see ``split``)."""
    if not os.path.exists(DATA_FILE):
        warnings.warn('%s is missing; generating the letters (a few seconds). Run '
                      '"python -m tutor.data --regenerate" to store them.' % DATA_FILE)
        return make_letters()
    stored = read_letters_file(DATA_FILE)
    return stored['data'].astype(np.float64), stored['label'].astype(np.int64)


def split(data, label, ntrain=None):
    """The tutorial's split: the first 80 % of the rows train, the rest validate (not random).
    Returns ((train_data, train_label), (val_data, val_label))."""
    if ntrain is None:
        ntrain = int(data.shape[0] * 0.8)
    return (data[:ntrain], label[:ntrain]), (data[ntrain:], label[ntrain:])


def letters_iters(batch_size=32, data=None, label=None):
    """(train_iter, val_iter) as in the tutorial: NDArrayIters over the 80/20 split of the
    default letters (or of ``data``, ``label``, e.g. from ``load_uci_letters``), shuffling
    the training iterator only."""
    from ..io import NDArrayIter                     # lazy: keeps `import tutor.data` light
    if data is None:
        data, label = letters()
    (xtr, ytr), (xva, yva) = split(data, label)
    return (NDArrayIter(xtr, ytr, batch_size, shuffle=True),
            NDArrayIter(xva, yva, batch_size))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tutor.data",
                                     description='Make the synthetic letters file.')
    parser.add_argument('--regenerate', action='store_true',
                        help='generate the set and write it (default: the shipped file)')
    parser.add_argument('--out', default=DATA_FILE, help='where to write (default: %(default)s)')
    parser.add_argument('--seed', type=int, default=DEFAULT_SEED)
    parser.add_argument('--calibrate', action='store_true',
                        help='print the SLOPE and INTERCEPT that match the real means and sds')
    parser.add_argument('--table', action='store_true',
                        help='print the calibration table of the shipped file (markdown)')
    args = parser.parse_args(argv)
    if args.table:
        print(calibration_table())
    if args.calibrate:
        from .generator import generate_raw
        slope, intercept = calibrate(generate_raw(NUM_ROWS, args.seed)[0])
        print('SLOPE = %s' % ', '.join('%.4g' % v for v in slope))
        print('INTERCEPT = %s' % ', '.join('%.4g' % v for v in intercept))
    if args.regenerate:
        data, label = make_letters(seed=args.seed)
        save_letters(args.out, data, label, seed=args.seed)
        with open(args.out, 'rb') as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        print('wrote %s (%d rows, sha256 %s)' % (args.out, len(label), digest))
    if not (args.calibrate or args.regenerate or args.table):
        parser.print_help()
    return 0

