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
for _name in ('elemwise_add', 'elemwise_sub', 'elemwise_mul', 'elemwise_div'):
    CASES[_name] = ((lambda n: lambda: getattr(mx.sym, n)(V('lhs'), V('rhs')))(_name),
                    {'lhs': (3, 4), 'rhs': (3, 4)})
for _name, _sym in (('_plus_scalar', lambda x: x + 2), ('_minus_scalar', lambda x: x - 2),
                    ('_rminus_scalar', lambda x: 2 - x), ('_mul_scalar', lambda x: x * 2),
                    ('_div_scalar', lambda x: x / 2), ('_rdiv_scalar', lambda x: 2 / x)):
    CASES[_name] = ((lambda s: lambda: s(V('data')))(_sym), {'data': (3, 4)})


# --- the operators added for MXNet code beyond the tutorial (issue 16) ---------------------
# Element-wise families are generated; the rest are written out. Inputs are uniform in
# [0.5, 1.5] (index inputs therefore hold 0s and 1s).
UNARY = ['abs', 'arctan', 'cbrt', 'ceil', 'cos', 'exp', 'expm1', 'fix', 'floor', 'log',
         'log10', 'log1p', 'log2', 'negative', 'rcbrt', 'reciprocal', 'relu', 'rint', 'round',
         'rsqrt', 'sigmoid', 'sign', 'sin', 'softsign', 'sqrt', 'square', 'tan', 'tanh',
         'trunc', 'BlockGrad', '_copy', 'zeros_like', 'ones_like']
SAME_SHAPE = ['_power', '_hypot', '_maximum', '_minimum', '_mod', '_equal', '_not_equal',
              '_greater', '_greater_equal', '_lesser', '_lesser_equal']
BROADCAST = ['add', 'sub', 'mul', 'div', 'mod', 'power', 'maximum', 'minimum', 'hypot',
             'equal', 'not_equal', 'greater', 'greater_equal', 'lesser', 'lesser_equal',
             'logical_and', 'logical_or', 'logical_xor']
SCALAR = ['_power_scalar', '_rpower_scalar', '_hypot_scalar', '_maximum_scalar',
          '_minimum_scalar', '_mod_scalar', '_rmod_scalar', '_equal_scalar',
          '_not_equal_scalar', '_greater_scalar', '_greater_equal_scalar', '_lesser_scalar',
          '_lesser_equal_scalar', 'smooth_l1']
for _name in UNARY:
    CASES[_name] = ((lambda n: lambda: getattr(mx.sym, n)(V('data')))(_name), {'data': (3, 4)})
for _name in SAME_SHAPE:
    CASES[_name] = ((lambda n: lambda: mx.sym._apply(n, lhs=V('lhs'), rhs=V('rhs')))(_name),
                    {'lhs': (3, 4), 'rhs': (3, 4)})
for _name in BROADCAST:
    CASES['broadcast_' + _name] = (
        (lambda n: lambda: getattr(mx.sym, 'broadcast_' + n)(V('lhs'), V('rhs')))(_name),
        {'lhs': (3, 4), 'rhs': (1, 4)})
for _name in SCALAR:
    CASES[_name] = ((lambda n: lambda: mx.sym._apply(n, data=V('data'), scalar=1.3))(_name),
                    {'data': (3, 4)})
