"""The loss heads of a symbol, and their loss for one batch. The maths lives once, in each
output op (``op.loss(output, label)``, ``op.formula``, ``op.grad_formula`` in
tutor/symbol/ops/output.py); this file finds the heads and asks them.

The value is the mean over the batch of the per-sample loss whose gradient the head writes
in backward; the executor sums that gradient over the batch and ``rescale_grad`` = 1/N turns
the sum into the mean, so this mean is exactly what SGD descends.
"""
from ..symbol.op import OPS
from ..symbol.ops.output import softmax_cross_entropy  # noqa: F401 - the lens's own name for it

# The ops that say what they minimise, and their formulas by op name (read from the ops).
LOSS_OPS = tuple(name for name, cls in OPS.items() if cls.formula is not None)
PLAIN = {name: OPS[name].formula[0] for name in LOSS_OPS}
LATEX = {name: OPS[name].formula[1] for name in LOSS_OPS}
GRAD_PLAIN = {name: OPS[name].grad_formula[0] for name in LOSS_OPS}
GRAD_LATEX = {name: OPS[name].grad_formula[1] for name in LOSS_OPS}


class Head:
    """One output of a symbol: its node, what loss it is, and the label it reads."""

    def __init__(self, node, index, position=0):
        self.position = position     # which of the symbol's outputs it is
        self.node = node
        self.index = index
        self.op_name = node.op_name
        self.name = node.name
        self.output_name = node.output_name(index)
        self.op = node.op
        self.formula = getattr(node.op, 'formula', None)          # None: not a loss layer
        self.grad_formula = getattr(node.op, 'grad_formula', None)
        self.is_loss = self.formula is not None and bool(node.op.is_loss)
        self.params = dict(getattr(node.op, 'p', {}) or {})
        label = node.inputs[1][0] if self.formula and len(node.inputs) > 1 else None
        self.label_name = label.name if label is not None and label.op is None else None
        feed = node.inputs[0][0] if node.inputs else None
        self.input_name = feed.name if feed is not None else None
        self.input_node = feed

    def bias_of_input(self):
        """The bias of the FullyConnected feeding this head: its gradient is the sum over the
        batch of the head's input gradient, which makes the loss gradient visible."""
        feed = self.input_node
        if feed is None or feed.op_name != 'FullyConnected' or len(feed.inputs) < 3:
            return None
        bias = feed.inputs[2][0]
        return bias.name if bias.op is None else None


def heads(symbol):
    """The symbol's outputs as Heads, in list_outputs order."""
    return [Head(node, i, k) for k, (node, i) in enumerate(symbol._outputs)]


def batch_labels(module, batch):
    """{label name: array} of the labels this batch brought (none if the module was bound
    without label shapes: then forward did not use them either)."""
    labels = getattr(batch, 'label', None)
    if not labels or not module.view.label_shapes:
        return {}
    return dict(zip(module.view.label_names, labels))


def batch_losses(module, heads_, batch):
    """{output name: loss} for the batch just run forward, for the heads that have a loss."""
    labels = batch_labels(module, batch)
    out = {}
    for head, output in zip(heads_, module.view.outputs):
        value = batch_loss(head, output, labels.get(head.label_name))
        if value is not None:
            out[head.output_name] = value
    return out


def batch_loss(head, out, label=None):
    """The head's loss for one batch (a float), or None when it needs a label it lacks."""
    return head.op.loss(out, label) if head.formula is not None else None
