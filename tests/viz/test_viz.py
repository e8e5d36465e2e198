"""mx.viz: plot_network's DOT text and print_summary's table, as MXNet 1.9.1 writes them, and
the notebook display that must not fail when Graphviz's `dot` program is missing."""
import subprocess
import sys
import warnings

import pytest

import tutor as mx
from tutor import viz

graphviz = pytest.importorskip('graphviz')

BOX = 'fixedsize=true height=0.8034 shape=box style=filled width=1.3]'
OVAL = 'fixedsize=true height=0.8034 shape=oval style=filled width=1.3]'


def mlp(h1=64, h2=26):
    """The tutorial's letters MLP: data -> fc1(64) -> relu1 -> fc2(26) -> softmax."""
    net = mx.sym.Variable('data')
    net = mx.sym.FullyConnected(net, name='fc1', num_hidden=h1)
    net = mx.sym.Activation(net, name='relu1', act_type='relu')
    net = mx.sym.FullyConnected(net, name='fc2', num_hidden=h2)
    return mx.sym.SoftmaxOutput(net, name='softmax')


def bn_net():
    net = mx.sym.Variable('data')
    net = mx.sym.FullyConnected(net, name='fc1', num_hidden=16)
    net = mx.sym.BatchNorm(net, name='bn1')
    net = mx.sym.Activation(net, name='relu1', act_type='relu')
    net = mx.sym.Dropout(net, name='drop1', p=0.5)
    net = mx.sym.FullyConnected(net, name='fc2', num_hidden=3, no_bias=True)
    return mx.sym.SoftmaxOutput(net, name='softmax')


def mlp_dot(labels=('""',) * 5):
    """MXNet 1.9.1's plot_network(mlp()) text (graphviz 0.8 has no final newline, 0.21 has).
    ``labels`` are the edge labels as DOT writes them (quoted unless a plain number or name)."""
    return '\n'.join([
        'digraph plot {',
        '\tdata [label=data fillcolor="#8dd3c7" ' + OVAL,
        '\tfc1 [label="FullyConnected\n64" fillcolor="#fb8072" ' + BOX,
        '\trelu1 [label="Activation\nrelu" fillcolor="#ffffb3" ' + BOX,
        '\tfc2 [label="FullyConnected\n26" fillcolor="#fb8072" ' + BOX,
        '\tsoftmax_label [label=softmax_label fillcolor="#8dd3c7" ' + OVAL,
        '\tsoftmax [label=softmax fillcolor="#fccde5" ' + BOX,
    ] + ['\t%s -> %s [label=%s arrowtail=open dir=back]' % (tail, head, label)
         for (tail, head), label in zip([('fc1', 'data'), ('relu1', 'fc1'), ('fc2', 'relu1'),
                                         ('softmax', 'fc2'), ('softmax', 'softmax_label')],
                                        labels)] + ['}'])


# ------------------------------------------------------------------------- plot_network

def test_mlp_dot_source_without_shape():
    dot = mx.viz.plot_network(mlp())
    assert isinstance(dot, graphviz.Digraph)
    assert dot.source.rstrip('\n') == mlp_dot()
    assert dot.name == 'plot' and dot.format == 'pdf'


def test_mlp_dot_source_with_shape_drops_the_batch_axis():
    dot = mx.viz.plot_network(mlp(), shape={'data': (32, 784)})
    # the label's shape is (32,): nothing left once the batch axis is dropped
    assert dot.source.rstrip('\n') == mlp_dot(('784', '64', '64', '26', '""'))


def test_dtype_suffix_on_every_edge():
    dot = mx.viz.plot_network(mlp(), shape={'data': (32, 784)}, dtype={'data': 'float32'})
    assert dot.source.rstrip('\n') == mlp_dot(
        ('"784(float32)"', '"64(float32)"', '"64(float32)"', '"26(float32)"', '"(float32)"'))


def test_title_and_format_reach_the_digraph():
    dot = mx.viz.plot_network(mlp(), title='letters', save_format='png')
    assert dot.name == 'letters' and dot.format == 'png'
    assert dot.source.startswith('digraph letters {')


def test_node_attrs_override_defaults_and_weights_can_be_shown():
    dot = mx.viz.plot_network(mlp(), hide_weights=False,
                              node_attrs={'shape': 'oval', 'fixedsize': 'false', 'fontsize': '9'})
    lines = dot.source.splitlines()
    assert ('\tdata [label=data fillcolor="#8dd3c7" fixedsize=false fontsize=9 height=0.8034 '
            'shape=oval style=filled width=1.3]') in lines
    assert ('64" fillcolor="#fb8072" fixedsize=false fontsize=9 height=0.8034 shape=oval '
            'style=filled width=1.3]') in lines
    # weights get edges but no node statement of their own (MXNet: "an empty oval")
    assert '\tfc1 -> fc1_weight [label="" arrowtail=open dir=back]' in lines
    assert '\tfc2 -> fc2_bias [label="" arrowtail=open dir=back]' in lines
    assert not any(line.startswith('\tfc1_weight [') for line in lines)
    assert sum(' -> ' in line for line in lines) == 9


