"""Glyph outlines from matplotlib's bundled fonts, turned into small distorted binary rasters.

Each capital letter of each face becomes a *signed distance field* (SDF): for points on a
fine grid, the distance to the outline, negative inside the ink. A distorted letter is then
one lookup per raster pixel: map the pixel centre back into glyph space through the inverse
of the random affine map, read the SDF there, and switch the pixel on when the distance is
below a threshold. Moving the threshold makes strokes thicker or thinner, which is how the
stroke-thickness distortion works without any image morphology.

Only matplotlib's font files and its FreeType binding are used (unscaled outlines, no
hinting), and the rasterisation is plain NumPy, so the result depends on the font files
alone, not on the matplotlib or FreeType version, or a display.
"""
import functools
import hashlib
import os
import string

import numpy as np

LETTERS = string.ascii_uppercase

# 20 faces, as in Frey & Slate's 20 fonts: sans, serif, typewriter, italic, bold, and the
# Computer Modern faces (matplotlib's BaKoMa TrueType files; cmmi10 is the math italic).
# All 20 files are the same in matplotlib 3.8 and 3.11 (cmti10 is only in recent releases).
FACES = (
    'DejaVuSans', 'DejaVuSans-Bold', 'DejaVuSans-Oblique', 'DejaVuSans-BoldOblique',
    'DejaVuSerif', 'DejaVuSerif-Bold', 'DejaVuSerif-Italic', 'DejaVuSerif-BoldItalic',
    'DejaVuSansMono', 'DejaVuSansMono-Bold', 'DejaVuSansMono-Oblique',
    'STIXGeneral', 'STIXGeneralBol', 'STIXGeneralItalic', 'STIXGeneralBolIta',
    'cmr10', 'cmss10', 'cmtt10', 'cmb10', 'cmmi10',
)

SDF_STEP = 0.025      # SDF grid spacing, in cap heights
SDF_PAD = 0.15        # grid margin around each glyph's box, in cap heights
_CURVE_POINTS = 6     # points per Bezier piece when flattening outlines


def font_path(face):
    """Path of a face's .ttf file inside matplotlib's data directory."""
    import matplotlib
    return os.path.join(matplotlib.get_data_path(), 'fonts', 'ttf', face + '.ttf')


def font_digest():
    """SHA-256 of the 20 font files, in FACES order: what a generated set depends on."""
    h = hashlib.sha256()
    for face in FACES:
        with open(font_path(face), 'rb') as f:
            h.update(f.read())
    return h.hexdigest()


def _flatten(verts, codes):
    """Closed polygons (list of (n, 2) arrays) from matplotlib path vertices and codes
    (lines and Bezier curves)."""
    polys, cur, i = [], [], 0
    ts = np.linspace(0, 1, _CURVE_POINTS + 1)[1:, None]
    while i < len(codes):
        c = codes[i]
        if c == 1:                                   # MOVETO starts a contour
            if len(cur) > 2:
                polys.append(np.array(cur))
            cur, i = [verts[i]], i + 1
        elif c == 2:                                 # LINETO
            cur.append(verts[i])
            i += 1
        elif c == 3:                                 # CURVE3: control, end
            p0, p1, p2 = cur[-1], verts[i], verts[i + 1]
            cur.extend((1 - ts) ** 2 * p0 + 2 * (1 - ts) * ts * p1 + ts ** 2 * p2)
            i += 2
        elif c == 4:                                 # CURVE4: two controls, end
            p0, p1, p2, p3 = cur[-1], verts[i], verts[i + 1], verts[i + 2]
            cur.extend((1 - ts) ** 3 * p0 + 3 * (1 - ts) ** 2 * ts * p1
                       + 3 * (1 - ts) * ts ** 2 * p2 + ts ** 3 * p3)
            i += 3
        else:                                        # CLOSEPOLY (or STOP)
            i += 1
    if len(cur) > 2:
        polys.append(np.array(cur))
    return polys


def _load_font(face):
    """An FT2Font for ``face`` that reports outlines unscaled, in font units."""
    import warnings
    from matplotlib import ft2font
    with warnings.catch_warnings():
        # matplotlib 3.11 deprecates hinting_factor (3.13 drops it, and with it the x-squash
        # that a factor above 1 applies to unscaled outlines, rounding them)
        warnings.simplefilter('ignore', DeprecationWarning)
        try:
            return ft2font.FT2Font(font_path(face), hinting_factor=1)
        except TypeError:
            return ft2font.FT2Font(font_path(face))


def _font_units(font, letter):
    """Outline vertices (in font units) and path codes of one character.

    Read with FreeType's NO_SCALE, the points are the font file's own integers (halves for
    the implied on-curve points), exactly, whichever matplotlib and FreeType read them;
    scaled outlines (``TextPath``) are rounded to 1/64 pixel, and FreeType versions round
    ties differently, which changed a few letters of the data set.
    """
    from matplotlib import ft2font
    flags = getattr(ft2font, 'LoadFlags', None)
    flags = flags.NO_SCALE if flags is not None else ft2font.LOAD_NO_SCALE
    font.load_char(ord(letter), flags=flags)
    verts, codes = font.get_path()
    return verts * 64, codes                         # get_path divides by 64 (26.6 format)


def outline(face, letter):
    """The letter's outline in ``face`` as closed polygons, in units of the face's cap height
    (the height of its 'H'), so that every face draws capitals the same size."""
    font = _load_font(face)
    cap = _font_units(font, 'H')[0][:, 1].max()
    return [p / cap for p in _flatten(*_font_units(font, letter))]


