"""Gradient checks for the array operators, which may have several inputs and several
outputs: backward against central differences of L = Σₖ Σ headₖ·outputₖ in float64, with
grad_req write, add (the gradient lands on top of what was there) and null, and gradients
written into strided (non-contiguous) arrays as the caller binds them."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from _ophelp import make, numeric_grad  # noqa: E402


class Bound:
    """One op with float64 arrays, as the executor would give them."""

    def __init__(self, op, args):
        self.op = op
        self.args = [np.array(a, dtype=np.float64) for a in args]
        _, out_shapes, _ = op.infer_shape([a.shape for a in self.args], [])
        assert all(s is not None for s in out_shapes), out_shapes
        self.outputs = [np.zeros(s) for s in out_shapes]
        self.state = op.create_state([a.shape for a in self.args], out_shapes)

    def forward(self):
        self.op.forward(True, self.args, self.outputs, [], self.state)
        return self.outputs

    def backward(self, heads, grads, reqs):
        self.op.backward(heads, self.args, self.outputs, grads, reqs, [], self.state)


def strided_zeros(shape):
    """A zero array that is a strided view (every other element of a bigger one)."""
    big = np.zeros(tuple(shape[:-1]) + (2 * shape[-1],)) if shape else np.zeros(2)
    return big[..., ::2] if shape else big[:1].reshape(())


def check_op_grads(op_name, args, attrs, which=None, rng=None):
    """Backward of every input in ``which`` (default: all) equals central differences, for
    'write' into contiguous and strided arrays, and 'add' on top of earlier values."""
    rng = rng or np.random.RandomState(3)
    which = range(len(args)) if which is None else which
    b = Bound(make(op_name, **attrs), args)
    heads = [rng.uniform(-1, 1, o.shape) for o in b.forward()]

    def loss():
        return float(sum(np.sum(h * o) for h, o in zip(heads, b.forward())))

    want = {i: numeric_grad(loss, b.args[i]) for i in which}
    b.forward()
    reqs = ['write' if i in which else 'null' for i in range(len(args))]
    for make_grad in (np.zeros, strided_zeros):
        grads = [make_grad(a.shape) if i in which else None for i, a in enumerate(b.args)]
        b.backward(heads, grads, reqs)
        for i in which:
            np.testing.assert_allclose(grads[i], want[i], rtol=1e-6, atol=1e-8,
                                       err_msg='%s: gradient of input %d' % (op_name, i))
    before = {i: rng.uniform(-1, 1, b.args[i].shape) for i in which}
    grads = [before[i].copy() if i in which else None for i in range(len(args))]
    b.backward(heads, grads, ['add' if i in which else 'null' for i in range(len(args))])
    for i in which:
        np.testing.assert_allclose(grads[i], before[i] + want[i], rtol=1e-6, atol=1e-8,
                                   err_msg='%s: grad_req add, input %d' % (op_name, i))
    return b
