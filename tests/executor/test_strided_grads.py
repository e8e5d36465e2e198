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


# The maths ops (unary.py, binary.py, broadcast.py, scalar.py) and the nn layers.
_UNARY = ('abs', 'arctan', 'cbrt', 'ceil', 'cos', 'exp', 'expm1', 'fix', 'floor', 'log',
          'log10', 'log1p', 'log2', 'negative', 'rcbrt', 'reciprocal', 'relu', 'rint', 'round',
          'rsqrt', 'sigmoid', 'sign', 'sin', 'softsign', 'sqrt', 'square', 'tan', 'tanh',
          'trunc', 'log_softmax', 'softmin', 'L2Normalization', 'arcsin', 'arccos', 'sinh',
          'cosh', 'arcsinh', 'arctanh', 'degrees', 'radians', 'erf', 'logical_not',
          'hard_sigmoid', 'identity')
for _name in _UNARY:
    CASES[_name] = ((lambda n: lambda: getattr(mx.sym, n)(V('data')))(_name), {'data': (3, 4)})
for _name in ('add', 'sub', 'mul', 'div', 'mod', 'power', 'maximum', 'minimum', 'hypot',
              'equal', 'not_equal', 'greater', 'greater_equal', 'lesser', 'lesser_equal',
              'logical_and', 'logical_or', 'logical_xor'):
    CASES['broadcast_' + _name] = (
        (lambda n: lambda: getattr(mx.sym, 'broadcast_' + n)(V('lhs'), V('rhs')))(_name),
        {'lhs': (3, 4), 'rhs': (1, 4)})
for _name, _fn in (('_power', lambda a, b: a ** b), ('_mod', lambda a, b: a % b),
                   ('_equal', lambda a, b: a == b), ('_not_equal', lambda a, b: a != b),
                   ('_greater', lambda a, b: a > b), ('_greater_equal', lambda a, b: a >= b),
                   ('_lesser', lambda a, b: a < b), ('_lesser_equal', lambda a, b: a <= b),
                   ('_maximum', mx.sym.maximum), ('_minimum', mx.sym.minimum),
                   ('_hypot', mx.sym.hypot)):
    CASES[_name] = ((lambda f: lambda: f(V('lhs'), V('rhs')))(_fn),
                    {'lhs': (3, 4), 'rhs': (3, 4)})
for _name, _sym in (('_power_scalar', lambda x: x ** 2), ('_rpower_scalar', lambda x: 2 ** x),
                    ('_mod_scalar', lambda x: x % 0.7), ('_rmod_scalar', lambda x: 2 % x),
                    ('_equal_scalar', lambda x: x == 1), ('_not_equal_scalar', lambda x: x != 1),
                    ('_greater_scalar', lambda x: x > 1), ('_lesser_scalar', lambda x: x < 1),
                    ('_greater_equal_scalar', lambda x: x >= 1),
                    ('_lesser_equal_scalar', lambda x: x <= 1),
                    ('_maximum_scalar', lambda x: mx.sym.maximum(x, 1)),
                    ('_minimum_scalar', lambda x: mx.sym.minimum(x, 1)),
                    ('_hypot_scalar', lambda x: mx.sym.hypot(x, 1)),
                    ('clip', lambda x: mx.sym.clip(x, 0.7, 1.2)),
                    ('smooth_l1', lambda x: mx.sym.smooth_l1(x, scalar=1.5)),
                    ('broadcast_axis', lambda x: mx.sym.broadcast_axis(x, axis=1, size=3)),
                    ('broadcast_to', lambda x: mx.sym.broadcast_to(x, shape=(0, 3, 2)))):
    CASES[_name] = ((lambda s: lambda: s(V('data')))(_sym),
                    {'data': (3, 1, 2) if _name.startswith('broadcast') else (3, 4)})
CASES['_copy'] = CASES.pop('identity')
CASES['arccosh'] = (lambda: mx.sym.arccosh(V('data') + 1), {'data': (3, 4)})
for _name in ('arcsin', 'arccos', 'arctanh'):   # defined on (-1, 1): inputs minus 1
    CASES[_name] = ((lambda n: lambda: getattr(mx.sym, n)(V('data') - 1))(_name),
                    {'data': (3, 4)})
CASES['add_n'] = (lambda: mx.sym.add_n(V('a'), V('b'), V('c')),
                  {'a': (3, 4), 'b': (3, 4), 'c': (3, 4)})
CASES.update({
    'broadcast_like': (lambda: mx.sym.broadcast_like(V('lhs'), V('rhs')),
                       {'lhs': (1, 4), 'rhs': (3, 4)}),
    'LeakyReLU': (lambda: mx.sym.LeakyReLU(V('data'), act_type='elu'), {'data': (3, 4)}),
    'LeakyReLU/prelu': (lambda: mx.sym.LeakyReLU(V('data') - 1, act_type='prelu', name='p'),
                        {'data': (2, 3, 4)}),
    'LayerNorm': (lambda: mx.sym.LayerNorm(V('data'), name='ln'), {'data': (3, 4)}),
    'InstanceNorm': (lambda: mx.sym.InstanceNorm(V('data'), name='in'), {'data': (2, 3, 4)}),
    'LRN': (lambda: mx.sym.LRN(V('data'), nsize=3, alpha=0.5), {'data': (2, 3, 2, 2)}),
    'Deconvolution': (lambda: mx.sym.Deconvolution(V('data'), kernel=(2, 2), num_filter=2,
                                                   stride=(2, 2), no_bias=False, name='dc'),
                      {'data': (2, 3, 2, 2)}),
    'UpSampling': (lambda: mx.sym.UpSampling(V('a'), V('b'), scale=2, sample_type='nearest'),
                   {'a': (2, 2, 2, 2), 'b': (2, 1, 4, 4)}),
    'UpSampling/bilinear': (lambda: mx.sym.UpSampling(V('data'), scale=2, num_filter=2,
                                                      sample_type='bilinear', name='up'),
                            {'data': (1, 2, 2, 2)}),
})
# Ops whose gradient is 0 everywhere: with grad_req 'add' the array keeps its values.
ZERO_GRAD = {'sign', 'ceil', 'floor', 'fix', 'rint', 'round', 'trunc', 'logical_not', '_equal', '_not_equal',
             '_greater', '_greater_equal', '_lesser', '_lesser_equal'} | {
    n for n in CASES if n.endswith('_scalar') and n[1:-7] in (
        'equal', 'not_equal', 'greater', 'greater_equal', 'lesser', 'lesser_equal')} | {
    'broadcast_' + n for n in ('equal', 'not_equal', 'greater', 'greater_equal', 'lesser',
                               'lesser_equal', 'logical_and', 'logical_or', 'logical_xor')}


def test_every_registered_op_has_a_strided_case():
    missing = sorted(set(OPS) - {case.split('/')[0] for case in CASES})
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
    exe = sym.bind(mx.cpu(), args, args_grad=grads, grad_req=req, aux_states=aux)
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
        assert np.abs(want[n] - 0.25).max() > 0 or n.endswith('label') or \
            name.split('/')[0] in ZERO_GRAD or n == 'rhs' and name == 'broadcast_like', n
    for g in gaps:                         # the elements between the slice's are untouched
        assert (g == -3.0).all()
