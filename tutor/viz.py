"""``mx.viz``: draw a symbol graph (``plot_network``) or print it as a table (``print_summary``).

Both follow MXNet 1.9.1's ``python/mxnet/visualization.py`` line for line, quirks included:
they read the graph from ``json.loads(symbol.tojson())`` and the shapes from
``symbol.get_internals().infer_shape(**shape)``. What tutor adds: the graph that
``plot_network`` returns still displays in a notebook when Graphviz's ``dot`` program is
missing (a simple matplotlib drawing instead of an error). graphviz and matplotlib are
imported only when used, so ``import tutor`` stays fast.
"""
import copy
import functools
import json
import re
import shutil
import subprocess
import warnings

from .viz_drawing import _draw_png, _layout, _ranks  # noqa: F401 - the fallback drawing

__all__ = ['plot_network', 'print_summary']

_INSTALL_DOT = ("Install it with `apt-get install graphviz` or "
                "`conda install -c conda-forge python-graphviz`")
HINT_DRAWING = ("graphviz's dot program is not installed: showing a simple drawing instead. "
                + _INSTALL_DOT)
HINT_SOURCE = ("graphviz's dot program is not installed and matplotlib could not draw the "
               "graph: here is its DOT source. " + _INSTALL_DOT)

# MXNet's colour map, in its order: variables, FC/conv, activations, BN, pooling,
# concat/flatten/reshape, Softmax, everything else.
_COLORS = ("#8dd3c7", "#fb8072", "#ffffb3", "#bebada", "#80b1d3",
           "#fdb462", "#b3de69", "#fccde5")
_WEIGHT_SUFFIXES = ('_weight', '_bias', '_beta', '_gamma',
                    '_moving_var', '_moving_mean', '_running_var', '_running_mean')


def _str2tuple(string):
    """'(3, 3)' -> ['3', '3'] (MXNet's helper: the digits of a shape string)."""
    return re.findall(r"\d+", string)


def _check_symbol(symbol, message):
    from .symbol import Symbol
    if not isinstance(symbol, Symbol):
        raise TypeError(message)


def _output_dict(internals, values):
    return dict(zip(internals.list_outputs(), values))


# ---------------------------------------------------------------------------- print_summary

def _print_row(fields, positions):
    # Each field is cut or padded so the next one starts at its column.
    line = ''
    for i, field in enumerate(fields):
        line += str(field)
        line = line[:positions[i]]
        line += ' ' * (positions[i] - len(line))
    print(line)


def _layer_params(node, shape_dict, pre_filter):
    """Parameter count of one op, as MXNet estimates it (``pre_filter``: summed input dim 1)."""
    op, attrs = node["op"], node.get("attrs", {})
    if op == 'Convolution':
        num_group = int(attrs.get('num_group', '1'))
        params = pre_filter * int(attrs["num_filter"]) // num_group
        for k in _str2tuple(attrs["kernel"]):
            params *= int(k)
        if attrs.get("no_bias") != 'True':
            params += int(attrs["num_filter"])
        return params
    if op == 'FullyConnected':
        if attrs.get("no_bias") == 'True':
            return pre_filter * int(attrs["num_hidden"])
        return (pre_filter + 1) * int(attrs["num_hidden"])
    if op == 'BatchNorm':
        # gamma and beta; without shapes MXNet counts 0 (moving stats are not params).
        if shape_dict is None:
            return 0
        return int(shape_dict[node["name"] + "_output"][1]) * 2
    if op == 'Embedding':
        return int(attrs['input_dim']) * int(attrs['output_dim'])
    return 0


def _print_layer(nodes, heads, node, out_shape, shape_dict, positions):
    pre_node, pre_filter = [], 0
    if node["op"] != "null":
        for item in node["inputs"]:
            input_node = nodes[item[0]]
            # Quirk: `heads` holds the numbers of the first head entry, so this lets in
            # node 0 (normally `data`) and no other variable.
            if input_node["op"] != "null" or item[0] in heads:
                pre_node.append(input_node["name"])
                if shape_dict is not None:
                    key = input_node["name"] + ("_output" if input_node["op"] != "null" else "")
                    if key in shape_dict:
                        # Quirk: dim 1 only, and 0 without shapes (FC then counts num_hidden).
                        pre_filter += int(shape_dict[key][1:][0])
    params = _layer_params(node, shape_dict, pre_filter)
    fields = [node['name'] + '(' + node["op"] + ')', "x".join([str(x) for x in out_shape]),
              params, pre_node[0] if pre_node else '']
    _print_row(fields, positions)
    for name in pre_node[1:]:
        _print_row(['', '', '', name], positions)
    return params


