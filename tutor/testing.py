"""The checking helpers of MXNet's ``mx.test_utils`` that test code written for MXNet uses
(``assert_almost_equal``, ``check_symbolic_forward`` / ``_backward``,
``check_numeric_gradient``, ``rand_ndarray``...), with MXNet's default tolerances.
``tutor.test_utils`` re-exports them. Dense arrays only (no ``stype``)."""
import contextlib
import numbers
import os
import sys

import numpy as np

from .context import Context, cpu

__all__ = ['default_context', 'set_default_context', 'default_dtype', 'get_rtol', 'get_atol',
           'same', 'almost_equal', 'assert_almost_equal', 'assert_exception', 'rand_shape_2d',
           'rand_shape_3d', 'rand_shape_nd', 'rand_ndarray', 'random_arrays', 'simple_forward',
           'check_symbolic_forward', 'check_symbolic_backward', 'check_numeric_gradient',
           'numeric_grad', 'discard_stderr']

_RTOL = {np.dtype(np.float16): 1e-2, np.dtype(np.float32): 1e-4, np.dtype(np.float64): 1e-5}
_ATOL = {np.dtype(np.float16): 1e-1, np.dtype(np.float32): 1e-3, np.dtype(np.float64): 1e-20}
_EPS = {np.dtype(np.float16): 2.0 ** -6, np.dtype(np.float32): 2.0 ** -9,
        np.dtype(np.float64): 2.0 ** -14}
_default_ctx = [None]


def default_context():
    """The context tests run on: cpu() unless set_default_context changed it."""
    return _default_ctx[0] or cpu()


def set_default_context(ctx):
    _default_ctx[0] = ctx if isinstance(ctx, Context) else None


def default_dtype():
    return np.float32


def get_rtol(rtol=None, dtype=np.dtype(np.float64)):
    return _RTOL.get(np.dtype(dtype), 0) if rtol is None else rtol


def get_atol(atol=None, dtype=np.dtype(np.float64)):
    return _ATOL.get(np.dtype(dtype), 0) if atol is None else atol


def _tols(a, b, rtol, atol):
    """The larger of the two arrays' default tolerances, unless a number is given."""
    def pick(tol, table):
        if isinstance(tol, numbers.Number):
            return tol
        dts = [np.asarray(x).dtype for x in (a, b)]
        return max((tol or {}).get(d, table.get(d, 0)) for d in dts)
    return pick(rtol, _RTOL), pick(atol, _ATOL)


def same(a, b):
    return np.array_equal(np.asarray(a), np.asarray(b))


def almost_equal(a, b, rtol=None, atol=None, equal_nan=False, use_broadcast=True):
    return np.allclose(np.asarray(a), np.asarray(b), rtol=get_rtol(rtol), atol=get_atol(atol),
                       equal_nan=equal_nan)


def assert_almost_equal(a, b, rtol=None, atol=None, names=('a', 'b'), equal_nan=False,
                        use_broadcast=True, mismatches=(10, 10)):
    """AssertionError naming the worst element when ``a`` and ``b`` differ beyond
    ``atol + rtol·|b|`` (MXNet's defaults per dtype when not given)."""
    a, b = np.asarray(a), np.asarray(b)
    rtol, atol = _tols(a, b, rtol, atol)
    if a.dtype == np.bool_ and b.dtype == np.bool_:
        np.testing.assert_equal(a, b)
        return
    if np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan):
        return
    a64, b64 = np.broadcast_arrays(a.astype(np.float64), b.astype(np.float64))
    violation = np.abs(a64 - b64) / (atol + rtol * np.abs(b64) + 1e-300)
    where = tuple(int(i) for i in np.unravel_index(
        np.nanargmax(np.where(np.isnan(violation), np.inf, violation)), violation.shape)) \
        if violation.size else ()
    raise AssertionError('Error %f exceeds tolerance rtol=%e, atol=%e. Location of maximum '
                         'error: %s, %s=%s, %s=%s' % (violation[where], rtol, atol, where,
                                                      names[0], a64[where], names[1],
                                                      b64[where]))


def assert_exception(f, exception_type, *args, **kwargs):
    try:
        f(*args, **kwargs)
    except exception_type:
        return
    raise AssertionError('%s did not raise %s' % (getattr(f, '__name__', f),
                                                   exception_type.__name__))


