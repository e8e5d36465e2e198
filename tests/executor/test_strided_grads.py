"""Gradients land in the caller's bound grad arrays whatever their strides (issue 16).

Every op is bound twice: once with ordinary (C-contiguous) gradient arrays, once with every
argument and gradient a strided slice of a larger array. The gradients must agree, and the
elements between the slice's rows must stay untouched."""
import numpy as np
import pytest

import tutor as mx
from tutor.symbol.op import OPS

V = mx.sym.Variable

# 'op name[/variant]' -> (symbol builder, {argument: shape}); SoftmaxOutput labels are classes.
CASES = {
    'FullyConnected': (lambda: mx.sym.FullyConnected(V('data'), num_hidden=3, name='fc'),
                       {'data': (4, 2, 3)}),
    'FullyConnected/no-flatten': (
        lambda: mx.sym.FullyConnected(V('data'), num_hidden=3, flatten=False, name='fc'),
        {'data': (4, 2, 3)}),
    'Activation': (lambda: mx.sym.Activation(V('data'), act_type='tanh'), {'data': (4, 5)}),
    'softmax': (lambda: mx.sym.softmax(V('data'), axis=1), {'data': (3, 4, 2)}),
    'SoftmaxActivation': (lambda: mx.sym.SoftmaxActivation(V('data')), {'data': (3, 5)}),
    'Dropout': (lambda: mx.sym.Dropout(V('data'), p=0.0), {'data': (4, 5)}),
    'BatchNorm': (lambda: mx.sym.BatchNorm(V('data'), fix_gamma=False, name='bn'),
                  {'data': (4, 3, 2, 2)}),
    'Convolution': (lambda: mx.sym.Convolution(V('data'), kernel=(2, 2), num_filter=2,
                                               pad=(1, 1), name='conv'),
                    {'data': (2, 3, 4, 4)}),
    'Pooling': (lambda: mx.sym.Pooling(V('data'), kernel=(2, 2), stride=(2, 2),
                                       pool_type='avg'), {'data': (2, 2, 4, 4)}),
    'Pooling/max': (lambda: mx.sym.Pooling(V('data'), kernel=(2, 2), pool_type='max'),
                    {'data': (2, 2, 3, 3)}),
    'Flatten': (lambda: mx.sym.Flatten(V('data')), {'data': (3, 2, 2)}),
    'SoftmaxOutput': (lambda: mx.sym.SoftmaxOutput(V('data'), V('label')),
                      {'data': (4, 5), 'label': (4,)}),
    'SoftmaxOutput/multi': (lambda: mx.sym.SoftmaxOutput(V('data'), V('label'),
                                                         multi_output=True),
                            {'data': (2, 3, 2, 2), 'label': (2, 2, 2)}),
    'SoftmaxOutput/preserve': (lambda: mx.sym.SoftmaxOutput(V('data'), V('label'),
                                                            preserve_shape=True),
                               {'data': (2, 2, 3), 'label': (2, 2)}),
    'LinearRegressionOutput': (lambda: mx.sym.LinearRegressionOutput(V('data'), V('label')),
                               {'data': (4, 3), 'label': (4, 3)}),
    'LogisticRegressionOutput': (lambda: mx.sym.LogisticRegressionOutput(V('data'),
                                                                         V('label')),
                                 {'data': (4, 3), 'label': (4, 3)}),
    'MAERegressionOutput': (lambda: mx.sym.MAERegressionOutput(V('data'), V('label')),
                            {'data': (4, 3), 'label': (4, 3)}),
    'MakeLoss': (lambda: mx.sym.MakeLoss(V('data'), grad_scale=0.5), {'data': (4, 3)}),
}
# sequences (issue 20); a condition gets no gradient, hence the 'label' in its name
CASES.update({
    'SequenceMask': (lambda: mx.sym.SequenceMask(V('data'), value=0.5), {'data': (3, 2, 4)}),
    'SequenceLast': (lambda: mx.sym.SequenceLast(V('data'), axis=1), {'data': (2, 3, 4)}),
    'SequenceReverse': (lambda: mx.sym.SequenceReverse(V('data')), {'data': (3, 2, 4)}),
    'reverse': (lambda: mx.sym.reverse(V('data'), axis=1), {'data': (3, 2, 4)}),
    'where': (lambda: mx.sym.where(V('cond_label') > 1, V('x'), V('y')),
              {'cond_label': (3, 4), 'x': (3, 4), 'y': (3, 4)}),
    '_zeros': (lambda: V('data') + mx.sym.zeros((3, 4)), {'data': (3, 4)}),
    '_ones': (lambda: V('data') * mx.sym.ones((3, 4)), {'data': (3, 4)}),
    'RNN': (lambda: mx.sym.RNN(V('data'), mode='lstm', state_size=2, num_layers=2,
                               bidirectional=True, state_outputs=True, name='rnn'),
            {'data': (3, 2, 4)}),
})
for _name in ('elemwise_add', 'elemwise_sub', 'elemwise_mul', 'elemwise_div'):
    CASES[_name] = ((lambda n: lambda: getattr(mx.sym, n)(V('lhs'), V('rhs')))(_name),
                    {'lhs': (3, 4), 'rhs': (3, 4)})
