"""Element-wise maths against real MXNet 1.9.1: unary ops (exp, sqrt, relu...), ``broadcast_*``,
the same-shape ops Symbol's operators build (``a ** b``, ``a % b``, ``a == b``...), the scalar
ops (``x ** 2``, ``2 ** x``, ``maximum(x, 0)``...), ``broadcast_to/axis/like``, ``clip`` and
``smooth_l1``: forward, every gradient (grad_req write and add), infer_shape (incl. partial
shapes), auto names and JSON bytes.

Run: MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity/test_math_ops_parity.py
"""
import numpy as np
import pytest

mx = pytest.importorskip('mxnet')
import tutor  # noqa: E402
from _both import LIBS, assert_same, error_of, run_both, same_error_type  # noqa: E402

F32 = np.float32


def _r(rng, *shape, lo=-2.0, hi=2.0):
    return rng.uniform(lo, hi, shape).astype(F32)


def _off_kinks(a, kinks=(0.0,), eps=0.05):
    """Nudge values away from the points where a gradient jumps."""
    a = a.copy()
    for k in kinks:
        near = np.abs(a - k) < eps
        a[near] = k + 2 * eps
    return a


def _steps(head):
    return (('fwd', True), ('bwd', [head]), ('fwd', True), ('bwd', [2 * head]))


# ---------------------------------------------------------------------------------------
# unary ops: name -> (input range, kinks)

UNARY = {
    'abs': ((-2, 2), (0,)), 'sign': ((-2, 2), (0,)), 'negative': ((-2, 2), ()),
    'reciprocal': ((0.5, 2), ()), 'square': ((-2, 2), ()), 'sqrt': ((0.1, 4), ()),
    'rsqrt': ((0.2, 4), ()), 'cbrt': ((0.1, 4), ()), 'rcbrt': ((0.2, 4), ()),
    'exp': ((-2, 2), ()), 'expm1': ((-1, 1), ()), 'log': ((0.1, 4), ()),
    'log2': ((0.1, 4), ()), 'log10': ((0.1, 4), ()), 'log1p': ((-0.5, 2), ()),
    'relu': ((-2, 2), (0,)), 'sigmoid': ((-5, 5), ()), 'softsign': ((-3, 3), ()),
    'sin': ((-3, 3), ()), 'cos': ((-3, 3), ()), 'tan': ((-1.2, 1.2), ()),
    'tanh': ((-3, 3), ()), 'arctan': ((-3, 3), ()),
    'floor': ((-3, 3), (-2, -1, 0, 1, 2)), 'ceil': ((-3, 3), (-2, -1, 0, 1, 2)),
    'round': ((-3, 3), (-1.5, -0.5, 0.5, 1.5)), 'rint': ((-3, 3), (-1.5, -0.5, 0.5, 1.5)),
    'fix': ((-3, 3), (-2, -1, 0, 1, 2)), 'trunc': ((-3, 3), (-2, -1, 0, 1, 2)),
    'arcsin': ((-0.9, 0.9), ()), 'arccos': ((-0.9, 0.9), ()), 'sinh': ((-2, 2), ()),
    'cosh': ((-2, 2), ()), 'arcsinh': ((-3, 3), ()), 'arccosh': ((1.1, 3), ()),
    'arctanh': ((-0.9, 0.9), ()), 'degrees': ((-3, 3), ()), 'radians': ((-90, 90), ()),
    'erf': ((-2, 2), ()), 'logical_not': ((-1, 1), (0,)), 'identity': ((-2, 2), ()),
    'hard_sigmoid': ((-4, 4), (-2.5, 2.5)),
}


@pytest.mark.parametrize('name', sorted(UNARY))
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_unary(rng, name, grad_req):
    (lo, hi), kinks = UNARY[name]
    args = {'x': _off_kinks(_r(rng, 3, 4, lo=lo, hi=hi), kinks)}

    def build(lib):
        return getattr(lib.sym, name)(lib.sym.var('x'), name='u')

    ref, got = run_both(build, args, steps=_steps(_r(rng, 3, 4)), grad_req=grad_req)
    assert_same(ref, got)


def test_round_halves_go_away_from_zero_and_rint_halves_go_down():
    x = np.array([[-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.49, -0.51]], F32)
    for name in ('round', 'rint'):
        def build(lib):
            return getattr(lib.sym, name)(lib.sym.var('x'), name='u')
        ref, got = run_both(build, {'x': x}, steps=(('fwd', True),))
        assert_same(ref, got, grads=False)


