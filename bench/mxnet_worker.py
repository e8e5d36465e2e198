"""Runs real MXNet 1.9.1's ``Module.fit`` for the benchmark, inside .venv-mxnet.

The benchmark starts this once (``python -m bench.mxnet_worker``) and talks to it over
stdin/stdout, one JSON object per line, so MXNet's runs interleave with the others':
    -> {"layers": [...], "batch": 100, "lr": 0.1, "data": "/tmp/.../x.npy",
        "label": ".../y.npy", "weights": ".../w.npz", "epochs": 4}
    <- {"times": [seconds per epoch], "acc": last epoch's training accuracy}
It imports nothing from tutor.
"""
import json
import logging
import sys
import time

import numpy as np


def mlp(mx, layers):
    net = mx.sym.Variable('data')
    for k, n in enumerate(layers[1:], start=1):
        net = mx.sym.FullyConnected(net, name='fc%d' % k, num_hidden=n)
        if k < len(layers) - 1:
            net = mx.sym.Activation(net, name='relu%d' % k, act_type='relu')
    return mx.sym.SoftmaxOutput(net, name='softmax')


def run(mx, job, cache):
    if job['data'] not in cache:
        cache.clear()
        cache[job['data']] = (np.load(job['data']), np.load(job['label']),
                              dict(np.load(job['weights'])))
    x, y, w = cache[job['data']]
    it = mx.io.NDArrayIter(x, y, batch_size=job['batch'])
    quiet = logging.getLogger('bench.quiet')
    quiet.setLevel(logging.WARNING)
    mod = mx.mod.Module(mlp(mx, job['layers']), context=mx.cpu(), logger=quiet)
    metric = mx.metric.Accuracy()
    stamps = [time.perf_counter()]
    mod.fit(it, num_epoch=job['epochs'], eval_metric=metric,
            arg_params={k: mx.nd.array(v) for k, v in w.items()},
            optimizer_params=(('learning_rate', job['lr']),),
            epoch_end_callback=lambda *_: stamps.append(time.perf_counter()))
    return {'times': list(np.diff(stamps)), 'acc': metric.get()[1]}


def main():
    import mxnet as mx
    out = sys.stdout
    sys.stdout = sys.stderr          # keep MXNet's prints off the reply channel
    info = {'mxnet': mx.__version__, 'numpy': np.__version__,
            'features': [f.name for f in mx.runtime.Features().values() if f.enabled]}
    out.write(json.dumps(info) + '\n')
    out.flush()
    cache = {}
    for line in sys.stdin:
        job = json.loads(line)
        out.write(json.dumps(run(mx, job, cache)) + '\n')
        out.flush()


if __name__ == '__main__':
    main()
