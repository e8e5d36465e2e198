"""Making symbols: ``Variable``, ``Group`` and one function per operator
(``FullyConnected(data, num_hidden=64, name='fc1')``), named and wired as MXNet does."""
import inspect

import numpy as np

from ..attribute import AttrScope
from ..base import MXNetError
from ..name import NameManager
from .graph import HIDDEN_KEYS, Node
from .op import OPS
from .symbol import Symbol, check_name, raise_multi_output

# MXNet's Python type names for dtype= on a variable (stored as its type flag).
_DTYPE_FLAGS = {'float32': 0, 'float64': 1, 'float16': 2, 'uint8': 3, 'int32': 4, 'int8': 5,
                'int64': 6}
# Variables that some ops create with a fixed initializer (MXNet stamps __init__ on them),
# by input slot or position (UpSampling stamps its second input, whatever it is). MXNet
# stamps a variable the user passes in as well, unless it has its own __init__.
_AUX_INIT = {('BatchNorm', 'moving_mean'): '["zero", {}]',
             ('BatchNorm', 'moving_var'): '["one", {}]',
             ('LeakyReLU', 'gamma'): '["Constant", {"value": 0.25}]',
             ('UpSampling', 1): '["bilinear", {}]'}


def _init_stamp(op_name, slot, position):
    return _AUX_INIT.get((op_name, slot), _AUX_INIT.get((op_name, position)))


def Variable(name, attr=None, shape=None, lr_mult=None, wd_mult=None, dtype=None,
             init=None, stype=None, **kwargs):
    """A placeholder for an input or a parameter: ``op: null`` in the JSON."""
    check_name(name)
    attrs = _normalise_attr(AttrScope._current.get(attr))
    if shape is not None:
        attrs['__shape__'] = _shape_attr(shape)
    if lr_mult is not None:
        attrs['__lr_mult__'] = str(lr_mult)
    if wd_mult is not None:
        attrs['__wd_mult__'] = str(wd_mult)
    if dtype is not None:
        key = getattr(dtype, '__name__', None) or str(dtype)
        key = {'float': 'float32'}.get(key, key)
        if key not in _DTYPE_FLAGS:
            raise ValueError('dtype %r is not supported; use one of %s'
                             % (dtype, ', '.join(_DTYPE_FLAGS)))
        attrs['__dtype__'] = str(_DTYPE_FLAGS[key])
    if init is not None:
        attrs['__init__'] = init if isinstance(init, str) else init.dumps()
    if stype is not None:
        attrs['__storage_type__'] = str(stype)
    for k, v in kwargs.items():
        if k.startswith('__') and k.endswith('__'):
            attrs[k] = str(v)
        else:
            raise ValueError('Attribute name=%s is not supported. Additional attributes must '
                             'start and end with double underscores, e.g, __yourattr__' % k)
    return Symbol([(Node(None, name, attrs), 0)])


var = Variable


def _shape_attr(shape):
    """MXNet stores ``str(shape)`` as given: ``1`` (read as (1,)), ``(2, 3)`` or ``[2, 3]``;
    NumPy integers are written as plain ints, as NumPy 1.x prints them."""
    if isinstance(shape, (list, tuple)):
        return str(type(shape)(int(d) for d in shape))
    return str(int(shape))


def Group(symbols):
    """One symbol whose outputs are the outputs of all ``symbols``, in order."""
    if not symbols or not all(isinstance(s, Symbol) for s in symbols):
        raise TypeError('Expected a list of symbols as input')
    return Symbol([o for s in symbols for o in s._outputs])




def _hidden_key(k, v):
    """``lr_mult`` -> ``__lr_mult__``; ``weight_lr_mult`` is refused, as in MXNet."""
    for h in HIDDEN_KEYS:
        if k == h:
            return '__%s__' % k
        if k.endswith(h):
            raise MXNetError('setting variable attributes with %s is deprecated. please instead '
                             'use\nw = Variable(%s=%s)\nsym = YourSymbolName(%s=w)'
                             % (k, h, v, k[:-len(h) - 1]))
    return k


def _normalise_attr(attr):
    return {_hidden_key(k, v): str(v) for k, v in (attr or {}).items()}


def positional_to_keywords(cls, args, kwargs, input_type=Symbol):
    """MXNet's generated signature ``X(input1, input2, ..., param1, param2, ...)``: each
    positional value goes to the input or parameter in that place (None = not given).
    Inputs are Symbols for ``mx.sym`` and arrays for ``mx.nd`` (``input_type``)."""
    if cls.variadic:
        kwargs = dict(kwargs)
        if args and kwargs.get(cls.variadic) is None:  # MXNet counts them for you
            kwargs[cls.variadic] = len(args)
        return list(args), kwargs
    inputs = list(cls.inputs) + [m for m in cls.mutable_inputs if m not in cls.inputs]
    slots = inputs + list(cls.params)
    if len(args) > len(slots):
        raise TypeError('%s() takes at most %d positional arguments (%s) but %d were given'
                        % (cls.name, len(slots), ', '.join(slots), len(args)))
    kwargs = dict(kwargs)
    for slot, value in zip(slots, args):
        if slot in kwargs:
            raise TypeError("%s() got multiple values for argument '%s'" % (cls.name, slot))
        if slot in inputs and value is not None and not isinstance(value, input_type):
            raise AssertionError('Argument %s must be %s instances, but got %s (the inputs of '
                                 '%s come first: %s; its parameters follow)'
                                 % (slot, 'Symbol' if input_type is Symbol else 'NDArray',
                                    value, cls.name, ', '.join(inputs)))
        kwargs[slot] = value
    return [], kwargs


