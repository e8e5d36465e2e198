"""Python bytecodes per training batch: a measure of tutor's interpreter work that the load
of the machine cannot blur (epoch times on a shared 2-core VM wander by tens of per cent).

    python -m bench.bytecodes                         # tutorial MLP, the mid-level loop
    python -m bench.bytecodes --workload compute --loop fit --top 40

``sys.settrace`` with ``f_trace_opcodes`` counts every bytecode run during one traced epoch
of 20 batches, after an untraced warm-up epoch (bind, first allocations); the total and the
busiest functions are printed per batch. ``--loop fit`` traces ``Module.fit``'s whole epoch,
so its end-of-epoch work (get_params/set_params, the metric log) is spread over the 20
batches. Compare two engines by running this with each on ``PYTHONPATH``.
"""
import argparse
import collections
import logging
import os
import sys

from .tutor_runs import arg_params, mlp_symbol
from .workloads import WORKLOADS, init_weights, make_data

BATCHES = 20


def count(workload='tutorial', loop='mid'):
    """(bytecodes per batch, Counter of bytecodes per batch by 'file:line function')."""
    import tutor as mx
    w = WORKLOADS[workload]
    x, y = make_data(w)
    it = mx.io.NDArrayIter(x[:w.batch * BATCHES], y[:w.batch * BATCHES], batch_size=w.batch)
    mod = mx.mod.Module(mlp_symbol(mx, w.layers), logger=logging.getLogger('bench.quiet'))
    params = arg_params(mx, init_weights(w, 0))
    sgd = (('learning_rate', w.lr),)
    root = os.path.dirname(os.path.dirname(mx.__file__))
    counts = collections.Counter()

    def tracer(frame, event, arg):
        frame.f_trace_opcodes = True
        if event == 'opcode':
            code = frame.f_code
            counts['%s:%d %s' % (os.path.relpath(code.co_filename, root),
                                 code.co_firstlineno, code.co_name)] += 1
        return tracer

    if loop == 'fit':
        mod.fit(it, num_epoch=1, eval_metric='acc', arg_params=params, optimizer_params=sgd)
        sys.settrace(tracer)
        mod.fit(it, begin_epoch=1, num_epoch=2, eval_metric='acc', optimizer_params=sgd)
        sys.settrace(None)
    else:
        mod.bind(it.provide_data, it.provide_label)
        mod.init_params(arg_params=params)
        mod.init_optimizer(optimizer_params=sgd)
        metric = mx.metric.Accuracy()
        for epoch in range(2):
            it.reset()
            if epoch == 1:
                sys.settrace(tracer)
            for batch in it:
                mod.forward(batch, is_train=True)
                mod.update_metric(metric, batch.label)
                mod.backward()
                mod.update()
            sys.settrace(None)
    per_batch = collections.Counter({k: v / BATCHES for k, v in counts.items()})
    return sum(counts.values()) / BATCHES, per_batch


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--workload', choices=sorted(WORKLOADS), default='tutorial')
    parser.add_argument('--loop', choices=['mid', 'fit'], default='mid',
                        help="the tutorial's mid-level loop, or Module.fit")
    parser.add_argument('--top', type=int, default=25, help='functions to list')
    args = parser.parse_args(argv)
    total, by_function = count(args.workload, args.loop)
    print('%s, %s loop: %.0f bytecodes per batch' % (WORKLOADS[args.workload].describe(),
                                                     args.loop, total))
    for name, n in by_function.most_common(args.top):
        print('%8.1f  %s' % (n, name))


if __name__ == '__main__':
    main()
