"""The letters as small images, in the layout of MXNet's MNIST tutorial.

    images = mx.data.letter_image_set()        # like mx.test_utils.get_mnist()
    images['train_data'].shape                 # (5000, 1, 28, 28) float32 in [0, 1]
    train_iter = mx.io.NDArrayIter(images['train_data'], images['train_label'], 32,
                                   shuffle=True)

Image ``k`` of a split is the very raster (32×32, the same font, distortion and noise) that
the 16 features of row ``rows[k]`` of ``letters()`` were measured on, shrunk to 28×28 by
averaging the area each new pixel covers, so stroke edges turn grey. The default rows are
the first 5000 of the training part and the first 1000 of the validation part, which keeps
a convolutional network quick to train on two cores.

``save_letter_images(path)`` writes the set as an .npz that NumPy reads without tutor; the
course keeps one next to the convolution chapter, so the chapter runs on real MXNet too.
"""
import functools
import io
import os
import zipfile

import numpy as np

from .letterset import NUM_ROWS, letter_images, letters

TRAIN_ROWS = (0, 5000)            # rows of letters() behind train_data
VAL_ROWS = (16000, 17000)         # ... and behind test_data (the tutorial's validation part)
SIZE = 28
SOURCE = 32                       # the rasters the features were measured on
FILE_NAME = 'letter-images.npz'


def area_matrix(size, source=SOURCE):
    """(size, source) weights: output pixel i averages the input pixels its span
    [i·source/size, (i+1)·source/size) covers, each by the length it covers."""
    edges = np.arange(size + 1) * source / size
    lo, hi = edges[:-1, None], edges[1:, None]
    j = np.arange(source)[None, :]
    overlap = np.clip(np.minimum(hi, j + 1) - np.maximum(lo, j), 0, None)
    return overlap / overlap.sum(1, keepdims=True)


def shrink(rasters, size=SIZE):
    """(n, 32, 32) binary rasters -> (n, size, size) float32 in [0, 1] by area averaging."""
    r = area_matrix(size, rasters.shape[-1])
    return np.einsum('ij,njk,lk->nil', r, rasters.astype(np.float64), r).astype(np.float32)


def render(rows, size=SIZE):
    """Images (len(rows), 1, size, size) of the given rows of letters(), in ``rows`` order."""
    rows = np.asarray(rows, dtype=np.int64)
    order = np.argsort(rows, kind='stable')
    out = np.empty((len(rows), 1, size, size), np.float32)
    out[order, 0] = shrink(letter_images(rows[order]), size)   # letter_images sorts its rows
    return out


@functools.lru_cache(maxsize=2)
def _rendered(train_rows, val_rows, size):
    label = letters()[1]
    tr, va = np.arange(*train_rows), np.arange(*val_rows)
    return {'train_data': render(tr, size), 'train_label': label[tr],
            'test_data': render(va, size), 'test_label': label[va]}


def letter_image_set(size=SIZE, train_rows=TRAIN_ROWS, val_rows=VAL_ROWS, path=None):
    """A dict like ``mx.test_utils.get_mnist()``: train_data, train_label, test_data,
    test_label; data (n, 1, size, size) float32 in [0, 1], labels int64 0..25 (A = 0).

    With ``path`` (an .npz from ``save_letter_images``) the arrays are read from it;
    otherwise they are rendered (a few seconds the first time, then cached).
    """
    if path is not None:
        return read_letter_images(path)
    if not (0 <= train_rows[0] < train_rows[1] <= NUM_ROWS
            and 0 <= val_rows[0] < val_rows[1] <= NUM_ROWS):
        raise ValueError('train_rows and val_rows are (start, stop) ranges of the %d rows '
                         'of letters(), got %s and %s' % (NUM_ROWS, train_rows, val_rows))
    return {k: v.copy() for k, v in _rendered(tuple(train_rows), tuple(val_rows),
                                              int(size)).items()}


def save_letter_images(path, images=None):
    """Write the set as an .npz (images as uint8 0..255, labels uint8), the same bytes for
    the same arrays: fixed zip timestamps, DEFLATE compression."""
    images = images if images is not None else letter_image_set()
    tmp = path + '.tmp'
    with zipfile.ZipFile(tmp, 'w', zipfile.ZIP_DEFLATED) as zf:
        for name in ('train_data', 'train_label', 'test_data', 'test_label'):
            arr = images[name]
            arr = np.rint(arr * 255).astype(np.uint8) if name.endswith('data') else \
                arr.astype(np.uint8)
            buf = io.BytesIO()
            np.lib.format.write_array(buf, arr, version=(1, 0), allow_pickle=False)
            info = zipfile.ZipInfo(name + '.npy', date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, buf.getvalue())
    os.replace(tmp, path)


def read_letter_images(path):
    """The dict of ``letter_image_set`` from a file written by ``save_letter_images``."""
    with np.load(path, allow_pickle=False) as f:
        return {'train_data': f['train_data'].astype(np.float32) / 255,
                'train_label': f['train_label'].astype(np.int64),
                'test_data': f['test_data'].astype(np.float32) / 255,
                'test_label': f['test_label'].astype(np.int64)}