@pytest.mark.parametrize('fn', ['add_n', 'ElementWiseSum'])
@pytest.mark.parametrize('n', [1, 2, 4])
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_add_n(rng, fn, n, grad_req):
    args = {'x%d' % i: _r(rng, 3, 4) for i in range(n)}

    def build(lib):
        return getattr(lib.sym, fn)(*[lib.sym.var('x%d' % i) for i in range(n)], name='s')

    ref, got = run_both(build, args, steps=_steps(_r(rng, 3, 4)), grad_req=grad_req)
    assert_same(ref, got)


def test_hard_sigmoid_parameters(rng):
    x = _off_kinks(_r(rng, 3, 5, lo=-3, hi=3), (-1.0, 0.25))

    def build(lib):
        return lib.sym.hard_sigmoid(lib.sym.var('x'), alpha=0.4, beta=0.4, name='h')

    ref, got = run_both(build, {'x': x}, steps=_steps(_r(rng, 3, 5)))
    assert_same(ref, got)


@pytest.mark.parametrize('params', [dict(a_min=-0.5, a_max=1.0), dict(a_min=0, a_max=0.3)])
def test_clip(rng, params):
    args = {'x': _off_kinks(_r(rng, 4, 5), (params['a_min'], params['a_max']))}

    def build(lib):
        return lib.sym.clip(lib.sym.var('x'), name='c', **params)

    ref, got = run_both(build, args, steps=_steps(_r(rng, 4, 5)))
    assert_same(ref, got)


@pytest.mark.parametrize('sigma', [None, 2.0, 0.5])
def test_smooth_l1(rng, sigma):
    params = {} if sigma is None else {'scalar': sigma}
    s2 = 1.0 if sigma is None else sigma ** 2
    args = {'x': _off_kinks(_r(rng, 4, 6, lo=-3, hi=3), (-1 / s2, 0, 1 / s2))}

    def build(lib):
        return lib.sym.smooth_l1(lib.sym.var('x'), name='s', **params)

    ref, got = run_both(build, args, steps=_steps(_r(rng, 4, 6)))
    assert_same(ref, got)


# ---------------------------------------------------------------------------------------
# broadcast_* : name -> (lhs range, rhs range)

BROADCAST = {
    'add': None, 'plus': None, 'sub': None, 'minus': None, 'mul': None,
    'div': ((-2, 2), (0.5, 2)), 'mod': ((-3, 3), (0.7, 2)), 'power': ((0.3, 2), (-2, 2)),
    'maximum': None, 'minimum': None, 'hypot': None, 'equal': None, 'not_equal': None,
    'greater': None, 'greater_equal': None, 'lesser': None, 'lesser_equal': None,
    'logical_and': None, 'logical_or': None, 'logical_xor': None,
}
SHAPES = [((3, 4), (3, 4)), ((3, 4), (1, 4)), ((2, 3, 4), (3, 1)), ((3, 1), (1, 4)),
          ((4,), (2, 3, 4))]


def _pair(rng, name, sa, sb, ranges):
    (la, ha), (lb, hb) = ranges or ((-2, 2), (-2, 2))
    a, b = _r(rng, *sa, lo=la, hi=ha), _r(rng, *sb, lo=lb, hi=hb)
    if name in ('equal', 'not_equal', 'greater_equal', 'lesser_equal'):
        b.flat[::2] = a.flat[:b.size:2][:len(b.flat[::2])]  # some ties
    if name.startswith('logical'):
        a[a < 0] = 0
        b[b < 0] = 0
    return {'a': a, 'b': b}


@pytest.mark.parametrize('name', sorted(BROADCAST))
@pytest.mark.parametrize('sa,sb', SHAPES)
def test_broadcast_binary(rng, name, sa, sb):
    args = _pair(rng, name, sa, sb, BROADCAST[name])
    out = np.broadcast_shapes(sa, sb)

    def build(lib):
        return getattr(lib.sym, 'broadcast_' + name)(lib.sym.var('a'), lib.sym.var('b'),
                                                     name='bc')

    ref, got = run_both(build, args, steps=_steps(_r(rng, *out)))
    assert_same(ref, got)


@pytest.mark.parametrize('name', ['add', 'mul', 'maximum', 'power'])
def test_broadcast_grad_req_add(rng, name):
    args = _pair(rng, name, (2, 3, 4), (3, 1), BROADCAST[name])

    def build(lib):
        return getattr(lib.sym, 'broadcast_' + name)(lib.sym.var('a'), lib.sym.var('b'),
                                                     name='bc')

    ref, got = run_both(build, args, steps=_steps(_r(rng, 2, 3, 4)), grad_req='add')
    assert_same(ref, got)


