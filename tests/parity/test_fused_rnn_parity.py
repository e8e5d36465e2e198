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
from _both import close  # noqa: E402

COVERED = {'RNN'}   # for test_ops_parity's coverage check
F32 = np.float32
T, N, C, H = 4, 3, 5, 6
MODES = ['rnn_relu', 'rnn_tanh', 'lstm', 'gru']
SHAPES = [(1, False), (1, True), (2, False), (2, True)]
HERE = os.path.dirname(os.path.abspath(__file__))


def op_job(mode, layers, bi, state_outputs=True, is_train=True):
    attrs = {'state_size': H, 'num_layers': layers, 'bidirectional': bi, 'mode': mode,
             'state_outputs': state_outputs}
    return {'kind': 'op', 'id': 'op-%s-%d-%s-%s-%s' % (mode, layers, bi, state_outputs,
                                                      is_train),
            'mode': mode, 'attrs': attrs, 'is_train': is_train}


OP_JOBS = [op_job(m, layers, bi) for m in MODES for layers, bi in SHAPES] + \
    [op_job(m, 2, True, state_outputs=False) for m in MODES] + \
    [op_job('lstm', 2, False, is_train=False)]


def op_arrays(job):
    """Inputs and head gradients of one op job, the same for both libraries."""
    rng = np.random.RandomState(zlib.crc32(job['id'].encode()))
    sym = tutor.sym.RNN(*[tutor.sym.var(n) for n in ['data', 'parameters', 'state'] +
                          (['state_cell'] if job['mode'] == 'lstm' else [])],
                        name='rnn', **job['attrs'])
    arg_shapes, out_shapes, _ = sym.infer_shape(data=(T, N, C))
    arrays = {n: rng.uniform(-0.5, 0.5, s).astype(F32)
              for n, s in zip(sym.list_arguments(), arg_shapes)}
    arrays.update({'head%d' % i: rng.randn(*s).astype(F32) for i, s in enumerate(out_shapes)})
    return sym, arrays


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
        arrays.update({'%s:%s' % (job['id'], k): v for k, v in op_arrays(job)[1].items()})
    return run_mxnet(OP_JOBS, arrays, tmp_path_factory.mktemp('fused_rnn'))


def run_tutor_op(job):
    sym, arrays = op_arrays(job)
    names = sym.list_arguments()
    args = {n: tutor.nd.array(arrays[n]) for n in names}
    grads = {n: tutor.nd.zeros(args[n].shape) for n in names}
    exe = sym.bind(tutor.cpu(), args=args, args_grad=grads, grad_req='write')
    outs = [o.asnumpy() for o in exe.forward(is_train=job['is_train'])]
    exe.backward([tutor.nd.array(arrays['head%d' % i]) for i in range(len(outs))])
    return outs, {n: grads[n].asnumpy() for n in names}


@pytest.mark.parametrize('job', OP_JOBS, ids=lambda j: j['id'])
def test_op_outputs_states_and_gradients(job, mxnet_results):
    outs, grads = run_tutor_op(job)
    ref_outs = sorted(k for k in mxnet_results if k.startswith(job['id'] + ':output'))
    assert len(outs) == len(ref_outs)
    for i, out in enumerate(outs):
        ref = mxnet_results['%s:output%d' % (job['id'], i)]
        assert out.shape == ref.shape
        close(out, ref, 'output %d' % i, rtol=1e-4, atol=1e-5)
    for name, g in grads.items():
        close(g, mxnet_results['%s:grad:%s' % (job['id'], name)], 'gradient of ' + name,
              rtol=1e-4, atol=1e-5)


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
