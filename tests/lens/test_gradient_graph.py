"""GradientLens.plot_network: plot_network's graph with each gradient's norm on it, read back
from the DOT source and checked against NumPy."""
import re
import subprocess

import numpy as np
import pytest

import tutor as mx
from tutor.base import MXNetError
from tutor.lens import gradient_graph as gg

from conftest import bn_net, bound, iters, mlp

pytest.importorskip('graphviz')


# --------------------------------------------------------------- reading the DOT source

_ATTR = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|<<.*>>|[^\s\]]+)', re.S)
_ID = r'("(?:[^"\\]|\\.)*"|\S+)'   # a DOT id: quoted, or a bare word
_STATEMENT = re.compile(r'^\t%s(?: -> %s)? \[(.*)\]\s*$' % (_ID, _ID), re.S)


def _unquote(text):
    if text.startswith('"') and text.endswith('"'):
        return text[1:-1].replace('\\"', '"')
    return text


def parse(dot):
    """({node: attrs}, {(tail, head): attrs}, graph attrs) from the statements of the source."""
    nodes, edges, graph = {}, {}, {}
    for statement in dot.body:
        m = _STATEMENT.match(statement)
        if m is None:   # `key=value ...`: attributes of the graph itself
            graph.update({k: _unquote(v) for k, v in _ATTR.findall(statement)})
            continue
        attrs = {k: _unquote(v) for k, v in _ATTR.findall(m.group(3))}
        first, second = _unquote(m.group(1)), m.group(2)
        if second is not None:
            edges[(first, _unquote(second))] = attrs
        elif first in ('graph', 'edge', 'node'):
            graph.update(attrs) if first == 'graph' else None
        else:
            nodes[first] = attrs
    return nodes, edges, graph


def label_sizes(label):
    """{array name: number} from the 'name 2.1e-2' lines of a node label."""
    return {m.group(1): float(m.group(2))
            for m in re.finditer(r'^(\S+) (\d\.\de-?\d+|0)$', label, re.M)}


def tip_sizes(tooltip):
    return {m.group(1): float(m.group(2))
            for m in re.finditer(r'^(\S+): ‖g‖ = (\S+)$', tooltip, re.M)}


def one_step(net=None, lens=None, update=True, **kw):
    lens = lens or mx.lens.GradientLens()
    mod, train = bound(net, attach=[lens], **kw)
    batch = next(iter(train))
    mod.forward(batch, is_train=True)
    mod.backward()
    if update:
        mod.update()
    return mod, lens, batch


def grads(mod):
    return {n: g.asnumpy().astype(np.float64) for n, g in mod.view.grad_dict.items()
            if g is not None}


# ------------------------------------------------------------------------------ numbers

def test_parameter_norms_in_the_picture_are_numpys():
    mod, lens, _ = one_step()
    nodes, _, _ = parse(lens.plot_network())
    expected = {n: np.linalg.norm(g) for n, g in grads(mod).items()}
    assert set(expected) == {'fc1_weight', 'fc1_bias', 'fc2_weight', 'fc2_bias'}
    for layer in ('fc1', 'fc2'):
        shown = label_sizes(nodes[layer]['label'])
        tips = tip_sizes(nodes[layer]['tooltip'])
        for name in (layer + '_weight', layer + '_bias'):
            assert shown[name] == pytest.approx(expected[name], rel=0.051)   # two digits
            assert gg.fmt(expected[name]) in nodes[layer]['label']
            assert tips[name] == pytest.approx(expected[name], rel=1e-5)     # six digits


