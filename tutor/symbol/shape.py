"""Shape inference: from the shapes you know (usually just ``data``) to every array's shape,
by letting each op fill in what it can, forwards and backwards, until nothing changes."""
import inspect
import warnings

import numpy as np

from ..base import MXNetError
from .op import ShapeError, known as _known, merge_shapes, parse_tuple


class InferShapeKeyError(MXNetError, ValueError):
    """A shape given for a name that is not an input: MXNet's MXNetError, and a ValueError."""


def _given_shapes(sym, args, kwargs):
    arg_names = sym.list_arguments()
    if args and kwargs:
        raise ValueError('Can only specify known argument shapes either by positional or '
                         'kwargs way.')
    if args:
        return {n: _as_shape(s) for n, s in zip(arg_names, args) if s is not None}
    inputs = sym.list_inputs()
    unknown = [k for k in kwargs if k not in inputs]
    if unknown:
        raise InferShapeKeyError(
            'InferShapeKeyword argument name %s not found.\nCandidate arguments:\n%s\n'
            'infer_shape was given a shape for %r, which is not an input of this symbol; '
            'check the spelling (a name.Prefix does not prefix Variables)'
            % (unknown[0], '\n'.join('\t[%d]%s' % (i, n) for i, n in enumerate(arg_names)),
               unknown[0]))
    return {k: _as_shape(v) for k, v in kwargs.items() if v is not None}


def _as_shape(s):
    """A shape as a tuple of ints; an int n is (n,), as MXNet reads it."""
    return (int(s),) if isinstance(s, (int, np.integer)) else tuple(int(d) for d in s)


def _usable(shape):
    """A partial shape worth starting from: some axes (0 marks an unknown dimension)."""
    return shape is not None and len(shape) > 0


def solve(sym, given):
    """Shapes of every entry {(id(node), index): shape} from ``given`` {name: shape}."""
    nodes = sym._nodes()
    shapes = {}
    for node in nodes:
        if node.op is None:
            if node.name in given:  # as in MXNet, a given shape wins over __shape__
                s = given[node.name]
            else:
                s = parse_tuple(node.attrs['__shape__']) if '__shape__' in node.attrs else None
            if _usable(s):
                shapes[(id(node), 0)] = s
    for _ in range(len(nodes) + 1):
        changed = False
        for node in nodes:
            if node.op is not None:
                changed |= _step(node, shapes, given)
        if not changed:
            break
    return nodes, shapes


def _step(node, shapes, given):
    op = node.op
    nargs = len(op.arguments())
    ins = [shapes.get((id(c), i)) for c, i in node.inputs]
    outs_before = [shapes.get((id(node), i)) for i in range(op.num_outputs())]
    try:
        new_in, new_aux, new_out = call_infer_shape(op, ins[:nargs], ins[nargs:], outs_before)
    except ShapeError as err:
        raise MXNetError('%s\n%s' % (err, _arguments_text(node, ins))) from None
    changed = False
    for (child, idx), old, new in zip(node.inputs, ins, list(new_in) + list(new_aux)):
        if not _usable(new):
            continue
        try:
            merged = merge_shapes(old, new)
        except ShapeError:
            merged = None
        if merged is not None and merged != old:
            shapes[(id(child), idx)] = merged
            changed = True
        elif merged is None:
            who = child.name if child.op is None else child.output_name(idx)
            raise MXNetError(
                'Error in operator %s: Shape inconsistent, Provided = %s, inferred shape=%s. '
                'The input %r has shape %s but %s(name="%s") needs %s there. Check the shape '
                'you gave for it (or the data you fed).\n%s'
                % (node.name, list(old), new, who, tuple(old), op.name, node.name, new,
                   _arguments_text(node, ins)))
    for i, new in enumerate(new_out or []):
        if not _usable(new):
            continue
        try:
            merged = merge_shapes(outs_before[i], new)
        except ShapeError:  # e.g. a variable's __shape__ says otherwise: keep what is known
            continue
        if merged != outs_before[i]:
            shapes[(id(node), i)] = merged
            changed = True
    return changed



def call_infer_shape(op, in_shapes, aux_shapes, out_shapes):
    as_tuples = lambda shapes: [tuple(s) if s is not None else None for s in shapes]  # noqa
    if takes_out_shapes(op):
        new_in, new_out, new_aux = op.infer_shape(as_tuples(in_shapes), as_tuples(aux_shapes),
                                                  as_tuples(out_shapes))
    else:
        new_in, new_out, new_aux = op.infer_shape(as_tuples(in_shapes), as_tuples(aux_shapes))
    return new_in, new_aux, new_out


_TAKES_OUT = {}


def takes_out_shapes(op):
    """Does ``op.infer_shape`` take the third, optional ``out_shapes`` argument?"""
    cls = type(op)
    if cls not in _TAKES_OUT:
        params = inspect.signature(cls.infer_shape).parameters
        _TAKES_OUT[cls] = len(params) >= 4   # self, in_shapes, aux_shapes, out_shapes
    return _TAKES_OUT[cls]


def _arguments_text(node, ins):
    lines = ['infer_shape error. Arguments of %s:' % node.name]
    for (child, idx), s in zip(node.inputs, ins):
        who = child.name if child.op is None else child.output_name(idx)
        lines.append('  %s: %s' % (who, tuple(s) if s is not None else 'unknown'))
    return '\n'.join(lines)


def infer_shape(sym, args, kwargs, partial):
    given = _given_shapes(sym, args, kwargs)
    nodes, shapes = solve(sym, given)
    args_, auxs = sym._variables()
    arg_shapes = [shapes.get((id(n), 0)) for n in args_]
    aux_shapes = [shapes.get((id(n), 0)) for n in auxs]
    out_shapes = [shapes.get((id(n), i)) for n, i in sym._outputs]
    missing = [n.name for n, s in zip(args_ + auxs, arg_shapes + aux_shapes) if not _known(s)]
    if missing or not all(_known(s) for s in out_shapes):
        if partial:
            fix = lambda lst: [s if s is not None else () for s in lst]  # noqa: E731
            return fix(arg_shapes), fix(out_shapes), fix(aux_shapes)
        # Like MXNet: only arguments (not aux states), at most 10, then '...'.
        unknown = ['%s: %s' % (n.name, tuple(s) if s is not None else ())
                   for n, s in zip(args_, arg_shapes) if not _known(s)]
        listed = '\n'.join('\t' + u for u in unknown[:10] + (['...'] if len(unknown) > 10
                                                              else []))
        warnings.warn('Cannot decide shape for the following arguments (0s in shape means '
                      'unknown dimensions). Consider providing them as input:\n' + listed,
                      stacklevel=3)
        return None, None, None
    return arg_shapes, out_shapes, aux_shapes


def infer_type(sym, args, kwargs):
    """tutor computes in one dtype per array; unnamed arrays are float32 like MXNet."""
    from .types import solve_types
    names = sym.list_arguments()
    given = dict(zip(names, args)) if args else dict(kwargs)
    types = solve_types(sym, given)
    args_, auxs = sym._variables()
    t = lambda key: np.float32 if types.get(key) is None else types[key].type  # noqa: E731
    return ([t((id(n), 0)) for n in args_], [t((id(n), i)) for n, i in sym._outputs],
            [t((id(n), 0)) for n in auxs])
