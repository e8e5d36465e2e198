"""Element-wise maths ops (unary.py, binary.py, broadcast.py, scalar.py): every backward against
central differences in float64, grad_req 'add', gradients landing in strided arrays, and
shape inference with unknown (0) lengths."""
import os
import sys

import numpy as np
import pytest

from tutor.symbol.op import OPS, ShapeError

sys.path.insert(0, os.path.dirname(__file__))
from _ophelp import Run, check_grads, make  # noqa: E402

rng = np.random.RandomState(11)


def _off(a, kinks=(0.0,), eps=1e-2):
    for k in kinks:
        a[np.abs(a - k) < eps] = k + 3 * eps
    return a


UNARY_DOMAINS = {
    'abs': (-2, 2), 'negative': (-2, 2), 'reciprocal': (0.5, 2), 'square': (-2, 2),
    'sqrt': (0.2, 3), 'rsqrt': (0.2, 3), 'cbrt': (0.2, 3), 'rcbrt': (0.2, 3), 'exp': (-2, 2),
    'expm1': (-2, 2), 'log': (0.2, 3), 'log2': (0.2, 3), 'log10': (0.2, 3),
    'log1p': (-0.5, 2), 'relu': (-2, 2), 'sigmoid': (-4, 4), 'softsign': (-3, 3),
    'sin': (-3, 3), 'cos': (-3, 3), 'tan': (-1.2, 1.2), 'tanh': (-3, 3), 'arctan': (-3, 3),
    'arcsin': (-0.9, 0.9), 'arccos': (-0.9, 0.9), 'sinh': (-2, 2), 'cosh': (-2, 2),
    'arcsinh': (-3, 3), 'arccosh': (1.1, 3), 'arctanh': (-0.9, 0.9), 'degrees': (-3, 3),
    'radians': (-3, 3), 'erf': (-2, 2), '_copy': (-2, 2), 'hard_sigmoid': (-2.4, 2.4),
}
FLAT = ['sign', 'floor', 'ceil', 'round', 'rint', 'fix', 'trunc', 'logical_not']


@pytest.mark.parametrize('name', sorted(UNARY_DOMAINS))
def test_unary_gradients(name):
    lo, hi = UNARY_DOMAINS[name]
    x = _off(rng.uniform(lo, hi, (3, 4)))
    check_grads(name, [x], [0], {}, out_grad=rng.randn(3, 4))


@pytest.mark.parametrize('name', FLAT)
def test_step_functions_have_zero_gradient(name):
    x = _off(rng.uniform(-3, 3, (3, 4)), kinks=np.arange(-3, 4) * 0.5)
    r = check_grads(name, [x], [0], {}, out_grad=rng.randn(3, 4))
    assert not r.grads[0].any()


def test_unary_forward_formulas():
    x = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, -0.7, 0.7])
    want = {'round': [-3, -2, -1, 1, 2, 3, -1, 1], 'rint': [-3, -2, -1, 0, 1, 2, -1, 1],
            'fix': [-2, -1, 0, 0, 1, 2, 0, 0], 'sign': [-1, -1, -1, 1, 1, 1, -1, 1]}
    for name, w in want.items():
        np.testing.assert_array_equal(Run(make(name), [x]).forward(), w, err_msg=name)
    y = np.array([0.04, 1.0, 4.0])
    np.testing.assert_allclose(Run(make('rsqrt'), [y]).forward(), [5, 1, 0.5])
    np.testing.assert_allclose(Run(make('rcbrt'), [np.array([8.0])]).forward(), [0.5])
    np.testing.assert_allclose(Run(make('sigmoid'), [np.array([-800.0, 0, 800])]).forward(),
                               [0, 0.5, 1])


def test_more_unary_forward_formulas():
    import math
    x = np.array([-1.5, -0.2, 0.0, 0.3, 2.0])
    np.testing.assert_allclose(Run(make('erf'), [x]).forward(), [math.erf(v) for v in x])
    np.testing.assert_array_equal(Run(make('logical_not'), [x]).forward(), [0, 0, 1, 0, 0])
    np.testing.assert_allclose(Run(make('hard_sigmoid'), [x * 2]).forward(),
                               np.clip(0.2 * x * 2 + 0.5, 0, 1))
    np.testing.assert_allclose(Run(make('degrees'), [np.array([np.pi])]).forward(), [180])


@pytest.mark.parametrize('n', [1, 3])
def test_add_n(n):
    args = [rng.randn(2, 3) for _ in range(n)]
    r = check_grads('add_n', args, range(n), dict(num_args=n), out_grad=rng.randn(2, 3))
    np.testing.assert_allclose(r.forward(), sum(args))
    with pytest.raises(ShapeError, match='add_n adds arrays of one shape'):
        make('add_n', num_args=2).infer_shape([(2, 3), (3, 2)], [])


