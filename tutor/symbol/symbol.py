"""Symbol: a handle on one or more outputs of a graph, with MXNet's introspection."""
import numbers

from ..base import MXNetError, NotImplementedForSymbol
from .fluent import SymbolExtras
from .graph import HIDDEN_KEYS, topo_order, aux_variables
from .json_io import graph_from_file, graph_from_json, graph_to_json


class Symbol(SymbolExtras):
    """The outputs of a computation graph (``mx.sym.*`` functions build them)."""

    def __init__(self, outputs):
        self._outputs = list(outputs)   # [(Node, output_index)]

    # --- identity ---
    def _single_node(self):
        """The node behind every output, or None for a group of several nodes (MXNet gives a
        name and attrs to all outputs of one node, e.g. BatchNorm's output_mean_var)."""
        node = self._outputs[0][0]
        return node if all(n is node for n, _ in self._outputs) else None

    @property
    def name(self):
        node = self._single_node()
        return None if node is None else node.name

    def __repr__(self):
        if self.name is not None:
            return '<Symbol %s>' % self.name
        return '<Symbol group [%s]>' % ', '.join(n.name for n, _ in self._outputs)

    def __bool__(self):
        raise NotImplementedForSymbol(self.__bool__, 'bool')

    __nonzero__ = __bool__

    def __len__(self):
        return len(self._outputs)

    def __iter__(self):
        return (Symbol([o]) for o in self._outputs)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return Symbol(self._outputs[index])
        if isinstance(index, str):
            names = self.list_outputs()
            if index not in names:
                raise ValueError('Cannot find output that matches name "%s"; the outputs are: '
                                 '%s' % (index, ', '.join(names)))
            index = names.index(index)
        if not isinstance(index, int):
            raise TypeError('Symbol only supports integer, string or slice indexing')
        if index < 0:  # MXNet's C API takes an unsigned index
            raise MXNetError('Symbol only accept nonnegative index, got %d; for the last '
                             'output use sym[len(sym) - 1]' % index)
        if index >= len(self._outputs):
            raise IndexError('Symbol has %d outputs; index %d is out of range'
                             % (len(self._outputs), index))
        return Symbol([self._outputs[index]])

    # --- structure ---
    def _nodes(self):
        return topo_order(self._outputs)

    def _variables(self):
        nodes = self._nodes()
        aux = aux_variables(nodes)
        args = [n for n in nodes if n.op is None and id(n) not in aux]
        auxs = [n for n in nodes if n.op is None and id(n) in aux]
        return args, auxs

    def list_arguments(self):
        return [n.name for n in self._variables()[0]]

    def list_auxiliary_states(self):
        return [n.name for n in self._variables()[1]]

    def list_inputs(self):
        return [n.name for n in self._nodes() if n.op is None]

    def list_outputs(self):
        return [node.output_name(i) for node, i in self._outputs]

    def get_internals(self):
        """Every visible output of every node, as one group (for feature extraction)."""
        entries = []
        for node in self._nodes():
            entries.extend((node, i) for i in range(node.visible_outputs()))
        return Symbol(entries)

    def get_children(self):
        node = self._outputs[0][0]
        if node.op is None or not node.inputs:
            return None
        return Symbol(node.inputs)

    # --- attributes ---
    def attr(self, key):
        node = self._single_node()
        if node is None:
            return None
        if key not in node.attrs and key in HIDDEN_KEYS:  # MXNet also reads __lr_mult__
            key = '__%s__' % key
        return node.attrs.get(key)

    def list_attr(self, recursive=False):
        if recursive:
            raise DeprecationWarning('Symbol.list_attr with recursive=True has been deprecated. '
                                     'Please use attr_dict instead.')
        node = self._outputs[0][0]
        return _with_aliases(node.attrs)

    def attr_dict(self):
        return {n.name: _with_aliases(n.attrs) for n in self._nodes() if n.attrs}

    def _set_attr(self, **kwargs):
        for k, v in kwargs.items():
            if not isinstance(v, str):
                raise ValueError('Set Attr only accepts string values')
            self._outputs[0][0].attrs[k] = v

    # --- shapes and types ---
    def infer_shape(self, *args, **kwargs):
        from .shape import infer_shape
        return infer_shape(self, args, kwargs, partial=False)

    def infer_shape_partial(self, *args, **kwargs):
        from .shape import infer_shape
        return infer_shape(self, args, kwargs, partial=True)

    def infer_type(self, *args, **kwargs):
        from .shape import infer_type
        return infer_type(self, args, kwargs)

    def infer_type_partial(self, *args, **kwargs):
        """Like infer_type (unknown types stay None in MXNet; tutor's default is float32)."""
        return self.infer_type(*args, **kwargs)

    # --- JSON ---
    def tojson(self, remove_amp_cast=True):
        return graph_to_json(self._outputs)

    def save(self, fname, remove_amp_cast=True):
        from ..ndarray import atomic_write
        atomic_write(fname, self.tojson().encode('utf-8'))

    # --- binding ---
    def simple_bind(self, ctx=None, grad_req='write', type_dict=None, stype_dict=None,
                    group2ctx=None, shared_arg_names=None, shared_exec=None,
                    shared_buffer=None, **kwargs):
        from ..executor import Executor
        return Executor.simple_bind(self, ctx, grad_req, type_dict, **kwargs)

    def bind(self, ctx=None, args=None, args_grad=None, grad_req='write', aux_states=None,
             group2ctx=None, shared_exec=None):
        from ..executor import Executor   # shared_exec: its memory pool lends op outputs
        return Executor(self, ctx, args, args_grad, grad_req, aux_states, shared_exec=shared_exec)

    def eval(self, ctx=None, **kwargs):
        exe = self.bind(ctx, kwargs, grad_req='null')
        return exe.forward()

    # --- arithmetic: the same nodes MXNet makes (elemwise_add named _plus0, ...) ---
    def _binary(self, other, op, scalar_op):
        from . import _apply
        if isinstance(other, Symbol):
            # MXNet's operators call _Plus etc., so `a + b` is named _plus0, not elemwise_add0
            hint = {'elemwise_add': '_plus', 'elemwise_sub': '_minus', 'elemwise_mul': '_mul',
                    'elemwise_div': '_div'}[op]
            return _apply(op, self, other, _hint=hint)
        if isinstance(other, numbers.Number):
            return _apply(scalar_op, self, scalar=other)
        raise TypeError('type %s not supported' % type(other).__name__)

    def __add__(self, other):
        return self._binary(other, 'elemwise_add', '_plus_scalar')

    __radd__ = __add__

    def __sub__(self, other):
        return self._binary(other, 'elemwise_sub', '_minus_scalar')

    def __rsub__(self, other):
        return self._binary(other, None, '_rminus_scalar')

    def __mul__(self, other):
        return self._binary(other, 'elemwise_mul', '_mul_scalar')

    __rmul__ = __mul__

    def __truediv__(self, other):
        return self._binary(other, 'elemwise_div', '_div_scalar')

    def __rtruediv__(self, other):
        return self._binary(other, None, '_rdiv_scalar')

    def __neg__(self):
        return self._binary(-1.0, None, '_mul_scalar')

    # ** % and comparisons: the op names and auto names MXNet's operators use (a ** 2 is
    # _powerscalar0, 2 ** a is _rpower_scalar0, a == b is _equal0, a > 1 is _greater_scalar0)
    def _with(self, other, op, scalar_op, hint=None, scalar_hint=None):
        from . import _apply
        if isinstance(other, Symbol) and op is not None:
            return _apply(op, self, other, _hint=hint)
        if isinstance(other, numbers.Number):
            return _apply(scalar_op, self, scalar=other, _hint=scalar_hint)
        raise TypeError('type %s not supported' % type(other).__name__)

    def __pow__(self, other):
        return self._with(other, '_power', '_power_scalar', scalar_hint='_powerscalar')

    def __rpow__(self, other):
        return self._with(other, None, '_rpower_scalar')

    def __mod__(self, other):
        return self._with(other, '_mod', '_mod_scalar', scalar_hint='_modscalar')

    def __rmod__(self, other):
        return self._with(other, None, '_rmod_scalar', scalar_hint='_rmodscalar')

    def __eq__(self, other):
        return self._with(other, '_equal', '_equal_scalar')

    def __ne__(self, other):
        return self._with(other, '_not_equal', '_not_equal_scalar')

    def __gt__(self, other):
        return self._with(other, '_greater', '_greater_scalar')

    def __ge__(self, other):
        return self._with(other, '_greater_equal', '_greater_equal_scalar')

    def __lt__(self, other):
        return self._with(other, '_lesser', '_lesser_scalar')

    def __le__(self, other):
        return self._with(other, '_lesser_equal', '_lesser_equal_scalar')

    __hash__ = None     # as in MXNet: == builds a symbol, so symbols are not dict keys

    def __abs__(self):
        from . import _apply
        return _apply('abs', self)

    def __copy__(self):
        return Symbol(self._outputs)

    def __deepcopy__(self, memo):
        return Symbol(graph_from_json(self.tojson()))


def load_json(json_str, source='the JSON string'):
    """Rebuild a Symbol from ``tojson()`` text (tutor's or real MXNet's)."""
    return Symbol(graph_from_json(json_str, source))


def load(fname):
    """Load a symbol saved by ``sym.save`` / ``save_checkpoint`` (tutor's or MXNet's)."""
    return Symbol(graph_from_file(fname))


def _with_aliases(attrs):
    """MXNet also reports ``__lr_mult__`` & co. without underscores (a C API artefact)."""
    out = dict(attrs)
    for k in HIDDEN_KEYS:
        if '__%s__' % k in attrs:
            out[k] = attrs['__%s__' % k]
    return out


def check_name(name):
    if not isinstance(name, str):
        raise TypeError('Expect a string for variable `name`')


def raise_multi_output(fn_name, arg, sym):
    raise MXNetError('%s: input %r is a group of %d outputs (%s); pass one output, e.g. '
                     'sym[0]' % (fn_name, arg, len(sym), ', '.join(sym.list_outputs())))
