"""PyTorch CPU eager, the same network and SGD (CrossEntropyLoss's mean = rescale 1/batch)."""
import time


def available():
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


class TorchEager:
    label = '(e) PyTorch eager (CPU)'

    def __init__(self, workload, x, y, weights):
        import torch
        self.torch, self.w = torch, workload
        self.x = torch.from_numpy(x)
        self.y = torch.from_numpy(y.astype('int64'))
        layers = []
        for k, (W, b) in enumerate(weights):
            lin = torch.nn.Linear(W.shape[1], W.shape[0])
            with torch.no_grad():
                lin.weight.copy_(torch.from_numpy(W))
                lin.bias.copy_(torch.from_numpy(b))
            layers.append(lin)
            if k < len(weights) - 1:
                layers.append(torch.nn.ReLU())
        self.model = torch.nn.Sequential(*layers)
        self.opt = torch.optim.SGD(self.model.parameters(), lr=workload.lr)
        self.loss = torch.nn.CrossEntropyLoss()

    def run(self, epochs):
        times, acc = [], None
        bs = self.w.batch
        for _ in range(epochs):
            t = time.perf_counter()
            correct = 0
            for start in range(0, self.w.rows, bs):
                xb, yb = self.x[start:start + bs], self.y[start:start + bs]
                out = self.model(xb)
                loss = self.loss(out, yb)
                self.opt.zero_grad()
                loss.backward()
                self.opt.step()
                correct += int((out.argmax(1) == yb).sum())
            times.append(time.perf_counter() - t)
            acc = correct / self.w.rows
        return times, acc