def tutor_op_shapes(op_name, in_shapes, **params):
    """What one tutor op infers from these input shapes (0 = unknown, as in MXNet), the way
    MXNet's infer_shape_partial shows it: () for an output it cannot tell at all."""
    from tutor.symbol.op import OPS
    op = OPS[op_name]({k: str(v) for k, v in params.items()}, node_name='t')
    ins = [None if s is None else tuple(s) for s in in_shapes]
    outs = op.infer_shape(ins, [])[1]
    return [() if s is None else tuple(s) for s in outs]


PARTIAL = [((2, 3), (3,)), ((2, 1, 3), (4, 1)), ((0, 3), (2, 1)), ((2, 0), (1, 3)),
           ((1, 3), (0, 3)), ((2, 3), None)]


@pytest.mark.parametrize('sa,sb', PARTIAL)
def test_broadcast_infer_shape_partial(sa, sb):
    s = mx.sym.broadcast_add(mx.sym.var('a'), mx.sym.var('b'))
    kw = {'a': sa} if sb is None else {'a': sa, 'b': sb}
    assert tutor_op_shapes('broadcast_add', [sa, sb]) == s.infer_shape_partial(**kw)[1]


SYM_PARTIAL = [
    (lambda s: s.broadcast_add(s.var('a'), s.var('b')), dict(a=(0, 3), b=(2, 1))),
    (lambda s: s.broadcast_mul(s.var('a'), s.var('b')), dict(a=(2, 0), b=(1, 3))),
    (lambda s: s.exp(s.var('a')), dict(a=(0, 3))),
    (lambda s: s.var('a') ** s.var('b'), dict(a=(0, 3), b=(2, 0))),
    (lambda s: s.maximum(s.var('a'), 1), dict(a=(0, 3))),
    (lambda s: s.broadcast_to(s.var('a'), shape=(0, 4, 3)), dict(a=(0, 1, 3))),
    (lambda s: s.broadcast_axis(s.var('a'), axis=1, size=4), dict(a=(0, 1, 3))),
    (lambda s: s.smooth_l1(s.var('a'), scalar=2.0), dict(a=(0, 5))),
]


@pytest.mark.parametrize('i', range(len(SYM_PARTIAL)))
def test_symbol_infer_shape_partial(i):
    """Through the whole solver: unknown (0) lengths filled where they can be."""
    build, shapes = SYM_PARTIAL[i]
    got = [build(lib.sym).infer_shape_partial(**shapes) for _, lib in LIBS]
    assert got[1] == got[0]


def test_broadcast_incompatible_shapes_raise_mxnet_error():
    def fn(lib):
        s = lib.sym.broadcast_mul(lib.sym.var('a'), lib.sym.var('b'))
        return s.infer_shape(a=(2, 3), b=(4, 3))
    ref, got = error_of(fn, mx), error_of(fn, tutor)
    same_error_type(ref, got)
    assert 'operands could not be broadcast together with shapes [2,3] [4,3]' in str(got)


# ---------------------------------------------------------------------------------------
# Symbol operators and mx.sym.maximum/minimum/hypot/pow: same shapes or a scalar

OPERATORS = {
    'pow': (lambda a, b: a ** b, (0.3, 2)), 'mod': (lambda a, b: a % b, (0.6, 2)),
    'eq': (lambda a, b: a == b, None), 'ne': (lambda a, b: a != b, None),
    'gt': (lambda a, b: a > b, None), 'ge': (lambda a, b: a >= b, None),
    'lt': (lambda a, b: a < b, None), 'le': (lambda a, b: a <= b, None),
}


def _sym_pair(rng, positive=None):
    lo, hi = positive or (-2, 2)
    a = _r(rng, 3, 4, lo=lo, hi=hi)
    b = _r(rng, 3, 4, lo=lo, hi=hi)
    b[0] = a[0]                      # ties: comparisons and maximum pick a side
    return {'a': a, 'b': b}


@pytest.mark.parametrize('name', sorted(OPERATORS))
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_symbol_operator_two_symbols(rng, name, grad_req):
    fn, positive = OPERATORS[name]
    args = _sym_pair(rng, positive)
    if name == 'mod':
        args['b'][0] += 0.3          # mod's gradient jumps where a/b is a whole number

    def build(lib):
        return fn(lib.sym.var('a'), lib.sym.var('b'))

    ref, got = run_both(build, args, steps=_steps(_r(rng, 3, 4)), grad_req=grad_req)
    assert_same(ref, got)


