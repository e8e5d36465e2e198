"""The generator is deterministic, and regenerating gives the shipped file."""
import hashlib

import numpy as np
import pytest

pytest.importorskip('matplotlib')

from tutor.data import letterset  # noqa: E402
from tutor.data.features import raw_features, scale_features  # noqa: E402
from tutor.data.glyphs import font_digest  # noqa: E402


@pytest.fixture(scope='module')
def same_fonts():
    stored = str(letterset.read_letters_file()['fonts_sha256'])
    if stored != font_digest():
        pytest.skip('matplotlib ships other font files than the ones letters.npz was made '
                    'from, so a regenerated set may differ slightly')


def test_small_set_is_deterministic_for_a_seed():
    a = letterset.make_letters(n=300, seed=7)
    b = letterset.make_letters(n=300, seed=7)
    c = letterset.make_letters(n=300, seed=8)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])
    assert np.bincount(a[1], minlength=26).min() >= 11     # 300 rows, ~11.5 per class


def test_regenerated_rows_match_the_shipped_file(shipped, same_fonts):
    rows = np.r_[0:600, 1500, 7777, 16000, 19999]  # rows from several noise chunks
    data, label = letterset.make_letters(rows=rows)
    assert np.array_equal(data, shipped[0][rows])
    assert np.array_equal(label, shipped[1][rows])


def test_images_give_the_shipped_features(shipped, same_fonts):
    rows = np.array([3, 1234, 19000])
    images = letterset.letter_images(rows)
    assert images.shape == (3, 32, 32) and images.dtype == bool
    feats = scale_features(raw_features(images), np.array(letterset.SLOPE),
                           np.array(letterset.INTERCEPT))
    assert np.array_equal(feats, shipped[0][rows])


@pytest.mark.slow
def test_full_regeneration_is_byte_identical(tmp_path, same_fonts):
    data, label = letterset.make_letters()   # its time is measured in bench/, not asserted
    out = str(tmp_path / 'letters.npz')
    letterset.save_letters(out, data, label)
    with open(out, 'rb') as f, open(letterset.DATA_FILE, 'rb') as g:
        assert hashlib.sha256(f.read()).hexdigest() == hashlib.sha256(g.read()).hexdigest()