CASES.update({
    'Cast': (lambda: mx.sym.Cast(V('data'), dtype='float32'), {'data': (3, 4)}),
    'Concat': (lambda: mx.sym.Concat(V('a'), V('b'), dim=1), {'a': (3, 2), 'b': (3, 4)}),
    'Concat/axis0': (lambda: mx.sym.Concat(V('a'), V('b'), dim=0), {'a': (2, 4), 'b': (3, 4)}),
    'Deconvolution': (lambda: mx.sym.Deconvolution(V('data'), kernel=(2, 2), stride=(2, 2),
                                                   num_filter=2, no_bias=False, name='dc'),
                      {'data': (2, 3, 3, 3)}),
    'Embedding': (lambda: mx.sym.Embedding(V('data'), input_dim=3, output_dim=4, name='emb'),
                  {'data': (2, 3)}),
    'InstanceNorm': (lambda: mx.sym.InstanceNorm(V('data'), name='inorm'),
                     {'data': (2, 3, 4)}),
    'L2Normalization': (lambda: mx.sym.L2Normalization(V('data'), mode='channel'),
                        {'data': (2, 3, 4)}),
    'LRN': (lambda: mx.sym.LRN(V('data'), nsize=3), {'data': (2, 4, 2, 3)}),
    'LayerNorm': (lambda: mx.sym.LayerNorm(V('data'), name='ln'), {'data': (3, 5)}),
    'LeakyReLU': (lambda: mx.sym.LeakyReLU(V('data') - 1, act_type='elu'), {'data': (3, 4)}),
    'LeakyReLU/prelu': (lambda: mx.sym.LeakyReLU(V('data') - 1, act_type='prelu', name='pr'),
                        {'data': (3, 4)}),
    'Reshape': (lambda: mx.sym.Reshape(V('data'), shape=(0, -1)), {'data': (2, 3, 4)}),
    'SliceChannel': (lambda: mx.sym.SliceChannel(V('data'), num_outputs=2, axis=1),
                     {'data': (3, 4)}),
    'SwapAxis': (lambda: mx.sym.SwapAxis(V('data'), dim1=0, dim2=1), {'data': (3, 4)}),
    'UpSampling': (lambda: mx.sym.UpSampling(V('data'), scale=2, sample_type='nearest'),
                   {'data': (2, 2, 2, 3)}),
    'argmax': (lambda: mx.sym.argmax(V('data'), axis=1), {'data': (3, 4)}),
    'argmin': (lambda: mx.sym.argmin(V('data'), axis=1), {'data': (3, 4)}),
    'broadcast_axis': (lambda: mx.sym.broadcast_axis(V('data'), axis=0, size=3),
                       {'data': (1, 4)}),
    'broadcast_like': (lambda: mx.sym.broadcast_like(V('lhs'), V('rhs')),
                       {'lhs': (1, 4), 'rhs': (3, 4)}),
    'broadcast_to': (lambda: mx.sym.broadcast_to(V('data'), shape=(3, 4)), {'data': (1, 4)}),
    'clip': (lambda: mx.sym.clip(V('data'), a_min=0.8, a_max=1.2), {'data': (3, 4)}),
    'expand_dims': (lambda: mx.sym.expand_dims(V('data'), axis=1), {'data': (3, 4)}),
    'log_softmax': (lambda: mx.sym.log_softmax(V('data'), axis=1), {'data': (3, 4)}),
    'softmin': (lambda: mx.sym.softmin(V('data'), axis=1), {'data': (3, 4)}),
    'one_hot': (lambda: mx.sym.one_hot(V('indices'), depth=3), {'indices': (3, 4)}),
    'pick': (lambda: mx.sym.pick(V('data'), V('index'), axis=1), {'data': (3, 4),
                                                                  'index': (3,)}),
    'slice': (lambda: mx.sym.slice(V('data'), begin=(1, 0), end=(3, 3)), {'data': (3, 4)}),
    'slice_axis': (lambda: mx.sym.slice_axis(V('data'), axis=1, begin=1, end=3),
                   {'data': (3, 4)}),
    'take': (lambda: mx.sym.take(V('a'), V('indices')), {'a': (3, 4), 'indices': (2, 3)}),
    'topk': (lambda: mx.sym.topk(V('data'), k=2, ret_typ='value'), {'data': (3, 4)}),
    'transpose': (lambda: mx.sym.transpose(V('data')), {'data': (3, 4)}),
})
# Ops whose gradient is zero by definition (or for an index input): 'add' leaves 0.25 there.
ZERO_GRAD = {'BlockGrad', 'zeros_like', 'ones_like', 'argmax_channel', 'argmax', 'argmin',
             'sign', 'ceil', 'floor', 'fix', 'rint', 'round', 'trunc', 'one_hot',
             '_equal', '_not_equal', '_greater', '_greater_equal', '_lesser', '_lesser_equal',
             'broadcast_equal', 'broadcast_not_equal', 'broadcast_greater',
             'broadcast_greater_equal', 'broadcast_lesser', 'broadcast_lesser_equal',
             'broadcast_logical_and', 'broadcast_logical_or', 'broadcast_logical_xor',
             '_equal_scalar', '_not_equal_scalar', '_greater_scalar', '_greater_equal_scalar',
             '_lesser_scalar', '_lesser_equal_scalar'}
