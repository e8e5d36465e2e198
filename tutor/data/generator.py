"""The synthetic letter generator: random distortions of font glyphs, rendered and measured.

Every row of the data set is one capital letter in one of the 20 faces, drawn through a random
affine map (size, aspect, shear, rotation) at a random place in a small raster, with a random
stroke thickness and noise on the ink's border, and then reduced to the 16 Frey & Slate
features. Randomness comes from NumPy's ``RandomState`` (its streams are frozen across NumPy
versions): the per-row distortions from ``RandomState(seed)``, the border noise of rows
``1000*c .. 1000*c+999`` from ``RandomState([seed, c + 1])``. So any row can be redrawn on its
own, and a regenerated set is identical to the shipped one.
"""
import numpy as np

from . import glyphs
from .features import raw_features

RASTER = (32, 32)         # (height, width) in pixels
CHUNK = 1000              # rows that share one noise stream

# Class counts of the real UCI file (A..Z), so the synthetic labels are distributed alike.
UCI_CLASS_COUNTS = (789, 766, 736, 805, 768, 775, 773, 734, 755, 747, 739, 761, 792,
                    783, 753, 803, 783, 758, 748, 796, 813, 764, 752, 787, 786, 734)

# How strong each distortion is (tuned so the tutorial MLP reaches ~0.8, like the real data).
DISTORTION = {
    'cap_height': (11.0, 26.0),    # px, uniform
    'log_aspect': 0.09,            # sd of log(width / height scaling)
    'shear': 0.09,                 # sd of the horizontal shear (x += shear * y)
    'rotation': 3.5,               # sd of the rotation, degrees
    'thickness': (-0.35, 0.75),    # px added to the stroke's half-width, uniform
    'border_noise': (0.0, 0.08),   # probability of flipping a border pixel, uniform
}


def class_counts(n):
    """Rows per class for an n-row set, in the real data's proportions (exact for 20000)."""
    real = np.array(UCI_CLASS_COUNTS, dtype=np.int64)
    counts = real * n // real.sum()
    counts[:n - counts.sum()] += 1                   # hand out the remainder from A on
    return counts


def draw_params(n, seed):
    """The per-row labels and distortion parameters of an n-row set (all drawn up front)."""
    rs = np.random.RandomState(seed)
    d = DISTORTION
    label = rs.permutation(np.repeat(np.arange(26), class_counts(n)))
    face = rs.randint(0, len(glyphs.FACES), size=n)
    p = {'label': label, 'face': face,
         'cap_height': rs.uniform(*d['cap_height'], size=n),
         'aspect': np.exp(rs.normal(0, d['log_aspect'], size=n)),
         'shear': rs.normal(0, d['shear'], size=n),
         'rotation': np.deg2rad(rs.normal(0, d['rotation'], size=n)),
         'thickness': rs.uniform(*d['thickness'], size=n),
         'border_noise': rs.uniform(*d['border_noise'], size=n),
         'place': rs.uniform(0, 1, size=(n, 2))}
    return p


def _affine(p, rows, bbox):
    """The glyph -> raster maps of the given rows, placed inside the raster at random."""
    s = p['cap_height'][rows]
    c, sn = np.cos(p['rotation'][rows]), np.sin(p['rotation'][rows])
    k, a = p['shear'][rows], p['aspect'][rows]
    # matrix = rotation @ shear @ diag(s * a, s)
    m = np.empty((len(rows), 2, 2))
    m[:, 0, 0] = c * s * a
    m[:, 0, 1] = (c * k - sn) * s
    m[:, 1, 0] = sn * s * a
    m[:, 1, 1] = (sn * k + c) * s
    corners = np.stack([bbox[:, [0, 1]], bbox[:, [2, 1]], bbox[:, [0, 3]], bbox[:, [2, 3]]], 1)
    mapped = np.einsum('bij,bkj->bki', m, corners)   # (B, 4 corners, xy)
    lo, hi = mapped.min(1), mapped.max(1)
    size = np.array(RASTER[::-1], dtype=float)       # (width, height)
    room = np.maximum(size - 2 - (hi - lo), 0)       # keep a 1-px margin when it fits
    offset = 1 + room * p['place'][rows] - lo
    return m, offset


def _border_noise(images, prob, rs):
    """Flip pixels on the ink's border (on next to off, or off next to on) with probability
    ``prob[b]``: ragged edges like a scanned letter, without stray ink far from the glyph."""
    pad = np.pad(images, ((0, 0), (1, 1), (1, 1)))
    centre = pad[:, 1:-1, 1:-1]
    border = ((pad[:, :-2, 1:-1] != centre) | (pad[:, 2:, 1:-1] != centre)
              | (pad[:, 1:-1, :-2] != centre) | (pad[:, 1:-1, 2:] != centre))
    flip = border & (rs.uniform(size=images.shape) < prob[:, None, None])
    noisy = images ^ flip
    empty = ~noisy.any((1, 2))
    noisy[empty] = images[empty]                     # never erase a whole letter
    return noisy


def render_rows(p, rows, seed, noise=True):
    """Binary rasters (len(rows), height, width) of the given rows of a set drawn with
    ``draw_params(n, seed)``. ``rows`` must be sorted and lie within one noise chunk."""
    rows = np.asarray(rows)
    table = glyphs.glyph_table()
    glyph = p['face'][rows] * 26 + p['label'][rows]
    m, offset = _affine(p, rows, table['bbox'][glyph])
    images = glyphs.render(table, glyph, m, offset, p['thickness'][rows], RASTER)
    thin = ~images.any((1, 2))
    if thin.any():                                   # a hairline vanished: draw it bolder
        images[thin] = glyphs.render(table, glyph[thin], m[thin], offset[thin],
                                     p['thickness'][rows][thin] + 1.0, RASTER)
    if not noise:
        return images
    chunk = rows[0] // CHUNK
    assert rows[-1] // CHUNK == chunk, 'render_rows: rows must lie within one chunk'
    rs = np.random.RandomState([seed, chunk + 1])
    start = chunk * CHUNK
    stop = min(start + CHUNK, len(p['label']))
    prob = np.zeros(stop - start)
    prob[rows - start] = p['border_noise'][rows]
    # draw the whole chunk's noise so that a row's noise does not depend on the other rows
    full = np.zeros((stop - start,) + RASTER, dtype=bool)
    full[rows - start] = images
    return _border_noise(full, prob, rs)[rows - start]


def generate_raw(n=20000, seed=0, rows=None):
    """Raw features (len(rows), 16) and labels of the given rows (default: all n rows)."""
    p = draw_params(n, seed)
    rows = np.arange(n) if rows is None else np.sort(np.asarray(rows))
    feats = []
    for chunk in np.unique(rows // CHUNK):
        sel = rows[rows // CHUNK == chunk]
        feats.append(raw_features(render_rows(p, sel, seed)))
    return np.concatenate(feats), p['label'][rows]
