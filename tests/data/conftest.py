"""Fixtures for the data tests: the shipped letters, and the tutorial's MLP in plain NumPy."""
import numpy as np
import pytest


@pytest.fixture(scope='session')
def shipped():
    from tutor.data import letters
    return letters()


def train_reference_mlp(xtr, ytr, xva, yva, epochs, seed, lr=0.1, batch=32):
    """The tutorial's set-up without tutor: 16-64-26 relu MLP, softmax cross-entropy,
    weights U(-0.1, 0.1), biases 0, mean-gradient SGD (what SoftmaxOutput's summed gradient
    with rescale_grad = 1/batch gives), float32, a fresh shuffle each epoch (MXNet >= 1.4).
    Returns (training accuracy per epoch, validation accuracy)."""
    rs = np.random.RandomState(seed)
    w1 = rs.uniform(-0.1, 0.1, (16, 64)).astype(np.float32)
    w2 = rs.uniform(-0.1, 0.1, (64, 26)).astype(np.float32)
    b1, b2 = np.zeros(64, np.float32), np.zeros(26, np.float32)
    xtr, xva = xtr.astype(np.float32), xva.astype(np.float32)
    onehot = np.eye(26, dtype=np.float32)
    accs = []
    for _ in range(epochs):
        order, correct = rs.permutation(len(xtr)), 0
        for s in range(0, len(xtr), batch):
            x, y = xtr[order[s:s + batch]], ytr[order[s:s + batch]]
            h = np.maximum(x @ w1 + b1, 0)
            z = h @ w2 + b2
            p = np.exp(z - z.max(1, keepdims=True))
            p /= p.sum(1, keepdims=True)
            correct += (p.argmax(1) == y).sum()      # metric sees the pre-update outputs
            g = (p - onehot[y]) / len(y)
            gh = (g @ w2.T) * (h > 0)
            w2 -= lr * (h.T @ g)
            b2 -= lr * g.sum(0)
            w1 -= lr * (x.T @ gh)
            b1 -= lr * gh.sum(0)
        accs.append(correct / len(xtr))
    val = ((np.maximum(xva @ w1 + b1, 0) @ w2 + b2).argmax(1) == yva).mean()
    return accs, val


@pytest.fixture(scope='session')
def reference_mlp():
    return train_reference_mlp
