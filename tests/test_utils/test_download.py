"""``mx.test_utils.download`` never leaves tutor's synthetic letters under the real UCI name.

MXNet 1.9.1's ``download`` returns at once when the file exists (``if not overwrite and
os.path.exists(fname)``: logged "exists, skipping download"), so a synthetic file named
``letter-recognition.data`` would feed real MXNet, run later in the same folder, fake letters.
"""
import os

import numpy as np

import tutor as mx
from tutor import test_utils

URL = 'https://s3.us-east-2.amazonaws.com/mxnet-public/letter_recognition/letter-recognition.data'
REAL_ROW = 'T,2,8,3,5,1,8,13,0,6,6,10,8,0,8,0,8\n'


def tutorial_reads(fname):
    """The tutorial's own three lines after ``download``."""
    data = np.genfromtxt(fname, delimiter=',')[:, 1:]
    label = np.array([ord(l.split(',')[0]) - ord('A') for l in open(fname, 'r')])
    return data, label


def test_synthetic_letters_go_under_a_marked_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fname = mx.test_utils.download(URL)
    assert fname == 'letter-recognition.tutor-synthetic.data'
    assert not os.path.exists('letter-recognition.data')    # MXNet will download it
    data, label = tutorial_reads(fname)
    expected, expected_label = mx.data.letters()
    assert data.shape == (20000, 16) and np.array_equal(data, expected)
    assert np.array_equal(label, expected_label)
    assert test_utils.is_tutor_synthetic(fname)


def test_second_call_reuses_the_file_and_dirname_works(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = mx.test_utils.download(URL, dirname='data')
    assert first == os.path.join('data', 'letter-recognition.tutor-synthetic.data')
    before = os.path.getmtime(first)
    assert mx.test_utils.download(URL, dirname='data') == first
    assert os.path.getmtime(first) == before


def test_the_real_file_is_used_when_it_is_there(tmp_path, monkeypatch, caplog):
    monkeypatch.chdir(tmp_path)
    (tmp_path / 'letter-recognition.data').write_text(REAL_ROW * 3)
    with caplog.at_level('INFO'):
        fname = mx.test_utils.download(URL)
    assert fname == 'letter-recognition.data'
    assert 'real UCI' in caplog.text
    assert not os.path.exists('letter-recognition.tutor-synthetic.data')
    assert tutorial_reads(fname)[0].shape == (3, 16)
    assert not test_utils.is_tutor_synthetic(fname)


def test_a_synthetic_file_left_under_the_real_name_is_moved_off_it(tmp_path, monkeypatch, caplog):
    # what tutor before this fix wrote: the synthetic letters as letter-recognition.data
    monkeypatch.chdir(tmp_path)
    old = tmp_path / 'letter-recognition.data'
    test_utils._write_letters(str(old))
    with caplog.at_level('WARNING'):
        fname = mx.test_utils.download(URL)
    assert fname == 'letter-recognition.tutor-synthetic.data'
    assert not old.exists() and test_utils.is_tutor_synthetic(fname)
    assert 'real MXNet will download the real file' in caplog.text


def test_an_edited_real_file_is_never_taken_for_synthetic(tmp_path):
    path = tmp_path / 'letter-recognition.data'
    test_utils._write_letters(str(path))
    text = path.read_text()
    path.write_text(REAL_ROW + text[len(REAL_ROW):])          # same size, other content
    assert os.path.getsize(path) == len(text)
    assert not test_utils.is_tutor_synthetic(str(path))


def test_other_files_keep_mxnets_skip_if_exists(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / 'other.csv').write_text('1,2\n')
    assert mx.test_utils.download('https://example.invalid/other.csv') == 'other.csv'
