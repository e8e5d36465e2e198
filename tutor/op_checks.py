"""The operator checks of ``mxnet.test_utils`` that operator tests written for MXNet 1.9.1 use:
``check_symbolic_forward``, ``check_symbolic_backward``, ``check_numeric_gradient``,
``assert_almost_equal`` and friends, with MXNet's signatures and default tolerances.
``mx.test_utils`` exposes them (they live here so test_utils.py stays about downloads)."""
import numbers

import numpy as np

from .context import current_context
from .ndarray import NDArray, array

__all__ = ['default_context',
           'set_default_context',
           'default_dtype',
           'default_rtols',
           'default_atols',
           'default_numeric_eps',
           'get_rtol',
           'get_atol',
           'same',
           'almost_equal',
           'assert_almost_equal',
           'assert_allclose',
           'assert_exception',
           'rand_shape_2d',
           'rand_shape_3d',
           'rand_shape_nd',
           'simple_forward',
           'check_symbolic_forward',
           'check_symbolic_backward',
           'numeric_grad',
           'check_numeric_gradient']

_RTOL = {np.dtype(np.float16): 1e-2, np.dtype(np.float32): 1e-4, np.dtype(np.float64): 1e-5}
_ATOL = {np.dtype(np.float16): 1e-1, np.dtype(np.float32): 1e-3, np.dtype(np.float64): 1e-20}
_EPS = {np.dtype(np.float16): 1.0 / 2 ** 6, np.dtype(np.float32): 1.0 / 2 ** 9,
        np.dtype(np.float64): 1.0 / 2 ** 14}
_default_ctx = [None]


def default_context():
    return _default_ctx[0] or current_context()


def set_default_context(ctx):
    _default_ctx[0] = ctx


def default_dtype():
    return np.float32


def default_rtols():
    return dict(_RTOL)


def default_atols():
    return dict(_ATOL)


def default_numeric_eps():
    return dict(_EPS)


def _tol(dat, tol, table):
    """A number as it is; None or a dict dtype -> tol: by the data's dtype (0 for ints)."""
    if isinstance(tol, numbers.Number):
        return tol
    dtype = np.asarray(dat).dtype
    return (tol or {}).get(dtype, table.get(dtype, 0))


def get_rtol(rtol=None, dtype=np.dtype(np.float64)):
    return _RTOL[np.dtype(dtype)] if rtol is None else rtol


def get_atol(atol=None, dtype=np.dtype(np.float64)):
    return _ATOL[np.dtype(dtype)] if atol is None else atol


def _numpy(a):
    return a.asnumpy() if isinstance(a, NDArray) else np.asarray(a)


def same(a, b):
    """Two arrays with the same shape and values."""
    return np.array_equal(_numpy(a), _numpy(b))


def almost_equal(a, b, rtol=None, atol=None, equal_nan=False, use_broadcast=True):
    if not use_broadcast and np.shape(a) != np.shape(b):
        return False
    return np.allclose(_numpy(a), _numpy(b), rtol=get_rtol(rtol), atol=get_atol(atol),
                       equal_nan=equal_nan)


def assert_almost_equal(a, b, rtol=None, atol=None, names=('a', 'b'), equal_nan=False,
                        use_broadcast=True, mismatches=(10, 10)):
    """AssertionError naming the worst element when a and b differ by more than
    atol + rtol·|b| (tolerances by dtype when not given, as MXNet's)."""
    rtol = max(_tol(a, rtol, _RTOL), _tol(b, rtol, _RTOL))
    atol = max(_tol(a, atol, _ATOL), _tol(b, atol, _ATOL))
    a, b = _numpy(a), _numpy(b)
    if not use_broadcast and a.shape != b.shape:
        raise AssertionError('a.shape = %s and b.shape = %s are not equal' % (a.shape, b.shape))
    if np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan):
        return
    a64, b64 = np.broadcast_arrays(a.astype(np.float64), b.astype(np.float64))
    excess = np.abs(a64 - b64) - (atol + rtol * np.abs(b64))
    index = np.unravel_index(np.nanargmax(np.where(np.isnan(excess), np.inf, excess)),
                             excess.shape)
    raise AssertionError(
        'Error exceeds tolerance rtol=%e, atol=%e.\nLocation of maximum error: %s, %s=%.8f, '
        '%s=%.8f' % (rtol, atol, tuple(int(i) for i in index), names[0], a64[index], names[1],
                      b64[index]))


