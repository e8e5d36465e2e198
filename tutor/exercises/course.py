"""The course's self-checking exercises: name -> expected answer, comparison, hint and why.

Cells call ``mx.exercises.answer(name, value)``, so the expected value is not printed in the
notebook next to the question. Each expected value here is recomputed from tutor itself in
tests/exercises/test_course_exercises.py, so a change in the engine cannot leave a stale answer.
"""
import math

EXERCISES = {
    # chapter 1: symbols
    '01-fc3-weight-shape': dict(
        expected=(26, 32),
        hint={'en': 'one row per unit of fc3, one column per input it receives from relu2.',
              'zh': 'fc3 的每个单元一行，每个来自 relu2 的输入一列。'}),
    '01-batch-dependent': dict(
        expected=['data', 'softmax_label'], kind='names', ordered=False,
        hint={'en': 'does the number of weights a layer needs depend on how many rows a batch '
                    'has?',
              'zh': '一层需要多少个权重，和一个小批量有多少行有关系吗？'},
        why={'en': 'model parameters are shared by all rows of a batch; only the inputs '
                   'carry one row per sample.',
             'zh': '模型参数由小批量中的所有行共用；只有输入才是每个样本一行。'}),
    # chapter 2: module and bind
    '02-grads-with-inputs': dict(
        expected=['data', 'fc1_weight', 'fc1_bias', 'fc2_weight', 'fc2_bias'], kind='names',
        ordered=False,
        hint={'en': 'bind gives a gradient to every parameter; inputs_need_grad adds the '
                    'inputs that can have one. Can a letter\'s label be nudged a little?',
              'zh': 'bind 给每个模型参数分配梯度；inputs_need_grad 再加上能求梯度的输入。'
                    '字母的标签能“稍微挪一点”吗？'},
        why={'en': 'the label is an integer class, not a quantity to differentiate by.',
             'zh': '标签是整数类别，不是可以求导的量。'}),
    # chapter 3: the mid-level loop
    '03-bias-grad-sum': dict(
        expected=0, abs_tol=1e-4,
        hint={'en': 'the gradient of fc2_bias is the sum over the batch of p - onehot(y). What do '
                    'the 26 entries of one row of p add up to, and those of onehot(y)?',
              'zh': 'fc2_bias 的梯度是整个小批量上 p - onehot(y) 的和。p 的一行 26 个数加起来是多少？'
                    'onehot(y) 的一行呢？'},
        why={'en': 'each row of p sums to 1 and so does onehot(y): every sample adds 0. Raising '
                   'all 26 scores together changes no probability, so the loss cannot care.',
             'zh': 'p 的每一行和 onehot(y) 的每一行加起来都是 1：每个样本贡献 0。26 个得分一起加大，'
                   '概率一个也不变，损失函数自然不在乎。'}),
    # chapter 4: fit
    '04-epochs-with-begin-epoch': dict(
        expected=2,
        hint={'en': 'num_epoch is not "how many more": fit counts from begin_epoch up to, but '
                    'not including, num_epoch.',
              'zh': 'num_epoch 不是“再训练多少个”：fit 从 begin_epoch 数到 num_epoch，不含 num_epoch。'},
        why={'en': 'fit runs epochs 6 and 7: for epoch in range(begin_epoch, num_epoch).',
             'zh': 'fit 运行第 6 和第 7 个迭代周期：for epoch in range(begin_epoch, num_epoch)。'}),
    # chapter 5: predict and score
    '05-top26-accuracy': dict(
        expected=1,
        hint={'en': 'top-k accuracy counts a sample as right when its label is among the k '
                    'letters with the largest probabilities. How many letters are there?',
              'zh': 'top-k 准确率：标签在概率最大的 k 个字母之中，就算答对。一共有几个字母？'},
        why={'en': 'with k = 26 every letter is among the top k, whatever the model says: a '
                   'metric that cannot fail tells nothing.',
             'zh': 'k = 26 时，不管模型怎么说，每个字母都在前 k 个之中：永远不会错的指标什么也说明不了。'}),
    '05-uniform-cross-entropy': dict(
        expected=math.log(26), rel=1e-3,
        hint={'en': 'cross-entropy is the mean of -log p[label]; here p[label] is the same for '
                    'every sample. np.log works in the answer, e.g. -np.log(0.5).',
              'zh': '交叉熵是 -log p[标签] 的平均值；这里每个样本的 p[标签] 都一样。'
                    '答案里可以用 np.log，比如 -np.log(0.5)。'},
        why={'en': '-log(1/26) = log 26: the loss a trained model must beat (chapter 3).',
             'zh': '-log(1/26) = log 26：训练好的模型必须比这个损失更低（第 3 章）。'}),
    # chapter 6: save and load
    '06-bigger-batch-bigger-file': dict(
        expected=False,
        hint={'en': 'a checkpoint keeps the arrays the module would need to start again: the '
                    'parameters (and aux states). Does any of them have a batch dimension?',
              'zh': '检查点保存的是模块重新开始所需的数组：模型参数（以及辅助状态）。它们有哪个带批量这一维吗？'},
        why={'en': 'the file holds the weights and biases only, whose shapes do not depend on '
                   'the batch (chapter 1); data, outputs and gradients are not saved.',
             'zh': '文件里只有权重和偏置，它们的形状与批量大小无关（第 1 章）；数据、输出和梯度都不保存。'}),
    # chapter 7: under the hood
    '07-simple-bind-grads': dict(
        expected=8,
        hint={'en': 'simple_bind, unlike a module, gives every argument a gradient array. '
                    'List the arguments of a network with three FullyConnected layers.',
              'zh': '和模块不同，simple_bind 给每个参数都分配梯度数组。把有三个 FullyConnected 层的网络的参数列出来。'},
        why={'en': 'data, softmax_label and the weight and bias of fc1, fc2 and fc3.',
             'zh': 'data、softmax_label，以及 fc1、fc2、fc3 各自的权重和偏置。'}),
    # chapter 8: training better
    '08-updates-per-epoch': dict(
        expected=125,
        hint={'en': 'one update per batch: how many batches of 128 are in 16,000 rows?',
              'zh': '每个小批量更新一次：16,000 行能分成多少个 128 行的小批量？'}),
    '08-noise-factor': dict(
        expected=2, alternatives=(0.5,),
        hint={'en': 'the sd of a mean of B samples is sd / sqrt(B); how much larger is B?',
              'zh': 'B 个样本平均值的标准差是 sd / sqrt(B)；B 变成了几倍？'},
        why={'en': 'sqrt(128 / 32) = 2: half the noise.',
             'zh': 'sqrt(128 / 32) = 2：噪声减半。'}),
    '08-weight-decay-factor': dict(
        expected=0.999,
        hint={'en': 'with g = 0 the update is w - lr * wd * w = (1 - lr * wd) * w.',
              'zh': 'g = 0 时更新是 w - lr * wd * w = (1 - lr * wd) * w。'}),
    # chapter 9: convolution on letter images
    '09-conv1-output-shape': dict(
        expected=(32, 8, 24, 24),
        hint={'en': '(batch, one map per filter, height, width); each side is 28 - 5 + 1.',
              'zh': '（批量，每个卷积核一张特征图，高，宽）；每边是 28 - 5 + 1。'}),
    '09-conv2-parameters': dict(
        expected=3216,
        hint={'en': 'each of the 16 filters has a 5x5 window on each of the 8 input maps, '
                    'and one bias.',
              'zh': '16 个卷积核，每个在 8 张输入特征图上各有一个 5x5 的窗口，外加一个偏置。'}),
    '09-largest-layer': dict(
        expected='fc1', aliases=('fc1_weight',),
        hint={'en': 'compare 256 x 64 with the filter sizes of the two convolutions.',
              'zh': '把 256 x 64 和两个卷积层的卷积核大小比一比。'}),
}
