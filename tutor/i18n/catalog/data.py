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
    'err.reshape_param': {
        'en': 'This batch does not fit the network as it was bound: its inputs change '
              '({changed}), and that would change the parameter {name} from {old} to {new}. A '
              'parameter cannot change shape (its learned values would be lost). Most often the '
              'data has another number of features than the data given to bind: feed data shaped '
              'like it, or bind again for the new shape (mod.bind(..., force_rebind=True)) and '
              'initialise the parameters again.',
        'zh': '这个小批量和绑定时的网络对不上：输入的形状变了（{changed}），这会让参数 {name} '
              '从 {old} 变成 {new}。参数的形状不能变（否则学到的值就丢了）。最常见的原因是'
              '数据的特征数和 bind 时给的不一样：请送入同样形状的数据，或者按新形状重新绑定'
              '（mod.bind(..., force_rebind=True)）并重新初始化参数。'},
}
