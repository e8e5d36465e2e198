"""Run one program on real MXNet and on tutor: the helpers the parity files share.

A *builder* is a function ``build(lib) -> Symbol`` that makes the same graph with
``lib.sym``; every op in it is named explicitly so the auto-name counters (process-global in
both libraries) never matter.
"""
import numpy as np

import mxnet
import tutor

LIBS = (('mxnet', mxnet), ('tutor', tutor))
RTOL = 1e-5     # float32 agreement asked for by issue 2
ATOL = 1e-6     # for values that are zero up to float32 rounding


class Ran:
    """What one library computed: outputs, gradients, arguments and aux states after the
    run (all numpy copies), keyed by name."""

    def __init__(self, sym, exe, outputs):
        self.outputs = outputs
        self.grads = {n: None if g is None else g.asnumpy()
                      for n, g in zip(sym.list_arguments(), exe.grad_arrays)}
        self.args = {n: a.asnumpy() for n, a in zip(sym.list_arguments(), exe.arg_arrays)}
        self.aux = {n: a.asnumpy() for n, a in zip(sym.list_auxiliary_states(),
                                                    exe.aux_arrays)}


def bind(lib, sym, args, aux=None, grad_req='write'):
    """``sym.bind`` with copies of the given numpy arrays and zero gradients."""
    names = sym.list_arguments()
    arg_nd = {n: lib.nd.array(args[n], dtype=args[n].dtype) for n in names}
    req = grad_req if isinstance(grad_req, dict) else {n: grad_req for n in names}
    grads = {n: lib.nd.zeros(args[n].shape, dtype=args[n].dtype) for n in names
             if req.get(n, 'null') != 'null'}
    aux_nd = {n: lib.nd.array(aux[n], dtype=aux[n].dtype)
              for n in sym.list_auxiliary_states()}
    return sym.bind(lib.cpu(), args=arg_nd, args_grad=grads, grad_req=req, aux_states=aux_nd)


def run(lib, build, args, aux=None, steps=(('fwd', True), ('bwd', None)), grad_req='write'):
    """Bind ``build(lib)`` and play ``steps``: ('fwd', is_train) or ('bwd', out_grads)."""
    sym = build(lib)
    exe = bind(lib, sym, args, aux, grad_req)
    outputs = None
    for kind, value in steps:
        if kind == 'fwd':
            outputs = [o.asnumpy() for o in exe.forward(is_train=value)]
        else:
            heads = None if value is None else [lib.nd.array(g) for g in value]
            exe.backward(out_grads=heads)
    return Ran(sym, exe, outputs)


def run_both(build, args, aux=None, **kwargs):
    """(mxnet result, tutor result) of the same program on the same inputs."""
    return tuple(run(lib, build, args, aux, **kwargs) for _, lib in LIBS)


def close(actual, expected, what, rtol=RTOL, atol=ATOL):
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol,
                               err_msg='%s differs from MXNet' % what)


def assert_same(ref, got, rtol=RTOL, atol=ATOL, grads=True):
    """Every output, gradient, argument and aux state of tutor equals MXNet's."""
    assert len(got.outputs) == len(ref.outputs)
    for i, (a, b) in enumerate(zip(got.outputs, ref.outputs)):
        assert a.shape == b.shape, 'output %d shape %s vs MXNet %s' % (i, a.shape, b.shape)
        close(a, b, 'output %d' % i, rtol, atol)
    if grads:
        assert sorted(k for k, v in got.grads.items() if v is not None) == \
            sorted(k for k, v in ref.grads.items() if v is not None)
        for name, g in ref.grads.items():
            if g is not None:
                close(got.grads[name], g, 'gradient of %s' % name, rtol, atol)
    for name, a in ref.args.items():
        close(got.args[name], a, 'argument %s after the run' % name, rtol, atol)
    for name, a in ref.aux.items():
        close(got.aux[name], a, 'aux state %s' % name, rtol, atol)


def error_of(fn, lib):
    """The exception ``fn(lib)`` raises (the test fails if it raises none)."""
    try:
        fn(lib)
    except Exception as err:  # noqa: BLE001 - any type is compared below
        return err
    raise AssertionError('%s raised nothing' % lib.__name__)


def same_error_type(mx_err, tutor_err):
    """tutor raises MXNet's exception type: MXNetError for MXNetError, else the same builtin
    (a subclass is fine: tutor's file errors are MXNetError *and* ValueError)."""
    if isinstance(mx_err, mxnet.base.MXNetError):
        ok = isinstance(tutor_err, tutor.base.MXNetError)
    else:
        ok = isinstance(tutor_err, type(mx_err))
    assert ok, 'MXNet raised %s(%s) but tutor raised %s(%s)' % (
        type(mx_err).__name__, mx_err, type(tutor_err).__name__, tutor_err)


def errors_alike(fn):
    """Run ``fn(lib)`` on both libraries; both must raise, with corresponding types."""
    mx_err, tutor_err = error_of(fn, mxnet), error_of(fn, tutor)
    same_error_type(mx_err, tutor_err)
    return mx_err, tutor_err
