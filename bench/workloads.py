"""The two workloads: the Module tutorial's letters MLP and a compute-bound MLP.

A workload is a layer list and the data to train on. Every contestant trains the same
network (FullyConnected layers, ReLU between them, softmax cross-entropy at the end) with
plain SGD, ``rescale_grad = 1/batch``, no shuffling, weights drawn from U(-0.01, 0.01).
"""
from dataclasses import dataclass

import numpy as np


@dataclass
class Workload:
    name: str
    layers: tuple          # (inputs, hidden..., classes)
    batch: int
    batches: int           # per epoch
    lr: float
    data: str              # 'letters' or 'random'

    @property
    def rows(self):
        return self.batch * self.batches

    def describe(self):
        return '%s: %s, batch %d, %d batches/epoch' % (
            self.name, '-'.join(str(n) for n in self.layers), self.batch, self.batches)


WORKLOADS = {
    'tutorial': Workload('tutorial MLP', (16, 64, 26), 100, 160, 0.1, 'letters'),
    'compute': Workload('compute-bound MLP', (784, 512, 512, 10), 128, 60, 0.05, 'random'),
}
TINY = {
    'tutorial': Workload('tutorial MLP (tiny)', (16, 64, 26), 100, 4, 0.1, 'letters'),
    'compute': Workload('compute-bound MLP (tiny)', (784, 512, 512, 10), 128, 2, 0.05,
                        'random'),
}


def make_data(w):
    """(x float32 (rows, inputs), y float32 class indices (rows,)): the same for everyone."""
    if w.data == 'letters':
        from tutor.data import letters
        x, y = letters()       # the tutorial's first 16000 rows are its training set
        return (np.ascontiguousarray(x[:w.rows], dtype=np.float32),
                y[:w.rows].astype(np.float32))
    rng = np.random.default_rng(0)
    classes = w.layers[-1]
    y = rng.integers(0, classes, w.rows)
    centres = rng.normal(size=(classes, w.layers[0]))
    x = centres[y] + rng.normal(scale=2.0, size=(w.rows, w.layers[0]))
    return x.astype(np.float32), y.astype(np.float32)


def init_weights(w, seed):
    """[(W, b)] per layer: W (out, in) ~ U(-0.01, 0.01), b = 0, as mx.init.Uniform(0.01)."""
    rng = np.random.default_rng(seed)
    return [(rng.uniform(-0.01, 0.01, (n_out, n_in)).astype(np.float32),
             np.zeros(n_out, np.float32))
            for n_in, n_out in zip(w.layers[:-1], w.layers[1:])]
