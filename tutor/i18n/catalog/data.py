"""Mistakes in the data a learner feeds: said where they happen, not an epoch later."""
MESSAGES = {
    'err.data_lengths': {
        'en': 'NDArrayIter: the arrays hold different numbers of samples ({listed}). Every '
              'sample needs its label: give each array the same length along axis {axis} '
              '(e.g. data[:n] and label[:n]). MXNet accepts this and fails mid-epoch.',
        'zh': 'NDArrayIter：这些数组的样本数不一样（{listed}）。每个样本都要有自己的标签：'
              '请让它们在第 {axis} 维上长度相同（例如都取 data[:n] 和 label[:n]）。'
              'MXNet 会先接受，到迭代周期中途才报错。'},
    'warn.labels_outside': {
        'en': '{op} "{name}" has {classes} classes (0..{last}), but labels {labels} fall '
              'outside them ({count} of {total} in this batch). Their loss is not defined: the '
              'gradient treats such a label as a class that does not exist, so no output is '
              'pulled up for it. Check num_hidden of the last layer or the labels (they must '
              'start at 0). Said once per output.',
        'zh': '{op}“{name}”只有 {classes} 个类别（0..{last}），但标签 {labels} 超出了这个范围'
              '（这个小批量里 {count}/{total} 个）。这些样本的损失没有定义：梯度把这样的标签当成'
              '一个不存在的类别，不会推高任何一个输出。请检查最后一层的 num_hidden，或者检查标签'
              '（必须从 0 开始编号）。每个输出只提醒一次。'},
}
