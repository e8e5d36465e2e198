"""What the memory and parameter lenses say about a BucketingModule."""
MESSAGES = {
    'bucket.mem.title': {'en': 'Memory lens: what the buckets share and what each adds',
                         'zh': '内存透视：各个桶共享什么、各自多分配了什么'},
    'bucket.mem.intro': {
        'en': '{buckets} buckets are bound; * marks the default bucket ({default}). It '
              'allocated the parameters, their gradients and the aux states, its inputs, and '
              'its op outputs, their gradients and scratch buffers. Every other bucket was '
              'bound with shared_module, as in MXNet: it reads the same parameter arrays, '
              'takes its inputs by name as views of the default bucket\'s, and its op '
              'outputs, gradients and scratch from the default bucket\'s memory pool. '
              '"shared" is memory a bucket uses that was already there (each byte counts for '
              'the first bucket bound that uses it); "own" is what it added. A bucket no '
              'longer than the default one adds almost nothing; a longer one allocates what '
              'does not fit, which is why the default bucket should be the largest.',
        'zh': '已经绑定了 {buckets} 个桶；* 标出默认桶（{default}）。模型参数、它们的梯度和辅助'
              '状态，以及默认桶自己的输入、算子输出、这些输出的梯度和临时缓冲区，都由它分配。'
              '其他桶和在 MXNet 中一样用 shared_module 绑定：直接读同一组参数数组，按名字把'
              '输入取成默认桶输入的视图，算子输出、梯度和临时缓冲区则从默认桶的内存池里取。'
              '“共享”是一个桶用到的、此前已经存在的内存（每个字节只记在最先绑定、用到它的桶上）；'
              '“独有”是它新分配的内存。不比默认桶长的桶几乎不再分配内存；更长的桶要为放不下的'
              '部分另行分配，所以默认桶应当是最大的那个。'},
    'bucket.mem.total': {
        'en': 'All buckets together hold {own}; bound as separate modules they would need '
              '{alone}.',
        'zh': '所有桶加起来占用 {own}；如果各自作为独立的模块绑定，则需要 {alone}。'},
    'bucket.col.key': {'en': 'bucket (length)', 'zh': '桶（长度）'},
    'bucket.col.shared': {'en': 'shared', 'zh': '共享'},
    'bucket.col.own': {'en': 'own', 'zh': '独有'},
    'bucket.col.own_kinds': {'en': 'own, by kind', 'zh': '独有部分的构成'},
    'bucket.col.readers': {'en': 'buckets reading this array', 'zh': '读这个数组的桶'},
    'bucket.params.title': {'en': 'Parameter lens: one set of weights behind all buckets',
                            'zh': '参数透视：所有桶背后只有一套权重'},
    'bucket.params.intro': {
        'en': 'An unrolled network reads the same weight variables at every step, so its '
              'parameters do not depend on the length. Here each of the {buckets} bound '
              'buckets reads the very same array for each parameter: an update made while '
              'training one bucket is what every other bucket computes with next.',
        'zh': '展开后的网络在每个时间步都读同一组权重变量，所以模型参数与序列长度无关。这里 '
              '{buckets} 个已绑定的桶，每个参数读的都是同一个数组：训练一个桶时做的更新，'
              '就是其他桶下一次计算所用的权重。'},
}
