"""RNN: a whole recurrent network (every layer, direction and time step) as one operator, the
fused op behind ``mx.rnn.FusedRNNCell``. Its maths is the unfused cells' (rnn_cells.py has
one step of each mode); what is new is how the weights are stored and how the layers and
directions are wired.

Why one flat ``parameters`` vector: cuDNN (NVIDIA's GPU library MXNet calls) takes all the
weights of a multi-layer RNN as one block of memory so that a single kernel can run every
layer and time step. MXNet keeps that block as one parameter, and its CPU code reads the same
layout, so a model trained on a GPU loads on a CPU. The layout, with G gates of H units:

    for each layer, for each direction (left-to-right, then right-to-left):
        W_x (G·H, I)   the input-to-hidden weights, gates stacked in MXNet's order
        W_h (G·H, H)   the hidden-to-hidden weights
    then, in the same order of layers and directions:
        b_x (G·H,)     b_h (G·H,)

I is the data's feature size for layer 0, and D·H for the layers above (D = 2 directions if
bidirectional: a layer's output is both directions' h_t joined).
"""
import numpy as np

from ... import random as _random
from ...base import MXNetError
from ..op import Op, Param, register
from ._common import Scratch, assign_shape, write_grad
from .rnn_cells import MODES


def parameter_count(mode, num_layers, bidirectional, input_size, state_size):
    """How many numbers the ``parameters`` vector holds."""
    g, d, h = MODES[mode].num_gates, 2 if bidirectional else 1, state_size
    first = g * h * (input_size + h + 2)      # W_x, W_h, b_x, b_h of one direction
    above = g * h * (d * h + h + 2)           # the same for a layer that reads D·H inputs
    return d * (first + (num_layers - 1) * above)


def weight_views(flat, num_gates, num_layers, directions, input_size, state_size):
    """``views[layer][direction] = (W_x, W_h, b_x, b_h)``: reshaped views into ``flat`` (so
    writing into a view of a gradient vector writes the vector)."""
    gh, h = num_gates * state_size, state_size
    views = [[None] * directions for _ in range(num_layers)]
    p = 0

    def take(*shape):
        nonlocal p
        size = int(np.prod(shape))
        piece = flat[p:p + size].reshape(shape)
        p += size
        return piece

    for layer in range(num_layers):
        size_in = input_size if layer == 0 else directions * h
        for d in range(directions):
            views[layer][d] = [take(gh, size_in), take(gh, h)]
    for layer in range(num_layers):
        for d in range(directions):
            views[layer][d] += [take(gh), take(gh)]
    assert p == flat.size, 'parameters has %d numbers, the layout %d' % (flat.size, p)
    return views


def named_pieces(flat, mode, num_layers, bidirectional, input_size, state_size, prefix=''):
    """The same views cut per gate and named as MXNet's ``FusedRNNCell.unpack_weights``
    names them, in its order: ``<prefix>l0_i2h_f_weight`` (layer 0, left-to-right, the
    forget gate's rows of W_x), ..., ``<prefix>r1_h2h_o_bias``. A gate's rows of W_x are one
    block of the vector, so a view of them is a view of the vector."""
    step, d = MODES[mode], 2 if bidirectional else 1
    views = weight_views(flat, step.num_gates, num_layers, d, input_size, state_size)
    h, out = state_size, {}
    for first, kinds in ((0, ('i2h_%s_weight', 'h2h_%s_weight')),     # every weight first
                         (2, ('i2h_%s_bias', 'h2h_%s_bias'))):        # then every bias
        for layer in range(num_layers):
            for direction in range(d):
                for i, kind in enumerate(kinds):
                    block = views[layer][direction][first + i]
                    for g, gate in enumerate(step.gates):
                        name = '%s%s%d_%s' % (prefix, 'lr'[direction], layer,
                                              kind.replace('_%s', gate))
                        out[name] = block[g * h:(g + 1) * h]
    return out


def time_dot(a, b):
    """``a·b`` for a of shape (T, N, K): as one 2-D product of (T·N, K) rows (NumPy's dot of a
    3-D array does not use BLAS and is tens of times slower)."""
    return a.reshape(-1, a.shape[-1]).dot(b).reshape(a.shape[:-1] + b.shape[1:])


def run_direction(step, x, weights, h, c, reverse):
    """One layer in one direction over the whole sequence x (T, N, I). Returns the outputs
    y (T, N, H), the last h and c, and the tape backward replays."""
    w_x, w_h, b_x, b_h = weights
    xw = time_dot(x, w_x.T) + b_x             # every time step at once: (T, N, G·H)
    y = np.empty(x.shape[:2] + h.shape[-1:], dtype=x.dtype)
    tape = []
    for t in (reversed(range(x.shape[0])) if reverse else range(x.shape[0])):
        hw = h.dot(w_h.T) + b_h
        h_next, c_next, saved = step.forward(xw[t], hw, h, c)
        tape.append((t, h, c, saved))
        h, c = h_next, c_next
        y[t] = h
    return y, h, c, tape


