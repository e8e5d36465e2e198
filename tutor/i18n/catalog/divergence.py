"""The divergence (NaN/inf) lens."""
MESSAGES = {
    'div.title': {'en': 'Divergence lens: NaN and inf', 'zh': '发散透视：NaN 与 inf'},
    'div.none': {'en': 'No NaN or inf seen so far.', 'zh': '到目前为止没有出现 NaN 或 inf。'},
    'div.found': {
        'en': 'Training diverged: the first {value} appeared in epoch {epoch}, batch {batch} '
              '(training step {step}), in {where} {array}.',
        'zh': '训练发散了：第一个 {value} 出现在第 {epoch} 轮第 {batch} 批（第 {step} 步训练），'
              '位置是{where} {array}。'},
    'div.index': {'en': 'Its first bad element is at index {index}.',
                  'zh': '第一个出问题的元素在下标 {index} 处。'},
    'div.loss_inf': {
        'en': 'Some sample got probability p[y] = 0 for its true class: the scores have grown '
              'so large that the network is completely sure of a wrong class.',
        'zh': '有样本在它真实类别上的概率 p[y] 变成了 0：得分已经大到让网络对一个错误类别'
              '深信不疑。'},
    'div.where.data': {'en': 'the input data', 'zh': '输入数据'},
    'div.where.weight': {'en': 'the weight', 'zh': '权重'},
    'div.where.aux': {'en': 'the auxiliary state', 'zh': '辅助状态'},
    'div.where.output': {'en': 'the output of op', 'zh': '算子输出'},
    'div.where.loss': {'en': 'the loss of', 'zh': '损失'},
    'div.where.gradient': {'en': 'the gradient of', 'zh': '梯度'},
    'div.where.updated': {'en': 'the updated weight', 'zh': '更新后的权重'},
    'div.col.where': {'en': 'where', 'zh': '位置'},
    'div.col.value': {'en': 'value', 'zh': '值'},
    'div.col.index': {'en': 'first index', 'zh': '第一个下标'},
    'div.fix.data': {
        'en': 'The data itself holds it: clean the data set (look for empty fields or '
              'divisions by zero) before training.',
        'zh': '问题出在数据本身：训练之前先清洗数据（检查缺失值或除以零的地方）。'},
    'div.fix.lr': {
        'en': 'The steps are too large for this network: learning_rate is {lr:g}; try '
              '{smaller:g} (optimizer_params={{"learning_rate": {smaller:g}}}).',
        'zh': '对这个网络来说步子迈得太大了：现在的学习率是 {lr:g}，试试 {smaller:g}'
              '（optimizer_params={{"learning_rate": {smaller:g}}}）。'},
    'div.fix.clip': {
        'en': 'Or bound each gradient element with clip_gradient, e.g. '
              'optimizer_params={{"learning_rate": ..., "clip_gradient": 5}}.',
        'zh': '也可以用 clip_gradient 限制每个梯度元素的大小，例如 '
              'optimizer_params={{"learning_rate": ..., "clip_gradient": 5}}。'},
    'div.fix.generic': {
        'en': 'Usually the learning rate is too large: lower it, or set clip_gradient.',
        'zh': '通常是学习率太大了：把它调小，或者设置 clip_gradient。'},
    'div.after': {'en': '{n} batches have had NaN or inf since then.',
                  'zh': '从那以后，已有 {n} 个批次出现 NaN 或 inf。'},
}