@pytest.mark.parametrize('fname', ['maximum', 'minimum', 'hypot', 'pow', 'power'])
def test_sym_functions_two_symbols(rng, fname):
    args = _sym_pair(rng, (0.3, 2))

    def build(lib):
        return getattr(lib.sym, fname)(lib.sym.var('a'), lib.sym.var('b'))

    ref, got = run_both(build, args, steps=_steps(_r(rng, 3, 4)))
    assert_same(ref, got)


SCALAR_FORMS = {
    'x**2': lambda x: x ** 2, 'x**0.5': lambda x: x ** 0.5, '2**x': lambda x: 2 ** x,
    'x%0.7': lambda x: x % 0.7, '3%x': lambda x: 3 % x, 'x==1': lambda x: x == 1,
    'x!=1': lambda x: x != 1, 'x>1': lambda x: x > 1, 'x>=1': lambda x: x >= 1,
    'x<1': lambda x: x < 1, 'x<=1': lambda x: x <= 1, '1<x': lambda x: 1 < x,
    'abs': lambda x: abs(x - 1.2),
}
FN_FORMS = {
    'maximum(x,1)': ('maximum', 1), 'maximum(1,x)': ('maximum', 1, True),
    'minimum(x,1)': ('minimum', 1), 'hypot(x,2)': ('hypot', 2), 'pow(x,3)': ('pow', 3),
    'pow(2,x)': ('pow', 2, True), 'power(x,2)': ('power', 2),
}


def _scalar_input(rng):
    x = _r(rng, 3, 4, lo=0.2, hi=2.5)
    x[0, :2] = 1.0                   # ties with the scalar
    return x


@pytest.mark.parametrize('form', sorted(SCALAR_FORMS) + sorted(FN_FORMS))
@pytest.mark.parametrize('grad_req', ['write', 'add'])
def test_scalar_forms(rng, form, grad_req):
    x = _scalar_input(rng)
    if form in ('x%0.7', '3%x'):
        x = _r(rng, 3, 4, lo=0.3, hi=0.6) * 2.1   # off the jumps of mod

    def build(lib):
        v = lib.sym.var('x')
        if form in SCALAR_FORMS:
            return SCALAR_FORMS[form](v)
        spec = FN_FORMS[form]
        fn = getattr(lib.sym, spec[0])
        return fn(spec[1], v) if len(spec) > 2 else fn(v, spec[1])

    ref, got = run_both(build, {'x': x}, steps=_steps(_r(rng, 3, 4)), grad_req=grad_req)
    assert_same(ref, got)


def test_sym_functions_of_two_numbers():
    for fname, args in (('maximum', (2, 3.5)), ('minimum', (2, 3.5)), ('pow', (2, 3)),
                        ('power', (2, 3)), ('hypot', (3, 4))):
        assert getattr(tutor.sym, fname)(*args) == getattr(mx.sym, fname)(*args)


def test_operators_reject_other_types_like_mxnet():
    for expr in (lambda v: v ** 'a', lambda v: v == 'a', lambda v: v % None):
        same_error_type(error_of(lambda lib: expr(lib.sym.var('x')), mx),
                        error_of(lambda lib: expr(lib.sym.var('x')), tutor))


def test_symbols_are_unhashable_like_mxnet():
    for _, lib in LIBS:
        with pytest.raises(TypeError):
            hash(lib.sym.var('x'))


# ---------------------------------------------------------------------------------------
# broadcast_to / broadcast_axis / broadcast_like

STRETCH = [
    ('to', (2, 1, 3), dict(shape=(2, 4, 3))), ('to', (2, 1, 3), dict(shape=(0, 4, 0))),
    ('to', (1, 1), dict(shape=(3, 2))),
    ('axis', (2, 1, 1), dict(axis=(1, 2), size=(4, 5))), ('axis', (2, 1, 3), dict(axis=1, size=4)),
    ('axes', (1, 3), dict(axis=0, size=2)),
]


@pytest.mark.parametrize('kind,shape,params', STRETCH)
def test_broadcast_to_and_axis(rng, kind, shape, params):
    def build(lib):
        return getattr(lib.sym, 'broadcast_' + kind)(lib.sym.var('x'), name='b', **params)

    out = build(mx).infer_shape(x=shape)[1][0]
    assert build(tutor).infer_shape(x=shape)[1][0] == out
    ref, got = run_both(build, {'x': _r(rng, *shape)}, steps=_steps(_r(rng, *out)))
    assert_same(ref, got)


@pytest.mark.parametrize('sa,sb,params', [((1, 3), (4, 3), {}), ((2, 1, 1), (2, 5, 3), {}),
                                          ((1, 3), (4, 5), dict(lhs_axes=(0,), rhs_axes=(1,)))])
