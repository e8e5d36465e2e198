"""The synthetic features are calibrated against the real UCI data's published figures."""
import numpy as np
import pytest

from tutor.data import FEATURE_NAMES
from tutor.data.letterset import UCI_MEAN, UCI_SD


@pytest.mark.parametrize('f', range(16), ids=FEATURE_NAMES)
def test_mean_within_one_real_sd(shipped, f):
    mean = shipped[0][:, f].mean()
    assert abs(mean - UCI_MEAN[f]) < UCI_SD[f], (FEATURE_NAMES[f], mean, UCI_MEAN[f])


@pytest.mark.parametrize('f', range(16), ids=FEATURE_NAMES)
def test_spread_close_to_real(shipped, f):
    # the linear maps were chosen to match the sd too; rounding and clipping move it a little
    sd = shipped[0][:, f].std()
    assert 0.8 < sd / UCI_SD[f] < 1.2, (FEATURE_NAMES[f], sd, UCI_SD[f])


def test_features_tell_letters_apart_like_the_real_ones(shipped):
    data, label = shipped

    def mean(feature, letter):
        return data[label == ord(letter) - ord('A'), FEATURE_NAMES.index(feature)].mean()

    # real data (reference notes §6): x-ege I 0.5, L 1.1, M 8.2, W 7.6; x-bar L 4.8;
    # y-bar L 3.6, W 9.2
    assert mean('x-ege', 'I') < 2 and mean('x-ege', 'L') < 2
    assert mean('x-ege', 'M') > 6 and mean('x-ege', 'W') > 6
    assert mean('x-bar', 'L') < UCI_MEAN[5] - 1          # left-heavy
    assert mean('y-bar', 'L') < 5 < 7 < mean('y-bar', 'W')


def test_fixed_maps_hold_for_another_seed():
    """The linear maps are constants, fitted once on the default set: a set drawn with
    another seed must still land on the real means (else the fit was luck)."""
    pytest.importorskip('matplotlib')
    from tutor.data.letterset import make_letters
    data, _ = make_letters(n=4000, seed=2024)
    gap = (data.mean(0) - np.array(UCI_MEAN)) / np.array(UCI_SD)
    assert np.all(np.abs(gap) < 0.2), gap


def test_docs_table_is_the_shipped_files():
    import os
    from tutor.data.letterset import calibration_table
    doc = os.path.join(os.path.dirname(__file__), '..', '..', 'docs', 'letters.md')
    if not os.path.exists(doc):
        pytest.skip('docs/letters.md is not part of an installed package')
    with open(doc, encoding='utf-8') as f:
        assert calibration_table() in f.read(), 'regenerate the table: python -m tutor.data --table'
