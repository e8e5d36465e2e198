"""The network graph after a training step, drawn with the size of every gradient on it: where
backward's signal stays strong and where it fades away (vanishes) or blows up.

    lens = mx.lens.GradientLens().attach(mod)
    mod.forward(batch, is_train=True)
    mod.backward()
    lens.plot_network()            # a graphviz picture with plot_network's nodes and edges

``mx.viz.plot_network`` draws the graph; MXNet never draws the gradients on it. tutor reads
them from the executor: each parameter's (``grad_dict``) and each op output's
(``Executor.op_output_grads``: MXNet computes those in backward too and drops them unseen).

- a layer's box is filled by the size of its parameters' gradient (weight and bias together,
  ``sqrt(|g_W|² + |g_b|²)``), each one's size written in the box;
- an arrow carries the gradient that backward passes down it (the gradient of the output it
  points at; an output read by several ops gets their sum, so each of its arrows shows that
  sum): colour, width and the number on it say how large, dashed where there is none.

Sizes are L2 norms of the arrays backward wrote (sums over the batch, before rescale_grad),
coloured on a log scale, grey for the smallest, dark red for the largest.
"""
import html
import json
import math

import numpy as np

from .. import i18n
from ..base import MXNetError
from ..viz import _WEIGHT_SUFFIXES, _network_graph_class, _node_look

# From the bottom of the log scale to its top: grey (vanished), yellow, orange, dark red.
PALETTE = ('#bdbdbd', '#fee391', '#fe9929', '#d7301f', '#7f0000')
PEN_WIDTH = (0.6, 6.0)                 # arrow widths in points at the bottom and top
NO_GRADIENT = '#9e9e9e'                # a dashed arrow: backward passes nothing down it
CJK_FONTNAME = 'Noto Sans CJK SC'      # dot measures the text with it; browsers fall back


# --------------------------------------------------------------------- the numbers drawn

def _norm(array):
    a = np.asarray(array, dtype=np.float64).ravel()
    return float(np.sqrt(np.dot(a, a)))


def gradient_norms(module):
    """{array name: L2 norm of its gradient, or None where backward keeps none}, for every
    argument and every op output (``fc1_weight``, ``fc1_output``, ...) of a bound module.

    With several devices the module's gradient is the devices' together: a parameter's is
    their sum (what the optimizer gets); an input's or op output's, which each device holds
    for its rows of the batch, is the norm of all rows."""
    view = module.view
    executors = view.executors or ([view.executor] if view.executor is not None else [])
    sums, squares = {}, {}
    for exe in executors:
        for name, grad in exe.grad_dict.items():
            if grad is None:
                sums.setdefault(name, None)
            elif view.role(name) in ('data', 'label', 'state'):
                squares[name] = squares.get(name, 0.0) + _norm(grad) ** 2
            else:
                total = sums.get(name)
                sums[name] = np.asarray(grad, np.float64) + (0 if total is None else total)
        for name, grad in exe.op_output_grads():
            if grad is None:
                squares.setdefault(name, None)
            else:
                squares[name] = (squares.get(name) or 0.0) + _norm(grad) ** 2
    norms = {name: None if total is None else _norm(total) for name, total in sums.items()}
    norms.update({name: None if sq is None else math.sqrt(sq) for name, sq in squares.items()})
    return norms


def fmt(value):
    """2.1e-02 -> '2.1e-2': two digits, a short exponent, the same form for every size."""
    if value == 0 or not math.isfinite(value):
        return '%g' % value          # 0, inf, nan (a diverged step)
    mantissa, exponent = ('%.1e' % value).split('e')
    return '%se%d' % (mantissa, int(exponent))


def default_scale(values):
    """(low, high): the whole powers of ten around the positive values (at least one)."""
    positive = [v for v in values if v is not None and 0 < v < math.inf]
    if not positive:
        return 1e-3, 1.0
    low = 10.0 ** math.floor(math.log10(min(positive)))
    high = 10.0 ** math.ceil(math.log10(max(positive)))
    return (low, high) if high > low else (low, low * 10)