for _name, _sym in (('_plus_scalar', lambda x: x + 2), ('_minus_scalar', lambda x: x - 2),
                    ('_rminus_scalar', lambda x: 2 - x), ('_mul_scalar', lambda x: x * 2),
                    ('_div_scalar', lambda x: x / 2), ('_rdiv_scalar', lambda x: 2 / x)):
    CASES[_name] = ((lambda s: lambda: s(V('data')))(_sym), {'data': (3, 4)})


CASES.update({
    'Cast': (lambda: mx.sym.Cast(V('data'), dtype='float32'), {'data': (3, 4)}),
    'Concat': (lambda: mx.sym.Concat(V('a'), V('b'), dim=1), {'a': (3, 2), 'b': (3, 4)}),
    'Deconvolution': (lambda: mx.sym.Deconvolution(V('data'), kernel=(2, 2), num_filter=2,
                                                   name='dc'), {'data': (2, 3, 3, 3)}),
    'Embedding': (lambda: mx.sym.Embedding(V('data'), V('emb_weight'), input_dim=3,
                                           output_dim=4), {'data': (2, 3)}),
    'InstanceNorm': (lambda: mx.sym.InstanceNorm(V('data'), name='inorm'), {'data': (2, 3, 4)}),
    'LRN': (lambda: mx.sym.LRN(V('data'), nsize=3), {'data': (2, 4, 3, 3)}),
    'LayerNorm': (lambda: mx.sym.LayerNorm(V('data'), name='ln'), {'data': (3, 4)}),
    'SliceChannel': (lambda: mx.sym.SliceChannel(V('data'), num_outputs=2), {'data': (3, 4)}),
    'UpSampling': (lambda: mx.sym.UpSampling(V('data'), scale=2, sample_type='nearest'),
                   {'data': (2, 2, 3, 3)}),
    'batch_take': (lambda: mx.sym.batch_take(V('a'), V('indices')),
                   {'a': (3, 4), 'indices': (3,)}),
    'clip': (lambda: mx.sym.clip(V('data'), a_min=0.7, a_max=1.2), {'data': (3, 4)}),
    'expand_dims': (lambda: mx.sym.expand_dims(V('data'), axis=1), {'data': (3, 4)}),
    'one_hot': (lambda: mx.sym.one_hot(V('indices'), depth=3), {'indices': (3, 4)}),
    'pick': (lambda: mx.sym.pick(V('data'), V('index'), axis=1),
             {'data': (3, 4), 'index': (3,)}),
    'slice': (lambda: mx.sym.slice(V('data'), begin=(0, 1), end=(2, 3)), {'data': (3, 4)}),
    'slice_axis': (lambda: mx.sym.slice_axis(V('data'), axis=1, begin=1, end=3),
                   {'data': (3, 4)}),
    'take': (lambda: mx.sym.take(V('a'), V('indices')), {'a': (3, 4), 'indices': (2,)}),
    'Reshape': (lambda: mx.sym.Reshape(V('data'), shape=(2, -1)), {'data': (3, 4)}),
    'broadcast_to': (lambda: mx.sym.broadcast_to(V('data'), shape=(3, 4)), {'data': (1, 4)}),
    'broadcast_axis': (lambda: mx.sym.broadcast_axis(V('data'), axis=0, size=3),
                       {'data': (1, 4)}),
    'SwapAxis': (lambda: mx.sym.SwapAxis(V('data'), dim1=0, dim2=1), {'data': (3, 4)}),
    'add_n': (lambda: mx.sym.add_n(V('a'), V('b'), V('c')),
              {'a': (3, 4), 'b': (3, 4), 'c': (3, 4)}),
    'reverse': (lambda: mx.sym.reverse(V('data'), axis=1), {'data': (3, 4)}),
    'stack': (lambda: mx.sym.stack(V('a'), V('b'), axis=1), {'a': (3, 4), 'b': (3, 4)}),
    'tile': (lambda: mx.sym.tile(V('data'), reps=(2, 1, 2)), {'data': (3, 4)}),
    'repeat': (lambda: mx.sym.repeat(V('data'), repeats=2, axis=1), {'data': (3, 4)}),
    'slice_like': (lambda: mx.sym.slice_like(V('data'), V('like')),
                   {'data': (3, 4), 'like': (2, 3)}),
    'Pad': (lambda: mx.sym.pad(V('data'), mode='reflect', pad_width=(0, 0, 0, 0, 1, 2, 2, 1)),
            {'data': (2, 2, 3, 4)}),
    'dot': (lambda: mx.sym.dot(V('lhs'), V('rhs'), transpose_b=True),
            {'lhs': (3, 4), 'rhs': (2, 4)}),
    'batch_dot': (lambda: mx.sym.batch_dot(V('lhs'), V('rhs')),
                  {'lhs': (2, 3, 4), 'rhs': (2, 4, 2)}),
    'where': (lambda: mx.sym.where(V('cond') > 1, V('x'), V('y')),   # about half true
              {'cond': (3, 4), 'x': (3, 4), 'y': (3, 4)}),
})