def rand_shape_2d(dim0=10, dim1=10, allow_zero_size=False):
    low = 0 if allow_zero_size else 1
    return np.random.randint(low, dim0 + 1), np.random.randint(low, dim1 + 1)


def rand_shape_3d(dim0=10, dim1=10, dim2=10, allow_zero_size=False):
    low = 0 if allow_zero_size else 1
    return tuple(np.random.randint(low, d + 1) for d in (dim0, dim1, dim2))


def rand_shape_nd(num_dim, dim=10, allow_zero_size=False):
    low = 0 if allow_zero_size else 1
    return tuple(np.random.randint(low, dim + 1, size=num_dim))


def rand_ndarray(shape, stype='default', density=None, dtype=None, modifier_func=None,
                 shuffle_csr_indices=False, distribution=None, ctx=None):
    """Uniform [0, 1) values (NumPy's global generator, as MXNet's helper uses)."""
    from .ndarray import array
    if stype != 'default':
        raise NotImplementedError('tutor has dense arrays only (stype=%r)' % stype)
    values = np.random.uniform(0, 1, shape)
    if modifier_func is not None:
        values = modifier_func(values)
    return array(values, dtype=dtype or np.float32)


def random_arrays(*shapes):
    arrays = [np.array(np.random.randn(), dtype=np.float32) if len(s) == 0 else
              np.random.randn(*s).astype(np.float32) for s in shapes]
    return arrays[0] if len(arrays) == 1 else arrays


def _arrays(sym, names, values, dtype):
    from .ndarray import array
    if values is None:
        return None
    if isinstance(values, dict):
        missing = [n for n in names if n not in values]
        if missing:
            raise ValueError('Symbol arguments and keys of the given location do not match: '
                             '%s is missing' % missing[0])
        values = [values[n] for n in names]
    return {n: array(v, dtype=np.asarray(v).dtype if dtype == 'asnumpy' else dtype)
            for n, v in zip(names, values)}


def simple_forward(sym, ctx=None, is_train=False, **inputs):
    from .ndarray import array
    exe = sym.bind(ctx or default_context(), args={k: array(v) for k, v in inputs.items()})
    exe.forward(is_train=is_train)
    outputs = [o.asnumpy() for o in exe.outputs]
    return outputs[0] if len(outputs) == 1 else outputs


def check_symbolic_forward(sym, location, expected, rtol=None, atol=None, aux_states=None,
                           ctx=None, equal_nan=False, dtype=np.float32):
    """Bind ``sym`` at ``location`` (list in list_arguments order, or dict) and compare each
    output with ``expected``."""
    args = _arrays(sym, sym.list_arguments(), location, dtype)
    aux = _arrays(sym, sym.list_auxiliary_states(), aux_states, dtype)
    exe = sym.bind(ctx or default_context(), args=args, aux_states=aux, grad_req='null')
    exe.forward(is_train=False)
    if isinstance(expected, dict):
        expected = [expected[k] for k in sym.list_outputs()]
    for name, want, got in zip(sym.list_outputs(), expected, exe.outputs):
        assert_almost_equal(want, got, rtol, atol, ('EXPECTED_%s' % name, 'FORWARD_%s' % name),
                            equal_nan=equal_nan)
    return exe.outputs


def check_symbolic_backward(sym, location, out_grads, expected, rtol=None, atol=None,
                            aux_states=None, grad_req='write', ctx=None, grad_stypes=None,
                            equal_nan=False, dtype=np.float32):
    """Run forward (training) and backward with ``out_grads``; compare the gradients of the
    arguments named in ``expected`` (dict, or list in list_arguments order)."""
    from .ndarray import array
    names = sym.list_arguments()
    args = _arrays(sym, names, location, dtype)
    aux = _arrays(sym, sym.list_auxiliary_states(), aux_states, dtype)
    if isinstance(expected, (list, tuple)):
        expected = dict(zip(names, expected))
    start = {n: np.random.normal(size=args[n].shape).astype(args[n].dtype) for n in names}
    grads = {n: array(start[n], dtype=args[n].dtype) for n in names}
    reqs = grad_req if isinstance(grad_req, dict) else (
        dict(zip(names, grad_req)) if isinstance(grad_req, (list, tuple))
        else {n: grad_req for n in names})
    exe = sym.bind(ctx or default_context(), args=args, args_grad=grads, aux_states=aux,
                   grad_req=reqs)
    exe.forward(is_train=True)
    if isinstance(out_grads, dict):
        out_grads = [out_grads[k] for k in sym.list_outputs()]
    heads = None if out_grads is None else [array(g, dtype=np.asarray(g).dtype if
                                                  dtype == 'asnumpy' else dtype)
                                            for g in out_grads]
    exe.backward(heads)
    for name, want in expected.items():
        got = exe.grad_dict[name]
        got = got.asnumpy() if got is not None else start[name]
        if reqs[name] == 'add':
            got = got - start[name]
        elif reqs[name] == 'null':
            want = start[name]
        assert_almost_equal(want, got, rtol, atol, ('EXPECTED_%s' % name,
                                                    'BACKWARD_%s' % name), equal_nan=equal_nan)
    return exe.grad_dict


