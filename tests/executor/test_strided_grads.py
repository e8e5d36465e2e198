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

# The array operators (an optional third entry: arguments bound with grad_req 'null', the
# indices MXNet gives no gradient). Ops whose gradient is 0 run next to x·2 so x gets one.
_WITH_X = lambda op: lambda: mx.sym.Group([op(V('data')), V('data') * 2])  # noqa: E731
CASES.update({
    'Concat': (lambda: mx.sym.Concat(V('a'), V('b'), dim=1), {'a': (3, 2), 'b': (3, 4)}),
    'SliceChannel': (lambda: mx.sym.split(V('data'), num_outputs=2), {'data': (3, 4)}),
    'Embedding': (lambda: mx.sym.Embedding(V('data'), input_dim=4, output_dim=3, name='e'),
                  {'data': (2, 3)}, {'data'}),
    'Reshape': (lambda: mx.sym.reshape(V('data'), shape=(0, -3)), {'data': (2, 3, 4)}),
    'SwapAxis': (lambda: mx.sym.SwapAxis(V('data'), dim1=0, dim2=2), {'data': (2, 3, 4)}),
    'transpose': (lambda: mx.sym.transpose(V('data'), axes=(1, 0, 2)), {'data': (2, 3, 4)}),
    'expand_dims': (lambda: mx.sym.expand_dims(V('data'), axis=1), {'data': (3, 4)}),
    'slice': (lambda: mx.sym.slice(V('data'), begin=(1, None), end=(3, None), step=(1, -2)),
              {'data': (3, 4)}),
    'slice_axis': (lambda: mx.sym.slice_axis(V('data'), axis=1, begin=1, end=3),
                   {'data': (3, 4)}),
    'BlockGrad': (_WITH_X(mx.sym.BlockGrad), {'data': (3, 4)}),
    'zeros_like': (_WITH_X(mx.sym.zeros_like), {'data': (3, 4)}),
    'ones_like': (_WITH_X(mx.sym.ones_like), {'data': (3, 4)}),
    'Cast': (lambda: mx.sym.Cast(V('data'), dtype='float32'), {'data': (3, 4)}),
    'take': (lambda: mx.sym.take(V('data'), V('index'), axis=1), {'data': (3, 4), 'index': (2,)},
             {'index'}),
    'pick': (lambda: mx.sym.pick(V('data'), V('index')), {'data': (3, 4), 'index': (3,)},
             {'index'}),
    'batch_take': (lambda: mx.sym.batch_take(V('data'), V('index')),
                   {'data': (3, 4), 'index': (3,)}, {'data', 'index'}),
    'one_hot': (_WITH_X(lambda x: mx.sym.one_hot(x, depth=3)), {'data': (3, 4)}),
    'topk': (lambda: mx.sym.topk(V('data'), k=2, ret_typ='value'), {'data': (3, 4)}),
    'topk/indices': (_WITH_X(lambda x: mx.sym.topk(x, k=2)), {'data': (3, 4)}),
    'argmax': (_WITH_X(lambda x: mx.sym.argmax(x, axis=1)), {'data': (3, 4)}),
    'argmin': (_WITH_X(lambda x: mx.sym.argmin(x, axis=0)), {'data': (3, 4)}),
    'argmax_channel': (lambda: mx.sym.argmax_channel(V('data')), {'data': (3, 4)}, {'data'}),
    'dot': (lambda: mx.sym.dot(V('a'), V('b'), transpose_b=True), {'a': (3, 4), 'b': (2, 4)}),
    'batch_dot': (lambda: mx.sym.batch_dot(V('a'), V('b')), {'a': (2, 3, 4), 'b': (2, 4, 2)}),
    'reverse': (lambda: mx.sym.flip(V('data'), axis=1), {'data': (3, 4)}),
    'stack': (lambda: mx.sym.stack(V('a'), V('b'), axis=1), {'a': (3, 4), 'b': (3, 4)}),
    'squeeze': (lambda: mx.sym.squeeze(V('data')), {'data': (3, 1, 4)}),
    'tile': (lambda: mx.sym.tile(V('data'), reps=(2, 1, 2)), {'data': (3, 4)}),
    'repeat': (lambda: mx.sym.repeat(V('data'), repeats=2, axis=1), {'data': (3, 4)}),
    'reshape_like': (lambda: mx.sym.reshape_like(V('data'), V('like')),
                     {'data': (3, 4), 'like': (4, 3)}, {'like'}),
    'slice_like': (lambda: mx.sym.slice_like(V('data'), V('like')),
                   {'data': (3, 4), 'like': (2, 3)}, {'like'}),
    'where': (lambda: mx.sym.where(V('cond') > 1, V('x'), V('y')),   # about half true
              {'cond': (3, 4), 'x': (3, 4), 'y': (3, 4)}, {'cond'}),
    'sort': (lambda: mx.sym.sort(V('data')), {'data': (3, 4)}),
    'argsort': (_WITH_X(mx.sym.argsort), {'data': (3, 4)}),
})
for _name in ('sum', 'mean', 'prod', 'max', 'min'):
    CASES[_name] = ((lambda n: lambda: getattr(mx.sym, n)(V('data'), axis=1))(_name),
                    {'data': (3, 4)})


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
    build, shapes = CASES[name][:2]
    nulls = CASES[name][2] if len(CASES[name]) > 2 else ()
    sym = build()
    arg_shapes, out_shapes, aux_shapes = sym.infer_shape(**shapes)
    rng = np.random.default_rng(0)
    args, grads, wides = {}, {}, []
    for n, s in zip(sym.list_arguments(), arg_shapes):
        a = rng.uniform(0.5, 1.5, s).astype(np.float32)
        if n in nulls:
            args[n] = mx.nd.array(a)
            continue
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
    reqs = {n: 'null' if n in nulls else req for n in sym.list_arguments()}
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
        assert np.abs(want[n] - 0.25).max() > 0 or n.endswith('label'), n  # a real gradient
    for g in gaps:                         # the elements between the slice's are untouched
        assert (g == -3.0).all()