def backprop_direction(step, x, weights, grads, tape, dy, dh, dc):
    """Backpropagation through time for run_direction: walks the tape backwards, adding the
    weights' gradients into ``grads`` (views of the parameters' gradient). Returns dx and the
    gradients of the first h and c."""
    w_x, w_h, _, _ = weights
    dw_x, dw_h, db_x, db_h = grads
    dxw = np.zeros(x.shape[:2] + w_x.shape[:1], dtype=x.dtype)
    for t, h_prev, c_prev, saved in reversed(tape):
        dh = dh + dy[t]                       # h_t feeds the output and the next step
        dxw_t, dhw, dh_direct, dc = step.backward(dh, dc, h_prev, c_prev, saved)
        dxw[t] = dxw_t
        dw_h += dhw.T.dot(h_prev)             # hw = h_{t−1}·W_hᵀ + b_h
        db_h += dhw.sum(axis=0)
        dh = dhw.dot(w_h)                     # on to step t−1
        if dh_direct is not None:             # GRU also uses h_{t−1} outside hw
            dh = dh + dh_direct
    rows = dxw.reshape(-1, dxw.shape[-1])     # (T·N, G·H): all steps at once again
    dw_x += rows.T.dot(x.reshape(-1, x.shape[-1]))
    db_x += rows.sum(axis=0)
    return time_dot(dxw, w_x), dh, dc


def _given(value):
    return value not in (None, 'None')