def _param_text(key, value):
    """A parameter as MXNet's generated functions write it: str(), but a dtype through
    np.dtype (np.float16 is stored as 'float16', and None as 'float64', as MXNet does)."""
    if key == 'dtype':
        return np.dtype(value).name
    return str(value)


def apply_op(op_name, *args, name=None, attr=None, _hint=None, **kwargs):
    """Create one op node: parse its parameters, wire its inputs, make missing variables."""
    cls = OPS[op_name]
    args, kwargs = positional_to_keywords(cls, args, kwargs)
    inputs = {k: v for k, v in kwargs.items() if isinstance(v, Symbol)}
    # A parameter given as None is stored as 'None' (slice_axis end=None); an input as None
    # is simply not given.
    params = {_hidden_key(k, v): _param_text(k, v) for k, v in kwargs.items()
              if not isinstance(v, Symbol) and (v is not None or k in cls.params)}
    name = NameManager.current().get(name, _hint or cls.hint)
    attrs = _normalise_attr(AttrScope._current.get(attr))
    plain = [k for k in _normalise_attr(AttrScope._current._attr) if not k.startswith('__')]
    if plain:  # MXNet passes such scope keys to the op, which does not know them
        raise MXNetError('Cannot find argument \'%s\', in operator %s(name="%s"): an AttrScope '
                         'attribute must be a hidden key (ctx_group, lr_mult, wd_mult...) or be '
                         'written __%s__' % (plain[0], cls.name, name, plain[0]))
    op = cls(params, node_name=name)
    slots = op.arguments() + op.aux_states()
    if len(args) > len(slots):
        raise MXNetError('%s(name="%s") takes %d inputs (%s) but %d were given'
                         % (cls.name, name, len(slots), ', '.join(slots), len(args)))
    for slot, sym in zip(slots, args):
        if slot in inputs:
            raise MXNetError('%s(name="%s"): input %r given twice' % (cls.name, name, slot))
        if not isinstance(sym, Symbol):
            raise TypeError('%s(name="%s"): positional input %r must be a Symbol, got %s; '
                            'operator parameters are keywords (e.g. num_hidden=64)'
                            % (cls.name, name, slot, type(sym).__name__))
        inputs[slot] = sym
    unknown = [k for k in inputs if k not in slots]
    if unknown:
        raise MXNetError('%s(name="%s") has no input %r; its inputs are: %s'
                         % (cls.name, name, unknown[0], ', '.join(slots)))
    node_attrs = dict(attrs)
    node_attrs.update(params)
    entries = []
    for position, slot in enumerate(slots):
        sym = inputs.get(slot)
        stamp = _init_stamp(cls.name, slot, position)
        if sym is None:  # MXNet makes the missing input a variable <name>_<slot>
            var_attrs = dict(node_attrs)
            if stamp:
                var_attrs['__init__'] = stamp
            entries.append((Node(None, '%s_%s' % (name, slot), var_attrs), 0))
        else:
            if len(sym) != 1:
                raise_multi_output(cls.name, slot, sym)
            child = sym._outputs[0][0]
            if stamp and child.op is None and '__init__' not in child.attrs:
                child.attrs['__init__'] = stamp
            entries.append(sym._outputs[0])
    node = Node(op, name, node_attrs, entries)
    return Symbol([(node, i) for i in range(len(op.outputs()))])


class _NullType:
    """MXNet's marker for "parameter not given" in generated signatures."""

    def __repr__(self):
        return '_Null'


_Null = _NullType()


def op_signature(cls, tail=('name', 'attr', 'out')):
    """MXNet's generated signature: inputs=None, parameters=_Null, then ``tail``, **kwargs;
    a variadic op's is only ``(*data, **kwargs)`` (``*args`` for add_n: its ``inputs[0]``)."""
    P = inspect.Parameter
    if cls.variadic:
        return inspect.Signature([P(cls.inputs[0], P.VAR_POSITIONAL),
                                  P('kwargs', P.VAR_KEYWORD)])
    inputs = list(cls.inputs) + [m for m in cls.mutable_inputs if m not in cls.inputs]
    params = [P(n, P.POSITIONAL_OR_KEYWORD, default=None) for n in inputs]
    params += [P(n, P.POSITIONAL_OR_KEYWORD, default=_Null) for n in cls.params]
    params += [P(n, P.POSITIONAL_OR_KEYWORD, default=None) for n in tail]
    return inspect.Signature(params + [P('kwargs', P.VAR_KEYWORD)])


def make_op_function(op_name, alias=None):
    """``mx.sym.<op_name>``; an alias (``split``) makes the same op but names it split0."""
    cls = OPS[op_name]
    hint = alias.lower() if alias else None

    def fn(*args, **kwargs):
        kwargs.setdefault('_hint', hint)
        return apply_op(op_name, *args, **kwargs)

    fn.__name__ = alias or op_name
    fn.__doc__ = cls.__doc__
    fn.__signature__ = op_signature(cls)
    fn._op_name = op_name   # mx.nd finds the same operator under the same name
    return fn
