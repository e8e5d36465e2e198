"""The bugs issue 16 found, each against real MXNet 1.9.1: one-element indexing, positional
operator parameters (and every op's signature), partial shapes, bool(symbol), int shapes.

Run: MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity/test_api_bugs_parity.py
"""
import inspect

import numpy as np
import pytest

mx = pytest.importorskip('mxnet')
import tutor  # noqa: E402
from _both import LIBS, errors_alike  # noqa: E402
from tutor.symbol.op import OPS  # noqa: E402

INDEXES = ['x[0]', 'x[0][2]', 'x[0,2]', 'x[1:2]', 'x[0][1:2]', 'x[:,1]', 'x[0][-1]',
           'x[-1,-2]', 'x[1][0:0]']


@pytest.mark.parametrize('expr', INDEXES)
def test_indexing_gives_mxnet_shapes_types_and_values(expr):
    got = []
    for _, lib in LIBS:
        x = lib.nd.array([[1, 2, 3], [4, 5, 6]])  # noqa: F841 - used by eval below
        v = {'x[0]': lambda: x[0], 'x[0][2]': lambda: x[0][2], 'x[0,2]': lambda: x[0, 2],
             'x[1:2]': lambda: x[1:2], 'x[0][1:2]': lambda: x[0][1:2],
             'x[:,1]': lambda: x[:, 1], 'x[0][-1]': lambda: x[0][-1],
             'x[-1,-2]': lambda: x[-1, -2], 'x[1][0:0]': lambda: x[1][0:0]}[expr]()
        got.append((type(v).__name__, v.shape, np.dtype(v.dtype), v.asnumpy().tolist()))
    assert got[1] == got[0]


def test_asscalar_of_one_element_and_writes_through_views():
    out = []
    for _, lib in LIBS:
        x = lib.nd.array([[1, 2, 3], [4, 5, 6]])
        s = x[0][2].asscalar()
        x[0][2] = 9
        v = x[1, 1]
        v[:] = 7
        out.append((s, type(s), x.asnumpy().tolist(), [i.shape for i in lib.nd.array([1, 2])]))
    assert out[1] == out[0]


def test_positional_parameters_make_the_same_json():
    def build(lib):
        data = lib.sym.Variable('data')
        net = lib.sym.FullyConnected(data, None, None, 10, name='fc')
        net = lib.sym.Activation(net, 'relu', name='act')
        net = lib.sym.Dropout(net, 0.5, name='drop')
        net = lib.sym.BatchNorm(net, None, None, None, None, 1e-4, 0.8, name='bn')
        return lib.sym.SoftmaxOutput(net, None, 2.0, name='out')
    assert build(tutor).tojson() == build(mx).tojson()


def test_a_non_symbol_in_an_input_slot_raises_the_same_type():
    errors_alike(lambda lib: lib.sym.FullyConnected(lib.sym.Variable('d'), 10))


@pytest.mark.parametrize('name', sorted(OPS))
def test_every_op_has_mxnet_signature(name):
    """Also checks ops added later: their params and inputs must be declared in MXNet's
    order, or positional calls would mean something else than in MXNet."""
    mx_fn = getattr(mx.sym, name, None) or getattr(mx.sym._internal, name)
    assert str(inspect.signature(getattr(tutor.sym, name))) == str(inspect.signature(mx_fn))


PARTIAL = [
    ('a+b', lambda lib: lib.sym.Variable('a', shape=(0, 10)) +
     lib.sym.Variable('b', shape=(12, 0)), {}),
    ('a*2', lambda lib: lib.sym.Variable('a', shape=(0, 10)) * 2, {}),
    ('fc', lambda lib: lib.sym.FullyConnected(lib.sym.Variable('data'), num_hidden=5),
     {'data': (0, 20)}),
    ('fc-back', lambda lib: lib.sym.FullyConnected(lib.sym.Variable('data'), num_hidden=3,
                                                   name='fc') +
     lib.sym.Variable('other', shape=(8, 3)), {'data': (0, 5)}),
    ('relu-back', lambda lib: lib.sym.Activation(lib.sym.Variable('a', shape=(0, 5)),
                                                 act_type='relu') +
     lib.sym.Variable('b', shape=(4, 5)), {}),
    ('conv-batch', lambda lib: lib.sym.Convolution(lib.sym.Variable('data'), num_filter=4,
                                                   kernel=(3, 3)), {'data': (0, 3, 8, 8)}),
    ('conv-height', lambda lib: lib.sym.Convolution(lib.sym.Variable('data'), num_filter=4,
                                                    kernel=(3, 3)), {'data': (2, 3, 0, 8)}),
    ('conv-channels', lambda lib: lib.sym.Convolution(lib.sym.Variable('data'), num_filter=4,
                                                      kernel=(3, 3)), {'data': (2, 0, 8, 8)}),
    ('conv-nothing', lambda lib: lib.sym.Convolution(lib.sym.Variable('data'), num_filter=4,
                                                     kernel=(3, 3)), {}),
]


@pytest.mark.parametrize('build, given', [p[1:] for p in PARTIAL], ids=[p[0] for p in PARTIAL])
@pytest.mark.filterwarnings('ignore:Cannot decide shape')
def test_partial_shapes_match(build, given):
    for method in ('infer_shape_partial', 'infer_shape'):
        got = [getattr(build(lib), method)(**given) for _, lib in LIBS]
        assert got[1] == got[0], method


def test_bool_of_a_symbol():
    mx_err, tu_err = errors_alike(lambda lib: bool(lib.sym.Variable('a')))
    assert type(tu_err).__name__ == type(mx_err).__name__ == 'NotImplementedForSymbol'
    assert str(tu_err) == str(mx_err)


@pytest.mark.parametrize('shape', [1, (2, 3), [2, 3]])
def test_variable_shapes_as_given(shape):
    got = [lib.sym.Variable('b', shape=shape) for _, lib in LIBS]
    assert got[1].tojson() == got[0].tojson()
    assert got[1].infer_shape() == got[0].infer_shape()


def test_base_and_util_names():
    assert tutor.base.mx_real_t is mx.base.mx_real_t
    assert tutor.util.is_np_shape() == mx.util.is_np_shape()