def print_summary(symbol, shape=None, line_length=120, positions=[.44, .64, .74, 1.]):
    """Print a table of the layers of ``symbol``: name(op), output shape, parameter count and
    previous layer, then the total number of parameters (MXNet's ``mx.viz.print_summary``).

    ``shape`` maps input names to shapes (``{'data': (1, 784)}``); without it output shapes
    are blank and fully connected layers count only their biases (an MXNet quirk).
    ``positions`` are the column ends, as fractions of ``line_length`` or in characters.
    """
    _check_symbol(symbol, "symbol must be Symbol")
    shape_dict = None
    if shape is not None:
        internals = symbol.get_internals()
        _, out_shapes, _ = internals.infer_shape(**shape)
        if out_shapes is None:
            raise ValueError("Input shape is incomplete")
        shape_dict = _output_dict(internals, out_shapes)
    conf = json.loads(symbol.tojson())
    nodes = conf["nodes"]
    heads = set(conf["heads"][0])
    if positions[-1] <= 1:
        positions = [int(line_length * p) for p in positions]
    print('_' * line_length)
    _print_row(['Layer (type)', 'Output Shape', 'Param #', 'Previous Layer'], positions)
    print('=' * line_length)
    total_params = 0
    for i, node in enumerate(nodes):
        op = node["op"]
        if op == "null" and i > 0:
            continue  # variables are not layers (except node 0, the data)
        out_shape = []
        if (op != "null" or i in heads) and shape_dict is not None:
            key = node["name"] + ("_output" if op != "null" else "")
            if key in shape_dict:
                out_shape = shape_dict[key][1:]
        total_params += _print_layer(nodes, heads, node, out_shape, shape_dict, positions)
        print(('=' if i == len(nodes) - 1 else '_') * line_length)
    print("Total params: {params}".format(params=total_params))
    print('_' * line_length)


# ----------------------------------------------------------------------------- plot_network

def _node_look(node, node_attr):
    """(label, graphviz attributes) of one op node, with MXNet's labels and colours."""
    op, name, attrs = node["op"], node["name"], node.get("attrs", {})
    attr, label = copy.deepcopy(node_attr), name
    if op == "null":
        attr["shape"] = "oval"  # inputs get their own shape
        attr["fillcolor"] = _COLORS[0]
    elif op == "Convolution":
        label = "Convolution\n{kernel}/{stride}, {filter}".format(
            kernel="x".join(_str2tuple(attrs["kernel"])),
            stride="x".join(_str2tuple(attrs["stride"])) if "stride" in attrs else "1",
            filter=attrs["num_filter"])
        attr["fillcolor"] = _COLORS[1]
    elif op == "FullyConnected":
        label = "FullyConnected\n{hidden}".format(hidden=attrs["num_hidden"])
        attr["fillcolor"] = _COLORS[1]
    elif op == "BatchNorm":
        attr["fillcolor"] = _COLORS[3]
    elif op in ('Activation', 'LeakyReLU'):
        default = 'Leaky' if op == 'LeakyReLU' else None
        label = '{}\n{}'.format(op, attrs.get("act_type", default) if attrs else default)
        attr["fillcolor"] = _COLORS[2]
    elif op == "Pooling":
        label = "Pooling\n{pooltype}, {kernel}/{stride}".format(
            pooltype=attrs["pool_type"],
            kernel="x".join(_str2tuple(attrs["kernel"])) if "kernel" in attrs else "[]",
            stride="x".join(_str2tuple(attrs["stride"])) if "stride" in attrs else "1")
        attr["fillcolor"] = _COLORS[4]
    elif op in ("Concat", "Flatten", "Reshape"):
        attr["fillcolor"] = _COLORS[5]
    elif op == "Softmax":
        attr["fillcolor"] = _COLORS[6]
    else:
        attr["fillcolor"] = _COLORS[7]
        if op == "Custom":
            label = attrs["op_type"]
    return label, attr


