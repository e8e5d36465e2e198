"""mx.viz against real MXNet 1.9.1: the same net built in both gives the same DOT text from
plot_network and the same print_summary table.

Run: cd /work/main && MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity/test_viz_parity.py -q
(needs the `graphviz` Python package in that venv; mxnet 1.9.1 pins graphviz<0.9)."""
import os
import warnings

import pytest

os.environ.setdefault('MXNET_MKLDNN_ENABLED', '0')
mxnet = pytest.importorskip('mxnet')
pytest.importorskip('graphviz')

import tutor  # noqa: E402


def mlp(mx, h1=64, h2=26):
    net = mx.sym.Variable('data')
    net = mx.sym.FullyConnected(net, name='fc1', num_hidden=h1)
    net = mx.sym.Activation(net, name='relu1', act_type='relu')
    net = mx.sym.FullyConnected(net, name='fc2', num_hidden=h2)
    return mx.sym.SoftmaxOutput(net, name='softmax')


def bn_net(mx):
    net = mx.sym.Variable('data')
    net = mx.sym.FullyConnected(net, name='fc1', num_hidden=16)
    net = mx.sym.BatchNorm(net, name='bn1', fix_gamma=False)
    net = mx.sym.Activation(net, name='relu1', act_type='tanh')
    net = mx.sym.Dropout(net, name='drop1', p=0.5)
    net = mx.sym.FullyConnected(net, name='fc2', num_hidden=3, no_bias=True)
    return mx.sym.SoftmaxOutput(net, name='softmax')


def branches(mx):
    """Two branches joined by an add (several previous layers), a flatten, a regression head."""
    data = mx.sym.Variable('data')
    left = mx.sym.FullyConnected(data, name='left', num_hidden=8)
    right = mx.sym.Activation(mx.sym.FullyConnected(data, name='right', num_hidden=8),
                              name='act', act_type='sigmoid')
    net = mx.sym.elemwise_add(left, right, name='join')
    net = mx.sym.Flatten(net, name='flat')
    net = mx.sym.FullyConnected(net, name='out', num_hidden=1)
    return mx.sym.LinearRegressionOutput(net, name='reg')


NETS = {'mlp': (mlp, {'data': (32, 784)}),
        'mlp_784_128_10': (lambda mx: mlp(mx, 128, 10), {'data': (1, 784)}),
        'bn': (bn_net, {'data': (8, 5)}),
        'branches': (branches, {'data': (4, 6)})}

PLOT_OPTIONS = {'plain': {}, 'titled': {'title': 'net', 'save_format': 'png'},
                'weights': {'hide_weights': False,
                            'node_attrs': {'shape': 'oval', 'fixedsize': 'false'}}}


def both(name):
    build, shape = NETS[name]
    return build(mxnet), build(tutor), shape


@pytest.mark.parametrize('option', sorted(PLOT_OPTIONS))
@pytest.mark.parametrize('name', sorted(NETS))
def test_plot_network_source(name, option):
    real, ours, _ = both(name)
    kwargs = PLOT_OPTIONS[option]
    assert tutor.viz.plot_network(ours, **kwargs).source == \
        mxnet.viz.plot_network(real, **kwargs).source


@pytest.mark.parametrize('name', sorted(NETS))
def test_plot_network_source_with_shape_and_dtype(name):
    real, ours, shape = both(name)
    for kwargs in ({'shape': shape}, {'shape': shape, 'dtype': {'data': 'float32'}}):
        assert tutor.viz.plot_network(ours, **kwargs).source == \
            mxnet.viz.plot_network(real, **kwargs).source


@pytest.mark.parametrize('with_shape', [False, True])
@pytest.mark.parametrize('name', sorted(NETS))
def test_print_summary_text(name, with_shape, capsys):
    real, ours, shape = both(name)
    kwargs = {'shape': shape} if with_shape else {}
    mxnet.viz.print_summary(real, **kwargs)
    expected = capsys.readouterr().out
    tutor.viz.print_summary(ours, **kwargs)
    assert capsys.readouterr().out == expected


def test_print_summary_narrow_layout(capsys):
    real, ours, shape = both('branches')
    kwargs = {'shape': shape, 'line_length': 70, 'positions': [20, 40, 50, 70]}
    mxnet.viz.print_summary(real, **kwargs)
    expected = capsys.readouterr().out
    tutor.viz.print_summary(ours, **kwargs)
    assert capsys.readouterr().out == expected


def duplicated(mx):
    net = mx.sym.Variable('data')
    net = mx.sym.FullyConnected(net, name='fc', num_hidden=4)
    net = mx.sym.FullyConnected(net, name='fc', num_hidden=2)
    return mx.sym.SoftmaxOutput(net, name='softmax')


def repeated_warning(viz, net):
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter('always')
        source = viz.plot_network(net).source
    [warning] = [w for w in record if w.category is RuntimeWarning]
    head, names = str(warning.message).split('Repeated names: ')
    return head, set(names.split(',')), source


def test_repeated_names_warning_and_source():
    # MXNet joins a set (order varies per process); tutor keeps graph order. Same names.
    assert repeated_warning(tutor.viz, duplicated(tutor)) == \
        repeated_warning(mxnet.viz, duplicated(mxnet))
