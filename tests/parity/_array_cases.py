"""What the array-operator parity files check for one op, against real MXNet 1.9.1:
the graph (auto names, arguments, outputs, JSON bytes, JSON loaded by the other side),
forward and every gradient (grad_req write and add, two backward passes), and shape
inference from complete and from partial shapes (a 0 in a shape: unknown)."""
import json
import warnings

import numpy as np

import mxnet
import tutor
from _both import LIBS, assert_same, run_both

F32 = np.float32


def graph_alike(build):
    """Built inside a fresh NameManager on each side: the same names, lists and JSON bytes,
    and each side loads the other's JSON to the same text."""
    syms = []
    for _, lib in LIBS:
        with lib.name.NameManager():
            syms.append(build(lib))
    ref, got = syms
    for what in ('list_arguments', 'list_outputs', 'list_auxiliary_states'):
        assert getattr(got, what)() == getattr(ref, what)(), what
    assert got.name == ref.name
    assert got.tojson() == ref.tojson()
    assert tutor.sym.load_json(ref.tojson()).tojson() == ref.tojson()
    assert mxnet.sym.load_json(got.tojson()).tojson() == ref.tojson()
    return ref, got


def values_alike(build, args, heads, grad_req='write', rtol=1e-5, atol=1e-6):
    """Forward, then backward twice (the second with doubled heads), on both sides."""
    steps = (('fwd', True), ('bwd', heads), ('fwd', True), ('bwd', [2 * h for h in heads]))
    ref, got = run_both(build, args, steps=steps, grad_req=grad_req)
    assert_same(ref, got, rtol=rtol, atol=atol)
    return ref, got


def heads_for(build, args, rng):
    """Random head gradients shaped like the outputs (shapes from MXNet)."""
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        sym = build(mxnet)
        shapes = sym.infer_shape(**{k: v.shape for k, v in args.items()})[1]
    return [rng.uniform(-1, 1, s).astype(F32) for s in shapes]


def _mx_partial(sym, shapes):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        return sym.infer_shape_partial(**shapes)


def _node_op(sym):
    """The op of the single op node of a tutor symbol (its last node)."""
    return sym._nodes()[-1].op


def shapes_alike(build, shapes):
    """One op, shapes given by name (0 = unknown dim): tutor's op fills in what MXNet's
    infer_shape_partial fills in, for its inputs and its outputs; errors alike."""
    ref = build(mxnet)
    got = build(tutor)
    try:
        want_args, want_outs, _ = _mx_partial(ref, shapes)
    except mxnet.base.MXNetError:
        op = _node_op(got)
        given = [shapes.get(n) for n in got.list_arguments()]
        try:
            op.infer_shape(given, [])
        except tutor.base.MXNetError:
            return None
        raise AssertionError('MXNet refuses %s but tutor accepts them' % (shapes,))
    op = _node_op(got)
    given = [shapes.get(n) for n in got.list_arguments()]
    ins, outs, _ = op.infer_shape(list(given), [])
    norm = lambda s: () if s is None else tuple(int(d) for d in s)  # noqa: E731
    for name, w, g in zip(got.list_arguments(), want_args, ins):
        if len(w):   # where MXNet says something, tutor says the same
            assert norm(g) == tuple(w), 'input %s: %s vs MXNet %s' % (name, g, w)
    for i, (w, g) in enumerate(zip(want_outs, outs)):
        assert norm(g) == tuple(w), 'output %d: %s vs MXNet %s' % (i, g, w)
    with warnings.catch_warnings():   # and tutor's solver says what MXNet's says
        warnings.simplefilter('ignore')
        solved = got.infer_shape_partial(**shapes)
    assert [tuple(s) for s in solved[0]] == [tuple(s) for s in want_args], 'solver inputs'
    assert [tuple(s) for s in solved[1]] == [tuple(s) for s in want_outs], 'solver outputs'
    return want_args, want_outs


def names(sym):
    return [(n['op'], n['name']) for n in json.loads(sym.tojson())['nodes']]