def assert_allclose(a, b, rtol=1e-07, atol=0, equal_nan=True):
    assert_almost_equal(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)


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
    return (np.random.randint(low, dim0 + 1), np.random.randint(low, dim1 + 1),
            np.random.randint(low, dim2 + 1))


def rand_shape_nd(num_dim, dim=10, allow_zero_size=False):
    low = 0 if allow_zero_size else 1
    return tuple(np.random.randint(low, dim + 1, size=num_dim))


def _location(sym, location, dtype):
    """{argument name: NDArray} from a list (in list_arguments order) or a dict."""
    names = sym.list_arguments()
    if isinstance(location, dict):
        if set(location) != set(names):
            raise ValueError('Symbol arguments and keys of the given location do not match.'
                             'symbol args:%s, location.keys():%s' % (set(names), set(location)))
    else:
        location = dict(zip(names, location))
    return {k: array(_numpy(v), dtype=_numpy(v).dtype if dtype == 'asnumpy' else dtype)
            for k, v in location.items()}


def _aux(sym, aux_states, dtype):
    if aux_states is None:
        return None
    names = sym.list_auxiliary_states()
    if not isinstance(aux_states, dict):
        aux_states = dict(zip(names, aux_states))
    return {k: array(_numpy(v), dtype=dtype if dtype != 'asnumpy' else _numpy(v).dtype)
            for k, v in aux_states.items()}


def simple_forward(sym, ctx=None, is_train=False, **inputs):
    exe = sym.bind(ctx or default_context(), args={k: array(v) for k, v in inputs.items()})
    outputs = [o.asnumpy() for o in exe.forward(is_train=is_train)]
    return outputs[0] if len(outputs) == 1 else outputs


def check_symbolic_forward(sym, location, expected, rtol=None, atol=None, aux_states=None,
                           ctx=None, equal_nan=False, dtype=np.float32):
    """Bind, run forward (inference) and compare every output with ``expected``."""
    args = _location(sym, location, dtype)
    if isinstance(expected, dict):
        expected = [expected[k] for k in sym.list_outputs()]
    exe = sym.bind(ctx or default_context(), args=args, aux_states=_aux(sym, aux_states, dtype))
    outputs = exe.forward(is_train=False)
    for name, want, got in zip(sym.list_outputs(), expected, outputs):
        assert_almost_equal(want, got, rtol, atol, ('EXPECTED_%s' % name, 'FORWARD_%s' % name),
                            equal_nan=equal_nan)
    return outputs


def check_symbolic_backward(sym, location, out_grads, expected, rtol=None, atol=None,
                            aux_states=None, grad_req='write', ctx=None, grad_stypes=None,
                            equal_nan=False, dtype=np.float32):
    """Forward (training), backward with ``out_grads``, compare the gradients with
    ``expected``; gradient arrays start random, so 'add' is checked as added."""
    args = _location(sym, location, dtype)
    names = sym.list_arguments()
    if isinstance(expected, (list, tuple)):
        expected = dict(zip(names, expected))
    start = {k: np.random.normal(size=np.shape(v)) for k, v in expected.items()}
    grads = {k: array(v, dtype=_numpy(expected[k]).dtype if dtype == 'asnumpy' else dtype)
             for k, v in start.items()}
    if isinstance(grad_req, str):
        grad_req = {k: grad_req for k in names}
    elif isinstance(grad_req, (list, tuple)):
        grad_req = dict(zip(names, grad_req))
    exe = sym.bind(ctx or default_context(), args=args, args_grad=grads, grad_req=grad_req,
                   aux_states=_aux(sym, aux_states, dtype))
    exe.forward(is_train=True)
    if isinstance(out_grads, dict):
        out_grads = [out_grads[k] for k in sym.list_outputs()]
    if out_grads is not None:
        out_grads = [array(_numpy(g), dtype=dtype if dtype != 'asnumpy' else _numpy(g).dtype)
                     for g in out_grads]
    exe.backward(out_grads)
    for name, want in expected.items():
        got, req = exe.grad_dict[name].asnumpy(), grad_req.get(name, 'write')
        if req == 'add':
            want = _numpy(want) + start[name]
        elif req == 'null':
            want = start[name]
        assert_almost_equal(want, got, rtol, atol, ('EXPECTED_%s' % name,
                                                    'BACKWARD_%s' % name), equal_nan=equal_nan)
    return {k: v for k, v in exe.grad_dict.items() if v is not None}


