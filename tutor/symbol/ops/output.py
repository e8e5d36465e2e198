"""Output (loss) layers. Their forward is the prediction; their backward is the gradient of
the loss they minimise, so they need no head gradient (the one passed in is ignored).

Every gradient here is a *sum* over the batch (normalization='null'); the 1/batch_size
comes from the optimizer's ``rescale_grad``, as in MXNet.
"""
import numpy as np

from ..op import Op, Param, register
from ._common import (Scratch, assign_shape, grad_finish, grad_target, known, out_finish,
                      out_target, prod, read_as, row_offsets, zero_grad)
from ._labels import labels_outside
from .activation import sigmoid_into, softmax_into

_NORMALIZATION = ('batch', 'null', 'valid')


@register
class SoftmaxOutput(Op):
    """Forward: p = softmax(x) over the classes (axis 1).
    Backward (loss = cross-entropy −Σ log p[label]): dx = (p − onehot(label))·grad_scale,
    summed over the batch; normalization 'batch' divides by N, 'valid' by the number of
    labels that are not ``ignore_label``. A label shaped like the data is a distribution:
    dx = (p − label)·grad_scale.
    """
    name = 'SoftmaxOutput'
    hint = 'softmaxoutput'
    params = {'grad_scale': Param('float', 1.0),
              'ignore_label': Param('float', -1.0),
              'multi_output': Param('bool', False),
              'use_ignore': Param('bool', False),
              'preserve_shape': Param('bool', False),
              'normalization': Param('enum', 'null', choices=_NORMALIZATION),
              'out_grad': Param('bool', False),
              'smooth_alpha': Param('float', 0.0)}
    inputs = ('data', 'label')

    formula = ('L = −(1/N) Σᵢ log pᵢ[yᵢ],  p = softmax(x)',
               r'L = -\frac{1}{N}\sum_{i=1}^{N}\log p_{i,y_i},\qquad p_i = \mathrm{softmax}(x_i)')
    grad_formula = ('∂(−log pᵢ[yᵢ])/∂xᵢ = pᵢ − onehot(yᵢ)',
                    r'\frac{\partial\,(-\log p_{i,y_i})}{\partial x_{ik}} = p_{ik} - '
                    r'\mathbb{1}[k=y_i]')

    def __init__(self, attrs=None, node_name=''):
        super().__init__(attrs, node_name)
        # With out_grad=True the head gradient multiplies the loss gradient, so it is needed.
        self.is_loss = not self.p['out_grad']

    def loss(self, output, label=None):
        """−mean log p[y] over the labelled positions (see softmax_cross_entropy)."""
        if label is None:
            return None
        with np.errstate(divide='ignore', invalid='ignore', over='ignore'):
            return softmax_cross_entropy(np.asarray(output), np.asarray(label), self.p)

    def _label_shapes(self, data):
        if self.p['multi_output']:
            flat = (data[0], prod(data[2:]))
            return [flat, (data[0],) + tuple(data[2:]), (data[0], 1) + tuple(data[2:])]
        return [tuple(data[:-1])]

    def infer_shape(self, in_shapes, aux_shapes):
        data, label = in_shapes
        if data is None:
            return in_shapes, [None], aux_shapes
        if len(data) < 2:
            raise self.shape_error('SoftmaxOutput needs data of shape (batch, classes, ...), '
                                   'got %s; reshape the data or end with a regression output'
                                   % (tuple(data),))
        choices = self._label_shapes(data)
        if known(label) and tuple(label) != tuple(data) and tuple(label) not in choices:
            if len(choices) > 1:
                raise self.shape_error(
                    'Expecting %s. But got %s: with multi_output=True the label of data %s '
                    'has one class index per position; give it one of those shapes'
                    % (' or '.join(str(c) for c in choices), tuple(label), tuple(data)))
            assign_shape(self, in_shapes, 1, choices[0], 'label',
                         'one class index per sample of data %s, or a label shaped like the '
                         'data for probabilities' % (tuple(data),))
        if not known(label):
            in_shapes[1] = choices[0]
        return in_shapes, [tuple(data)], aux_shapes

    def create_state(self, in_shapes, out_shapes):
        state = Scratch()
        state.shape = self._class_axis_shape(in_shapes[0])
        state.told_labels = False     # labels outside the classes: said once per bound op
        return state

    def _class_axis_shape(self, dshape):
        """The shape the maths works in: the classes on axis 1 of (rows, K) or, with
        multi_output, of (N, K, positions)."""
        if self.p['preserve_shape']:
            return (prod(dshape[:-1]), dshape[-1])
        if self.p['multi_output']:
            return (dshape[0], dshape[1], prod(dshape[2:]))
        return (dshape[0], prod(dshape[1:]))

    def forward(self, is_train, inputs, outputs, aux, state):
        x = read_as(state, 'x', inputs[0], state.shape)
        p = out_target(state, 'p', outputs[0], state.shape)
        softmax_into(x, p, state)
        out_finish(outputs[0], p)
        if is_train and not state.told_labels and inputs[1].shape != outputs[0].shape:
            ignore = int(self.p['ignore_label']) if self.p['use_ignore'] else None
            state.told_labels = labels_outside(self, inputs[1], state.shape[1], ignore)

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        zero_grad(in_grads[1], req[1])
        label = inputs[1]
        if label.shape == outputs[0].shape:      # probabilities as labels
            g = grad_target(state, 'ddata', in_grads[0], req[0])
            if g is None:
                return
            np.subtract(outputs[0], label, out=g)
            g *= self.p['grad_scale']
        else:
            g = grad_target(state, 'ddata', in_grads[0], req[0], state.shape)
            if g is None:
                return
            p = read_as(state, 'out', outputs[0], state.shape)
            scale = self._hard_label_grad(p, label, g, state)
            if self.p['grad_scale'] / scale != 1:
                g *= self.p['grad_scale'] / scale
        if self.p['out_grad']:
            g *= read_as(state, 'dy', out_grads[0], g.shape)
        grad_finish(in_grads[0], req[0], g)

    def _hard_label_grad(self, p, label, g, state):
        """g = p − target for class-index labels; returns what MXNet divides the sum by."""
        k = p.shape[1]
        lab = label.reshape(-1).astype(np.intp)  # C++ static_cast<int>: truncates
        multi = p.ndim == 3
        alpha = 0.0 if multi else self.p['smooth_alpha']  # MXNet ignores it for multi_output
        if multi:
            n, pos = p.shape[0], p.shape[2]
            lab = lab[:n * pos]
            idx = np.nonzero((lab >= 0) & (lab < k))[0]
            target, at = g, (idx // pos, lab[idx], idx % pos)
        else:
            lab = lab[:p.shape[0]]       # MXNet reads one label per row
            # One check for 0 <= label < K: as unsigned, negative labels become huge.
            if lab.size and lab.view(np.uintp).max() < k:
                offsets, cols = row_offsets(state, lab.size, k), lab
            else:                        # a label outside 0..K-1 gets no target, as in MXNet
                idx = np.nonzero((lab >= 0) & (lab < k))[0]
                offsets, cols = idx * k, lab[idx]
            target, at = _flat_target(g, offsets, cols, k)
        if alpha == 0:
            g[...] = p
            target[at] -= 1
        else:                            # target: 1 − α on the label, α/(K−1) elsewhere
            off = alpha / (k - 1)
            np.subtract(p, off, out=g)
            target[at] -= 1 - alpha - off
        ignore = int(self.p['ignore_label'])
        if self.p['use_ignore']:
            keep = (lab != ignore).reshape((n, 1, pos) if multi else (-1, 1))
            np.multiply(g, keep, out=g)
        return self._normalizer(p, label, multi, ignore)

    def _normalizer(self, p, label, multi, ignore):
        norm = self.p['normalization']
        if norm == 'batch':
            count = p.shape[0] if multi else label.size
        elif norm == 'valid':
            count = max(int(np.count_nonzero(label.reshape(-1).astype(np.intp) != ignore)), 1)
        else:
            count = 1
        if multi and norm != 'valid':
            count *= p.shape[2]
        return count


def softmax_cross_entropy(p, label, params=None):
    """−mean log p[y] over the labelled positions, as SoftmaxOutput's gradient implies: label
    values outside 0..K−1 (and ignore_label with use_ignore) are left out; smooth_alpha puts
    1 − α on the label and α/(K−1) on each other class; a label shaped like p is a target
    distribution."""
    params = params or {}
    p = np.asarray(p, dtype=np.float64)
    label = np.asarray(label, dtype=np.float64)
    if label.shape == p.shape:                       # a distribution per sample
        axis = -1 if params.get('preserve_shape') else 1
        return float(-np.mean(np.sum(label * np.log(p), axis=axis)))
    if params.get('preserve_shape'):
        probs = p.reshape(-1, p.shape[-1])
    elif params.get('multi_output'):                 # every position is a sample
        probs = np.moveaxis(p.reshape(p.shape[0], p.shape[1], -1), 1, 2).reshape(-1, p.shape[1])
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
    picked = logp[np.arange(rows.size), lab[rows]]
    alpha = 0.0 if params.get('multi_output') else float(params.get('smooth_alpha') or 0)
    if alpha == 0:
        return float(-picked.mean())
    off = alpha / (k - 1)
    return float(-((1 - alpha - off) * picked + off * logp.sum(axis=1)).mean())


def _flat_target(g, offsets, cols, k):
    """g[r, cols_r] as g.flat[r*K + cols_r]: one index array is cheaper than two."""
    if g.flags.c_contiguous:
        return g.reshape(-1), (offsets + cols,)
    return g, (offsets // k, cols)


class _Regression(Op):
    """Shared by the three regression outputs: label shaped like the data (a (N,) label
    also fits (N, 1) data); grad = f(out, label)·grad_scale/m, m = outputs per sample."""
    params = {'grad_scale': Param('float', 1.0)}
    inputs = ('data', 'label')
    is_loss = True

    def infer_shape(self, in_shapes, aux_shapes):
        data, label = in_shapes
        if data is None:
            return in_shapes, [None], aux_shapes
        if not known(label):
            in_shapes[1] = (data[0],) if len(data) == 2 and data[1] == 1 else tuple(data)
        elif label[0] != data[0] or prod(label) != prod(data):
            raise self.shape_error(
                'Shape inconsistent, Provided=%s, inferred shape=%s: the label %s must have '
                'the shape of the data %s (one target per output); give %s a label of shape '
                '%s' % ('[%s]' % ','.join(map(str, label)), '[%s]' % ','.join(map(str, data)),
                        tuple(label), tuple(data), self.name, tuple(data)))
        return in_shapes, [tuple(data)], aux_shapes

    def create_state(self, in_shapes, out_shapes):
        return Scratch()

    def forward(self, is_train, inputs, outputs, aux, state):
        np.copyto(outputs[0], inputs[0])

    def loss(self, output, label=None):
        if label is None:
            return None
        out = np.asarray(output, dtype=np.float64)
        with np.errstate(divide='ignore', invalid='ignore', over='ignore'):
            return float(np.mean(self._loss(out, np.asarray(label, np.float64).reshape(
                out.shape))))

    def _grad(self, out, label, g):
        np.subtract(out, label, out=g)

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        zero_grad(in_grads[1], req[1])
        g = grad_target(state, 'ddata', in_grads[0], req[0])
        if g is None:
            return
        out, label = outputs[0], inputs[1]
        self._grad(out, label.reshape(out.shape), g)
        m = label.size // label.shape[0]
        g *= self.p['grad_scale'] / m
        grad_finish(in_grads[0], req[0], g)


@register
class LinearRegressionOutput(_Regression):
    """Forward: identity. Backward (loss ½·Σ(out − label)²/m): (out − label)·grad_scale/m."""
    name = 'LinearRegressionOutput'
    hint = 'linearregressionoutput'
    formula = ('L = (1/N) Σᵢ (1/m) Σⱼ ½ (xᵢⱼ − yᵢⱼ)²',
               r'L = \frac{1}{N}\sum_{i=1}^{N}\frac{1}{m}\sum_{j=1}^{m}'
               r'\tfrac{1}{2}\left(x_{ij}-y_{ij}\right)^2')
    grad_formula = ('∂Lᵢ/∂xᵢⱼ = (xᵢⱼ − yᵢⱼ)/m',
                    r'\frac{\partial L_i}{\partial x_{ij}} = \frac{x_{ij}-y_{ij}}{m}')

    def _loss(self, out, y):
        return 0.5 * (out - y) ** 2


@register
class LogisticRegressionOutput(_Regression):
    """Forward: σ(x). Backward (loss: binary cross-entropy /m): (σ(x) − label)·grad_scale/m."""
    name = 'LogisticRegressionOutput'
    hint = 'logisticregressionoutput'
    formula = ('L = −(1/N) Σᵢ (1/m) Σⱼ [yᵢⱼ log σ(xᵢⱼ) + (1 − yᵢⱼ) log(1 − σ(xᵢⱼ))]',
               r'L = -\frac{1}{N}\sum_{i=1}^{N}\frac{1}{m}\sum_{j=1}^{m}'
               r'\left[y_{ij}\log\sigma(x_{ij})+(1-y_{ij})'
               r'\log\left(1-\sigma(x_{ij})\right)\right]')
    grad_formula = ('∂Lᵢ/∂xᵢⱼ = (σ(xᵢⱼ) − yᵢⱼ)/m',
                    r'\frac{\partial L_i}{\partial x_{ij}} = '
                    r'\frac{\sigma(x_{ij})-y_{ij}}{m}')

    def _loss(self, p, y):
        # A float32 sigmoid is exactly 0 or 1 beyond |x| ≈ 17; clipping there keeps the loss
        # finite where its gradient (σ − y) is finite too.
        p = np.clip(p, 2.0 ** -24, 1 - 2.0 ** -24)
        return -(y * np.log(p) + (1 - y) * np.log(1 - p))

    def forward(self, is_train, inputs, outputs, aux, state):
        sigmoid_into(inputs[0], outputs[0])


@register
class MAERegressionOutput(_Regression):
    """Forward: identity. Backward (loss Σ|out − label|/m): sign(out − label)·grad_scale/m,
    where MXNet's sign is +1 if out > label else −1 (so −1 at a tie)."""
    name = 'MAERegressionOutput'
    hint = 'maeregressionoutput'
    formula = ('L = (1/N) Σᵢ (1/m) Σⱼ |xᵢⱼ − yᵢⱼ|',
               r'L = \frac{1}{N}\sum_{i=1}^{N}\frac{1}{m}\sum_{j=1}^{m}'
               r'\left|x_{ij}-y_{ij}\right|')
    grad_formula = ('∂Lᵢ/∂xᵢⱼ = sign(xᵢⱼ − yᵢⱼ)/m',
                    r'\frac{\partial L_i}{\partial x_{ij}} = '
                    r'\frac{\mathrm{sign}(x_{ij}-y_{ij})}{m}')

    def _loss(self, out, y):
        return np.abs(out - y)

    def _grad(self, out, label, g):
        np.greater(out, label, out=g)
        g *= 2
        g -= 1


@register
class MakeLoss(Op):
    """Turns any symbol into a loss: forward is the identity, backward is grad_scale for every
    element (the gradient of Σ x·grad_scale); 'batch' divides by N, 'valid' by the number of
    elements greater than valid_thresh."""
    name = 'MakeLoss'
    hint = 'makeloss'
    formula = ('L = (1/N) Σᵢ Σⱼ xᵢⱼ', r'L = \frac{1}{N}\sum_{i=1}^{N}\sum_{j} x_{ij}')
    grad_formula = ('∂Lᵢ/∂xᵢⱼ = 1', r'\frac{\partial L_i}{\partial x_{ij}} = 1')

    def loss(self, output, label=None):
        """The data summed, per sample (MakeLoss needs no label)."""
        out = np.asarray(output, dtype=np.float64)
        return float(out.sum() / max(out.shape[0], 1)) if out.ndim else float(out)
    params = {'grad_scale': Param('float', 1.0),
              'valid_thresh': Param('float', 0.0),
              'normalization': Param('enum', 'null', choices=_NORMALIZATION)}
    is_loss = True

    def infer_shape(self, in_shapes, aux_shapes):
        data = in_shapes[0]
        return in_shapes, [None if data is None else tuple(data)], aux_shapes

    def forward(self, is_train, inputs, outputs, aux, state):
        np.copyto(outputs[0], inputs[0])

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        dx = in_grads[0]
        if dx is None or req[0] == 'null':
            return
        x = inputs[0]
        value = self.p['grad_scale']
        if self.p['normalization'] == 'batch':
            value /= x.shape[0]
        elif self.p['normalization'] == 'valid':
            value /= max(int(np.count_nonzero(x > self.p['valid_thresh'])), 1)
        if req[0] == 'add':
            dx += value
        else:
            dx.fill(value)