def test_batchnorm_hides_gamma_beta_and_moving_stats():
    dot = mx.viz.plot_network(bn_net(), shape={'data': (8, 5)})
    src = dot.source
    assert '\tbn1 [label=bn1 fillcolor="#bebada" ' + BOX in src
    assert '\tdrop1 [label=drop1 fillcolor="#fccde5" ' + BOX in src
    for hidden in ('bn1_gamma', 'bn1_beta', 'bn1_moving_mean', 'bn1_moving_var', 'fc2_weight'):
        assert hidden not in src
    assert '\tbn1 -> fc1 [label=16 arrowtail=open dir=back]' in src
    assert '\tfc2 -> drop1 [label=16 arrowtail=open dir=back]' in src


def test_repeated_names_warn_like_mxnet():
    net = mx.sym.Variable('data')
    net = mx.sym.FullyConnected(net, name='fc', num_hidden=4)
    net = mx.sym.FullyConnected(net, name='fc', num_hidden=2)
    with pytest.warns(RuntimeWarning) as record:
        dot = mx.viz.plot_network(net)
    message = str(record[0].message)
    prefix = ('There are multiple variables with the same name in your graph, this may result '
              'in cyclic graph. Repeated names: ')
    assert message.startswith(prefix)
    assert message[len(prefix):].split(',') == ['fc_weight', 'fc_bias', 'fc']
    assert '\tfc -> fc [label="" arrowtail=open dir=back]' in dot.source


def test_no_warning_for_unique_names():
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        mx.viz.plot_network(mlp())


def test_errors_match_mxnet():
    with pytest.raises(TypeError, match='symbol must be a Symbol'):
        mx.viz.plot_network('data')
    with pytest.raises(TypeError, match='symbol must be Symbol'):
        mx.viz.print_summary(None)
    with pytest.warns(UserWarning, match='Cannot decide shape'):
        with pytest.raises(ValueError, match='Input shape is incomplete'):
            mx.viz.plot_network(mlp(), shape={})


def test_missing_graphviz_package_raises_mxnets_import_error(monkeypatch):
    monkeypatch.setitem(sys.modules, 'graphviz', None)
    viz._network_graph_class.cache_clear()
    try:
        with pytest.raises(ImportError, match='^Draw network requires graphviz library'):
            mx.viz.plot_network(mlp())
    finally:
        monkeypatch.undo()
        viz._network_graph_class.cache_clear()


def test_import_tutor_does_not_import_graphviz_or_matplotlib():
    code = ('import sys, tutor as mx; mx.viz; '
            'print("graphviz" in sys.modules, "matplotlib" in sys.modules)')
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                         cwd=str(__import__('pathlib').Path(viz.__file__).parents[1]))
    assert out.stdout.split() == ['False', 'False'], out.stderr


# --------------------------------------------------------- display when dot is missing

@pytest.fixture
def no_dot(monkeypatch, tmp_path):
    """A machine without Graphviz's dot: empty PATH, so graphviz itself fails too."""
    monkeypatch.setenv('PATH', str(tmp_path))
    return monkeypatch


def test_rendering_itself_still_fails_without_dot(no_dot):
    with pytest.raises(graphviz.ExecutableNotFound):
        mx.viz.plot_network(mlp()).pipe(format='svg')


def test_display_without_dot_is_a_png_drawing_and_a_hint(no_dot):
    pytest.importorskip('matplotlib')
    bundle = mx.viz.plot_network(mlp(), shape={'data': (32, 784)})._repr_mimebundle_()
    assert set(bundle) == {'image/png', 'text/plain'}
    assert bundle['image/png'].startswith(b'\x89PNG\r\n\x1a\n')
    assert bundle['text/plain'] == (
        "graphviz's dot program is not installed: showing a simple drawing instead. "
        "Install it with `apt-get install graphviz` or "
        "`conda install -c conda-forge python-graphviz`")


def test_display_survives_a_which_that_lies(no_dot, monkeypatch):
    # shutil.which says yes but running dot fails: the ExecutableNotFound is caught.
    pytest.importorskip('matplotlib')
    monkeypatch.setattr(viz.shutil, 'which', lambda name: '/usr/bin/' + name)
    dot = mx.viz.plot_network(bn_net(), hide_weights=False)
    assert 'image/png' in dot._repr_mimebundle_()
    assert dot._repr_svg_() is None