INDEX_INPUTS = ('indices', 'index')
# Inputs MXNet gives no gradient at all: bound with grad_req 'null', as Module binds data.
NULL_INPUTS = {'Embedding': ('data',), 'take': ('indices',), 'pick': ('index',),
               'one_hot': ('indices',)}
# Ops MXNet registers without a gradient (FGradient): binding a gradient for them is an error.
NON_DIFFERENTIABLE = {'argmax_channel': lambda: mx.sym.argmax_channel(V('data')),
                      'batch_take': lambda: mx.sym.batch_take(V('data'), V('indices'))}


@pytest.mark.parametrize('name', sorted(NON_DIFFERENTIABLE))
def test_an_op_without_a_gradient_refuses_a_gradient_array(name):
    sym = NON_DIFFERENTIABLE[name]()
    shapes = {'data': (3, 4), 'indices': (3,)}
    arrays = {n: mx.nd.ones(shapes[n]) for n in sym.list_arguments()}
    with pytest.raises(mx.MXNetError, match='non-differentiable'):
        exe = sym.bind(mx.cpu(), arrays, args_grad={n: mx.nd.zeros(shapes[n]) for n in arrays})
        exe.forward(is_train=True)
        exe.backward([mx.nd.ones(s) for s in sym.infer_shape(
            **{n: shapes[n] for n in arrays})[1]])


def test_every_registered_op_has_a_strided_case():
    missing = sorted(set(OPS) - {case.split('/')[0] for case in CASES} - set(NON_DIFFERENTIABLE))
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
    build, shapes = CASES[name]
    sym = build()
    arg_shapes, out_shapes, aux_shapes = sym.infer_shape(**shapes)
    rng = np.random.default_rng(0)
    args, grads, wides = {}, {}, []
    null = NULL_INPUTS.get(name.split('/')[0], ())
    reqs = {n: 'null' if n in null else req for n in sym.list_arguments()}
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
        if n in null:
            grads.pop(n)
            wides = wides[:-1] if layout else wides
    aux = [mx.nd.array(np.ones(s, np.float32)) for s in aux_shapes]
    exe = sym.bind(mx.cpu(), args, args_grad=grads, grad_req=reqs, aux_states=aux)
    exe.forward(is_train=True)
    head = [mx.nd.array(rng.uniform(-1, 1, s).astype(np.float32)) for s in out_shapes]
    exe.backward(head)
    return {n: g.asnumpy() for n, g in grads.items()}, wides


@pytest.mark.parametrize('layout', ['step', 'padded'])
@pytest.mark.parametrize('req', ['write', 'add'])
@pytest.mark.parametrize('name', sorted(CASES))
def test_gradient_lands_in_a_strided_grad_array(name, req, layout):
    want, _ = _run(name, req)
    got, gaps = _run(name, req, layout)
    assert want.keys() == got.keys()
    for n in want:
        np.testing.assert_allclose(got[n], want[n], rtol=1e-5, atol=1e-6, err_msg=n)
        no_gradient = (n.endswith('label') or n in INDEX_INPUTS
                       or (name.startswith('broadcast_like') and n == 'rhs')
                       or name.split('/')[0] in ZERO_GRAD)
        assert np.abs(want[n] - 0.25).max() > 0 or no_gradient, n  # a real gradient
    for g in gaps:                         # the elements between the slice's are untouched
        assert (g == -3.0).all()