@register
class RNN(Op):
    """Stacked (and optionally bidirectional) recurrent layers over data of layout TNC:
    (T time steps, N sequences, I features) -> output (T, N, D·H), where D = 2 if
    bidirectional. Layer l reads the output of layer l−1; with ``p`` > 0 in training that
    input first goes through dropout (every layer but the first). Each direction of each
    layer starts from its own initial state: ``state`` (and ``state_cell`` for LSTM) has
    shape (L·D, N, H), entry l·D + d. ``state_outputs=True`` also returns the last states,
    in the same shape.

    Backward is backpropagation through time: each direction walks its time steps in reverse,
    carrying dh (and dc) from step t to step t−1, from the top layer down.
    """
    name = 'RNN'
    hint = 'rnn'
    params = {'state_size': Param('int', required=True),
              'num_layers': Param('int', required=True),
              'bidirectional': Param('bool', False),
              'mode': Param('enum', required=True, choices=tuple(MODES)),
              'p': Param('float', 0.0),
              'state_outputs': Param('bool', False),
              'projection_size': Param('str', 'None'),
              'lstm_state_clip_min': Param('str', 'None'),
              'lstm_state_clip_max': Param('str', 'None'),
              'lstm_state_clip_nan': Param('bool', False),
              'use_sequence_length': Param('bool', False)}
    inputs = ('data', 'parameters', 'state', 'state_cell', 'sequence_length')

    @property
    def step(self):
        return MODES[self.p['mode']]

    @property
    def directions(self):
        return 2 if self.p['bidirectional'] else 1

    def arguments(self):
        args = ['data', 'parameters', 'state']
        if self.step.has_cell:
            args.append('state_cell')
        if self.p['use_sequence_length']:
            args.append('sequence_length')
        return args

    def outputs(self):
        if not self.p['state_outputs']:
            return ['output']
        return ['output', 'state_output'] + (['statecell_output'] if self.step.has_cell else [])

    def infer_shape(self, in_shapes, aux_shapes):
        outs = [None] * len(self.outputs())
        data = in_shapes[0]
        if data is None:           # like MXNet, nothing is decided before the data shape
            return in_shapes, outs, aux_shapes
        if len(data) != 3:
            raise self.shape_error(
                'Input data should be rank-3 tensor of dim [sequence length, batch size, '
                'input size], got shape %s; RNN reads layout TNC (swap the axes of NTC data '
                'first, e.g. with swapaxes)' % (tuple(data),))
        if _given(self.p['projection_size']):
            raise self.shape_error('projection_size (LSTMP) is not implemented in tutor; '
                                   'leave it unset')
        seq_len, batch, size_in = data
        h, ld = self.p['state_size'], self.directions * self.p['num_layers']
        if size_in:
            count = parameter_count(self.p['mode'], self.p['num_layers'],
                                    self.p['bidirectional'], size_in, h)
            assign_shape(self, in_shapes, 1, (count,), 'parameters',
                         'mode=%s, num_layers=%d, bidirectional=%s, state_size=%d and %d input '
                         'features' % (self.p['mode'], self.p['num_layers'],
                                       self.p['bidirectional'], h, size_in))
        why = 'one (batch, state_size) state per layer and direction'
        assign_shape(self, in_shapes, 2, (ld, batch, h), 'state', why)
        if self.step.has_cell:
            assign_shape(self, in_shapes, 3, (ld, batch, h), 'state_cell', why)
        if self.p['use_sequence_length']:
            assign_shape(self, in_shapes, len(in_shapes) - 1, (batch,), 'sequence_length',
                         'one length per sequence of the batch')
        outs[0] = (seq_len, batch, self.directions * h)
        outs[1:] = [(ld, batch, h)] * (len(outs) - 1)
        return in_shapes, outs, aux_shapes

    def create_state(self, in_shapes, out_shapes):
        if self.p['use_sequence_length'] or _given(self.p['lstm_state_clip_min']) or \
                _given(self.p['lstm_state_clip_max']):
            raise MXNetError('RNN(name="%s"): use_sequence_length and lstm_state_clip_min/max '
                             'are not implemented in tutor; pad the sequences (and mask the '
                             'loss with SequenceMask) instead' % self.node_name)
        return Scratch()

    def _weights(self, flat, size_in):
        return weight_views(flat, self.step.num_gates, self.p['num_layers'], self.directions,
                            size_in, self.p['state_size'])

    def _dropout(self, is_train, x, state):
        """Dropout on a layer's input (layers above the first), in training only."""
        p = self.p['p']
        if not is_train or p <= 0:
            state.masks.append(None)
            return x
        keep = 1.0 - p
        mask = (_random.generator().random_sample(x.shape) < keep).astype(x.dtype)
        if keep > 0:
            mask /= keep
        state.masks.append(mask)
        return x * mask

    def forward(self, is_train, inputs, outputs, aux, state):
        step, d_count = self.step, self.directions
        x = inputs[0]
        weights = self._weights(inputs[1], x.shape[2])
        h0 = inputs[2]
        c0 = inputs[3] if step.has_cell else [None] * len(h0)
        state.layer_inputs, state.tapes, state.masks = [], [], []
        h_last, c_last = [], []
        for layer in range(self.p['num_layers']):
            if layer > 0:
                x = self._dropout(is_train, x, state)
            state.layer_inputs.append(x)
            ys = []
            for d in range(d_count):
                k = layer * d_count + d
                y, h, c, tape = run_direction(step, x, weights[layer][d], h0[k], c0[k],
                                              reverse=(d == 1))
                ys.append(y)
                state.tapes.append(tape)
                h_last.append(h)
                c_last.append(c)
            x = ys[0] if d_count == 1 else np.concatenate(ys, axis=2)
        outputs[0][...] = x
        if self.p['state_outputs']:
            outputs[1][...] = np.stack(h_last)
            if step.has_cell:
                outputs[2][...] = np.stack(c_last)

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        step, d_count, hsize = self.step, self.directions, self.p['state_size']
        weights = self._weights(inputs[1], inputs[0].shape[2])
        dflat = np.zeros_like(inputs[1])      # the parameters' gradient, same layout
        grads = self._weights(dflat, inputs[0].shape[2])
        dh0 = np.zeros_like(inputs[2])
        dc0 = np.zeros_like(inputs[2]) if step.has_cell else [None] * len(dh0)
        dhy, dcy = self._state_head_grads(out_grads, dh0)
        dy = self._zero_if_none(out_grads[0], outputs[0])
        for layer in reversed(range(self.p['num_layers'])):
            x = state.layer_inputs[layer]
            dx = np.zeros_like(x)
            for d in range(d_count):
                k = layer * d_count + d
                dx_d, dh0[k], dc0[k] = backprop_direction(
                    step, x, weights[layer][d], grads[layer][d], state.tapes[k],
                    dy[..., d * hsize:(d + 1) * hsize], dhy[k], dcy[k])
                dx += dx_d
            if layer > 0 and state.masks[layer - 1] is not None:
                dx *= state.masks[layer - 1]      # back through the dropout
            dy = dx
        write_grad(in_grads[0], req[0], dy)
        write_grad(in_grads[1], req[1], dflat)
        write_grad(in_grads[2], req[2], dh0)
        if step.has_cell:
            write_grad(in_grads[3], req[3], dc0)
        if self.p['use_sequence_length']:
            write_grad(in_grads[-1], req[-1], 0)

    def _state_head_grads(self, out_grads, like):
        """The head gradients of the last h and c (zeros where the states are not outputs)."""
        zeros = np.zeros_like(like)
        if not self.p['state_outputs']:
            return zeros, zeros if self.step.has_cell else [None] * len(like)
        dhy = self._zero_if_none(out_grads[1], like)
        dcy = self._zero_if_none(out_grads[2], like) if self.step.has_cell else [None] * len(like)
        return dhy, dcy

    @staticmethod
    def _zero_if_none(grad, like):
        return np.zeros_like(like) if grad is None else grad
