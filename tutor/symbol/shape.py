"""Shape inference: from the shapes you know (usually just ``data``) to every array's shape,
by letting each op fill in what it can, forwards and backwards, until nothing changes."""
import warnings

import numpy as np

from ..base import MXNetError
from .op import ShapeError, parse_tuple


class InferShapeKeyError(MXNetError, ValueError):
    """A shape given for a name that is not an input: MXNet's MXNetError, and a ValueError."""


def _known(shape):
    return shape is not None and len(shape) > 0 and all(d > 0 for d in shape)


def _given_shapes(sym, args, kwargs):
    arg_names = sym.list_arguments()
    if args and kwargs:
        raise ValueError('Can only specify known argument shapes either by positional or '
                         'kwargs way.')
    if args:
        return {n: tuple(s) for n, s in zip(arg_names, args) if s is not None}
    inputs = sym.list_inputs()
    unknown = [k for k in kwargs if k not in inputs]
    if unknown:
        raise InferShapeKeyError(
            'InferShapeKeyword argument name %s not found.\nCandidate arguments:\n%s\n'
            'infer_shape was given a shape for %r, which is not an input of this symbol; '
            'check the spelling (a name.Prefix does not prefix Variables)'
            % (unknown[0], '\n'.join('\t[%d]%s' % (i, n) for i, n in enumerate(arg_names)),
               unknown[0]))
    return {k: tuple(v) for k, v in kwargs.items() if v is not None}


def solve(sym, given):
    """Shapes of every entry {(id(node), index): shape} from ``given`` {name: shape}."""
    nodes = sym._nodes()
    shapes = {}
    for node in nodes:
        if node.op is None:
            if node.name in given:
                shapes[(id(node), 0)] = given[node.name]
            elif '__shape__' in node.attrs:
                s = parse_tuple(node.attrs['__shape__'])
                if _known(s):
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
        new_in, new_aux, new_out = _call(op, ins[:nargs], ins[nargs:], outs_before)
    except ShapeError as err:
        raise MXNetError('%s\n%s' % (err, _arguments_text(node, ins))) from None
    changed = False
    for (child, idx), old, new in zip(node.inputs, ins, list(new_in) + list(new_aux)):
        if new is None or not _known(tuple(new)):
            continue
        new = tuple(int(d) for d in new)
        if old is None:
            shapes[(id(child), idx)] = new
            changed = True
        elif tuple(old) != new:
            who = child.name if child.op is None else child.output_name(idx)
            raise MXNetError(
                'Error in operator %s: Shape inconsistent, Provided = %s, inferred shape=%s. '
                'The input %r has shape %s but %s(name="%s") needs %s there. Check the shape '
                'you gave for it (or the data you fed).\n%s'
                % (node.name, list(old), new, who, tuple(old), op.name, node.name, new,
                   _arguments_text(node, ins)))
    for i, new in enumerate(new_out or []):
        if new is not None and _known(tuple(new)) and outs_before[i] is None:
            shapes[(id(node), i)] = tuple(int(d) for d in new)
            changed = True
    return changed


def _call(op, in_shapes, aux_shapes, out_shapes=()):
    in_shapes = [tuple(s) if s is not None else None for s in in_shapes]
    aux_shapes = [tuple(s) if s is not None else None for s in aux_shapes]
    if any(s is not None for s in out_shapes):  # what a consumer decided may fix an input
        in_shapes = op.infer_inputs(in_shapes, list(out_shapes))
    new_in, new_out, new_aux = op.infer_shape(list(in_shapes), list(aux_shapes))
    return new_in, new_aux, new_out


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
    missing = [n.name for n, s in zip(args_ + auxs, arg_shapes + aux_shapes) if s is None]
    if missing or any(s is None for s in out_shapes):
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