def position(value, scale):
    """Where ``value`` sits on the log scale, 0 at the bottom and 1 at the top (clipped)."""
    low, high = scale
    if not math.isfinite(value):
        return 1.0                   # inf or nan: as alarming as the top of the scale
    if value <= low:
        return 0.0
    return min(1.0, math.log(value / low) / math.log(high / low))


def colour(t):
    """The palette colour at position t in [0, 1], blended between neighbouring entries."""
    x = t * (len(PALETTE) - 1)
    k = min(int(x), len(PALETTE) - 2)
    a, b = (np.array([int(c[i:i + 2], 16) for i in (1, 3, 5)], float)
            for c in PALETTE[k:k + 2])
    rgb = np.rint(a + (b - a) * (x - k)).astype(int)
    return '#%02x%02x%02x' % tuple(rgb)


def _ink(fill):
    """Black text on light fills, white on dark ones."""
    r, g, b = (int(fill[i:i + 2], 16) for i in (1, 3, 5))
    return 'black' if 0.299 * r + 0.587 * g + 0.114 * b > 140 else 'white'


# -------------------------------------------------------------------------- the picture

def check_module(module, language=None):
    """A clear error unless ``module`` is bound for training (and so has gradients)."""
    t = lambda key: i18n.text(key, language)  # noqa: E731
    view = getattr(module, 'view', None)
    if view is None or not view.binded or not (view.executors or view.executor):
        raise MXNetError(t('grad.graph.unbound'))
    if not view.for_training:
        raise MXNetError(t('grad.graph.inference'))


class _Entries:
    """plot_network's graph (the symbol's JSON, weights hidden) with the gradient norm of
    every array in it."""

    def __init__(self, module):
        self.norms = gradient_norms(module)
        self.nodes = json.loads(module.symbol.tojson())['nodes']
        self.graph_nodes = module.symbol._nodes()   # in the order of the JSON's nodes
        self.hidden = {n['name'] for n in self.nodes
                       if n['op'] == 'null' and n['name'].endswith(_WEIGHT_SUFFIXES)}

    def name(self, item):
        """The array an input entry [node, output, version] reads: fc1_output, data, ..."""
        node = self.graph_nodes[item[0]]
        return node.output_name(item[1]) if node.op is not None else node.name

    def params(self, node):
        """The hidden parameters an op reads that have a gradient (its weight, bias...)."""
        return [self.nodes[i[0]]['name'] for i in node['inputs']
                if self.nodes[i[0]]['name'] in self.hidden
                and self.norms.get(self.nodes[i[0]]['name']) is not None]

    def edges(self):
        """(op, input entry) of every edge plot_network draws."""
        for node in self.nodes:
            if node['op'] == 'null':
                continue
            inputs = node['inputs'][:1] if node['op'] == '_contrib_BilinearResize2D' \
                else node['inputs']
            for item in inputs:
                if self.nodes[item[0]]['name'] not in self.hidden:
                    yield node, item

    def drawn(self):
        """Every norm the picture shows (the default scale spans them)."""
        sizes = [self.norms.get(self.name(item)) for _, item in self.edges()]
        sizes += [self.norms[p] for n in self.nodes for p in self.params(n)]
        return sizes + [self.norms.get(n['name']) for n in self.nodes if n['op'] == 'null']


def draw(module, language=None, title='plot', scale=None):
    """The graph of ``module.symbol`` as ``mx.viz.plot_network`` draws it (the same nodes,
    weights hidden, edges from each op to its inputs), each layer and arrow coloured by its
    gradient's norm; ``scale`` = (low, high) fixes the log scale (e.g. to compare two
    pictures), else it spans the norms drawn. Returns a ``graphviz.Digraph``."""
    check_module(module, language)
    lang = i18n.normalise(language) or i18n.get_language()
    t = lambda key, **f: i18n.text(key, lang, **f)  # noqa: E731
    graph = _Entries(module)
    scale = tuple(scale) if scale is not None else default_scale(graph.drawn())
    if not 0 < scale[0] < scale[1]:
        raise ValueError(t('grad.graph.bad_scale', scale=scale))
    font = {'fontname': CJK_FONTNAME} if lang == 'zh' else {}
    node_attr = dict({'shape': 'box', 'fixedsize': 'false', 'width': '1.3', 'height': '0.4',
                      'style': 'filled', 'fontsize': '10'}, **font)
    dot = _network_graph_class()(name=title, format='pdf')
    # edge labels take a rank of their own in dot: small rank gaps keep the picture short
    dot.attr(ranksep='0.1', fontsize='10', labelloc='b', label=_legend(scale, t), **font)
    dot.attr('edge', fontsize='9')
    for node, graph_node in zip(graph.nodes, graph.graph_nodes):
        if node['name'] not in graph.hidden:
            _add_node(dot, node, graph_node, node_attr, graph, scale, t)
    for node, item in graph.edges():
        name = graph.name(item)
        _add_edge(dot, node['name'], graph.nodes[item[0]]['name'], name,
                  graph.norms.get(name), scale, t)
    return dot