def numeric_grad(executor, location, aux_states=None, eps=1e-4, use_forward_train=True,
                 dtype=np.float32):
    """Central differences of ``sum(outputs[0])`` for every float argument in ``location``."""
    grads = {}
    for name, value in location.items():
        value = np.array(value, dtype=np.float64)
        if value.dtype.kind != 'f':
            continue
        grad = np.zeros_like(value)
        for i in range(value.size):
            old = value.flat[i]
            sums = []
            for delta in (eps / 2, -eps / 2):
                value.flat[i] = old + delta
                executor.arg_dict[name][:] = value
                if aux_states is not None:
                    for k, v in aux_states.items():
                        executor.aux_dict[k][:] = v
                executor.forward(is_train=use_forward_train)
                sums.append(executor.outputs[0].asnumpy().astype(np.float64).sum())
            grad.flat[i] = (sums[0] - sums[1]) / eps
            value.flat[i] = old
        executor.arg_dict[name][:] = value
        grads[name] = grad
    return grads


def check_numeric_gradient(sym, location, aux_states=None, numeric_eps=None, rtol=None,
                           atol=None, grad_nodes=None, use_forward_train=True, ctx=None,
                           grad_stype_dict=None, dtype=np.float32):
    """Backward's gradients against central differences of ``sum(output · projection)``,
    a random projection of the (first) output, as MXNet checks them."""
    from .ndarray import array
    names = sym.list_arguments()
    args = _arrays(sym, names, location, dtype)
    aux = _arrays(sym, sym.list_auxiliary_states(), aux_states, dtype)
    grad_nodes = list(grad_nodes) if grad_nodes is not None else names
    exe = sym.bind(ctx or default_context(), args=args,
                   args_grad={n: array(np.zeros(args[n].shape), dtype=args[n].dtype)
                              for n in grad_nodes},
                   aux_states=aux, grad_req={n: 'write' for n in grad_nodes})
    out = exe.forward(is_train=use_forward_train)[0]
    proj = np.random.uniform(-1, 1, out.shape)
    exe.backward([array(proj, dtype=out.dtype)])
    symbolic = {n: exe.grad_dict[n].asnumpy() for n in grad_nodes}
    eps = numeric_eps or _EPS.get(np.dtype(dtype), 1e-4)
    projected = _Projected(exe, proj)
    numeric = numeric_grad(projected, {n: args[n].asnumpy() for n in grad_nodes},
                           None if aux is None else {k: v.asnumpy() for k, v in aux.items()},
                           eps, use_forward_train)
    for name in grad_nodes:
        assert_almost_equal(numeric[name], symbolic[name], rtol if rtol is not None else 1e-2,
                            atol, ('NUMERICAL_%s' % name, 'BACKWARD_%s' % name))


class _Projected:
    """An executor whose first output reads as output · projection (for numeric_grad)."""

    def __init__(self, exe, proj):
        self.exe, self.proj = exe, proj
        self.arg_dict, self.aux_dict = exe.arg_dict, exe.aux_dict

    def forward(self, is_train=False):
        return self.exe.forward(is_train=is_train)

    @property
    def outputs(self):
        from .ndarray import array
        return [array(self.exe.outputs[0].asnumpy().astype(np.float64) * self.proj,
                      dtype=np.float64)]


@contextlib.contextmanager
def discard_stderr():
    """Silence what C++ code would print to stderr (tutor has none; Python's is silenced)."""
    with open(os.devnull, 'w') as null:
        old, sys.stderr = sys.stderr, null
        try:
            yield
        finally:
            sys.stderr = old