def _type_name(dtype):
    # MXNet's infer_type gives numpy type classes (np.float32.__name__ == 'float32').
    name = getattr(dtype, '__name__', None)
    if name is None:
        import numpy
        name = numpy.dtype(dtype).name
    return name


def _edge_label(input_node, shape_dict, type_dict):
    """'784', '64(float32)' or '': the (batch-less) shape and type flowing along an edge."""
    key = input_node["name"]
    if input_node["op"] != "null":
        key += "_output"
        params = input_node.get("attrs", {})
        if "num_outputs" in params:  # MXNet labels multi-output ops by their last output
            key += str(int(params["num_outputs"]) - 1)
    label = ''
    if shape_dict is not None:
        label = "x".join([str(x) for x in shape_dict[key][1:]])
    if type_dict is not None:
        label += '(' + _type_name(type_dict[key]) + ')'
    return label


def _warn_repeated_names(nodes):
    names = [node["name"] for node in nodes]
    if len(names) == len(set(names)):
        return
    seen, repeated = set(), []
    for name in names:
        if name in seen and name not in repeated:
            repeated.append(name)  # MXNet lists a set; tutor keeps graph order (reproducible)
        seen.add(name)
    warnings.warn("There are multiple variables with the same name in your graph, "
                  "this may result in cyclic graph. Repeated names: " + ','.join(repeated),
                  RuntimeWarning)


def plot_network(symbol, title="plot", save_format='pdf', shape=None, dtype=None, node_attrs={},
                 hide_weights=True):
    """Draw the graph of ``symbol`` as a ``graphviz.Digraph`` (MXNet's ``mx.viz.plot_network``).

    Each op is a box labelled with its type and size (``FullyConnected\\n64``), each input an
    oval; edges point from an op to its inputs, drawn with the arrow at the op, so data
    flows upwards. ``shape`` (``{'data': (32, 784)}``) labels each edge with the shape that
    flows along it (batch axis dropped), ``dtype`` with its type. ``node_attrs`` overrides the
    Graphviz node attributes; ``hide_weights`` hides ``*_weight``, ``*_bias``, BN parameters
    and moving statistics. ``.render()`` / ``.view()`` need Graphviz's ``dot`` program; a
    notebook shows a simple matplotlib drawing when it is missing.
    """
    try:
        graph_class = _network_graph_class()
    except ImportError:
        raise ImportError("Draw network requires graphviz library. "
                          "Install it with `pip install graphviz`") from None
    _check_symbol(symbol, "symbol must be a Symbol")
    internals = symbol.get_internals()
    shape_dict = type_dict = None
    if shape is not None:
        _, out_shapes, _ = internals.infer_shape(**shape)
        if out_shapes is None:
            raise ValueError("Input shape is incomplete")
        shape_dict = _output_dict(internals, out_shapes)
    if dtype is not None:
        _, out_types, _ = internals.infer_type(**dtype)
        if out_types is None:
            raise ValueError("Input type is incomplete")
        type_dict = _output_dict(internals, out_types)
    nodes = json.loads(symbol.tojson())["nodes"]
    _warn_repeated_names(nodes)
    node_attr = {"shape": "box", "fixedsize": "true",
                 "width": "1.3", "height": "0.8034", "style": "filled"}
    node_attr.update(node_attrs)
    dot = graph_class(name=title, format=save_format)
    hidden_nodes = set()
    for node in nodes:
        if node["op"] == "null" and node["name"].endswith(_WEIGHT_SUFFIXES):
            # Not drawn either way; left out of hidden_nodes when hide_weights=False, so
            # its edges still appear and Graphviz draws it as a plain oval.
            if hide_weights:
                hidden_nodes.add(node["name"])
            continue
        label, attr = _node_look(node, node_attr)
        dot.node(name=node["name"], label=label, **attr)
    for node in nodes:
        if node["op"] == "null":
            continue
        inputs = node["inputs"][:1] if node['op'] == '_contrib_BilinearResize2D' \
            else node["inputs"]
        for item in inputs:
            input_node = nodes[item[0]]
            if input_node["name"] not in hidden_nodes:
                label = _edge_label(input_node, shape_dict, type_dict)
                dot.edge(tail_name=node["name"], head_name=input_node["name"],
                         **{"dir": "back", "arrowtail": "open", "label": label})
    return dot