def _add_node(dot, node, graph_node, node_attr, graph, scale, t):
    """One node: plot_network's label, then the size of each parameter's gradient."""
    label, attr = _node_look(node, node_attr)
    label = label.replace('\n', ' ')   # 'FullyConnected 64': one line, a shorter picture
    norms = graph.norms
    attr['fillcolor'], lines, tips = 'white', [], []
    if node['op'] == 'null':
        own = norms.get(node['name'])
        sizes = [] if own is None else [(node['name'], own)]
    else:
        sizes = [(p, norms[p]) for p in graph.params(node)]
        for k in range(graph_node.visible_outputs()):
            out = graph_node.output_name(k)
            tips.append('%s: %s' % (out, _tip(norms.get(out), t)))
        if graph_node.op.is_loss:
            lines.append(t('grad.graph.loss'))
    lines += ['%s %s' % (name, fmt(size)) for name, size in sizes]
    tips += ['%s: %s' % (name, _tip(size, t)) for name, size in sizes]
    if sizes:
        total = math.sqrt(sum(size * size for _, size in sizes))
        attr['fillcolor'] = colour(position(total, scale))
        attr['fontcolor'] = _ink(attr['fillcolor'])
    if node['op'] == 'null' and not sizes:
        tips.append(t('grad.graph.none'))
    text = '\n'.join([label] + lines)
    dot.node(name=node['name'], label=text, tooltip='\n'.join(tips), **attr)


def _add_edge(dot, op_name, input_name, name, size, scale, t):
    """op -> input, drawn like plot_network's (arrow at the op); its look is the gradient
    backward sends down it: the gradient of the array ``name`` the op reads."""
    look = {'dir': 'back', 'arrowtail': 'open'}
    if size is None:
        look.update(style='dashed', color=NO_GRADIENT,
                    tooltip='%s: %s' % (name, t('grad.graph.none')))
    else:
        where = position(size, scale)
        look.update(color=colour(where), label=' ' + fmt(size),
                    penwidth='%.2f' % (PEN_WIDTH[0] + (PEN_WIDTH[1] - PEN_WIDTH[0]) * where),
                    tooltip='%s: %s' % (name, _tip(size, t)))
    dot.edge(tail_name=op_name, head_name=input_name, **look)


def _tip(size, t):
    return t('grad.graph.none') if size is None else '‖g‖ = %.6g' % size


def _legend(scale, t):
    """The graph's label (an HTML-like table): the words, then one coloured cell per power of
    ten of the scale."""
    low, high = (int(round(math.log10(v))) for v in scale)
    step = max(1, (high - low + 7) // 8)   # at most about eight cells
    cells = ''
    for e in range(low, high + 1, step):
        fill = colour(position(10.0 ** e, scale))
        cells += ('<td bgcolor="%s" fixedsize="true" width="44" height="18">'
                  '<font color="%s">1e%d</font></td>' % (fill, _ink(fill), e))
    words = '<br/>'.join(html.escape(t(key), quote=False) for key in
                         ('grad.graph.legend.box', 'grad.graph.legend.arrow',
                          'grad.graph.legend.dashed', 'grad.graph.legend.scale'))
    return ('<<table border="0" cellspacing="4"><tr><td>%s</td></tr><tr><td><table border="0" '
            'cellspacing="0" cellpadding="0"><tr>%s</tr></table></td></tr></table>>'
            % (words, cells))
