"""Run MXNet 1.9.1's fused RNN in a process of its own, with MKLDNN on.

Why a process of its own: the parity suite runs MXNet with MKLDNN off (conftest.py), and
there MXNet 1.9.1's own CPU RNN is broken (LSTM and state_outputs=True raise "Check failed:
in_data.size() == num_inputs"; the other modes return uninitialised memory, see
docs/parity.md). MXNet's default CPU build runs RNN through MKLDNN, which is correct (checked
against the unfused cells in test_fused_rnn_parity.py), and MKLDNN is chosen once per process.

    python _mkldnn_rnn.py jobs.npz results.npz

``jobs.npz`` holds ``spec`` (JSON: a list of jobs) and the arrays they name; each job is
``{"kind": "op" | "fit", ...}`` (see run_op, run_fit). Results are stored as ``<job>:<what>``.
The test runs the same functions with ``lib=tutor``.
"""
import json
import os
import sys
import warnings

import numpy as np


def rnn_symbol(mx, job):
    """The RNN op with every input a variable: data, parameters, state (, state_cell)
    (, sequence_length)."""
    names = ['data', 'parameters', 'state'] + (['state_cell'] if job['mode'] == 'lstm' else [])
    if job['attrs'].get('use_sequence_length'):
        names.append('sequence_length')
    return mx.sym.RNN(name='rnn', **{n: mx.sym.var(n) for n in names}, **job['attrs'])


def run_op(mx, job, arrays):
    """Forward (training) and backward with the given head gradients."""
    sym = rnn_symbol(mx, job)
    names = sym.list_arguments()
    args = {n: mx.nd.array(arrays[job['id'] + ':' + n]) for n in names}
    grads = {n: mx.nd.zeros(args[n].shape) for n in names}
    exe = sym.bind(mx.cpu(), args=args, args_grad=grads, grad_req='write')
    outs = [o.asnumpy() for o in exe.forward(is_train=job.get('is_train', True))]
    heads = [mx.nd.array(arrays['%s:head%d' % (job['id'], i)]) for i in range(len(outs))]
    exe.backward(heads)
    result = {'output%d' % i: o for i, o in enumerate(outs)}
    result.update({'grad:' + n: grads[n].asnumpy() for n in names})
    return result


def run_fit(mx, job, arrays):
    """FusedRNNCell unrolled into a small sequence classifier; ``steps`` SGD updates of a
    Module from the given parameters; the parameters after them, and the outputs of the
    last forward."""
    cell = mx.rnn.FusedRNNCell(job['num_hidden'], num_layers=job['num_layers'],
                               mode=job['mode'], bidirectional=job['bidirectional'],
                               prefix='fused_')
    outputs, _ = cell.unroll(job['length'], mx.sym.var('data'), layout=job['layout'],
                             merge_outputs=True)
    last = mx.sym.SequenceLast(outputs, axis=job['layout'].find('T'), name='last')
    net = mx.sym.SoftmaxOutput(mx.sym.FullyConnected(last, num_hidden=3, name='fc'),
                               name='softmax')
    x, y = arrays[job['id'] + ':x'], arrays[job['id'] + ':y']
    mod = mx.mod.Module(net, context=mx.cpu())
    mod.bind([mx.io.DataDesc('data', x.shape, layout=job['layout'])],   # batch axis: N
             [mx.io.DataDesc('softmax_label', y.shape)])
    given = job['id'] + ':arg:'
    params = {k[len(given):]: mx.nd.array(v) for k, v in arrays.items() if k.startswith(given)}
    mod.init_params(arg_params=params, allow_missing=False)
    mod.init_optimizer(optimizer='sgd', optimizer_params={'learning_rate': 0.5})
    batch = mx.io.DataBatch([mx.nd.array(x)], [mx.nd.array(y)])
    for _ in range(job['steps']):
        mod.forward(batch, is_train=True)
        mod.backward()
        mod.update()
    arg, _ = mod.get_params()
    result = {'arg:' + n: v.asnumpy() for n, v in arg.items()}
    result['output'] = mod.get_outputs()[0].asnumpy()
    result['arguments'] = np.array(net.list_arguments())
    return result


def main(src, dst):
    os.environ['MXNET_MKLDNN_ENABLED'] = '1'
    os.environ.setdefault('MXNET_ENGINE_TYPE', 'NaiveEngine')
    os.environ.setdefault('MXNET_STORAGE_FALLBACK_LOG_VERBOSE', '0')
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', DeprecationWarning)
        import mxnet as mx
    data = np.load(src)
    jobs = json.loads(str(data['spec']))
    arrays = {k: data[k] for k in data.files if k != 'spec'}
    out = {}
    for job in jobs:
        run = {'op': run_op, 'fit': run_fit}[job['kind']]
        out.update({'%s:%s' % (job['id'], k): v for k, v in run(mx, job, arrays).items()})
    np.savez(dst, **out)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
