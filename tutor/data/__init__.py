"""Data sets that need no download.

* ``letters()``: 20000 synthetic letters with the UCI Letter Recognition layout (16 integer
  features 0..15, labels 0..25), made from matplotlib's fonts; ``letters_iters()`` gives the
  tutorial's train/validation NDArrayIters. ``load_uci_letters(path)`` reads the real file.
* ``letter_image_set()``: the same letters as 1×28×28 images, laid out like MXNet's MNIST
  tutorial (``mx.test_utils.get_mnist()``).
* ``blobs()``, ``spirals()`` and ``grid()``: 2-D toy sets for decision-boundary pictures.
* ``corpus('en')`` / ``corpus('zh')``: the course's short story, one sentence per line, for
  the character model of the sequences chapter.
* ``show_glyphs()``, ``plot_features()``, ``plot_decision_boundary()``: figures (matplotlib
  is imported only when one is drawn).
"""
from .corpus import corpus, corpus_path
from .features import FEATURE_NAMES, FEATURE_HELP
from .images import letter_image_set, read_letter_images, save_letter_images
from .letterset import letters, letters_iters, make_letters, letter_images, split
from .show import plot_decision_boundary, plot_features, show_glyphs
from .toy import blobs, grid, spirals
from .uci import load_uci_letters

__all__ = ['corpus', 'corpus_path', 'FEATURE_NAMES', 'FEATURE_HELP', 'letter_image_set',
           'read_letter_images', 'save_letter_images', 'letters', 'letters_iters', 'make_letters',
           'letter_images', 'split', 'load_uci_letters', 'blobs', 'spirals', 'grid',
           'show_glyphs', 'plot_features', 'plot_decision_boundary']
