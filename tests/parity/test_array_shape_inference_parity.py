"""Partial shape inference through the array operators, in whole graphs, as MXNet 1.9.1's
own tests (tests/python/unittest/test_infer_shape.py) exercise it: forwards, and backwards
from a known output (split, Concat). Both libraries must give the same answers.

Run: MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity/test_array_shape_inference_parity.py
"""
import warnings

import pytest

mx = pytest.importorskip('mxnet')
import tutor  # noqa: E402
from _both import LIBS  # noqa: E402


def _split_squeeze(S):
    b = S.SliceChannel(data=S.Variable('a', shape=(0, 10)), num_outputs=10, axis=1,
                       squeeze_axis=True)
    return b[1] + S.Variable('c', shape=(5,))


def _split_keep(S):
    b = S.SliceChannel(data=S.Variable('a', shape=(0, 15, 0)), num_outputs=3,
                       squeeze_axis=False)
    return b[1] + S.Variable('c', shape=(3, 5, 2))


def _concat(S):
    c = S.Concat(S.Variable('a', shape=(0, 10)), S.Variable('b', shape=(0, 5)), num_args=2,
                 dim=1)
    return S.Variable('d', shape=(2, 0)) + c


GRAPHS = {  # name: (builder, infer_shape_partial kwargs)
    'split squeeze back': (_split_squeeze, {}),
    'split back': (_split_keep, {}),
    'concat back': (_concat, {}),
    'dot': (lambda S: S.dot(S.var('x'), S.var('y')), dict(x=(0, 3), y=(3, 5))),
    'batch_dot': (lambda S: S.batch_dot(S.var('x'), S.var('y')), dict(x=(0, 3, 4),
                                                                        y=(0, 4, 5))),
    'batch_dot unknown k': (lambda S: S.batch_dot(S.var('x'), S.var('y')),
                            dict(x=(0, 3, 4), y=(0, 0, 5))),
    'embedding': (lambda S: S.Embedding(data=S.var('x'), weight=S.var('w'), input_dim=100,
                                        output_dim=10), dict(x=(0, 5), w=(100, 10))),
    'transpose': (lambda S: S.transpose(S.var('x'), axes=[0, 3, 2, 1]),
                  dict(x=(0, 3, 224, 224))),
    'pick': (lambda S: S.pick(S.var('x'), S.var('index'), axis=1), dict(x=(0, 3, 3),
                                                                       index=(0, 3))),
    'where': (lambda S: S.where(S.var('cond'), S.var('x'), S.var('y')),
              dict(cond=(0, 2), x=(0, 2), y=(0, 2))),
    'where 1-d cond': (lambda S: S.where(S.var('cond'), S.var('x'), S.var('y')),
                       dict(cond=(0,), x=(2, 2), y=(0, 2))),
    'reshape of split': (lambda S: S.Reshape(S.split(S.var('x'), num_outputs=2)[0],
                                             shape=(0, -1)), dict(x=(0, 4, 3))),
    'sum over unknown': (lambda S: S.sum(S.var('x'), axis=0), dict(x=(0, 4))),
    'take': (lambda S: S.take(S.var('x'), S.var('i')), dict(x=(10, 0), i=(0, 2))),
}


@pytest.mark.parametrize('name', sorted(GRAPHS))
def test_partial_shapes_alike(name):
    build, shapes = GRAPHS[name]
    results = []
    for _, lib in LIBS:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            sym = build(lib.sym)
            results.append((sym.list_arguments(), sym.infer_shape_partial(**shapes)))
    assert results[1] == results[0]