# --------------------------------------------------- NetworkGraph: display without ``dot``

def _dot_on_path():
    # graphviz runs `dot` by name; checking first avoids a slow failing subprocess.
    return shutil.which('dot') is not None


def _filter_bundle(bundle, include, exclude):
    keep = set(bundle) if include is None else set(include)
    keep -= set(exclude or ())
    return {mime: data for mime, data in bundle.items() if mime in keep}


@functools.lru_cache(maxsize=None)
def _network_graph_class():
    import graphviz
    dot_errors = (graphviz.ExecutableNotFound, subprocess.CalledProcessError, OSError)

    class NetworkGraph(graphviz.Digraph):
        """A ``graphviz.Digraph`` that still displays in a notebook without ``dot``.

        Jupyter asks ``_repr_mimebundle_`` first: with ``dot`` it is graphviz's SVG; without
        it (or when ``dot`` fails) a matplotlib drawing as PNG plus a hint in text/plain, or
        the DOT source if matplotlib fails too. Display never raises; ``render``, ``view``
        and ``pipe`` behave as in graphviz. Nodes and edges are recorded as they are added so
        the drawing needs no DOT parser.
        """

        def _drawing(self):
            if '_tutor_drawing' not in self.__dict__:
                self._tutor_drawing = ({}, [])
            return self._tutor_drawing

        def node(self, name, label=None, _attributes=None, **attrs):
            super().node(name, label=label, _attributes=_attributes, **attrs)
            look = self._drawing()[0].setdefault(name, {})
            look.update(_attributes or {}, **attrs)
            if label is not None:
                look['label'] = label

        def edge(self, tail_name, head_name, label=None, _attributes=None, **attrs):
            super().edge(tail_name, head_name, label=label, _attributes=_attributes, **attrs)
            look = dict(_attributes or {}, **attrs)
            if label is not None:
                look['label'] = label
            self._drawing()[1].append((tail_name, head_name, look))

        def copy(self):
            other = super().copy()
            nodes, edges = self._drawing()
            other._tutor_drawing = (copy.deepcopy(nodes), copy.deepcopy(edges))
            return other

        def __repr__(self):  # stable text/plain for stored notebook outputs (no address)
            return '<NetworkGraph %r>' % (self.name,)

        def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
            reason = HINT_DRAWING
            if _dot_on_path():
                try:
                    parent = getattr(super(), '_repr_mimebundle_', None)
                    if parent is not None:  # graphviz >= 0.19
                        return parent(include=include, exclude=exclude, **kwargs)
                    svg = self.pipe(format='svg').decode(self.encoding)
                    return _filter_bundle({'image/svg+xml': svg}, include, exclude)
                except dot_errors as err:
                    reason = ("graphviz's dot program failed (%s): showing a simple drawing "
                              "instead." % (str(err).strip().splitlines() or [''])[0])
            return _filter_bundle(self._fallback_bundle(reason), include, exclude)

        def _fallback_bundle(self, hint):
            try:
                return {'image/png': self._draw_png(), 'text/plain': hint}
            except Exception:  # noqa: BLE001 - display must not raise; show the source
                return {'text/plain': HINT_SOURCE + '\n\n' + self.source}

        def _repr_svg_(self):
            if not _dot_on_path():
                return None
            try:
                return self.pipe(format='svg').decode(self.encoding)
            except dot_errors:
                return None

        def _repr_png_(self):
            # With dot, _repr_mimebundle_ already gave the SVG: no second picture.
            if _dot_on_path():
                return None
            try:
                return self._draw_png()
            except Exception:  # noqa: BLE001 - display must not raise
                return None

        def _draw_png(self):
            nodes, edges = self._drawing()
            return _draw_png(nodes, edges, dict(self.node_attr), dict(self.edge_attr))

    NetworkGraph.__module__, NetworkGraph.__qualname__ = __name__, 'NetworkGraph'
    return NetworkGraph


def __getattr__(attr):
    if attr == 'NetworkGraph':  # built on first use, so graphviz is imported lazily
        return _network_graph_class()
    raise AttributeError("module 'tutor.viz' has no attribute %r" % attr)
