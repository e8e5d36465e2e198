"""The fused RNN operator and mx.rnn.FusedRNNCell against real MXNet 1.9.1.

MXNet's RNN runs in a subprocess with MKLDNN on (_mkldnn_rnn.py says why); one subprocess
runs every job of this file, so MXNet is imported once. Same parameter vector, inputs and
head gradients on both sides: outputs, last states and the gradients of data, parameters
and states agree for every mode, 1-2 layers, one or both directions.

Run: MXNET_MKLDNN_ENABLED=0 .venv-mxnet/bin/python -m pytest tests/parity/test_fused_rnn_parity.py
"""
import json
import os
import subprocess
import sys
import zlib

import numpy as np
import pytest

mx = pytest.importorskip('mxnet')
import tutor  # noqa: E402
from _both import LIBS, close  # noqa: E402
from _mkldnn_rnn import rnn_symbol, run_fit, run_op  # noqa: E402

COVERED = {'RNN'}   # for test_ops_parity's coverage check
F32 = np.float32
T, N, C, H = 4, 3, 5, 6
MODES = ['rnn_relu', 'rnn_tanh', 'lstm', 'gru']
SHAPES = [(1, False), (1, True), (2, False), (2, True)]
HERE = os.path.dirname(os.path.abspath(__file__))


def op_job(mode, layers, bi, state_outputs=True, is_train=True, p=0.0):
    attrs = {'state_size': H, 'num_layers': layers, 'bidirectional': bi, 'mode': mode,
             'state_outputs': state_outputs, 'p': p}
    return {'kind': 'op', 'id': 'op-%s-%d-%s-%s-%s-%s' % (mode, layers, bi, state_outputs,
                                                         is_train, p),
            'mode': mode, 'attrs': attrs, 'is_train': is_train}


OP_JOBS = [op_job(m, layers, bi) for m in MODES for layers, bi in SHAPES] + \
    [op_job(m, 2, True, state_outputs=False) for m in MODES] + \
    [op_job('lstm', 2, False, is_train=False), op_job('gru', 2, True, p=0.3, is_train=False)]
DROPOUT_JOB = op_job('rnn_tanh', 2, False, p=0.5)    # known differences, see below
IGNORED_JOBS = [dict(op_job('lstm', 2, True), id='clip',
                     attrs=dict(op_job('lstm', 2, True)['attrs'], lstm_state_clip_min=-0.05,
                                lstm_state_clip_max=0.05)),
                dict(op_job('gru', 2, True), id='lengths',
                     attrs=dict(op_job('gru', 2, True)['attrs'], use_sequence_length=True))]


def op_arrays(job):
    """Inputs and head gradients of one op job, the same for both libraries."""
    rng = np.random.RandomState(zlib.crc32(job['id'].encode()))
    sym = rnn_symbol(tutor, job)
    arg_shapes, out_shapes, _ = sym.infer_shape(data=(T, N, C))
    arrays = {n: rng.uniform(-0.5, 0.5, s).astype(F32)
              for n, s in zip(sym.list_arguments(), arg_shapes)}
    if 'sequence_length' in arrays:
        arrays['sequence_length'] = np.arange(N, dtype=F32) % T + 1     # 1, 2, ...
    arrays.update({'head%d' % i: rng.randn(*s).astype(F32) for i, s in enumerate(out_shapes)})
    return arrays


def fit_job(mode, layers, bi, layout):
    return {'kind': 'fit', 'id': 'fit-%s-%d-%s-%s' % (mode, layers, bi, layout), 'mode': mode,
            'num_hidden': H, 'num_layers': layers, 'bidirectional': bi, 'layout': layout,
            'length': T, 'steps': 3}


FIT_JOBS = [fit_job('lstm', 2, True, 'NTC'), fit_job('gru', 1, False, 'TNC'),
            fit_job('rnn_tanh', 2, False, 'TNC'), fit_job('rnn_relu', 1, True, 'NTC')]


def fit_arrays(job):
    """A batch of sequences with labels, and the starting parameters of the classifier."""
    rng = np.random.RandomState(zlib.crc32(job['id'].encode()))
    data_shape = (N, T, C) if job['layout'] == 'NTC' else (T, N, C)
    size = tutor.sym.RNN(tutor.sym.var('data'), state_size=H, num_layers=job['num_layers'],
                         bidirectional=job['bidirectional'], mode=job['mode'],
                         name='r').infer_shape(data=(T, N, C))[0][1][0]
    d = 2 if job['bidirectional'] else 1
    n = data_shape[job['layout'].find('N')]
    return {'x': rng.randn(*data_shape).astype(F32),
            'y': rng.randint(0, 3, n).astype(F32),
            'arg:fused_parameters': rng.uniform(-0.4, 0.4, size).astype(F32),
            'arg:fc_weight': rng.uniform(-0.5, 0.5, (3, d * H)).astype(F32),
            'arg:fc_bias': np.zeros(3, F32)}


