"""The operator interface: every MXNet operator tutor knows is one ``Op`` subclass, with its
parameters, its inputs, shape inference, forward and backward side by side.

How the executor uses an op (all arrays are plain ``numpy.ndarray`` views, allocated once
at bind; an op writes into them and never allocates its outputs):

    op = FullyConnected({'num_hidden': '64'})      # attrs as stored in JSON (strings)
    op.arguments()   -> ['data', 'weight', 'bias']  # depends on params (no_bias)
    op.aux_states()  -> []                          # BatchNorm: ['moving_mean', 'moving_var']
    op.outputs()     -> ['output']                  # visible outputs, named <node>_output
    op.num_outputs() -> 1                           # all outputs (JSON node_row_ptr); >= visible
    op.infer_shape(in_shapes, aux_shapes[, out_shapes]) -> (in_shapes, out_shapes, aux_shapes)
    op.infer_type(in_types) -> (in_types, out_types) # numpy dtypes; Cast, Embedding: their own
    op.passes_grad() -> True                        # False: inputs always get 0 (BlockGrad)
    state = op.create_state(in_shapes, out_shapes)  # scratch buffers, once per bind
    op.forward(is_train, inputs, outputs, aux, state)
    op.backward(out_grads, inputs, outputs, in_grads, req, aux, state)

Conventions every op follows (new ops too):

* Shapes in ``infer_shape`` are MXNet's partial shapes: ``None`` means nothing is known (not
  even the number of axes); otherwise a tuple in which ``0`` marks an unknown dimension, so
  ``(0, 10)`` is "some batch size, 10 features". ``infer_shape`` gets the shapes known so
  far and returns the three lists with whatever it can add, in the same form. It must not
  raise because a dimension is 0 (treat it as unknown: ``known(s)`` tells whether a shape is
  complete, ``merge_shapes`` combines two partial ones); it raises ``shape_error`` only for
  shapes that can never fit. The solver merges what an op returns into what it knows: a 0
  never overwrites a known dimension, and two different known dimensions are an error.
  It calls every op again until nothing changes. An op that can also infer backwards
  (an input from its output, as MXNet's element-wise ops do) takes a third argument,
  ``infer_shape(in_shapes, aux_shapes, out_shapes)``: the output shapes known so far.
* ``params`` lists the parameters in MXNet's order (``help(mxnet.sym.X)``), and ``inputs``
  then ``mutable_inputs`` (auxiliary states) list the inputs in the order of MXNet's
  signature: ``mx.sym.X(data, weight, bias, 10)`` and ``mx.nd.X(...)`` map positional values
  onto ``inputs + mutable_inputs + params`` in that order, as MXNet's generated functions do.
* An op with a variable number of inputs (``Concat(*data, num_args=...)``) sets
  ``variadic = 'num_args'`` (the parameter that counts them): every positional value is
  then an input, named ``arg0, arg1, ...`` unless ``arguments()`` says otherwise; the
  signature shows ``(*<inputs[0]>, **kwargs)`` (``*data``; add_n sets ``inputs = ('args',)``).
* Every registered op is also ``mx.nd.<name>`` (tutor/ndarray/imperative.py): it calls
  ``infer_shape`` with the arrays' shapes, ``infer_type`` for the outputs' dtypes,
  ``create_state`` and ``forward(is_train=False, ...)``; nothing else is needed.
"""
from ..base import MXNetError


class ShapeError(MXNetError):
    """Shapes that do not fit together."""


def known(shape):
    """True when every dimension of ``shape`` is known (no ``None``, no 0)."""
    return shape is not None and len(shape) > 0 and all(d > 0 for d in shape)


def merge_shapes(a, b):
    """The partial shape that agrees with both ``a`` and ``b`` (None and 0 are unknown), or
    a ShapeError naming both when they cannot describe the same array."""
    if a is None:
        return None if b is None else tuple(int(d) for d in b)
    if b is None:
        return tuple(int(d) for d in a)
    if len(a) != len(b):
        raise ShapeError('shapes %s and %s have different numbers of axes'
                         % (tuple(a), tuple(b)))
    out = []
    for x, y in zip(a, b):
        if x and y and x != y:
            raise ShapeError('shapes %s and %s differ in a known dimension'
                             % (tuple(a), tuple(b)))
        out.append(int(x or y))
    return tuple(out)


# --- parameter parsing: JSON stores every parameter as Python's str() of the value --------

def parse_bool(s):
    t = str(s).strip().lower()
    if t in ('true', '1'):
        return True
    if t in ('false', '0'):
        return False
    raise ValueError('expected a boolean (True/False), got %r' % (s,))