def test_head_gradients_on_the_arrows_are_the_chain_rule_by_hand():
    """fc2's output gets p - onehot(y), relu1's that times W2, fc1's that where fc1 > 0."""
    mod, lens, batch = one_step(update=False)
    _, edges, _ = parse(lens.plot_network())
    args = {n: a.asnumpy().astype(np.float64) for n, a in mod.view.arg_dict.items()}
    x, y = batch.data[0].asnumpy().astype(np.float64), batch.label[0].asnumpy().astype(int)
    z1 = x @ args['fc1_weight'].T + args['fc1_bias']
    h = np.maximum(z1, 0)
    s = h @ args['fc2_weight'].T + args['fc2_bias']
    p = np.exp(s - s.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    d_fc2 = p - np.eye(26)[y]
    d_relu1 = d_fc2 @ args['fc2_weight']
    d_fc1 = d_relu1 * (z1 > 0)
    for edge, name, g in ((('softmax', 'fc2'), 'fc2_output', d_fc2),
                          (('fc2', 'relu1'), 'relu1_output', d_relu1),
                          (('relu1', 'fc1'), 'fc1_output', d_fc1)):
        look = edges[edge]
        assert tip_sizes(look['tooltip'])[name] == pytest.approx(np.linalg.norm(g), rel=1e-4)
        assert float(look['label']) == pytest.approx(np.linalg.norm(g), rel=0.051)
    # data and label get no gradient from a module: dashed, unlabelled
    for edge in (('fc1', 'data'), ('softmax', 'softmax_label')):
        assert edges[edge]['style'] == 'dashed' and 'label' not in edges[edge]


def test_two_devices_draw_the_same_norms_as_one():
    train, _ = iters()
    batch = next(iter(train))
    norms = []
    for ctx in (mx.cpu(), [mx.cpu(0), mx.cpu(1)]):
        mod = mx.mod.Module(mlp(), context=ctx)
        mod.bind(train.provide_data, train.provide_label)
        mx.random.seed(3)
        mod.init_params(mx.init.Uniform(0.1))
        mod.forward(batch, is_train=True)
        mod.backward()
        norms.append(gg.gradient_norms(mod))
    one, two = norms
    assert len([v for v in one.values() if v is not None]) == 7   # 4 parameters, 3 outputs
    assert set(one) == set(two) and one['data'] is None and one['softmax_output'] is None
    for name, value in one.items():
        if value is not None:
            assert two[name] == pytest.approx(value, rel=1e-4), name


# ------------------------------------------------------------------------------ the graph

def branchy():
    """Convolution, pooling, and one output (flat) read by two layers, then joined."""
    net = mx.sym.Reshape(mx.sym.Variable('data'), shape=(-1, 1, 4, 4), name='image')
    net = mx.sym.Convolution(net, kernel=(3, 3), pad=(1, 1), num_filter=4, name='conv1')
    net = mx.sym.Activation(net, act_type='tanh', name='tanh1')
    net = mx.sym.Pooling(net, kernel=(2, 2), stride=(2, 2), pool_type='max', name='pool1')
    flat = mx.sym.Flatten(net, name='flat')
    net = mx.sym.Concat(mx.sym.FullyConnected(flat, num_hidden=8, name='fca'),
                        mx.sym.FullyConnected(flat, num_hidden=8, name='fcb'), name='both')
    net = mx.sym.Dropout(net, p=0.2, name='drop')
    net = mx.sym.FullyConnected(net, num_hidden=26, name='fc_out')
    return mx.sym.SoftmaxOutput(net, name='softmax')


def test_an_output_read_by_two_layers_gets_the_sum_of_their_gradients():
    mod, lens, _ = one_step(branchy(), update=False)
    _, edges, _ = parse(lens.plot_network())
    out = {n: g.asnumpy().astype(np.float64) for n, g in mod.view.executor.op_output_grads()
           if g is not None}
    args = {n: a.asnumpy().astype(np.float64) for n, a in mod.view.arg_dict.items()}
    d_flat = out['fca_output'] @ args['fca_weight'] + out['fcb_output'] @ args['fcb_weight']
    for consumer in ('fca', 'fcb'):
        shown = tip_sizes(edges[(consumer, 'flat')]['tooltip'])['flat_output']
        assert shown == pytest.approx(np.linalg.norm(d_flat), rel=1e-4)


@pytest.mark.parametrize('make', [mlp, bn_net, branchy], ids=['mlp', 'batchnorm', 'branchy'])
def test_nodes_and_edges_are_plot_networks(make):
    mod, lens, _ = one_step(make())
    nodes, edges, _ = parse(lens.plot_network())
    ref_nodes, ref_edges, _ = parse(mx.viz.plot_network(mod.symbol))
    assert list(nodes) == list(ref_nodes)
    assert set(edges) == set(ref_edges)
    for name, look in ref_nodes.items():
        assert nodes[name]['shape'] == look['shape']
        assert nodes[name]['label'].split('\n')[0] == look['label'].replace('\n', ' ')


def test_a_parameter_plot_network_draws_is_an_oval_with_its_gradient():
    w = mx.sym.Variable('w', init=mx.init.Uniform(0.1))   # no _weight suffix: drawn
    net = mx.sym.FullyConnected(mx.sym.Variable('data'), weight=w, no_bias=True,
                                num_hidden=26, name='fc')
    net = mx.sym.SoftmaxOutput(net, name='softmax')
    mod, lens, _ = one_step(net, update=False)
    nodes, edges, _ = parse(lens.plot_network())
    assert set(nodes) == set(parse(mx.viz.plot_network(net))[0])
    expected = np.linalg.norm(grads(mod)['w'])
    assert tip_sizes(nodes['w']['tooltip'])['w'] == pytest.approx(expected, rel=1e-5)
    assert tip_sizes(edges[('fc', 'w')]['tooltip'])['w'] == pytest.approx(expected, rel=1e-5)
    assert nodes['w']['fillcolor'] != 'white' and nodes['fc']['fillcolor'] == 'white'


def test_colour_and_width_grow_with_the_gradient_on_a_log_scale():
    assert gg.position(1e-3, (1e-4, 1e0)) == pytest.approx(0.25)
    assert gg.position(1e-9, (1e-4, 1e0)) == 0 and gg.position(1e9, (1e-4, 1e0)) == 1
    assert gg.colour(0) == gg.PALETTE[0] and gg.colour(1) == gg.PALETTE[-1]
    assert gg.default_scale([3e-4, None, 0.0, 20.0]) == (1e-4, 100.0)
    mod, lens, _ = one_step()
    _, edges, _ = parse(lens.plot_network())
    drawn = sorted((tip_sizes(e['tooltip']).popitem()[1], float(e['penwidth']),
                    _luminance(e['color'])) for e in edges.values() if 'penwidth' in e)
    assert len(drawn) == 3
    widths, light = [w for _, w, _ in drawn], [lum for _, _, lum in drawn]
    assert widths == sorted(widths) and light == sorted(light, reverse=True)


def _luminance(colour):
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


def _deep(act):
    net = mx.sym.Variable('data')
    for k in (1, 2, 3):
        net = mx.sym.FullyConnected(net, name='fc%d' % k, num_hidden=64)
        net = mx.sym.Activation(net, name='act%d' % k, act_type=act)
    net = mx.sym.FullyConnected(net, name='fc4', num_hidden=26)
    return mx.sym.SoftmaxOutput(net, name='softmax')


def test_a_shared_scale_shows_sigmoid_gradients_fading_where_relus_do_not():
    fills = {}
    for act in ('sigmoid', 'relu'):
        _, lens, _ = one_step(_deep(act), update=False)
        nodes, _, graph = parse(lens.plot_network(scale=(1e-4, 1e2)))
        assert '1e-4' in graph['label'] and '1e2' in graph['label']
        fills[act] = {k: _luminance(nodes['fc%d' % k]['fillcolor']) for k in (1, 4)}
    # lighter = smaller: sigmoid's first layer is far lighter than its last, and than relu's
    assert fills['sigmoid'][1] > fills['sigmoid'][4] + 40
    assert fills['sigmoid'][1] > fills['relu'][1] + 40


def test_a_diverged_step_is_drawn_not_a_crash():
    assert gg.fmt(float('nan')) == 'nan' and gg.fmt(float('inf')) == 'inf'
    assert gg.fmt(0.0) == '0' and gg.fmt(0.0212) == '2.1e-2' and gg.fmt(31.0) == '3.1e1'
    assert gg.position(float('nan'), (1e-3, 1.0)) == 1.0
    assert gg.default_scale([float('inf'), float('nan'), 0.5]) == (0.1, 1.0)
    mod, lens, _ = one_step(update=False)
    mod.view.grad_dict['fc1_weight'][0, 0] = np.inf
    nodes, _, _ = parse(lens.plot_network())
    assert 'fc1_weight inf' in nodes['fc1']['label']
    assert nodes['fc1']['fillcolor'] == gg.PALETTE[-1]


def test_bad_scale():
    _, lens, _ = one_step(update=False)
    with pytest.raises(ValueError, match='0 < low < high'):
        lens.plot_network(scale=(1.0, 0.1))


# ------------------------------------------------------------------------------ language

_NUMBER = re.compile(r'\b\d(?:\.\d+)?(?:e-?\d+)?\b')


def _words(text):
    text = re.sub(r'<[^>]*>', ' ', text)          # the legend's HTML-like markup
    return set(re.findall(r'[A-Za-z_][A-Za-z0-9_]*', _NUMBER.sub(' ', text)))


def test_chinese_picture_has_no_english_but_names():
    mod, lens, _ = one_step(bn_net(), lens=mx.lens.GradientLens('zh'), update=False)
    dot = lens.plot_network()
    nodes, edges, graph = parse(dot)
    symbol_nodes = mod.symbol._nodes()
    names = {n.name for n in symbol_nodes} | set(mod.symbol.get_internals().list_outputs())
    names |= {n.op.name for n in symbol_nodes if n.op is not None}
    names |= {'relu', 'L2', 'g'}                  # act_type's value; ‖g‖ and L2 in the legend
    texts = [graph['label']] + [v for look in list(nodes.values()) + list(edges.values())
                                for k, v in look.items() if k in ('label', 'tooltip')]
    english = set().union(*map(_words, texts)) - names
    assert not english, english
    assert '反向传播从这里开始' in nodes['softmax']['label'] and '对数刻度' in graph['label']
    assert graph.get('fontname') == gg.CJK_FONTNAME
    en_label = parse(gg.draw(mod, 'en'))[2]['label']
    assert 'log scale' in en_label and '对数' not in en_label


# ------------------------------------------------------------------------------ errors

def test_before_backward_says_what_to_run():
    lens = mx.lens.GradientLens()
    mod, train = bound(attach=[lens])
    mod.forward(next(iter(train)), is_train=True)
    with pytest.raises(MXNetError, match=r'forward\(batch, is_train=True\).*backward\(\)'):
        lens.plot_network()
    with pytest.raises(MXNetError, match='lens.attach'):
        mx.lens.GradientLens().plot_network()
    zh = mx.lens.GradientLens('zh').attach(mod)
    with pytest.raises(MXNetError, match='还没有看到反向传播'):
        zh.plot_network()


def test_a_module_bound_for_inference_or_not_bound():
    train, _ = iters()
    mod = mx.mod.Module(mlp())
    lens = mx.lens.GradientLens().attach(mod)
    with pytest.raises(MXNetError, match='not bound'):
        lens.plot_network()
    mod.bind(train.provide_data, train.provide_label, for_training=False)
    mod.init_params()
    mod.forward(next(iter(train)), is_train=False)
    with pytest.raises(MXNetError, match='for_training=True'):
        lens.plot_network()
    with pytest.raises(MXNetError, match='for_training=True'):
        gg.draw(mod)


# ------------------------------------------------------------------------------ display

@pytest.mark.parametrize('make', [bn_net, branchy], ids=['batchnorm', 'branchy'])
def test_dot_draws_it_without_complaint(make):
    _, lens, _ = one_step(make())
    dot = lens.plot_network()
    run = subprocess.run(['dot', '-Tsvg'], input=dot.source.encode(), capture_output=True)
    assert run.returncode == 0 and run.stderr == b'', run.stderr
    svg = run.stdout.decode()
    assert re.search(r'>1e-?\d+<', svg) and '_weight ' in svg   # legend cells, layer sizes
    assert repr(dot) == "<NetworkGraph 'plot'>"


def test_without_dot_the_drawing_keeps_the_arrows_colour_and_chinese_glyphs(monkeypatch,
                                                                         tmp_path):
    import io
    import matplotlib.image
    from tutor import viz_drawing
    _, lens, _ = one_step(lens=mx.lens.GradientLens('zh'))
    dot = lens.plot_network()
    _, edges, _ = parse(dot)
    top = edges[('softmax', 'fc2')]
    monkeypatch.setenv('PATH', str(tmp_path))
    png = dot._repr_mimebundle_()['image/png']
    assert png.startswith(b'\x89PNG')
    rgb = (matplotlib.image.imread(io.BytesIO(png))[..., :3] * 255).round()
    want = np.array([int(top['color'][i:i + 2], 16) for i in (1, 3, 5)])
    assert (np.abs(rgb - want).max(axis=-1) <= 2).sum() > 50   # a thick arrow in its colour
    family = viz_drawing._font({'softmax': {'label': '反向传播从这里开始'}})
    from tutor.fonts import cjk_font
    if cjk_font() is None:
        assert family is None
    else:
        assert family[0] == cjk_font()
    assert viz_drawing._font({'fc1': {'label': 'FullyConnected 64'}}) is None
