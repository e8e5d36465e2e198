"""What the memory and parameter lenses say about a BucketingModule."""
MESSAGES = {
    'bucket.mem.title': {'en': 'Memory lens: what the buckets share and what each adds',
                         'zh': '内存透视：各个桶共享什么、各自多分配了什么'},
    'bucket.mem.intro': {
        'en': '{buckets} buckets are bound; * marks the default bucket ({default}), which '
              'allocated the parameters, their gradients and the aux states. Every other '
              'bucket holds those same arrays ("shared") and allocates only its own data, '
              'labels and op outputs ("own"), which grow with the sequence length.',
        'zh': '已经绑定了 {buckets} 个桶；* 标出默认桶（{default}），模型参数、它们的梯度和辅助'
              '状态都由它分配。其他桶直接使用这些数组（“共享”），只为自己的数据、标签和算子输出'
              '分配内存（“独有”），这部分随序列长度增长。'},
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
