"""Every registered operator as an ``mx.nd`` function: ``mx.nd.FullyConnected(x, w, b,
num_hidden=4)`` runs the op's own ``infer_shape`` and ``forward`` on the given arrays at once,
so an op added to the registry (tutor/symbol/ops) is an NDArray function too."""
import numpy as np

from ..base import MXNetError
from ..symbol.compose import op_signature, positional_to_keywords
from ..symbol.op import OPS, ShapeError, known
from ..symbol.shape import call_infer_shape
from .ndarray import NDArray


def _plain(a):
    a = a.view(np.ndarray)
    return a if a.flags.c_contiguous else np.ascontiguousarray(a)


def _gather_inputs(op, cls, args, arrays):
    """The arrays in the op's input order (arguments, then auxiliary states)."""
    slots = op.arguments() + op.aux_states()
    if cls.variadic:
        if len(args) != len(slots):
            raise MXNetError('%s takes %d inputs (%s=%d) but %d were given'
                             % (cls.name, len(slots), cls.variadic, len(slots), len(args)))
        return list(args)
    unknown = [k for k in arrays if k not in slots]
    if unknown:
        raise MXNetError('%s has no input %r; its inputs are: %s'
                         % (cls.name, unknown[0], ', '.join(slots)))
    missing = [k for k in slots if k not in arrays]
    if missing:
        raise MXNetError('%s needs an array for each of its inputs (%s); %s is missing'
                         % (cls.name, ', '.join(slots), missing[0]))
    return [arrays[k] for k in slots]


def _output_shapes(op, inputs, nargs):
    shapes = [a.shape for a in inputs]
    try:
        new_in, new_aux, out_shapes = call_infer_shape(op, shapes[:nargs], shapes[nargs:],
                                                       [None] * op.num_outputs())
    except ShapeError as err:
        raise MXNetError(str(err)) from None
    for given, wanted in zip(shapes, list(new_in) + list(new_aux)):
        if wanted is not None and known(wanted) and tuple(wanted) != tuple(given):
            raise MXNetError('Error in operator %s: an input has shape %s but the operator '
                             'needs %s there' % (op.name, tuple(given), tuple(wanted)))
    if not all(known(s) for s in out_shapes):
        raise MXNetError('%s cannot decide its output shape from the inputs %s'
                         % (op.name, shapes))
    return [tuple(int(d) for d in s) for s in out_shapes]


def _output_types(op, inputs, params):
    """The op's infer_type (Cast, one_hot, argsort... choose their own); float32 when it
    cannot tell, as MXNet's default."""
    _, out_types = op.infer_type([a.dtype for a in inputs])
    default = np.dtype(params.get('dtype', 'float32')) if params.get('dtype') not in (
        None, 'None') else np.dtype(np.float32)
    return [np.dtype(t) if t is not None else default for t in out_types]


def invoke(op_name, *args, out=None, name=None, **kwargs):
    """Run one registered operator on NDArrays (MXNet's imperative call)."""
    cls = OPS[op_name]
    args, kwargs = positional_to_keywords(cls, args, kwargs, input_type=np.ndarray)
    kwargs.pop('ctx', None)   # one device: where the inputs are is where it runs
    arrays = {k: v for k, v in kwargs.items() if isinstance(v, np.ndarray)}
    params = {k: str(v) for k, v in kwargs.items()
              if not isinstance(v, np.ndarray) and v is not None}
    op = cls(params, node_name=name or '')
    inputs = [_plain(a) for a in _gather_inputs(op, cls, args, arrays)]
    nargs = len(op.arguments())
    out_shapes = _output_shapes(op, inputs, nargs)
    outputs = [np.zeros(s, dtype=t) for s, t in zip(out_shapes, _output_types(op, inputs,
                                                                               params))]
    state = op.create_state([a.shape for a in inputs[:nargs]], out_shapes)
    op.forward(False, inputs[:nargs], outputs, inputs[nargs:], state)
    visible = [o.view(NDArray) for o in outputs[:len(op.outputs())]]
    if out is not None:
        targets = out if isinstance(out, (list, tuple)) else [out]
        for t, v in zip(targets, visible):
            np.copyto(t, v, casting='unsafe')
        return out
    return visible[0] if len(visible) == 1 else visible


def make_nd_function(op_name):
    cls = OPS[op_name]

    def fn(*args, **kwargs):
        return invoke(op_name, *args, **kwargs)

    fn.__name__ = op_name
    fn.__doc__ = cls.__doc__
    fn.__signature__ = op_signature(cls, tail=('out', 'name'))
    return fn


def registered(name):
    """The operator behind ``mx.sym.<name>`` (aliases included), or None."""
    if name in OPS:
        return name
    from .. import symbol
    fn = getattr(symbol, name, None)
    return getattr(fn, '_op_name', None)