def prefixed(job, arrays):
    return {'%s:%s' % (job['id'], k): v for k, v in arrays.items()}


def run_mxnet(jobs, arrays, tmp_path):
    """Every job on MXNet with MKLDNN on, in one subprocess: results keyed '<job>:<what>'."""
    src, dst = str(tmp_path / 'jobs.npz'), str(tmp_path / 'results.npz')
    np.savez(src, spec=json.dumps(jobs), **arrays)
    env = dict(os.environ, MXNET_MKLDNN_ENABLED='1')
    done = subprocess.run([sys.executable, os.path.join(HERE, '_mkldnn_rnn.py'), src, dst],
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    with np.load(dst) as results:
        return {k: results[k] for k in results.files}


@pytest.fixture(scope='module')
def mxnet_results(tmp_path_factory):
    arrays = {}
    for job in OP_JOBS:
        arrays.update(prefixed(job, op_arrays(job)))
    for job in FIT_JOBS:
        arrays.update(prefixed(job, fit_arrays(job)))
    for job in [DROPOUT_JOB] + IGNORED_JOBS:
        arrays.update(prefixed(job, op_arrays(job)))
    return run_mxnet(OP_JOBS + FIT_JOBS + [DROPOUT_JOB] + IGNORED_JOBS, arrays,
                     tmp_path_factory.mktemp('fused_rnn'))


def results_of(job, results):
    head = job['id'] + ':'
    return {k[len(head):]: v for k, v in results.items() if k.startswith(head)}


@pytest.mark.parametrize('job', OP_JOBS, ids=lambda j: j['id'])
def test_op_outputs_states_and_gradients(job, mxnet_results):
    ref = results_of(job, mxnet_results)
    got = run_op(tutor, job, prefixed(job, op_arrays(job)))
    assert sorted(got) == sorted(ref)
    for what, value in ref.items():
        assert got[what].shape == value.shape, what
        close(got[what], value, what, rtol=1e-4, atol=1e-5)


def test_difference_mxnet_cpu_ignores_dropout_p_in_training(mxnet_results):
    """MXNet 1.9.1 on CPU (MKLDNN) computes RNN as if p were 0, even in training; tutor
    drops, between layers, as the operator's documentation says (docs/parity.md)."""
    ref = results_of(DROPOUT_JOB, mxnet_results)
    without = dict(DROPOUT_JOB, attrs=dict(DROPOUT_JOB['attrs'], p=0.0))
    arrays = prefixed(DROPOUT_JOB, op_arrays(DROPOUT_JOB))
    plain = run_op(tutor, without, arrays)
    close(ref['output0'], plain['output0'], 'MXNet with p=0.5 against p=0', rtol=1e-4,
          atol=1e-5)
    tutor.random.seed(0)
    dropped = run_op(tutor, DROPOUT_JOB, arrays)
    assert not np.allclose(dropped['output0'], plain['output0'], rtol=1e-3, atol=1e-3)


@pytest.mark.parametrize('job', IGNORED_JOBS, ids=lambda j: j['id'])
def test_difference_mxnet_cpu_ignores_lengths_and_clipping(job, mxnet_results):
    """MXNet 1.9.1 on CPU accepts use_sequence_length and lstm_state_clip_min/max and
    computes as if they were not given (cuDNN-only features); tutor refuses them at bind."""
    ref = results_of(job, mxnet_results)
    attrs = {k: v for k, v in job['attrs'].items()
             if k not in ('use_sequence_length', 'lstm_state_clip_min', 'lstm_state_clip_max')}
    arrays = op_arrays(job)
    arrays.pop('sequence_length', None)
    plain = run_op(tutor, dict(job, attrs=attrs), prefixed(job, arrays))
    outputs = sorted(k for k in ref if k.startswith('output'))
    assert outputs == sorted(k for k in plain if k.startswith('output'))
    for what in outputs:
        close(ref[what], plain[what], what, rtol=1e-4, atol=1e-5)
    with pytest.raises(tutor.base.MXNetError, match='not implemented in tutor'):
        run_op(tutor, job, prefixed(job, op_arrays(job)))


def test_difference_mxnet_cpu_rnn_without_mkldnn_is_broken():
    """Why MXNet runs in a subprocess with MKLDNN on: with it off (this process) 1.9.1's own
    CPU RNN refuses LSTM (it reads the wrong number of inputs)."""
    if os.environ.get('MXNET_MKLDNN_ENABLED') != '0':
        pytest.skip('this process runs MXNet with MKLDNN on (MXNET_MKLDNN_ENABLED is not 0)')
    sym = mx.sym.RNN(*[mx.sym.var(n) for n in ('data', 'parameters', 'state', 'state_cell')],
                     state_size=H, num_layers=1, mode='lstm', name='rnn')
    exe = sym.simple_bind(mx.cpu(), data=(T, N, C))
    with pytest.raises(mx.base.MXNetError, match='num_inputs'):
        exe.forward(is_train=False)
        exe.outputs[0].wait_to_read()


@pytest.mark.filterwarnings('ignore:NTC layout')
@pytest.mark.parametrize('job', FIT_JOBS, ids=lambda j: j['id'])
def test_cell_in_a_module_trains_to_the_same_parameters(job, mxnet_results):
    """FusedRNNCell.unroll -> SequenceLast -> FullyConnected -> SoftmaxOutput; three SGD
    steps of Module from the same start give the same parameters."""
    ref = results_of(job, mxnet_results)
    got = run_fit(tutor, job, prefixed(job, fit_arrays(job)))
    assert list(got.pop('arguments')) == list(ref.pop('arguments'))
    start = fit_arrays(job)['arg:fused_parameters']
    assert not np.allclose(ref['arg:fused_parameters'], start)      # training moved it
    assert sorted(got) == sorted(ref)
    for what, value in ref.items():
        close(got[what], value, what, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize('mode', MODES)
def test_op_symbol_json_and_shapes(mode):
    def build(lib):
        return lib.sym.RNN(lib.sym.var('data'), state_size=H, num_layers=2,
                           bidirectional=True, mode=mode, state_outputs=True, p=0.25,
                           name='rnn')
    ref, got = build(mx), build(tutor)
    assert got.list_arguments() == ref.list_arguments()
    assert got.list_outputs() == ref.list_outputs()
    assert got.tojson() == ref.tojson()
    assert got.infer_shape(data=(T, N, C)) == ref.infer_shape(data=(T, N, C))
    assert got.infer_shape_partial(data=(T, 0, C)) == ref.infer_shape_partial(data=(T, 0, C))
    loaded = tutor.sym.load_json(ref.tojson())
    assert loaded.tojson() == ref.tojson()


CELLS = [(m, layers, bi) for m in MODES for layers, bi in [(1, False), (2, True)]]


def fused(lib, mode, layers, bi, **kwargs):
    return lib.rnn.FusedRNNCell(H, num_layers=layers, mode=mode, bidirectional=bi, **kwargs)


@pytest.mark.filterwarnings('ignore:NTC layout')
@pytest.mark.parametrize('layout', ['TNC', 'NTC'])
@pytest.mark.parametrize('next_state', [False, True])
@pytest.mark.parametrize('mode,layers,bi', CELLS)
def test_cell_unroll_makes_mxnet_graph(mode, layers, bi, next_state, layout):
    graphs = []
    for _, lib in LIBS:
        with lib.name.NameManager():
            cell = fused(lib, mode, layers, bi, dropout=0.2, get_next_state=next_state)
            outputs, states = cell.unroll(T, lib.sym.var('data'), layout=layout,
                                          merge_outputs=True)
            graphs.append(lib.sym.Group([outputs] + states))
    ref, got = graphs
    assert got.list_arguments() == ref.list_arguments()
    assert got.list_outputs() == ref.list_outputs()
    assert got.tojson() == ref.tojson()     # the parameters' __init__ (FusedRNN) included
    shape = (T, N, C) if layout == 'TNC' else (N, T, C)
    assert got.infer_shape(data=shape) == ref.infer_shape(data=shape)


@pytest.mark.filterwarnings('ignore:NTC layout')
@pytest.mark.parametrize('layout', ['TNC', 'NTC'])
@pytest.mark.parametrize('merge', [False, None])
@pytest.mark.parametrize('as_list', [False, True])
def test_cell_unroll_outputs_as_a_list_and_states_as_variables(layout, merge, as_list):
    graphs, kinds = [], []
    for _, lib in LIBS:
        with lib.name.NameManager():
            cell = fused(lib, 'lstm', 2, True, get_next_state=True)
            inputs = ([lib.sym.var('x%d' % t) for t in range(T)] if as_list
                      else lib.sym.var('data'))
            begin = cell.begin_state(func=lib.sym.Variable)
            outputs, states = cell.unroll(T, inputs, begin_state=begin, layout=layout,
                                          merge_outputs=merge)
            kinds.append(type(outputs).__name__)     # None keeps the merged symbol
            outputs = outputs if isinstance(outputs, list) else [outputs]
            graphs.append(lib.sym.Group(outputs + states))
    assert kinds[0] == kinds[1]
    ref, got = graphs
    assert got.list_arguments() == ref.list_arguments()
    assert got.list_outputs() == ref.list_outputs()
    assert got.tojson() == ref.tojson()


@pytest.mark.parametrize('mode,layers,bi', CELLS)
def test_cell_state_info_begin_state_and_unfuse(mode, layers, bi):
    seen = []
    for _, lib in LIBS:
        with lib.name.NameManager():
            cell = fused(lib, mode, layers, bi, dropout=0.3)
            states = [s.name for s in cell.begin_state()]
            outputs, _ = cell.unfuse().unroll(T, lib.sym.var('data'), layout='TNC',
                                              merge_outputs=True)
            seen.append((cell.state_info, states, sorted(cell.params._params),
                         outputs.tojson()))
    assert seen[0] == seen[1]


@pytest.mark.parametrize('mode,layers,bi', CELLS)
def test_unpack_and_pack_match_mxnet(mode, layers, bi, rng):
    size = tutor.sym.RNN(tutor.sym.var('data'), state_size=H, num_layers=layers,
                         bidirectional=bi, mode=mode, name='r').infer_shape(
        data=(T, N, C))[0][1][0]
    flat = rng.randn(size).astype(F32)
    results = []
    for _, lib in LIBS:
        cell = fused(lib, mode, layers, bi, prefix='m_')
        unpacked = cell.unpack_weights({'m_parameters': lib.nd.array(flat),
                                        'fc_weight': lib.nd.array(flat[:4])})
        packed = cell.pack_weights(unpacked)
        results.append(([(k, v.asnumpy()) for k, v in unpacked.items()],
                        {k: v.asnumpy() for k, v in packed.items()}))
    (ref_u, ref_p), (got_u, got_p) = results
    assert [k for k, _ in got_u] == [k for k, _ in ref_u]      # names, in MXNet's order
    for (name, a), (_, b) in zip(got_u, ref_u):
        assert a.shape == b.shape, name
        np.testing.assert_array_equal(a, b, err_msg=name)
    assert sorted(got_p) == sorted(ref_p)
    for name, value in ref_p.items():
        np.testing.assert_array_equal(got_p[name], value, err_msg=name)
    np.testing.assert_array_equal(got_p['m_parameters'], flat)


@pytest.mark.parametrize('mode', MODES)
def test_fused_rnn_initializer_with_a_fixed_global_init(mode):
    """Which pieces get the global initializer, zero or forget_bias: as in MXNet."""
    vectors = []
    for _, lib in LIBS:
        init = lib.init.FusedRNN(None, H, 2, mode, True, forget_bias=0.75)
        vec = lib.nd.zeros((tutor.symbol.ops.rnn.parameter_count(mode, 2, True, C, H),))
        desc = lib.init.InitDesc('f_parameters', attrs={'__init__': init.dumps()})
        lib.init.Constant(0.5)(desc, vec)
        vectors.append((init.dumps(), vec.asnumpy()))
    assert vectors[0][0] == vectors[1][0]
    np.testing.assert_array_equal(vectors[1][1], vectors[0][1])


@pytest.mark.parametrize('writer,reader', [(mx, tutor), (tutor, mx)])
def test_fused_checkpoint_crosses(writer, reader, tmp_path, rng):
    def net(lib):
        with lib.name.NameManager():
            outputs, _ = fused(lib, 'lstm', 2, True).unroll(T, lib.sym.var('data'),
                                                            layout='TNC', merge_outputs=True)
        return outputs
    sym = net(writer)
    size = sym.infer_shape(data=(T, N, C))[0][1][0]
    params = {'lstm_parameters': writer.nd.array(rng.randn(size).astype(F32))}
    prefix = str(tmp_path / 'fused')
    writer.rnn.save_rnn_checkpoint(fused(writer, 'lstm', 2, True), prefix, 2, sym, params, {})
    raw = reader.nd.load(prefix + '-0002.params')
    assert 'arg:lstm_r1_h2h_o_bias' in raw and 'arg:lstm_parameters' not in raw
    sym2, args, aux = reader.rnn.load_rnn_checkpoint(fused(reader, 'lstm', 2, True), prefix, 2)
    assert sym2.tojson() == net(reader).tojson() and aux == {}
    assert sorted(args) == ['lstm_parameters']
    np.testing.assert_array_equal(args['lstm_parameters'].asnumpy(),
                                  params['lstm_parameters'].asnumpy())


@pytest.mark.parametrize('what', ['__init__', 'unroll', 'begin_state', 'unpack_weights',
                                  'pack_weights', 'unfuse'])
def test_cell_methods_have_mxnet_signatures(what):
    import inspect
    import re

    def text(fn):   # a default that is a function prints with its address
        return re.sub(r' at 0x[0-9a-f]+', '', str(inspect.signature(fn)))
    assert text(getattr(tutor.rnn.FusedRNNCell, what)) == \
        text(getattr(mx.rnn.FusedRNNCell, what))
    assert str(inspect.signature(tutor.init.FusedRNN.__init__)) == \
        str(inspect.signature(mx.init.FusedRNN.__init__))
