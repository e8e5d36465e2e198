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
})
for _name in ('elemwise_add', 'elemwise_sub', 'elemwise_mul', 'elemwise_div'):
    CASES[_name] = ((lambda n: lambda: getattr(mx.sym, n)(V('lhs'), V('rhs')))(_name),
                    {'lhs': (3, 4), 'rhs': (3, 4)})
for _name, _sym in (('_plus_scalar', lambda x: x + 2), ('_minus_scalar', lambda x: x - 2),
                    ('_rminus_scalar', lambda x: 2 - x), ('_mul_scalar', lambda x: x * 2),
                    ('_div_scalar', lambda x: x / 2), ('_rdiv_scalar', lambda x: 2 / x)):
    CASES[_name] = ((lambda s: lambda: s(V('data')))(_sym), {'data': (3, 4)})


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
        assert np.abs(want[n] - 0.25).max() > 0 or n.endswith('label'), n  # a real gradient
    for g in gaps:                         # the elements between the slice's are untouched
        assert (g == -3.0).all()
