"""BoundaryPanel: the 2-D sets, the class regions drawn from the epoch_end weights."""
import numpy as np
import pytest

import tutor as mx
from tutor.widgets.boundary import GRID_STEPS
from widget_helpers import english, letters_slice, panel, png_ok  # noqa: F401 (fixtures)


@pytest.fixture
def board():
    return mx.widgets.BoundaryPanel('blobs', num_epoch=12)


def test_controls_and_untrained_picture(board):
    assert list(board.controls) == ['dataset', 'learning_rate', 'num_epoch', 'num_hidden',
                                    'num_layers', 'optimizer']
    assert board.settings()['dataset'] == 'blobs' and board.settings()['batch_size'] == 32
    ax = board.figure.axes[0]
    assert ax.get_title() == 'Decision boundary (not trained yet)'
    assert len(ax.collections[0].get_offsets()) == 300          # the data points


def test_training_redraws_the_boundary_from_the_last_epoch(board):
    before = board.picture()
    run = board.train(block=True)
    assert run.status == 'finished' and len(run.epochs) == 12
    assert run.epochs[-1]['train_metric'] > 0.9                  # blobs are easy
    epoch, probs = board._frame
    assert epoch == 11 and probs.shape == (GRID_STEPS ** 2, 3)
    np.testing.assert_allclose(probs.sum(1), 1, rtol=1e-5)
    # the regions agree with what the trained module predicts on the same grid
    xx, yy, points = mx.data.grid(board.data()[0], steps=GRID_STEPS)
    pred = board.module.predict(mx.io.NDArrayIter(points, batch_size=32))
    agree = (np.asarray(pred).argmax(1) == probs.argmax(1)).mean()
    assert agree > 0.99
    ax = board.figure.axes[0]
    assert ax.get_title() == 'Decision boundary after epoch 12'
    image = ax.get_images()[0].get_array()
    assert image.shape == (GRID_STEPS, GRID_STEPS, 3) and image.min() < 0.9
    assert png_ok(board.picture()) and board.picture() != before
    assert 'train accuracy' in board.status.value


def test_weights_come_from_the_epoch_end_event(board):
    seen = []
    board._epoch_done_orig = board._epoch_done

    def spy(run, module):
        seen.append(board._params[0])
        return board._epoch_done_orig(run, module)

    board._epoch_done = spy
    board.train(block=True, num_epoch=3)
    assert seen == [0, 1, 2]
    np.testing.assert_array_equal(board._params[1]['fc1_weight'],
                                  board.module.get_params()[0]['fc1_weight'])


def test_switching_the_data_set_redraws(board):
    board.train(block=True, num_epoch=2)
    board.controls['dataset'].value = 'spirals'
    ax = board.figure.axes[0]
    assert ax.get_title() == 'Decision boundary (not trained yet)'
    assert len(ax.collections[0].get_offsets()) == 300
    run = board.train(block=True, num_epoch=2)
    assert run.settings['dataset'] == 'spirals' and board._frame[1].shape[1] == 2


def test_spirals_need_the_hidden_layers():
    board = mx.widgets.BoundaryPanel('spirals', num_epoch=60)
    run = board.train(block=True)
    assert run.epochs[-1]['train_metric'] > 0.85


def test_custom_arrays_and_divergence():
    x, y = mx.data.blobs(n=120, seed=3)
    board = mx.widgets.BoundaryPanel((x * 1000, y), num_epoch=5, optimizer='sgd',
                                     learning_rate=10)
    run = board.train(block=True)
    assert run.status == 'diverged' and 'diverged' in board.status.value
    assert png_ok(board.snapshot())


def test_unknown_dataset():
    with pytest.raises(ValueError, match='spirals, blobs'):
        mx.widgets.BoundaryPanel('moons')