@pytest.mark.parametrize('lo,hi', [(-0.5, 1.0), (0.0, 0.3)])
def test_clip(lo, hi):
    x = _off(rng.uniform(-2, 2, (4, 5)), (lo, hi))
    r = check_grads('clip', [x], [0], dict(a_min=lo, a_max=hi), out_grad=rng.randn(4, 5))
    np.testing.assert_array_equal(r.forward(), np.clip(x, lo, hi))


@pytest.mark.parametrize('sigma', [1.0, 2.0, 0.5])
def test_smooth_l1(sigma):
    s2 = sigma ** 2
    x = _off(rng.uniform(-3, 3, (4, 6)), (-1 / s2, 0, 1 / s2))
    r = check_grads('smooth_l1', [x], [0], dict(scalar=sigma), out_grad=rng.randn(4, 6))
    want = np.where(np.abs(x) < 1 / s2, 0.5 * s2 * x * x, np.abs(x) - 0.5 / s2)
    np.testing.assert_allclose(r.forward(), want)


# --- two inputs ----------------------------------------------------------------------------

TWO = {'add': None, 'sub': None, 'mul': None, 'div': (0.5, 2), 'mod': (0.7, 2),
       'power': (0.3, 2), 'maximum': None, 'minimum': None, 'hypot': None}
SHAPES = [((3, 4), (3, 4)), ((3, 4), (1, 4)), ((2, 3, 4), (3, 1)), ((4,), (2, 3, 4))]


def _inputs(name, sa, sb):
    lo, hi = TWO[name] or (-2, 2)
    a = rng.uniform(-2 if name != 'power' else 0.3, 2, sa)
    b = rng.uniform(lo, hi, sb)
    if name == 'mod':   # off the jumps, where a/b is a whole number
        a = np.floor(a / 1.0) + rng.uniform(0.3, 0.6, sa)
        b = rng.uniform(1.1, 1.3, sb)
    if name in ('maximum', 'minimum'):
        a = a + 0.05 * np.sign(a - np.broadcast_to(b, np.broadcast_shapes(sa, sb))[
            (0,) * (len(np.broadcast_shapes(sa, sb)) - len(sa))])
    return a, b


@pytest.mark.parametrize('name', sorted(TWO))
@pytest.mark.parametrize('sa,sb', SHAPES)
def test_broadcast_gradients(name, sa, sb):
    a, b = _inputs(name, sa, sb)
    out = np.broadcast_shapes(sa, sb)
    check_grads('broadcast_' + name, [a, b], [0, 1], {}, out_grad=rng.randn(*out))


@pytest.mark.parametrize('name', ['_power', '_maximum', '_minimum', '_hypot', '_mod'])
def test_same_shape_gradients(name):
    a, b = _inputs(name.strip('_'), (3, 4), (3, 4))
    check_grads(name, [a, b], [0, 1], {}, out_grad=rng.randn(3, 4))


SCALARS = ['_power_scalar', '_rpower_scalar', '_mod_scalar', '_rmod_scalar',
           '_maximum_scalar', '_minimum_scalar', '_hypot_scalar']


@pytest.mark.parametrize('name', SCALARS)
def test_scalar_gradients(name):
    x = rng.uniform(0.3, 0.6, (3, 4)) * 2.1
    if 'maximum' in name or 'minimum' in name:
        x = _off(rng.uniform(0, 2, (3, 4)), (0.8,))
    check_grads(name, [x], [0], dict(scalar=0.8), out_grad=rng.randn(3, 4))


def test_maximum_ties_send_the_gradient_to_the_left_input():
    a = np.array([1.0, 2.0, 3.0])
    b = np.array([1.0, 3.0, 2.0])
    for name, to_a in (('_maximum', [1, 0, 1]), ('_minimum', [1, 1, 0])):
        r = Run(make(name), [a, b])
        r.forward()
        ga, gb = r.backward(np.ones(3))
        np.testing.assert_array_equal(ga, to_a)
        np.testing.assert_array_equal(gb, 1 - np.array(to_a))


def test_mod_has_the_sign_of_the_divisor_and_is_zero_for_zero():
    a = np.array([-3.0, -1.5, 0.0, 1.5, 3.0, 2.0])
    b = np.array([2.0, 2.0, 2.0, -2.0, -2.0, 0.0])
    np.testing.assert_array_equal(Run(make('broadcast_mod'), [a, b]).forward(),
                                  [1, 0.5, 0, -0.5, -1, 0])


@pytest.mark.parametrize('name', ['_equal', '_not_equal', '_greater', '_greater_equal',
                                  '_lesser', '_lesser_equal', 'broadcast_equal',
                                  'broadcast_logical_xor'])