def test_broadcast_like(rng, sa, sb, params):
    def build(lib):
        return lib.sym.broadcast_like(lib.sym.var('a'), lib.sym.var('b'), name='bl', **params)

    out = build(mx).infer_shape(a=sa, b=sb)[1][0]
    assert build(tutor).infer_shape(a=sa, b=sb)[1][0] == out
    args = {'a': _r(rng, *sa), 'b': _r(rng, *sb)}
    ref, got = run_both(build, args, steps=_steps(_r(rng, *out)))
    assert_same(ref, got)


@pytest.mark.parametrize('fn', [
    lambda lib: lib.sym.broadcast_to(lib.sym.var('x'), shape=(4, 3)).infer_shape(x=(2, 1, 3)),
    lambda lib: lib.sym.broadcast_to(lib.sym.var('x'), shape=(2, 4, 3)).infer_shape(x=(2, 2, 3)),
    lambda lib: lib.sym.broadcast_axis(lib.sym.var('x'), axis=1, size=4).infer_shape(x=(2, 2)),
    lambda lib: lib.sym.broadcast_axis(lib.sym.var('x'), axis=-1, size=4).infer_shape(x=(2, 1)),
    lambda lib: lib.sym.broadcast_axis(lib.sym.var('x'), axis=(1,), size=(4, 5)).infer_shape(
        x=(2, 1, 3)),
])
def test_stretch_errors_have_mxnet_type(fn):
    same_error_type(error_of(fn, mx), error_of(fn, tutor))


def test_broadcast_to_partial_shapes():
    s = mx.sym.broadcast_to(mx.sym.var('x'), shape=(0, 4, 3))
    assert tutor_op_shapes('broadcast_to', [(0, 1, 3)], shape=(0, 4, 3)) == \
        s.infer_shape_partial(x=(0, 1, 3))[1]


# ---------------------------------------------------------------------------------------
# names and JSON: every op of this file in one graph, auto-named

def _all_math(lib):
    x, y = lib.sym.var('x'), lib.sym.var('y')
    outs = [getattr(lib.sym, n)(x) for n in sorted(UNARY)]
    outs += [getattr(lib.sym, 'broadcast_' + n)(x, y) for n in sorted(BROADCAST)]
    outs += [f(x, y) for f, _ in OPERATORS.values()]
    outs += [f(x) for f in SCALAR_FORMS.values()]
    outs += [lib.sym.maximum(x, y), lib.sym.minimum(x, 2), lib.sym.hypot(3, x),
             lib.sym.pow(2, x), lib.sym.power(x, y), lib.sym.clip(x, 0, 1),
             lib.sym.clip(x, a_min=-1.5, a_max=2), lib.sym.smooth_l1(x, scalar=3),
             lib.sym.broadcast_to(x, shape=(2, 3)), lib.sym.broadcast_axis(x, axis=0, size=2),
             lib.sym.broadcast_axes(x, axis=(0, 1), size=(2, 3)), lib.sym.broadcast_like(x, y),
             lib.sym.broadcast_like(x, y, lhs_axes=(0,), rhs_axes=(1,)),
             lib.sym.add_n(x, y, x), lib.sym.ElementWiseSum(y, x),
             lib.sym.hard_sigmoid(x, alpha=0.3)]
    return lib.sym.Group(outs)


def test_auto_names_and_json_are_mxnet_s():
    syms = []
    for _, lib in LIBS:
        with lib.name.NameManager():
            syms.append(_all_math(lib))
    ref, got = syms
    assert got.list_outputs() == ref.list_outputs()
    assert got.tojson() == ref.tojson()
    assert mx.sym.load_json(got.tojson()).tojson() == ref.tojson()
    assert tutor.sym.load_json(ref.tojson()).tojson() == ref.tojson()


# Every op name (and alias) this file checks, for test_ops_parity's coverage test.
COVERED = (set(UNARY) | {'broadcast_' + n for n in BROADCAST} | {'_copy', 'add_n',
    'clip', 'smooth_l1', 'broadcast_to', 'broadcast_axis', 'broadcast_axes', 'broadcast_like',
    '_power', '_mod', '_equal', '_not_equal', '_greater', '_greater_equal', '_lesser',
    '_lesser_equal', '_maximum', '_minimum', '_hypot', '_power_scalar', '_rpower_scalar',
    '_mod_scalar', '_rmod_scalar', '_equal_scalar', '_not_equal_scalar', '_greater_scalar',
    '_greater_equal_scalar', '_lesser_scalar', '_lesser_equal_scalar', '_maximum_scalar',
    '_minimum_scalar', '_hypot_scalar'})
