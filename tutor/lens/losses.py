"""What each loss head minimises: its value for one batch, computed from the head's output
and its label with NumPy in float64, and its formula (plain text and LaTeX).

The value is the mean over the batch of the per-sample loss whose gradient the head writes
in backward; the executor sums that gradient over the batch and ``rescale_grad`` = 1/N turns
the sum into the mean, so this mean is exactly what SGD descends.
"""
import numpy as np

LOSS_OPS = ('SoftmaxOutput', 'LinearRegressionOutput', 'LogisticRegressionOutput',
            'MAERegressionOutput', 'MakeLoss')

LATEX = {
    'SoftmaxOutput': r'L = -\frac{1}{N}\sum_{i=1}^{N}\log p_{i,y_i},\qquad '
                     r'p_i = \mathrm{softmax}(x_i)',
    'LinearRegressionOutput': r'L = \frac{1}{N}\sum_{i=1}^{N}\frac{1}{m}\sum_{j=1}^{m}'
                              r'\tfrac{1}{2}\left(x_{ij}-y_{ij}\right)^2',
    'LogisticRegressionOutput': r'L = -\frac{1}{N}\sum_{i=1}^{N}\frac{1}{m}\sum_{j=1}^{m}'
                                r'\left[y_{ij}\log\sigma(x_{ij})+(1-y_{ij})'
                                r'\log\left(1-\sigma(x_{ij})\right)\right]',
    'MAERegressionOutput': r'L = \frac{1}{N}\sum_{i=1}^{N}\frac{1}{m}\sum_{j=1}^{m}'
                           r'\left|x_{ij}-y_{ij}\right|',
    'MakeLoss': r'L = \frac{1}{N}\sum_{i=1}^{N}\sum_{j} x_{ij}',
}
GRAD_LATEX = {
    'SoftmaxOutput': r'\frac{\partial\,(-\log p_{i,y_i})}{\partial x_{ik}} = p_{ik} - '
                     r'\mathbb{1}[k=y_i]',
    'LinearRegressionOutput': r'\frac{\partial L_i}{\partial x_{ij}} = \frac{x_{ij}-y_{ij}}{m}',
    'LogisticRegressionOutput': r'\frac{\partial L_i}{\partial x_{ij}} = '
                                r'\frac{\sigma(x_{ij})-y_{ij}}{m}',
    'MAERegressionOutput': r'\frac{\partial L_i}{\partial x_{ij}} = '
                           r'\frac{\mathrm{sign}(x_{ij}-y_{ij})}{m}',
    'MakeLoss': r'\frac{\partial L_i}{\partial x_{ij}} = 1',
}
PLAIN = {
    'SoftmaxOutput': 'L = −(1/N) Σᵢ log pᵢ[yᵢ],  p = softmax(x)',
    'LinearRegressionOutput': 'L = (1/N) Σᵢ (1/m) Σⱼ ½ (xᵢⱼ − yᵢⱼ)²',
    'LogisticRegressionOutput': 'L = −(1/N) Σᵢ (1/m) Σⱼ [yᵢⱼ log σ(xᵢⱼ) + '
                                '(1 − yᵢⱼ) log(1 − σ(xᵢⱼ))]',
    'MAERegressionOutput': 'L = (1/N) Σᵢ (1/m) Σⱼ |xᵢⱼ − yᵢⱼ|',
    'MakeLoss': 'L = (1/N) Σᵢ Σⱼ xᵢⱼ',
}
GRAD_PLAIN = {
    'SoftmaxOutput': '∂(−log pᵢ[yᵢ])/∂xᵢ = pᵢ − onehot(yᵢ)',
    'LinearRegressionOutput': '∂Lᵢ/∂xᵢⱼ = (xᵢⱼ − yᵢⱼ)/m',
    'LogisticRegressionOutput': '∂Lᵢ/∂xᵢⱼ = (σ(xᵢⱼ) − yᵢⱼ)/m',
    'MAERegressionOutput': '∂Lᵢ/∂xᵢⱼ = sign(xᵢⱼ − yᵢⱼ)/m',
    'MakeLoss': '∂Lᵢ/∂xᵢⱼ = 1',
}

