"""The small bucketed network the bucketing tests share: a FullyConnected step over every
position, the last position's state, a classifier; bucket key = sequence length."""
import numpy as np

import tutor as mx

BATCH, FEAT, HIDDEN, CLASSES = 4, 3, 6, 5


def sym_gen(seq_len):
    data = mx.sym.var('data')
    h = mx.sym.FullyConnected(data, num_hidden=HIDDEN, flatten=False, name='step')
    last = mx.sym.SequenceLast(mx.sym.Activation(h, act_type='tanh'), axis=1, name='last')
    out = mx.sym.FullyConnected(last, num_hidden=CLASSES, name='cls')
    return mx.sym.SoftmaxOutput(out, name='softmax'), ('data',), ('softmax_label',)


def batch(length, seed=0):
    rng = np.random.RandomState(seed)
    x = rng.randn(BATCH, length, FEAT).astype(np.float32)
    y = rng.randint(0, CLASSES, BATCH).astype(np.float32)
    return mx.io.DataBatch([mx.nd.array(x)], [mx.nd.array(y)], pad=0, bucket_key=length,
                           provide_data=[mx.io.DataDesc('data', x.shape)],
                           provide_label=[mx.io.DataDesc('softmax_label', y.shape)])