def test_comparisons_are_zero_one_with_zero_gradient(name):
    a = np.array([[1.0, 2.0, 0.0]])
    b = np.array([[1.0, 1.0, 3.0]])
    fn = {'equal': np.equal, 'not_equal': np.not_equal, 'greater': np.greater,
          'greater_equal': np.greater_equal, 'lesser': np.less, 'lesser_equal': np.less_equal,
          'logical_xor': np.logical_xor}[name.replace('broadcast_', '').strip('_')]
    r = Run(make(name), [a, b])
    np.testing.assert_array_equal(r.forward(), fn(a, b).astype(float))
    for g in r.grads:
        g.fill(7)
    r.backward(np.ones((1, 3)))
    assert not r.grads[0].any() and not r.grads[1].any()
    for g in r.grads:
        g.fill(7)
    r.backward(np.ones((1, 3)), req='add')            # 'add' leaves them as they are
    assert (r.grads[0] == 7).all() and (r.grads[1] == 7).all()


@pytest.mark.parametrize('name,args', [('broadcast_mul', 2), ('_hypot', 2), ('exp', 1),
                                       ('_power_scalar', 1), ('smooth_l1', 1)])
def test_grad_req_add_accumulates(name, args):
    x = [rng.uniform(0.5, 2, (3, 4)) for _ in range(args)]
    attrs = {'scalar': 2.0} if 'scalar' in name or name == 'smooth_l1' else {}
    r = Run(make(name, **attrs), x)
    r.forward()
    dy = rng.randn(3, 4)
    first = [g.copy() for g in r.backward(dy)]
    r.backward(dy, req='add')
    for g, f in zip(r.grads, first):
        np.testing.assert_allclose(g, 2 * f)


@pytest.mark.parametrize('name,shapes', [('broadcast_add', [(3, 4), (1, 4)]),
                                         ('sqrt', [(3, 4)]), ('_maximum', [(3, 4), (3, 4)]),
                                         ('broadcast_to', [(1, 4)])])
def test_gradients_land_in_strided_arrays(name, shapes):
    attrs = {'shape': (3, 4)} if name == 'broadcast_to' else {}
    x = [rng.uniform(0.5, 2, s) for s in shapes]
    plain = Run(make(name, **attrs), x)
    plain.forward()
    want = [g.copy() for g in plain.backward(np.ones((3, 4)))]
    strided = [np.zeros((s[0], 2 * s[1]))[:, ::2] for s in shapes]
    plain.backward(np.ones((3, 4)), grads=strided)
    for g, w in zip(strided, want):
        np.testing.assert_allclose(g, w)


# --- shapes --------------------------------------------------------------------------------

def test_broadcast_shapes_with_unknown_lengths():
    op = make('broadcast_add')
    assert op.infer_shape([(2, 1, 3), (4, 1)], [])[1] == [(2, 4, 3)]
    assert op.infer_shape([(0, 3), (2, 1)], [])[1] == [(0, 3)]     # 0 stays unknown
    assert op.infer_shape([(2, 0), (1, 3)], [])[1] == [(2, 0)]
    assert op.infer_shape([(2, 3), None], [])[1] == [None]
    with pytest.raises(ShapeError, match=r'shapes \[2,3\] \[4,3\]'):
        op.infer_shape([(2, 3), (4, 3)], [])


def test_stretch_shapes():
    assert make('broadcast_to', shape=(0, 4, 3)).infer_shape([(2, 1, 3)], [])[1] == [(2, 4, 3)]
    assert make('broadcast_to', shape=(0, 4, 3)).infer_shape([(0, 1, 3)], [])[1] == [(0, 4, 3)]
    assert make('broadcast_axis', axis=(0, 2), size=(5, 6)).infer_shape(
        [(1, 2, 1)], [])[1] == [(5, 2, 6)]
    with pytest.raises(ShapeError, match='Broadcasting axis must have size 1'):
        make('broadcast_axis', axis=1, size=3).infer_shape([(2, 2)], [])
    with pytest.raises(ShapeError, match='cannot be broadcasted'):
        make('broadcast_to', shape=(4, 3)).infer_shape([(2, 1, 3)], [])


def test_unary_keeps_unknown_shapes():
    assert make('exp').infer_shape([None], [])[1] == [None]
    assert make('exp').infer_shape([(0, 3)], [])[1] == [(0, 3)]


def test_aliases_make_the_same_op_with_their_own_auto_name():
    import tutor as mx
    x, y = mx.sym.var('x'), mx.sym.var('y')
    with mx.name.NameManager():
        for alias, op in (('broadcast_plus', 'broadcast_add'), ('broadcast_minus', 'broadcast_sub')):
            s = getattr(mx.sym, alias)(x, y)
            assert s.name == alias + '0' and '"op": "%s"' % op in s.tojson()
        s = mx.sym.broadcast_axes(x, axis=0, size=2)
        assert s.name == 'broadcast_axes0' and '"op": "broadcast_axis"' in s.tojson()
    assert 'broadcast_plus' in OPS['broadcast_add'].aliases
