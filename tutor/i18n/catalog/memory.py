"""The memory lens."""
MESSAGES = {
    'mem.title': {'en': 'Memory lens: what bind allocated', 'zh': '内存透视：绑定分配了什么'},
    'mem.intro': {
        'en': 'bind allocates every array once, before the first batch; forward and backward '
              'only write into them. This module holds {arrays} arrays, {total} in all '
              '({bound} from bind, the rest are the module\'s own parameter copies and the '
              'optimizer\'s states).',
        'zh': '绑定（bind）在第一个小批量之前就把所有数组一次性分配好，之后前向和反向只往里面写'
              '数据。这个模块一共持有 {arrays} 个数组，合计 {total}（其中 {bound} 来自绑定，'
              '其余是模块自己保存的参数副本和优化器状态）。'},
    'mem.by_kind': {'en': 'By kind', 'zh': '按种类汇总'},
    'mem.detail': {'en': 'Array by array', 'zh': '逐个数组'},
    'mem.ratio': {
        'en': 'The parameters themselves take {params}; training needs {times:.1f} times that '
              '({total}) once gradients, activations and copies are counted.',
        'zh': '参数本身只占 {params}；算上梯度、中间结果和各种副本，训练共需要它的 {times:.1f} '
              '倍（{total}）。'},
    'mem.kind.data': {'en': 'data', 'zh': '数据'},
    'mem.kind.label': {'en': 'label', 'zh': '标签'},
    'mem.kind.param': {'en': 'parameter', 'zh': '参数'},
    'mem.kind.argument': {'en': 'other argument', 'zh': '其他输入'},
    'mem.kind.gradient': {'en': 'gradient', 'zh': '梯度'},
    'mem.kind.auxiliary': {'en': 'auxiliary state', 'zh': '辅助状态'},
    'mem.kind.output': {'en': 'op output (activation)', 'zh': '算子输出（激活值）'},
    'mem.kind.output gradient': {'en': 'gradient of an op output', 'zh': '算子输出的梯度'},
    'mem.kind.scratch': {'en': 'op scratch buffer', 'zh': '算子的临时缓冲区'},
    'mem.kind.module copy': {'en': "module's parameter copy", 'zh': '模块的参数副本'},
    'mem.kind.optimizer state': {'en': 'optimizer state', 'zh': '优化器状态'},
}
