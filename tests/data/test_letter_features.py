"""The 16 Frey & Slate features on hand-drawn rasters whose answers are known."""
import numpy as np
import pytest

from tutor.data.features import FEATURE_NAMES, raw_features, scale_features

F = {name: i for i, name in enumerate(FEATURE_NAMES)}


def raster(rows):
    """Image from strings, top row first: '#' is ink."""
    return np.array([[c == '#' for c in r] for r in rows])


def features(*rows):
    return dict(zip(FEATURE_NAMES, raw_features(raster(rows)[None])[0]))


def test_box_position_size_and_count():
    f = features('......',
                 '.##...',
                 '.##...',
                 '.##...',
                 '......')
    # x: columns 1..2, centre 1.5; y counted from the bottom: rows 3..1 are y = 1..3
    assert (f['x-box'], f['y-box'], f['width'], f['high'], f['onpix']) == (1.5, 2.0, 2, 3, 6)
    assert f['x-bar'] == 0 and f['y-bar'] == 0 and f['xybar'] == 0


def test_left_heavy_L_and_low_ink():
    f = features('#...',
                 '#...',
                 '#...',
                 '####')
    assert f['x-bar'] < 0 and f['y-bar'] < 0     # ink sits left and low in the box
    # u = (x - 1.5) / 4 over the 7 on pixels
    u = (np.array([0, 0, 0, 0, 1, 2, 3]) - 1.5) / 4
    assert f['x-bar'] == pytest.approx(u.mean())
    assert f['x2bar'] == pytest.approx((u ** 2).mean())


def test_diagonals_sign_of_xybar():
    slash = features('...#', '..#.', '.#..', '#...')
    backslash = features('#...', '.#..', '..#.', '...#')
    assert slash['xybar'] > 0 > backslash['xybar']
    assert slash['xybar'] == pytest.approx(-backslash['xybar'])


def test_edge_counts_per_row_and_column():
    # two vertical bars: every row has 2 left-edges; every column with ink has 1 bottom-edge
    f = features('#.#',
                 '#.#',
                 '#.#')
    assert f['x-ege'] == 2.0                     # 6 edges / 3 rows
    assert f['y-ege'] == pytest.approx(2 / 3)    # 2 edges / 3 columns of the box
    assert f['xegvy'] == 0.0                     # edges spread evenly in height
    assert f['yegvx'] == 0.0                     # bottom edges at u = -1/3 and +1/3


def test_edges_high_in_the_box_give_positive_xegvy():
    f = features('#.#',                          # a Y-like shape: two arms, one stem
                 '.#.',
                 '.#.')
    assert f['x-ege'] == pytest.approx(4 / 3)
    assert f['xegvy'] > 0


def test_ink_touching_the_image_edge_counts_as_an_edge():
    f = features('##', '##')
    assert f['x-ege'] == 1.0 and f['y-ege'] == 1.0


def test_batch_and_empty_image():
    imgs = np.zeros((2, 5, 5), bool)
    imgs[0, 1, 1] = True
    with pytest.raises(ValueError, match='at least one on pixel'):
        raw_features(imgs)


def test_scale_features_rounds_and_clips():
    raw = np.array([[-10.0, 0.24, 0.26, 100.0]])
    out = scale_features(raw, np.array([1, 10, 10, 1.0]), np.array([0, 0, 0, 0.0]))
    assert out.tolist() == [[0, 2, 3, 15]]