# Inputs MXNet refuses a gradient for (indices; non-differentiable ops: then outputs compared).
NO_GRAD = {'Embedding': ('data',), 'take': ('indices',), 'batch_take': ('a', 'indices'),
           'argmax_channel': ('data',)}


def _auto_case(name):
    """Ops of one 'data' input, or 'lhs' and 'rhs', with no required parameter: (3, 4)."""
    cls = OPS[name]
    if any(p.required for p in cls.params.values()):
        return None
    args = cls({}).arguments()
    if args == ['data']:
        return lambda: getattr(mx.sym, name)(V('data')), {'data': (3, 4)}
    if args == ['lhs', 'rhs']:
        return lambda: getattr(mx.sym, name)(V('lhs'), V('rhs')), {'lhs': (3, 4), 'rhs': (3, 4)}
    return None


AUTO = {name: _auto_case(name) for name in sorted(OPS)
        if name not in {case.split('/')[0] for case in CASES}}


def test_every_registered_op_has_a_strided_case():
    missing = sorted(name for name, case in AUTO.items() if case is None)
    assert not missing, ('add a case to CASES in %s for: %s' % (__file__, ', '.join(missing)))


def _strided(a, fill, layout):
    """``a``'s values in a slice of a wider last axis: every other element ('step'), or the
    first ones of each row ('padded': no reshape of it to fewer axes is a view)."""
    n = a.shape[-1]
    wide = np.full(a.shape[:-1] + (2 * n,), fill, dtype=a.dtype)
    view = wide[..., ::2] if layout == 'step' else wide[..., :n]
    view[...] = a
    gaps = wide[..., 1::2] if layout == 'step' else wide[..., n:]
    return view.view(mx.nd.NDArray), gaps


def _run(name, req, layout=None):
    build, shapes = CASES[name] if name in CASES else AUTO[name]
    sym = build()
    arg_shapes, out_shapes, aux_shapes = sym.infer_shape(**shapes)
    rng = np.random.default_rng(0)
    args, grads, wides = {}, {}, []
    for n, s in zip(sym.list_arguments(), arg_shapes):
        a = rng.uniform(0.5, 1.5, s).astype(np.float32)
        if 'label' in n and name.startswith('SoftmaxOutput'):
            a = rng.integers(0, 3, s).astype(np.float32)
        g = np.full(s, 0.25, dtype=np.float32)    # 'add' must keep this
        if layout:
            a, _ = _strided(a, 7.0, layout)
            g, gaps = _strided(g, -3.0, layout)
            wides.append(gaps)
        args[n], grads[n] = mx.nd.array(a) if not layout else a, \
            mx.nd.array(g) if not layout else g
    aux = [mx.nd.array(np.ones(s, np.float32)) for s in aux_shapes]
    reqs = {n: 'null' if n in NO_GRAD.get(name, ()) else req for n in args}
    exe = sym.bind(mx.cpu(), args, args_grad=grads, grad_req=reqs, aux_states=aux)
    outputs = [o.asnumpy() for o in exe.forward(is_train=True)]
    head = [mx.nd.array(rng.uniform(-1, 1, s).astype(np.float32)) for s in out_shapes]
    if any(r != 'null' for r in reqs.values()):
        exe.backward(head)
    got = {n: g.asnumpy() for n, g in grads.items() if reqs[n] != 'null'}
    got.update(('output%d' % i, o) for i, o in enumerate(outputs))
    return got, wides


@pytest.mark.parametrize('layout', ['step', 'padded'])
@pytest.mark.parametrize('req', ['write', 'add'])
@pytest.mark.parametrize('name', sorted(CASES) + sorted(n for n, c in AUTO.items() if c))
def test_gradient_lands_in_a_strided_grad_array(name, req, layout):
    want, _ = _run(name, req)
    got, gaps = _run(name, req, layout)
    assert want.keys() == got.keys()
    for n in want:
        np.testing.assert_allclose(got[n], want[n], rtol=1e-5, atol=1e-6, err_msg=n)
    if name in CASES and name not in ('one_hot', 'Cast', 'batch_take'):   # a real gradient
        assert any(np.abs(w - 0.25).max() > 0 for n, w in want.items()
                   if not n.startswith('output'))
    for g in gaps:                         # the elements between the slice's are untouched
        assert (g == -3.0).all()
