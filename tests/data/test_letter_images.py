"""The letters as 28x28 images: the shrink is an exact area average, the stored course file
holds what tutor renders, and it reads back without tutor."""
import os

import numpy as np
import pytest

import tutor as mx
from tutor.data import images as img
from tutor.data import letterset

ROOT = os.path.join(os.path.dirname(__file__), '..', '..')
COURSE_FILES = [os.path.join(ROOT, 'notebooks', lang, img.FILE_NAME) for lang in ('en', 'zh')]


def test_area_matrix_averages_what_each_pixel_covers():
    r = img.area_matrix(28, 32)
    np.testing.assert_allclose(r.sum(1), 1)
    assert (r >= 0).all() and np.count_nonzero(r[0]) == 2     # 32/28 = 1.14 pixels wide
    np.testing.assert_allclose(img.area_matrix(16, 32)[0, :2], [0.5, 0.5])
    x = np.random.RandomState(0).rand(3, 32, 32) > 0.5
    half = img.shrink(x, 16)
    np.testing.assert_allclose(half, x.reshape(3, 16, 2, 16, 2).mean((2, 4)), atol=1e-6)
    assert img.shrink(np.ones((1, 32, 32), bool)).min() == pytest.approx(1)   # ink is kept


def test_render_keeps_the_order_of_the_rows_and_the_letter_of_each():
    rows = np.array([17, 3])
    out = img.render(rows)
    assert out.shape == (2, 1, 28, 28) and out.dtype == np.float32
    np.testing.assert_allclose(out[1, 0], img.shrink(letterset.letter_images([3]))[0])
    assert 0 <= out.min() and out.max() <= 1 and out.max() > 0.9


@pytest.mark.parametrize('path', COURSE_FILES)
def test_the_course_file_holds_what_tutor_renders(path):
    stored = img.read_letter_images(path)
    assert stored['train_data'].shape == (5000, 1, 28, 28)
    assert stored['test_data'].shape == (1000, 1, 28, 28)
    label = mx.data.letters()[1]
    np.testing.assert_array_equal(stored['train_label'], label[0:5000])
    np.testing.assert_array_equal(stored['test_label'], label[16000:17000])
    picks = np.array([0, 1, 999, 4999])
    np.testing.assert_allclose(stored['train_data'][picks], img.render(picks), atol=0.51 / 255)
    np.testing.assert_allclose(stored['test_data'][[0, 999]], img.render([16000, 16999]),
                               atol=0.51 / 255)


def test_both_languages_ship_the_same_file():
    with open(COURSE_FILES[0], 'rb') as a, open(COURSE_FILES[1], 'rb') as b:
        assert a.read() == b.read()


def test_saving_is_repeatable_and_reads_back_with_numpy_alone(tmp_path):
    rs = np.random.RandomState(1)
    images = {'train_data': rs.rand(4, 1, 28, 28).astype(np.float32),
              'train_label': np.arange(4), 'test_data': rs.rand(2, 1, 28, 28).astype(np.float32),
              'test_label': np.array([25, 0])}
    a, b = str(tmp_path / 'a.npz'), str(tmp_path / 'b.npz')
    img.save_letter_images(a, images)
    img.save_letter_images(b, images)
    assert open(a, 'rb').read() == open(b, 'rb').read()
    with np.load(a) as f:                                    # what the notebook does
        assert f['train_data'].dtype == np.uint8 and list(f['test_label']) == [25, 0]
    back = mx.data.letter_image_set(path=a)
    np.testing.assert_allclose(back['train_data'], images['train_data'], atol=0.5 / 255 + 1e-7)


def test_bad_row_ranges_are_a_clear_error():
    with pytest.raises(ValueError, match='ranges of the 20000 rows'):
        mx.data.letter_image_set(train_rows=(0, 30000))
