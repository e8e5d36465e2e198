"""One time step of each mode of the fused ``RNN`` operator (tutor/symbol/ops/rnn.py), forward
and backward.

The op does the two matrix products before calling a step, with the gates side by side on
the last axis in MXNet's order (each gate H units wide):

    xw = x_t·W_xᵀ + b_x        (N, G·H)   for all time steps at once
    hw = h_{t−1}·W_hᵀ + b_h    (N, G·H)   one step at a time (it needs h_{t−1})

``forward`` turns them into the new hidden state h_t (and cell state c_t for LSTM) plus what
backward needs; ``backward`` turns the gradients dh_t (and dc_t) into the gradients of xw and
hw (their pre-activations), of h_{t−1} where h_{t−1} is used directly (GRU), and of c_{t−1}.
These are the same formulas as the unfused cells in tutor/rnn/rnn_cell.py.
"""
import numpy as np


def sigmoid(a):
    """σ(a) = 1/(1 + e^(−a)), written with tanh so a large |a| cannot overflow exp."""
    return 0.5 * (1.0 + np.tanh(0.5 * a))


def split_gates(a, num_gates):
    """(N, G·H) -> G arrays of (N, H): one per gate, in the packing order."""
    return np.split(a, num_gates, axis=-1)


def join_gates(*gates):
    return np.concatenate(gates, axis=-1)


class Step:
    """What every mode declares: its gates (the suffixes MXNet gives unpacked weights,
    e.g. ``lstm_l0_i2h_f_weight``) and whether it has a cell state."""
    mode = None
    gates = ('',)
    has_cell = False

    @property
    def num_gates(self):
        return len(self.gates)

    def forward(self, xw, hw, h_prev, c_prev):
        """(h_t, c_t or None, saved for backward)."""
        raise NotImplementedError

    def backward(self, dh, dc, h_prev, c_prev, saved):
        """(dxw, dhw, dh_{t−1} not through hw or None, dc_{t−1} or None)."""
        raise NotImplementedError


class RNNTanh(Step):
    """h_t = tanh(a),  a = xw + hw.   Backward: da = dh·(1 − h_t²)."""
    mode = 'rnn_tanh'

    def forward(self, xw, hw, h_prev, c_prev):
        h = np.tanh(xw + hw)
        return h, None, h

    def backward(self, dh, dc, h_prev, c_prev, h):
        da = dh * (1 - h * h)
        return da, da, None, None


class RNNRelu(Step):
    """h_t = max(a, 0),  a = xw + hw.   Backward: da = dh where h_t > 0, else 0."""
    mode = 'rnn_relu'

    def forward(self, xw, hw, h_prev, c_prev):
        h = np.maximum(xw + hw, 0)
        return h, None, h

    def backward(self, dh, dc, h_prev, c_prev, h):
        da = dh * (h > 0)
        return da, da, None, None


class LSTM(Step):
    """Gates in the order i, f, g (MXNet names it c), o, from a = xw + hw:

        i = σ(a_i)   f = σ(a_f)   g = tanh(a_g)   o = σ(a_o)
        c_t = f·c_{t−1} + i·g
        h_t = o·tanh(c_t)
    """
    mode = 'lstm'
    gates = ('_i', '_f', '_c', '_o')
    has_cell = True

    def forward(self, xw, hw, h_prev, c_prev):
        a_i, a_f, a_g, a_o = split_gates(xw + hw, 4)
        i, f, g, o = sigmoid(a_i), sigmoid(a_f), np.tanh(a_g), sigmoid(a_o)
        c = f * c_prev + i * g
        tanh_c = np.tanh(c)
        h = o * tanh_c
        return h, c, (i, f, g, o, tanh_c)

    def backward(self, dh, dc, h_prev, c_prev, saved):
        i, f, g, o, tanh_c = saved
        do = dh * tanh_c
        dc = dc + dh * o * (1 - tanh_c * tanh_c)      # c_t reaches the loss twice: via h_t too
        di, df, dg = dc * g, dc * c_prev, dc * i
        da = join_gates(di * i * (1 - i), df * f * (1 - f), dg * (1 - g * g), do * o * (1 - o))
        return da, da, None, dc * f


class GRU(Step):
    """Gates in the order r, z, n (MXNet names it o). The reset gate scales the whole
    hw_n = W_hn·h_{t−1} + b_hn, bias included (cuDNN's GRU), so xw and hw are not just added:

        r = σ(xw_r + hw_r)   z = σ(xw_z + hw_z)   n = tanh(xw_n + r·hw_n)
        h_t = (1 − z)·n + z·h_{t−1}
    """
    mode = 'gru'
    gates = ('_r', '_z', '_o')

    def forward(self, xw, hw, h_prev, c_prev):
        xw_r, xw_z, xw_n = split_gates(xw, 3)
        hw_r, hw_z, hw_n = split_gates(hw, 3)
        r = sigmoid(xw_r + hw_r)
        z = sigmoid(xw_z + hw_z)
        n = np.tanh(xw_n + r * hw_n)
        h = (1 - z) * n + z * h_prev
        return h, None, (r, z, n, hw_n)

    def backward(self, dh, dc, h_prev, c_prev, saved):
        r, z, n, hw_n = saved
        da_n = dh * (1 - z) * (1 - n * n)
        da_z = dh * (h_prev - n) * z * (1 - z)
        da_r = da_n * hw_n * r * (1 - r)
        dxw = join_gates(da_r, da_z, da_n)
        dhw = join_gates(da_r, da_z, da_n * r)
        return dxw, dhw, dh * z, None


MODES = {cls.mode: cls() for cls in (RNNRelu, RNNTanh, LSTM, GRU)}
