"""The divergence (NaN/inf) lens."""
MESSAGES = {
    'div.title': {'en': 'Divergence lens: NaN and inf', 'zh': '发散透视：NaN 与 inf'},
    'div.none': {'en': 'No NaN or inf seen so far.', 'zh': '到目前为止没有出现 NaN 或 inf。'},
    'div.found': {
        'en': 'Training diverged: the first {value} appeared in epoch {epoch}, batch {batch} '
              '(training step {step}), in {where} {array}.',
        'zh': '训练发散了：第一个 {value} 出现在第 {epoch} 个迭代周期的第 {batch} 个小批量（第 {step} 步训练），'
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
    'div.fix.lr_seen': {
        'en': 'The steps are too large for this network at learning_rate {lr:g}. This lens saw '
              'learning_rate {good:g} train the same network (its loss fell from {start:.3f} to '
              '{end:.3f} over {batches} batches): go back to {good:g}, or try rates between '
              '{good:g} and {failed:g}.',
        'zh': '学习率为 {lr:g} 时，对这个网络来说步子迈得太大了。这个透视见过学习率 {good:g} '
              '把同一个网络训练起来（{batches} 个小批量里损失从 {start:.3f} 降到 {end:.3f}）：'
              '回到 {good:g}，或者在 {good:g} 和 {failed:g} 之间再试。'},
    'div.fix.lr_failed': {
        'en': 'The steps are too large for this network at learning_rate {lr:g}, and this lens '
              'saw the smaller rates {rates} fail on it too (no NaN perhaps, but the loss did '
              'not fall). It has not seen a rate that trains: go lower still, e.g. {smaller:g}, '
              'with this lens attached to the new module.',
        'zh': '学习率为 {lr:g} 时，对这个网络来说步子迈得太大了；这个透视还见过更小的学习率 '
              '{rates} 同样没有训练起来（也许没有出现 NaN，但损失没有下降）。它还没见过能训练'
              '这个网络的学习率：再往小调，例如 {smaller:g}，并把这个透视附加到新的模块上。'},
    'div.fix.lr_unknown': {
        'en': 'The steps are too large for this network at learning_rate {lr:g}. This lens has '
              'not yet seen a learning rate that trains this network, so it cannot name one. '
              'Run again with a rate ten times smaller ({smaller:g}) and attach this lens to '
              'the new module (lens.attach(new_module)); repeat until the loss falls. The lens '
              'then names the largest rate it saw train.',
        'zh': '学习率为 {lr:g} 时，对这个网络来说步子迈得太大了。这个透视还没见过能训练这个'
              '网络的学习率，所以说不出该用多少。把学习率缩小到十分之一（{smaller:g}）再训练一次，'
              '并把这个透视附加到新的模块上（lens.attach(new_module)）；重复，直到损失下降。'
              '之后它会说出它见过的、能训练起来的最大学习率。'},
    'div.fix.clip': {
        'en': 'Or bound each gradient element with clip_gradient, e.g. '
              'optimizer_params={{"learning_rate": ..., "clip_gradient": 5}}.',
        'zh': '也可以用 clip_gradient 限制每个梯度元素的大小，例如 '
              'optimizer_params={{"learning_rate": ..., "clip_gradient": 5}}。'},
    'div.fix.generic': {
        'en': 'Usually the learning rate is too large: lower it, or set clip_gradient.',
        'zh': '通常是学习率太大了：把它调小，或者设置 clip_gradient。'},
    'div.after': {'en': '{n} batches have had NaN or inf since then.',
                  'zh': '从那以后，已有 {n} 个小批量出现 NaN 或 inf。'},
}