def numeric_grad(executor, location, aux_states=None, eps=1e-4, use_forward_train=True,
                 dtype=np.float32):
    """d Σ outputs[0] / d each argument by central differences (the executor's arrays are
    nudged in place and restored)."""
    grads = {}
    for name, value in location.items():
        value = np.array(value, dtype=dtype)
        g = np.zeros(value.shape, dtype=dtype)
        arr = executor.arg_dict[name]
        for i in range(value.size):
            sums = []
            for step in (eps / 2.0, -eps / 2.0):
                nudged = value.copy()
                nudged.flat[i] += step
                arr[:] = nudged
                if aux_states is not None:
                    for key, val in aux_states.items():
                        executor.aux_dict[key][:] = val
                executor.forward(is_train=use_forward_train)
                sums.append(float(executor.outputs[0].asnumpy().astype(np.float64).sum()))
            g.flat[i] = (sums[0] - sums[1]) / eps
        arr[:] = value
        grads[name] = g
    return grads


def check_numeric_gradient(sym, location, aux_states=None, numeric_eps=None, rtol=None,
                           atol=None, grad_nodes=None, use_forward_train=True, ctx=None,
                           grad_stype_dict=None, dtype=np.float32):
    """Backward of Σ sym·p (p a random projection) against central differences."""
    from . import symbol as sym_mod
    args = _location(sym, location, dtype)
    aux = _aux(sym, aux_states, dtype)
    if grad_nodes is None:
        grad_req = {k: 'write' for k in sym.list_arguments()}
    elif isinstance(grad_nodes, dict):
        grad_req = dict(grad_nodes)
    else:
        grad_req = {k: 'write' for k in grad_nodes}
    out_shape = sym.infer_shape(**{k: v.shape for k, v in args.items()})[1][0]
    loss = sym_mod.MakeLoss(sym * sym_mod.Variable('__random_proj'))
    args['__random_proj'] = array(np.random.rand(*out_shape) + 0.1, dtype=dtype)
    start = {k: np.random.normal(0, 0.01, size=args[k].shape) for k in grad_req}
    grads = {k: array(v, dtype=dtype) for k, v in start.items()}
    exe = loss.bind(ctx or default_context(), args=args, args_grad=grads, grad_req=grad_req,
                    aux_states=aux)
    exe.forward(is_train=True)
    eps = _tol(exe.outputs[0], numeric_eps, _EPS)
    exe.backward()
    location_npy = {k: v.asnumpy() for k, v in args.items() if k != '__random_proj'}
    numeric = numeric_grad(exe, {k: location_npy[k] for k in grad_req}, None if aux is None
                           else {k: v.asnumpy() for k, v in aux.items()}, eps,
                           use_forward_train, dtype)
    for name, req in grad_req.items():
        got = exe.grad_dict[name].asnumpy()
        want = {'write': numeric[name], 'add': numeric[name] + start[name],
                'null': start[name]}[req]
        assert_almost_equal(want, got, rtol, atol, ('NUMERICAL_%s' % name,
                                                    'BACKWARD_%s' % name))