def test_display_falls_back_when_dot_itself_fails(monkeypatch):
    pytest.importorskip('matplotlib')
    monkeypatch.setattr(viz.shutil, 'which', lambda name: '/usr/bin/' + name)
    dot = mx.viz.plot_network(mlp())

    def broken_pipe(*args, **kwargs):
        raise subprocess.CalledProcessError(1, ['dot', '-Tsvg'], stderr=b'syntax error')
    monkeypatch.setattr(dot, 'pipe', broken_pipe)
    monkeypatch.setattr(dot, '_repr_image_svg_xml', broken_pipe, raising=False)
    bundle = dot._repr_mimebundle_()
    assert bundle['image/png'].startswith(b'\x89PNG')
    assert bundle['text/plain'].startswith("graphviz's dot program failed (Command '['dot'")
    assert dot._repr_svg_() is None


def test_individual_reprs_without_dot(no_dot):
    pytest.importorskip('matplotlib')
    dot = mx.viz.plot_network(mlp())
    assert dot._repr_svg_() is None
    assert dot._repr_png_().startswith(b'\x89PNG')
    assert dot._repr_mimebundle_(include=['image/png']).keys() == {'image/png'}
    assert dot._repr_mimebundle_(exclude=['image/png']).keys() == {'text/plain'}


def test_dot_source_when_matplotlib_fails_too(no_dot, monkeypatch):
    monkeypatch.setitem(sys.modules, 'matplotlib.figure', None)
    dot = mx.viz.plot_network(mlp())
    bundle = dot._repr_mimebundle_()
    assert set(bundle) == {'text/plain'}
    assert bundle['text/plain'].startswith("graphviz's dot program is not installed and "
                                           "matplotlib could not draw the graph")
    assert bundle['text/plain'].endswith(dot.source)
    assert dot._repr_png_() is None


def test_ipython_display_without_dot_never_raises(no_dot):
    pytest.importorskip('matplotlib')
    formatters = pytest.importorskip('IPython.core.formatters')
    data, _ = formatters.DisplayFormatter().format(mx.viz.plot_network(mlp()))
    assert set(data) == {'image/png', 'text/plain'}
    assert data['text/plain'].startswith("graphviz's dot program is not installed")


@pytest.mark.skipif(not viz._dot_on_path(), reason="Graphviz's dot program not installed")
def test_ipython_display_with_dot_is_graphviz_svg_only():
    formatters = pytest.importorskip('IPython.core.formatters')
    data, _ = formatters.DisplayFormatter().format(mx.viz.plot_network(mlp()))
    assert set(data) == {'image/svg+xml', 'text/plain'}  # no second (png) picture
    assert '<svg' in data['image/svg+xml'] and 'FullyConnected' in data['image/svg+xml']
    assert data['text/plain'] == "<NetworkGraph 'plot'>"  # no memory address in notebooks


def test_copy_and_user_additions_reach_the_drawing(no_dot):
    pytest.importorskip('matplotlib')
    dot = mx.viz.plot_network(mlp())
    dot.node('loss', label='my loss', shape='box')
    dot.edge('loss', 'softmax')
    other = dot.copy()
    assert type(other) is type(dot) and other.source == dot.source
    nodes, edges = other._drawing()
    assert nodes['loss']['label'] == 'my loss' and edges[-1][:2] == ('loss', 'softmax')
    assert other._repr_png_().startswith(b'\x89PNG')


def test_layout_puts_ops_above_their_inputs_and_survives_cycles():
    names = ['data', 'fc1', 'relu1', 'fc2', 'softmax_label', 'softmax']
    edges = [('fc1', 'data', {}), ('relu1', 'fc1', {}), ('fc2', 'relu1', {}),
             ('softmax', 'fc2', {}), ('softmax', 'softmax_label', {})]
    pos = viz._layout(names, edges, 1.7, 1.3)
    assert [pos[n][1] for n in ('softmax', 'fc2', 'relu1', 'fc1', 'data')] == \
        pytest.approx([0, -1.3, -2.6, -3.9, -5.2])
    assert pos['softmax_label'][1] == pos['fc2'][1]  # right under its op, as dot puts it
    cyclic = viz._ranks(['a', 'b'], [('a', 'b', {}), ('b', 'a', {})])
    assert sorted(cyclic.values()) == [0, 1]


