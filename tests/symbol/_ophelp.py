"""Run one operator outside any graph, as the executor does: shapes from infer_shape, arrays
allocated once, forward then backward. Plus a central-difference gradient for checks."""
import numpy as np

from tutor.symbol.op import OPS


def make(op_name, **attrs):
    """The op as JSON would build it: every parameter a string."""
    return OPS[op_name]({k: str(v) for k, v in attrs.items()}, node_name='t0')


class Run:
    """One bound op: ``args``/``aux``/``outputs``/``grads`` are plain numpy arrays."""

    def __init__(self, op, args, aux=(), dtype=None):
        self.op = op
        dtype = dtype or np.asarray(args[0]).dtype
        self.args = [np.array(a, dtype=dtype) for a in args]
        self.aux = [np.array(a, dtype=dtype) for a in aux]
        in_shapes, out_shapes, aux_shapes = op.infer_shape(
            [a.shape for a in self.args], [a.shape for a in self.aux])
        assert [tuple(s) for s in in_shapes] == [a.shape for a in self.args]
        assert [tuple(s) for s in aux_shapes] == [a.shape for a in self.aux]
        assert len(out_shapes) == op.num_outputs()
        self.outputs = [np.zeros(s, dtype=dtype) for s in out_shapes]
        self.grads = [np.zeros_like(a) for a in self.args]
        self.state = op.create_state([a.shape for a in self.args], out_shapes)

    def forward(self, is_train=True):
        self.op.forward(is_train, self.args, self.outputs, self.aux, self.state)
        return self.outputs[0]

    def backward(self, out_grad=None, req='write', grads=None):
        """``req``: one string or a list; entries 'null' get ``None`` as the executor gives."""
        reqs = [req] * len(self.args) if isinstance(req, str) else list(req)
        grads = self.grads if grads is None else grads
        in_grads = [None if r == 'null' else g for r, g in zip(reqs, grads)]
        ograds = [None] * self.op.num_outputs()
        if out_grad is not None:
            ograds[0] = np.asarray(out_grad, dtype=self.outputs[0].dtype)
        self.op.backward(ograds, self.args, self.outputs, in_grads, reqs, self.aux, self.state)
        return self.grads


def run(op_name, args, aux=(), is_train=True, out_grad=None, **attrs):
    r = Run(make(op_name, **attrs), args, aux)
    r.forward(is_train)
    if out_grad is not None or r.op.is_loss:
        r.backward(out_grad)
    return r


def numeric_grad(loss, array, eps=1e-6):
    """d loss / d array by central differences; ``loss()`` reads ``array`` in place."""
    g = np.zeros(array.shape, dtype=np.float64)
    for idx in np.ndindex(array.shape):
        old = array[idx]
        array[idx] = old + eps
        up = loss()
        array[idx] = old - eps
        down = loss()
        array[idx] = old
        g[idx] = (up - down) / (2 * eps)
    return g


def check_grads(op_name, args, which, attrs, out_grad=None, loss=None, is_train=True,
                aux=(), atol=1e-6, rtol=1e-5):
    """Compare the op's backward with central differences, in float64, for the argument
    indices ``which``. Non-loss ops: the loss is Σ out_grad·output. Loss ops pass ``loss``:
    a function of the output (and args) giving the loss they minimise."""
    r = Run(make(op_name, **attrs), [np.asarray(a, np.float64) for a in args],
            [np.asarray(a, np.float64) for a in aux])
    if out_grad is not None:
        out_grad = np.asarray(out_grad, np.float64)

    def value():
        out = r.forward(is_train)
        if loss is not None:
            return loss(out, r.args)
        return float(np.sum(out * out_grad))

    value()
    r.backward(out_grad)
    for i in which:
        want = numeric_grad(value, r.args[i])
        np.testing.assert_allclose(r.grads[i], want, atol=atol, rtol=rtol,
                                   err_msg='gradient of %s input %d' % (op_name, i))
    return r