# A float32 sigmoid is exactly 0 or 1 beyond |x| ≈ 17; clipping there keeps the logistic
# loss finite where its gradient (σ − y) is finite too.
_SIGMOID_EPS = 2.0 ** -24


class Head:
    """One output of a symbol: its node, what loss it is, and the label it reads."""

    def __init__(self, node, index, position=0):
        self.position = position     # which of the symbol's outputs it is
        self.node = node
        self.index = index
        self.op_name = node.op_name
        self.name = node.name
        self.output_name = node.output_name(index)
        self.is_loss = self.op_name in LOSS_OPS and bool(getattr(node.op, 'is_loss', True))
        self.params = dict(getattr(node.op, 'p', {}) or {})
        label = node.inputs[1][0] if self.op_name in LOSS_OPS and len(node.inputs) > 1 else None
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
    if head.op_name == 'MakeLoss':
        out = np.asarray(out, dtype=np.float64)
        return float(out.sum() / max(out.shape[0], 1)) if out.ndim else float(out)
    if label is None or head.op_name not in LOSS_OPS:
        return None
    with np.errstate(divide='ignore', invalid='ignore', over='ignore'):
        if head.op_name == 'SoftmaxOutput':
            return softmax_cross_entropy(np.asarray(out), np.asarray(label), head.params)
        out = np.asarray(out, dtype=np.float64)
        y = np.asarray(label, dtype=np.float64).reshape(out.shape)
        if head.op_name == 'LinearRegressionOutput':
            return float(0.5 * np.mean((out - y) ** 2))
        if head.op_name == 'MAERegressionOutput':
            return float(np.mean(np.abs(out - y)))
        p = np.clip(out, _SIGMOID_EPS, 1 - _SIGMOID_EPS)
        return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


_PLAIN_SOFTMAX = {'use_ignore': False, 'smooth_alpha': 0.0, 'multi_output': False,
                  'preserve_shape': False}


def _plain(params):
    return all(params.get(k, v) == v for k, v in _PLAIN_SOFTMAX.items())


def softmax_cross_entropy(p, label, params=None):
    """−mean log p[y] over the labelled positions, as SoftmaxOutput's gradient implies
    (ignored labels left out when use_ignore; smooth_alpha spreads the target)."""
    params = params or {}
    if p.ndim == 2 and label.shape == p.shape[:1] and _plain(params):   # the usual case
        lab = label.astype(np.intp)
        if lab.size and lab.min() >= 0 and lab.max() < p.shape[1]:
            picked = p[np.arange(lab.size), lab].astype(np.float64)
            return float(-np.log(picked).mean())
    p = np.asarray(p, dtype=np.float64)
    label = np.asarray(label, dtype=np.float64)
    if label.shape == p.shape:                       # a distribution per sample
        return float(-np.mean(np.sum(label * np.log(p), axis=-1 if params.get(
            'preserve_shape') else 1)))
    if params.get('preserve_shape'):
        p2 = p.reshape(-1, p.shape[-1])
        probs, k = p2, p2.shape[1]
        lab = label.reshape(-1).astype(np.int64)[:p2.shape[0]]
    elif params.get('multi_output'):
        n, k = p.shape[0], p.shape[1]
        probs = np.moveaxis(p.reshape(n, k, -1), 1, 2).reshape(-1, k)
        lab = label.reshape(-1).astype(np.int64)[:probs.shape[0]]
    else:
        probs = p.reshape(p.shape[0], -1)
        k = probs.shape[1]
        lab = label.reshape(-1).astype(np.int64)[:probs.shape[0]]
    keep = (lab >= 0) & (lab < k)
    if params.get('use_ignore'):
        keep &= lab != int(params.get('ignore_label', -1))
    if not keep.any():
        return float('nan')
    rows = np.nonzero(keep)[0]
    logp = np.log(probs[rows])
    alpha = 0.0 if params.get('multi_output') else float(params.get('smooth_alpha') or 0)
    picked = logp[np.arange(rows.size), lab[rows]]
    if alpha == 0:
        return float(-picked.mean())
    off = alpha / (k - 1)
    per_row = (1 - alpha - off) * picked + off * logp.sum(axis=1)
    return float(-per_row.mean())
