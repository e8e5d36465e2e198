"""Words every lens uses: column headers, yes/no, states of a lens."""
MESSAGES = {
    'lens.title': {'en': 'Lens', 'zh': '透视'},
    'lens.not_attached': {
        'en': 'Not attached to a module yet: call lens.attach(mod).',
        'zh': '还没有挂到模块上：先调用 lens.attach(mod)。'},
    'lens.not_bound': {
        'en': 'The module is not bound yet: call mod.bind(...) (or fit) and look again.',
        'zh': '模块还没有绑定：先调用 mod.bind(...)（或直接 fit），然后再看。'},
    'yes': {'en': 'yes', 'zh': '是'},
    'no': {'en': 'no', 'zh': '否'},
    'col.name': {'en': 'name', 'zh': '名称'},
    'col.epoch': {'en': 'epoch', 'zh': '迭代周期'},
    'col.batch': {'en': 'batch', 'zh': '小批量'},
    'col.output': {'en': 'output', 'zh': '输出'},
    'col.layer': {'en': 'layer', 'zh': '层'},
    'col.label': {'en': 'label', 'zh': '标签'},
    'col.class': {'en': 'class', 'zh': '类别'},
    'col.shape': {'en': 'shape', 'zh': '形状'},
    'col.dtype': {'en': 'dtype', 'zh': '类型'},
    'col.bytes': {'en': 'bytes', 'zh': '字节'},
    'col.role': {'en': 'role', 'zh': '角色'},
    'col.kind': {'en': 'kind', 'zh': '种类'},
    'col.key': {'en': 'key in file', 'zh': '文件中的键'},
    'col.file': {'en': 'file', 'zh': '文件'},
    'col.total': {'en': 'total', 'zh': '合计'},
    'col.count': {'en': 'arrays', 'zh': '数组个数'},
    'col.why': {'en': 'why', 'zh': '原因'},
    'explain.title.loss': {'en': 'How is the loss defined?', 'zh': '损失是怎么定义的？'},
    'explain.title.roles': {
        'en': 'Which arrays are parameters, and which are not?',
        'zh': '哪些数组是模型参数，哪些不是？'},
    'explain.title.checkpoint': {'en': 'What is in checkpoint {path}?',
                                 'zh': '检查点 {path} 里有什么？'},
    'explain.bad_target': {
        'en': 'explain.loss needs a Symbol or a Module, got {kind}.',
        'zh': 'explain.loss 需要一个符号（Symbol）或模块（Module），而传入的是 {kind}。'},
    'language.unknown': {
        'en': "Language {name!r} is not available: tutor speaks English and Chinese, "
              "tutor.set_language('en') or tutor.set_language('zh').",
        'zh': "没有 {name!r} 这种语言：tutor 只支持英文和中文，请用 "
              "tutor.set_language('en') 或 tutor.set_language('zh')。"},
}
