"""The shipped letters: the tutorial's shapes, dtypes, values, classes and split."""
import subprocess
import sys

import numpy as np
import pytest

from tutor.data import FEATURE_NAMES, letters, split
from tutor.data import letterset


def test_shapes_and_dtypes(shipped):
    data, label = shipped
    assert data.shape == (20000, 16) and data.dtype == np.float64
    assert label.shape == (20000,) and label.dtype == np.int64
    assert len(FEATURE_NAMES) == 16


def test_values_are_integers_0_to_15(shipped):
    data, label = shipped
    assert np.array_equal(data, np.round(data))
    assert data.min() == 0 and data.max() == 15
    assert set(np.unique(label)) == set(range(26))


def test_classes_balanced_within_10_percent(shipped):
    counts = np.bincount(shipped[1], minlength=26)
    assert np.all(np.abs(counts - counts.mean()) <= 0.1 * counts.mean()), counts
    # same class counts as the real UCI file
    assert tuple(counts) == (789, 766, 736, 805, 768, 775, 773, 734, 755, 747, 739, 761, 792,
                             783, 753, 803, 783, 758, 748, 796, 813, 764, 752, 787, 786, 734)


def test_rows_in_random_class_order(shipped):
    label = shipped[1]
    # not sorted, and every class appears in both the training and the validation split
    assert np.mean(label[1:] == label[:-1]) < 0.1
    assert set(label[:16000]) == set(label[16000:]) == set(range(26))


def test_split_is_the_tutorials(shipped):
    (xtr, ytr), (xva, yva) = split(*shipped)
    assert xtr.shape == (16000, 16) and xva.shape == (4000, 16)
    assert np.array_equal(xva, shipped[0][16000:]) and np.array_equal(ytr, shipped[1][:16000])


def test_letters_returns_fresh_arrays(shipped):
    data, _ = letters()
    data[0, 0] = 99
    assert letters()[0][0, 0] != 99


def test_file_loads_without_pickle():
    stored = letterset.read_letters_file()
    assert stored['data'].dtype == np.uint8 and stored['label'].dtype == np.uint8
    assert tuple(stored['feature_names']) == FEATURE_NAMES
    assert int(stored['seed']) == letterset.DEFAULT_SEED
    assert str(stored['generator']) == letterset.GENERATOR


def test_letters_iters_like_the_tutorial():
    pytest.importorskip('tutor.io')
    from tutor.data import letters_iters
    train_iter, val_iter = letters_iters(batch_size=32)
    assert train_iter.shuffle and not val_iter.shuffle
    assert train_iter.provide_data[0].shape == (32, 16)
    assert train_iter.provide_label[0].name == 'softmax_label'
    assert sum(1 for _ in train_iter) == 500 and sum(1 for _ in val_iter) == 125
    val_iter.reset()
    first = next(iter(val_iter))
    assert np.array_equal(np.asarray(first.data[0]), letters()[0][16000:16032])


def test_import_tutor_data_does_not_load_matplotlib():
    code = ('import sys, tutor, tutor.data; tutor.data.letters(); '
            'print("matplotlib" in sys.modules)')
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == 'False'