def _signed_distance(polys, xs, ys):
    """Distance from each grid point to the outline, negative inside (nonzero winding)."""
    a = np.concatenate(polys)
    b = np.concatenate([np.roll(p, -1, axis=0) for p in polys])
    ax, ay, dx, dy = a[:, 0], a[:, 1], b[:, 0] - a[:, 0], b[:, 1] - a[:, 1]
    px, py = np.meshgrid(xs, ys)                     # rows = y (upwards), columns = x
    px, py = px.reshape(-1, 1), py.reshape(-1, 1)
    rx, ry = px - ax, py - ay                        # (points, segments)
    t = np.clip((rx * dx + ry * dy) / np.maximum(dx * dx + dy * dy, 1e-12), 0, 1)
    dist = np.sqrt(((rx - t * dx) ** 2 + (ry - t * dy) ** 2).min(1))
    # winding number: +1 for each upward crossing left of the point, -1 for each downward one
    side = dx * ry - dy * rx
    up = (ay <= py) & (ay + dy > py)
    down = (ay > py) & (ay + dy <= py)
    winding = (up & (side > 0)).sum(1) - (down & (side < 0)).sum(1)
    return np.where(winding != 0, -dist, dist).reshape(len(ys), len(xs))


@functools.lru_cache(maxsize=None)
def glyph_table():
    """SDFs of every (face, letter), padded into one stack for batched lookups.

    Returns a dict: ``sdf`` (n_faces*26, gh, gw) float64, indexed by face*26 + letter;
    ``origin`` (n, 2) glyph-space (x, y) of grid point [0, 0]; ``bbox`` (n, 4) the outline's
    x0, y0, x1, y1. Cells beyond a glyph's own grid hold a large positive distance (no ink).
    """
    sdfs, origins, boxes = [], [], []
    for face in FACES:
        for letter in LETTERS:
            polys = outline(face, letter)
            pts = np.concatenate(polys)
            (x0, y0), (x1, y1) = pts.min(0), pts.max(0)
            xs = np.arange(x0 - SDF_PAD, x1 + SDF_PAD + SDF_STEP, SDF_STEP)
            ys = np.arange(y0 - SDF_PAD, y1 + SDF_PAD + SDF_STEP, SDF_STEP)
            sdfs.append(_signed_distance(polys, xs, ys))
            origins.append((xs[0], ys[0]))
            boxes.append((x0, y0, x1, y1))
    gh = max(s.shape[0] for s in sdfs)
    gw = max(s.shape[1] for s in sdfs)
    stack = np.full((len(sdfs), gh, gw), 1.0)
    for k, s in enumerate(sdfs):
        stack[k, :s.shape[0], :s.shape[1]] = s
    return {'sdf': stack, 'origin': np.array(origins), 'bbox': np.array(boxes)}


def sample_sdf(table, glyph, gx, gy):
    """Bilinear SDF value of glyph ``glyph[b]`` at glyph-space points ``gx[b, ...], gy[b, ...]``;
    points off the grid read as far outside (+1)."""
    sdf = table['sdf']
    org = table['origin'][glyph]
    shape = (-1,) + (1,) * (gx.ndim - 1)
    fx = (gx - org[:, 0].reshape(shape)) / SDF_STEP
    fy = (gy - org[:, 1].reshape(shape)) / SDF_STEP
    gh, gw = sdf.shape[1:]
    valid = (fx >= 0) & (fy >= 0) & (fx < gw - 1) & (fy < gh - 1)
    fx, fy = np.clip(fx, 0, gw - 1.001), np.clip(fy, 0, gh - 1.001)
    ix, iy = fx.astype(np.intp), fy.astype(np.intp)
    wx, wy = fx - ix, fy - iy
    g = glyph.reshape(shape)
    v = ((1 - wy) * ((1 - wx) * sdf[g, iy, ix] + wx * sdf[g, iy, ix + 1])
         + wy * ((1 - wx) * sdf[g, iy + 1, ix] + wx * sdf[g, iy + 1, ix + 1]))
    return np.where(valid, v, 1.0)


def render(table, glyph, matrix, offset, thickness, size):
    """Binary rasters (B, height, width), row 0 at the top, of glyphs drawn through affine maps.

    A glyph-space point g lands on raster point ``matrix[b] @ g + offset[b]`` (pixels, x to
    the right, y up from the bottom). A pixel is ink when the outline's signed distance at its
    centre, measured in pixels, is below ``thickness[b]`` (positive thickens the strokes).
    """
    height, width = size
    inv = np.linalg.inv(matrix)                      # raster -> glyph space
    # pixel centres, y counted up from the bottom; image row r holds y = height - 1 - r
    py, px = np.meshgrid(np.arange(height - 1, -1, -1) + 0.5, np.arange(width) + 0.5,
                         indexing='ij')
    dx = px[None] - offset[:, 0, None, None]
    dy = py[None] - offset[:, 1, None, None]
    gx = inv[:, 0, 0, None, None] * dx + inv[:, 0, 1, None, None] * dy
    gy = inv[:, 1, 0, None, None] * dx + inv[:, 1, 1, None, None] * dy
    # distances scale with the map; sqrt(det) converts glyph units to (mean) pixels
    px_per_unit = np.sqrt(np.abs(np.linalg.det(matrix)))[:, None, None]
    return sample_sdf(table, glyph, gx, gy) * px_per_unit < thickness[:, None, None]
