"""The floor: a minimal hand-written NumPy training loop doing the same work as ``fit``.

Per batch: forward (x·Wᵀ + b, ReLU), softmax, accuracy, backward (p − onehot(y), summed
over the batch), SGD with ``rescale_grad = 1/batch``. What a careful NumPy programmer
writes in a few lines: no framework, no bookkeeping, and it still allocates its temporaries.
"""
import time

import numpy as np


class NumpyFloor:
    label = '(c) hand-written NumPy loop (floor)'

    def __init__(self, workload, x, y, weights):
        self.w = workload
        self.x, self.y = x, y.astype(np.intp)
        self.params = [(W.copy(), b.copy()) for W, b in weights]

    def epoch(self):
        bs, lr = self.w.batch, self.w.lr
        scale = lr / bs
        rows = np.arange(bs)
        correct = 0
        for start in range(0, self.w.rows, bs):
            x, y = self.x[start:start + bs], self.y[start:start + bs]
            acts = [x]
            for k, (W, b) in enumerate(self.params):      # forward
                z = acts[-1] @ W.T
                z += b
                if k < len(self.params) - 1:
                    np.maximum(z, 0, out=z)
                acts.append(z)
            p = acts[-1]                                   # softmax, in place
            p -= p.max(axis=1, keepdims=True)
            np.exp(p, out=p)
            p /= p.sum(axis=1, keepdims=True)
            correct += int((p.argmax(axis=1) == y).sum())
            p[rows, y] -= 1                                # d loss / d logits (batch sum)
            d = p
            for k in range(len(self.params) - 1, -1, -1):  # backward + SGD
                W, b = self.params[k]
                a = acts[k]
                dW, db = d.T @ a, d.sum(axis=0)
                if k:
                    d = d @ W
                    d *= a > 0
                W -= scale * dW
                b -= scale * db
        return correct / self.w.rows

    def run(self, epochs):
        times, acc = [], None
        for _ in range(epochs):
            t = time.perf_counter()
            acc = self.epoch()
            times.append(time.perf_counter() - t)
        return times, acc
