"""The 16 Frey & Slate (1991) letter features, computed from binary rasters.

Coordinates follow the paper: x counts pixels to the right of the left edge, y counts pixels
up from the bottom, "on" pixels are ink. The *box* is the tightest rectangle around the ink,
with centre (cx, cy), width W and height H; each on pixel has u = (x - cx) / W and
v = (y - cy) / H. All features are computed for a whole batch at once.
"""
import numpy as np

FEATURE_NAMES = ('x-box', 'y-box', 'width', 'high', 'onpix', 'x-bar', 'y-bar', 'x2bar',
                 'y2bar', 'xybar', 'x2ybr', 'xy2br', 'x-ege', 'xegvy', 'y-ege', 'yegvx')

FEATURE_HELP = {
    'x-box': 'horizontal position of the box centre',
    'y-box': 'vertical position of the box centre',
    'width': 'width of the box',
    'high': 'height of the box',
    'onpix': 'number of on pixels',
    'x-bar': 'mean x of on pixels in the box',
    'y-bar': 'mean y of on pixels in the box',
    'x2bar': 'mean x variance',
    'y2bar': 'mean y variance',
    'xybar': 'mean x y correlation',
    'x2ybr': 'mean of x * x * y',
    'xy2br': 'mean of x * y * y',
    'x-ege': 'mean edge count left to right',
    'xegvy': 'correlation of x-ege with y',
    'y-ege': 'mean edge count bottom to top',
    'yegvx': 'correlation of y-ege with x',
}


def raw_features(images):
    """Raw (unscaled) features, shape (B, 16) float64, of binary images (B, height, width)
    whose row 0 is the top. Every image must have at least one on pixel."""
    on = np.asarray(images, dtype=bool)
    b, height, width = on.shape
    x = np.arange(width, dtype=np.float64)[None, None, :]
    y = np.arange(height - 1, -1, -1, dtype=np.float64)[None, :, None]
    cols, rows = on.any(1), on.any(2)                # (B, width), (B, height)
    if not rows.any(1).all():
        raise ValueError('raw_features: every image needs at least one on pixel')
    x0 = cols.argmax(1)
    x1 = width - 1 - cols[:, ::-1].argmax(1)
    ytop = height - 1 - rows.argmax(1)               # first ink row from the top
    ybot = rows[:, ::-1].argmax(1)                   # first ink row from the bottom
    w, h = (x1 - x0 + 1).astype(float), (ytop - ybot + 1).astype(float)
    cx, cy = (x0 + x1) / 2.0, (ybot + ytop) / 2.0
    n = on.sum((1, 2)).astype(float)

    u = (x - cx[:, None, None]) / w[:, None, None]
    v = (y - cy[:, None, None]) / h[:, None, None]

    def mean_on(q):
        return np.where(on, q, 0.0).sum((1, 2)) / n

    # edges: an on pixel whose left (or lower) neighbour is off or outside the image
    left_off = np.ones_like(on)
    left_off[:, :, 1:] = ~on[:, :, :-1]
    below_off = np.ones_like(on)
    below_off[:, :-1, :] = ~on[:, 1:, :]             # row r+1 is the pixel below row r
    xedge, yedge = on & left_off, on & below_off
    n_xedge = xedge.sum((1, 2))
    n_yedge = yedge.sum((1, 2))

    return np.stack([
        cx, cy, w, h, n,
        mean_on(u), mean_on(v), mean_on(u * u), mean_on(v * v), mean_on(u * v),
        mean_on(u * u * v), mean_on(u * v * v),
        n_xedge / h,                                  # x-ege: mean edges per row of the box
        np.where(xedge, v, 0.0).sum((1, 2)) / h,      # xegvy: edge heights, per row
        n_yedge / w,                                  # y-ege: mean edges per column
        np.where(yedge, u, 0.0).sum((1, 2)) / w,      # yegvx: edge positions, per column
    ], axis=1)


def scale_features(raw, slope, intercept):
    """Map raw features linearly into the integers 0..15: round(slope*raw + intercept),
    clipped. Returns float64 with integer values, like the tutorial's genfromtxt data."""
    return np.clip(np.floor(raw * slope + intercept + 0.5), 0, 15)
