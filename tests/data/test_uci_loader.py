"""load_uci_letters reads the real file's format and says exactly what is wrong with a line."""
import numpy as np
import pytest

from tutor.data import load_uci_letters

GOOD = ('T,2,8,3,5,1,8,13,0,6,6,10,8,0,8,0,8\n'
        'I,5,12,3,7,2,10,5,5,4,13,3,9,2,8,4,10\n'
        'A,4,9,6,6,2,9,5,3,1,8,1,8,2,7,2,8\n')


def write(tmp_path, text, name='letter-recognition.data'):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_good_file(tmp_path):
    data, label = load_uci_letters(write(tmp_path, GOOD))
    assert data.shape == (3, 16) and data.dtype == np.float64
    assert label.dtype == np.int64 and label.tolist() == [19, 8, 0]
    assert data[0].tolist() == [2, 8, 3, 5, 1, 8, 13, 0, 6, 6, 10, 8, 0, 8, 0, 8]


def test_same_as_the_tutorials_own_parsing(tmp_path):
    path = write(tmp_path, GOOD)
    data, label = load_uci_letters(path)
    assert np.array_equal(data, np.genfromtxt(path, delimiter=',')[:, 1:])
    assert label.tolist() == [ord(l.split(',')[0]) - ord('A') for l in open(path)]


def test_blank_lines_and_windows_line_ends_are_fine(tmp_path):
    data, label = load_uci_letters(write(tmp_path, GOOD.replace('\n', '\r\n') + '\n\n'))
    assert data.shape == (3, 16)


@pytest.mark.parametrize('line, problem', [
    ('T,2,8,3,5,1,8,13,0,6,6,10,8,0,8,0', 'found 16 fields instead of 17'),
    ('T 2 8 3 5 1 8 13 0 6 6 10 8 0 8 0 8', 'found 1 fields instead of 17'),
    ('t,2,8,3,5,1,8,13,0,6,6,10,8,0,8,0,8', "the first field 't' is not a capital letter"),
    ('7,2,8,3,5,1,8,13,0,6,6,10,8,0,8,0,8', "the first field '7' is not a capital letter"),
    ('T,2,8,3,5,1,8,x,0,6,6,10,8,0,8,0,8', "field 8 ('x') is not an integer"),
    ('T,2,8,3,5,1,8,1.5,0,6,6,10,8,0,8,0,8', "field 8 ('1.5') is not an integer"),
    ('T,2,8,3,5,1,8,1_0,0,6,6,10,8,0,8,0,8', "field 8 ('1_0') is not an integer"),
    ('T,2,8,3,5,1,8,,0,6,6,10,8,0,8,0,8', "field 8 ('') is not an integer"),
    ('T,2,8,3,5,1,8,13,0,6,6,10,8,0,8,0,16', 'field 17 (16) is outside 0..15'),
    ('T,2,8,3,5,1,8,13,0,6,6,10,8,0,8,0,-1', 'field 17 (-1) is outside 0..15'),
])
def test_malformed_line_names_file_line_and_expectation(tmp_path, line, problem):
    path = write(tmp_path, GOOD + line + '\n')
    with pytest.raises(ValueError) as err:
        load_uci_letters(path)
    msg = str(err.value)
    assert msg.startswith('%s, line 4: %s' % (path, problem)), msg
    assert 'expected a capital letter A-Z, then 16 integers 0..15' in msg
    assert line[:20] in msg


def test_empty_file(tmp_path):
    with pytest.raises(ValueError, match='holds no data lines'):
        load_uci_letters(write(tmp_path, '\n'))


def test_real_layout_goes_into_the_iterators(tmp_path):
    pytest.importorskip('tutor.io')
    from tutor.data import letters_iters
    data, label = load_uci_letters(write(tmp_path, GOOD * 20))   # 60 rows: 48 / 12
    train_iter, val_iter = letters_iters(batch_size=4, data=data, label=label)
    assert sum(1 for _ in train_iter) == 12 and sum(1 for _ in val_iter) == 3