def parse_tuple(s):
    if isinstance(s, (tuple, list)):
        return tuple(int(v) for v in s)
    t = str(s).strip().strip('()[]')
    return tuple(int(float(v)) for v in t.split(',') if v.strip())


class Param:
    """One declared operator parameter: how to parse it, its default, its allowed values."""

    def __init__(self, kind, default=None, required=False, choices=None):
        self.kind, self.default, self.required, self.choices = kind, default, required, choices

    def parse(self, raw):
        if self.kind == 'bool':
            return parse_bool(raw)
        if self.kind == 'int':
            return int(float(raw)) if not isinstance(raw, bool) else int(raw)
        if self.kind == 'float':
            return float(raw)
        if self.kind == 'tuple':
            return parse_tuple(raw)
        if self.kind == 'enum':
            return str(raw)
        return raw


class Op:
    """Base class. Subclasses set ``name`` (MXNet's op name, the JSON "op"), ``hint`` (the stem
    of auto names: ``fullyconnected0``), ``params`` (a dict name -> Param) and ``inputs``."""
    name = None
    hint = None
    params = {}
    inputs = ('data',)
    variadic = None          # the count parameter of an op taking any number of inputs
    is_loss = False          # a loss head: backward needs no head gradient (it is ignored)
    aliases = ()             # other mx.sym names for the op (split for SliceChannel), own hints
    mutable_inputs = ()      # argument names the op writes to (BatchNorm aux), JSON version 1

    def __init__(self, attrs=None, node_name=''):
        attrs = dict(attrs or {})
        self.attrs = attrs
        self.node_name = node_name
        p = {}
        for key, spec in self.params.items():
            if key in attrs:
                raw = attrs[key]
                try:
                    p[key] = spec.parse(raw)
                except (TypeError, ValueError):
                    raise MXNetError('Invalid Parameter format for %s expect %s but value=%r, '
                                     'in operator %s(name="%s")'
                                     % (key, spec.kind, raw, self.name, node_name)) from None
                if spec.choices is not None and p[key] not in spec.choices:
                    raise MXNetError(
                        "Invalid Input: '%s', valid values are: {%s}, in operator %s(name=\"%s\", "
                        "%s=\"%s\")" % (raw, ', '.join("'%s'" % c for c in sorted(spec.choices)),
                                       self.name, node_name, key, raw))
            elif spec.required:
                raise MXNetError('Required parameter %s of %s is not presented, in operator '
                                 '%s(name="%s")' % (key, spec.kind, self.name, node_name))
            else:
                p[key] = spec.default
        unknown = [k for k in attrs if k not in self.params and not k.startswith('__')]
        if unknown:
            raise MXNetError('Cannot find argument %r in operator %s(name="%s"); its parameters '
                             'are: %s' % (unknown[0], self.name, node_name,
                                          ', '.join(sorted(self.params)) or '(none)'))
        self.p = p

    # --- structure ---
    def arguments(self):
        return list(self.inputs)

    def aux_states(self):
        return []

    def outputs(self):
        return ['output']

    def num_outputs(self):
        return len(self.outputs())

    # --- maths ---
    def infer_shape(self, in_shapes, aux_shapes):
        raise NotImplementedError

    def infer_type(self, in_types):
        """(in_types, out_types), numpy dtypes or None for unknown. By default every input
        and output has the type of the first input whose type is known (MXNet's ElemwiseType)."""
        known = next((t for t in in_types if t is not None), None)
        return ([known if t is None else t for t in in_types],
                [known] * self.num_outputs())

    def passes_grad(self):
        """False for ops whose inputs always get a zero gradient (BlockGrad, argmax, ...; MXNet's
        MakeZeroGradNodes): nothing behind them needs a head gradient or runs a backward."""
        return True

    def create_state(self, in_shapes, out_shapes):
        return None

    def forward(self, is_train, inputs, outputs, aux, state):
        raise NotImplementedError

    def backward(self, out_grads, inputs, outputs, in_grads, req, aux, state):
        raise NotImplementedError

    # --- what a loss head minimises (output layers only) ---
    formula = None        # (plain text, LaTeX) of the loss; None: the op is not a loss
    grad_formula = None   # (plain text, LaTeX) of its gradient

    def loss(self, output, label=None):
        """The loss of one batch, a float: the mean over the batch of the per-sample loss
        whose gradient backward writes. None when it needs a label and has none."""
        return None

    # --- helpers for subclasses ---
    def shape_error(self, msg):
        return ShapeError('Error in operator %s: %s' % (self.node_name, msg))


OPS = {}


def register(cls):
    """Class decorator: make an op known by its MXNet name (used by JSON loading)."""
    OPS[cls.name] = cls
    return cls
