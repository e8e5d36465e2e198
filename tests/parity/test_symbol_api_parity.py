"""Symbol behaviours beyond graph building, against real MXNet 1.9.1: debug_str, general
composition ``net(x=other, name=...)``, pickling and deepcopy through the JSON, fluent
methods, NDArray-only methods, eval and simple_bind.

Run: MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity/test_symbol_api_parity.py
"""
import copy
import pickle

import numpy as np
import pytest

mx = pytest.importorskip('mxnet')
import tutor  # noqa: E402
from _both import LIBS, errors_alike  # noqa: E402


def net(lib):
    data = lib.sym.Variable('data', shape=(2, 1, 5, 5), lr_mult=2)
    c = lib.sym.Convolution(data, kernel=(3, 3), num_filter=2, stride=(1, 1), pad=(1, 1),
                            name='conv')
    bn = lib.sym.BatchNorm(c, name='bn', fix_gamma=False, eps=1e-4)
    act = lib.sym.Activation(bn, act_type='relu', name='relu1')
    fc = lib.sym.FullyConnected(act, num_hidden=3, name='fc')
    return lib.sym.SoftmaxOutput(fc, name='sm')


def both(fn):
    return [fn(lib) for _, lib in LIBS]


def test_debug_str():
    a, b = both(lambda lib: net(lib).debug_str())
    assert b == a
    a, b = both(lambda lib: lib.sym.Group([net(lib).get_internals()['fc_output'],
                                           lib.sym.Variable('z')]).debug_str())
    assert b == a


@pytest.mark.parametrize('name', [None, 'composed'])
def test_general_composition(name):
    def build(lib):
        head = lib.sym.FullyConnected(lib.sym.Variable('x'), num_hidden=2, name='fc2')
        kwargs = {'x': net(lib)} if name is None else {'x': net(lib), 'name': name}
        out = head(**kwargs)
        return (out.tojson(), out.list_arguments(), out.list_outputs(),
                out.list_auxiliary_states(), out.infer_shape(), head.list_arguments())
    a, b = both(build)
    assert b == a


def test_composition_errors_alike():
    errors_alike(lambda lib: lib.sym.FullyConnected(lib.sym.Variable('x'), num_hidden=2)(
        lib.sym.Variable('y')))


def test_pickle_and_deepcopy_go_through_json():
    for _, lib in LIBS:
        sym = net(lib)
        assert sorted(sym.__getstate__()) == ['handle']
        assert pickle.loads(pickle.dumps(sym)).tojson() == sym.tojson()
        assert copy.deepcopy(sym).tojson() == sym.tojson()
    a, b = both(lambda lib: pickle.loads(pickle.dumps(net(lib))).tojson())
    assert b == a


def test_fluent_flatten_and_ndarray_only_methods():
    def flat(lib):
        with lib.name.NameManager():   # the auto name flatten0, whatever ran before
            return net(lib).get_internals()['relu1_output'].flatten().tojson()
    a, b = both(flat)
    assert b == a
    for method in ('asnumpy', 'asscalar', 'wait_to_read', 'backward', 'copy'):
        mx_err, tu_err = errors_alike(lambda lib: getattr(lib.sym.Variable('v'), method)())
        assert str(tu_err) == str(mx_err)


def test_eval_and_simple_bind():
    def run(lib):
        fc = lib.sym.FullyConnected(lib.sym.Variable('data'), num_hidden=4, name='fc')
        outs = fc.eval(ctx=lib.cpu(), data=lib.nd.ones((2, 3)), fc_weight=lib.nd.ones((4, 3)),
                       fc_bias=lib.nd.array([0, 1, 2, 3]))
        exe = net(lib).simple_bind(lib.cpu(), data=(2, 1, 5, 5))
        return ([type(o).__name__ for o in outs], [o.asnumpy().tolist() for o in outs],
                sorted((k, v.shape) for k, v in exe.arg_dict.items()),
                sorted((k, v.shape) for k, v in exe.aux_dict.items()),
                [o.shape for o in exe.outputs], sorted(k for k, v in exe.grad_dict.items()
                                                       if v is not None))
    a, b = both(run)
    assert b == a
