"""What a Symbol does besides describing a graph, as MXNet's Symbol does: fluent operator
methods (``net.flatten()``, ``net.reshape((0, -1))``, ``net.sum(axis=1)``), ``**``, ``%``,
``abs``, composition (``net(data=other)``), ``debug_str``, and pickling through its JSON.
NDArray-only methods (``asnumpy``, ``backward``...) raise NotImplementedForSymbol."""
import numbers

from ..base import MXNetError, NotImplementedForSymbol
from .graph import Node, aux_variables, topo_order
from .json_io import graph_from_json

# Methods that call the operator function of the same name (mx.sym.<name>).
FLUENT = (
    'abs', 'arccos', 'arccosh', 'arcsin', 'arcsinh', 'arctan', 'arctanh', 'argmax',
    'argmax_channel', 'argmin', 'argsort', 'broadcast_axes', 'broadcast_like', 'broadcast_to',
    'cbrt', 'ceil', 'clip', 'cos', 'cosh', 'degrees', 'depth_to_space', 'diag', 'exp',
    'expand_dims', 'expm1', 'fix', 'flatten', 'flip', 'floor', 'log', 'log10', 'log1p', 'log2',
    'log_softmax', 'max', 'mean', 'min', 'nanprod', 'nansum', 'norm', 'one_hot', 'ones_like',
    'pad', 'pick', 'prod', 'radians', 'rcbrt', 'reciprocal', 'relu', 'repeat', 'reshape',
    'reshape_like', 'rint', 'round', 'rsqrt', 'shape_array', 'sigmoid', 'sign', 'sin', 'sinh',
    'size_array', 'slice', 'slice_axis', 'slice_like', 'softmax', 'softmin', 'sort',
    'space_to_depth', 'split', 'split_v2', 'sqrt', 'square', 'squeeze', 'sum', 'swapaxes',
    'take', 'tan', 'tanh', 'tile', 'topk', 'transpose', 'trunc', 'zeros_like')
# Methods only an NDArray has.
NDARRAY_ONLY = ('asnumpy', 'asscalar', 'as_in_context', 'wait_to_read', 'backward', 'detach',
                'copy')


def operator_function(name):
    from .. import symbol
    fn = getattr(symbol, name, None)
    if fn is None or not hasattr(fn, '_op_name'):
        raise MXNetError('tutor has no operator %r yet, so this symbol cannot be built; '
                         'docs/parity.md lists the operators tutor has' % name)
    return fn


def _fluent(name):
    def method(self, *args, **kwargs):
        return operator_function(name)(self, *args, **kwargs)
    method.__name__ = name
    method.__doc__ = 'Fluent form of ``mx.sym.%s(self, ...)``.' % name
    return method


def _ndarray_only(name):
    def method(self, *args, **kwargs):
        raise NotImplementedForSymbol(getattr(self, name), None)
    method.__name__ = name
    return method


def _scalar_or_symbol(symbol_op, scalar_op, reverse=False):
    def method(self, other):
        from . import _apply
        from .symbol import Symbol
        if isinstance(other, Symbol) and symbol_op:
            operator_function(symbol_op)
            return _apply(symbol_op, other, self) if reverse else _apply(symbol_op, self, other)
        if isinstance(other, numbers.Number):
            operator_function(scalar_op)
            return _apply(scalar_op, self, scalar=other)
        raise TypeError('type %s not supported' % type(other).__name__)
    return method


class SymbolExtras:
    """Mixed into Symbol."""

    def astype(self, *args, **kwargs):
        return operator_function('cast')(self, *args, **kwargs)

    __pow__ = _scalar_or_symbol('_power', '_power_scalar')
    __rpow__ = _scalar_or_symbol('_power', '_rpower_scalar', reverse=True)
    __mod__ = _scalar_or_symbol('_mod', '_mod_scalar')
    __rmod__ = _scalar_or_symbol('_mod', '_rmod_scalar', reverse=True)

    def __abs__(self):
        return self.abs()

    def __div__(self, other):
        return self.__truediv__(other)

    def __rdiv__(self, other):
        return self.__rtruediv__(other)

    # --- composition -----------------------------------------------------------------
    def __call__(self, *args, **kwargs):
        """A copy of this graph whose variables named in ``kwargs`` are replaced by the given
        symbols (``name=`` renames the head), as MXNet's general composition does."""
        name = kwargs.pop('name', None)
        if args:
            raise MXNetError('General composition only support kwargs for now: call it as '
                             'net(%s=other_symbol)' % self.list_arguments()[0])
        return compose(self, kwargs, name)

    # --- pickling: the JSON is the state, as in MXNet ---------------------------------
    def __getstate__(self):
        return {'handle': self.tojson()}

    def __setstate__(self, state):
        self._outputs = graph_from_json(state['handle'])

    def debug_str(self):
        """MXNet's text listing of the graph: outputs, variables, then each op."""
        lines = ['Symbol Outputs:']
        lines += ['\toutput[%d]=%s(%d)' % (i, n.name, k) for i, (n, k) in
                  enumerate(self._outputs)]
        nodes = self._nodes()
        mutated = aux_variables(nodes)   # an op writes them: MXNet shows version=1
        for node in nodes:
            if node.op is None:
                lines.append('Variable:%s' % node.name)
                continue
            lines += ['--------------------', 'Op:%s, Name=%s' % (node.op.name, node.name),
                      'Inputs:']
            lines += ['\targ[%d]=%s(%d)%s' % (i, c.name, k, '' if c.op is not None else
                                               ' version=%d' % (id(c) in mutated))
                      for i, (c, k) in enumerate(node.inputs)]
            if node.attrs:
                lines.append('Attrs:')
                lines += ['\t%s=%s' % kv for kv in sorted(node.attrs.items())]
        return '\n'.join(lines) + '\n'


for _name in FLUENT:
    setattr(SymbolExtras, _name, _fluent(_name))
for _name in NDARRAY_ONLY:
    setattr(SymbolExtras, _name, _ndarray_only(_name))


def compose(sym, replacements, name=None):
    """Copy the graph of ``sym``, putting the given symbols where variables of those names
    were; with ``name``, the head node is renamed."""
    from .symbol import Symbol, raise_multi_output
    names = set(sym.list_inputs())
    unknown = [k for k in replacements if k not in names]
    if unknown:
        raise MXNetError('compose: %r is not an input of this symbol; its inputs are: %s'
                         % (unknown[0], ', '.join(sym.list_inputs())))
    for key, other in replacements.items():
        if not isinstance(other, Symbol):
            raise TypeError('compose only accept input Symbols either as positional or '
                            'keyword arguments, not both (%s is a %s)'
                            % (key, type(other).__name__))
        if len(other) != 1:
            raise_multi_output('compose', key, other)
    copies = {}
    for node in topo_order(sym._outputs):
        if node.op is None and node.name in replacements:
            copies[id(node)] = replacements[node.name]._outputs[0]
            continue
        inputs = [_entry(copies, c, k) for c, k in node.inputs]
        copies[id(node)] = (Node(node.op, node.name, node.attrs, inputs), None)
    heads = [_entry(copies, n, k) for n, k in sym._outputs]
    if name is not None:
        heads = _rename_head(heads, name)
    return Symbol(heads)


def _entry(copies, node, index):
    new, fixed = copies[id(node)]
    return (new, index) if fixed is None else (new, fixed)


def _rename_head(heads, name):
    node = heads[0][0]
    if node.op is None:
        return heads
    op = type(node.op)(node.op.attrs, node_name=name)
    renamed = Node(op, name, node.attrs, node.inputs)
    return [(renamed, k) if n is node else (n, k) for n, k in heads]