def test_drawing_of_a_graph_with_repeated_names(no_dot):
    # Repeated names make a cyclic DOT graph (fc -> fc); the drawing must still come out.
    pytest.importorskip('matplotlib')
    net = mx.sym.FullyConnected(mx.sym.Variable('data'), name='fc', num_hidden=4)
    net = mx.sym.FullyConnected(net, name='fc', num_hidden=2)
    with pytest.warns(RuntimeWarning):
        dot = mx.viz.plot_network(net, hide_weights=False)
    assert set(dot._repr_mimebundle_()) == {'image/png', 'text/plain'}


def test_public_class_name():
    assert viz.NetworkGraph.__name__ == viz.NetworkGraph.__qualname__ == 'NetworkGraph'
    assert viz.NetworkGraph.__module__ == 'tutor.viz'
    assert issubclass(viz.NetworkGraph, graphviz.Digraph)
    assert type(mx.viz.plot_network(mlp())) is viz.NetworkGraph


# ------------------------------------------------------------------------ print_summary

RULE, DOUBLE = '_' * 120, '=' * 120


def row(name, shape, params, previous):
    return '%-52s%-24s%-12s%-32s' % (name, shape, params, previous)


def test_print_summary_784_128_10_with_shape(capsys):
    mx.viz.print_summary(mlp(128, 10), shape={'data': (1, 784)})
    assert capsys.readouterr().out.splitlines() == [
        RULE, row('Layer (type)', 'Output Shape', 'Param #', 'Previous Layer'), DOUBLE,
        row('data(null)', '784', 0, ''), RULE,
        row('fc1(FullyConnected)', '128', 100480, 'data'), RULE,
        row('relu1(Activation)', '128', 0, 'fc1'), RULE,
        row('fc2(FullyConnected)', '10', 1290, 'relu1'), RULE,
        row('softmax(SoftmaxOutput)', '10', 0, 'fc2'), DOUBLE,
        'Total params: 101770', RULE]


def test_print_summary_without_shape_counts_only_biases(capsys):
    # MXNet's quirk: the input width is 0 without shapes, so FC shows num_hidden.
    mx.viz.print_summary(mlp(128, 10))
    lines = capsys.readouterr().out.splitlines()
    assert lines[3] == row('data(null)', '', 0, '')
    assert lines[5] == row('fc1(FullyConnected)', '', 128, 'data')
    assert lines[-2] == 'Total params: 138'


def test_print_summary_batchnorm_no_bias_and_dropout(capsys):
    mx.viz.print_summary(bn_net(), shape={'data': (8, 5)})
    lines = capsys.readouterr().out.splitlines()
    assert row('fc1(FullyConnected)', '16', 96, 'data') in lines
    assert row('bn1(BatchNorm)', '16', 32, 'fc1') in lines
    assert row('drop1(Dropout)', '16', 0, 'relu1') in lines
    assert row('fc2(FullyConnected)', '3', 48, 'drop1') in lines
    assert lines[-2] == 'Total params: 176'
    mx.viz.print_summary(bn_net())  # without shapes BN counts 0
    assert capsys.readouterr().out.splitlines()[-2] == 'Total params: 16'


def test_print_summary_columns_truncate_and_accept_absolute_positions(capsys):
    mx.viz.print_summary(mlp(), line_length=40, positions=[10, 20, 30, 40])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == '_' * 40
    assert lines[1] == 'Layer (typOutput ShaParam #   Previous L'
    assert lines[5] == 'fc1(FullyC          64        data      '


def test_real_notebook_kernel_shows_the_drawing_without_dot(tmp_path):
    """End to end: a Jupyter kernel with no `dot` on PATH displays the cell result."""
    nbformat = pytest.importorskip('nbformat')
    nbclient = pytest.importorskip('nbclient')
    pytest.importorskip('matplotlib')
    root = str(__import__('pathlib').Path(viz.__file__).parents[1])
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "import os, sys; sys.path.insert(0, %r); os.environ['PATH'] = %r\n"
        "import tutor as mx\n"
        "net = mx.sym.FullyConnected(mx.sym.Variable('data'), name='fc1', num_hidden=64)\n"
        "mx.viz.plot_network(mx.sym.SoftmaxOutput(net, name='softmax'))" % (root, str(tmp_path)))]
    try:
        nbclient.NotebookClient(nb, timeout=60).execute()
    except Exception as err:  # noqa: BLE001 - no kernel here is a skip, a cell error a failure
        if isinstance(err, nbclient.exceptions.CellExecutionError):
            raise
        pytest.skip('no Jupyter kernel: %s' % err)
    [output] = nb.cells[0].outputs
    assert output['output_type'] == 'execute_result'
    assert set(output['data']) == {'image/png', 'text/plain'}
    assert output['data']['text/plain'].startswith("graphviz's dot program is not installed")
