"""The course's self-checking exercises: name -> expected answer, comparison, hint and why.

Cells call ``mx.exercises.answer(name, value)``, so the expected value is not printed in the
notebook next to the question. Each expected value here is recomputed from tutor itself in
tests/exercises/test_course_exercises.py, so a change in the engine cannot leave a stale answer.
"""
import math

import numpy as np


def _score_batches():
    """(p, y, h) as chapter 3 has them (softmax rows, integer labels, ReLU outputs), for two
    batch sizes so that an answer with the batch size written in fails."""
    rs = np.random.RandomState(3)
    for rows in (32, 5):
        scores = rs.standard_normal((rows, 26))
        p = np.exp(scores) / np.exp(scores).sum(1, keepdims=True)
        yield p, rs.randint(0, 26, rows), np.maximum(rs.standard_normal((rows, 64)), 0)


def _fc2_weight_grad(p, y, h):
    return (p - np.eye(26)[y]).T @ h


def _square_inputs():
    """(x, dy) with both signs and two shapes; dy is not ones, so forgetting it shows."""
    rs = np.random.RandomState(7)
    for shape in ((4, 5), (3,)):
        yield rs.uniform(-2, 2, shape), rs.uniform(-2, 2, shape)


def _square_backward(x, dy):
    return 2 * x * dy


EXERCISES = {
    # chapter 0: the course and its data
    '00-letters-shape': dict(
        expected=(20000, 16),
        hint={'en': 'one row per letter, one column per feature: how many letters are there, '
                    'and how many numbers describe each?',
              'zh': '每个字母一行，每个特征一列：一共有多少个字母？每个字母用几个数来描述？'},
        why={'en': 'rows are samples, columns are features; the labels are an array of their '
                   'own, of shape (20000,).',
             'zh': '行是样本，列是特征；标签单独放在另一个形状为 (20000,) 的数组里。'}),
    '00-guessing-accuracy': dict(
        expected=1 / 26, rel=0.02,
        hint={'en': 'whatever the true letter is, a blind guess hits it with a chance of one in '
                    'how many?',
              'zh': '不管真正的字母是哪个，盲猜猜中它的机会是几分之一？'},
        why={'en': '1/26 ≈ 0.038 for every letter, so on average too: the accuracy a trained '
                   'network has to beat.',
             'zh': '每个字母都是 1/26 ≈ 0.038，平均下来也是：训练出来的网络至少要超过这个准确率。'}),
    '00-ink-feature': dict(
        expected='onpix',
        hint={'en': 'the names are abbreviations: look for the one with pix (pixels) in it.',
              'zh': '特征名都是缩写：找名字里带 pix（像素）的那个。'},
        why={'en': 'onpix counts the pixels with ink, scaled to 0..15 like every feature: a '
                   'bold letter has more of them than a thin one.',
             'zh': 'onpix 数的是有墨迹的像素，和其他特征一样缩放到 0..15：粗体字母的墨迹像素比细体的多。'}),
    # chapter 1: symbols
    '01-deep-parameter-count': dict(
        expected=4026,
        hint={'en': 'a FullyConnected layer has (inputs x units) weights and one bias per '
                    'unit: fc1 sees 16 features, fc2 the 64 units of relu1, fc3 the 32 of '
                    'relu2.',
              'zh': '一个 FullyConnected 层有（输入个数 x 单元个数）个权重，每个单元再加一个偏置：'
                    'fc1 看到 16 个特征，fc2 看到 relu1 的 64 个单元，fc3 看到 relu2 的 32 个单元。'},
        why={'en': '1088 + 2080 + 858: fc2, which joins 64 units to 32, holds about half.',
             'zh': '1088 + 2080 + 858：把 64 个单元连到 32 个单元的 fc2 占了大约一半。'}),
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
    '02-rescale-grad-128': dict(
        expected=1 / 128,
        hint={'en': 'init_optimizer sets rescale_grad so that the gradient summed over a batch '
                    'becomes a mean.',
              'zh': 'init_optimizer 设置 rescale_grad，把整个小批量上加起来的梯度变成平均值。'},
        why={'en': 'rescale_grad = 1/batch_size = 1/128: a step has the same size whatever the '
                   'batch size.',
             'zh': 'rescale_grad = 1/batch_size = 1/128：不管批量大小是多少，每一步的大小都一样。'}),
    '02-fc1-weight-shape-128': dict(
        expected=(64, 16),
        hint={'en': 'does the number of weights of fc1 depend on how many rows a batch has? '
                    '(chapter 1)',
              'zh': 'fc1 的权重个数和一个小批量有多少行有关系吗？（第 1 章）'},
        why={'en': 'the parameters are shared by every row of a batch.',
             'zh': '模型参数由小批量中的每一行共用。'}),
    '02-output-shape-128': dict(
        expected=(128, 26),
        hint={'en': 'one row per sample, one column per letter.',
              'zh': '每个样本一行，每个字母一列。'}),
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
    '03-fc2-weight-grad': dict(
        expected=_fc2_weight_grad, inputs=_score_batches,
        hint={'en': 'for one sample, the gradient of W is the outer product of its score '
                    'gradient (26 numbers) and its h (64 numbers); the batch adds these '
                    'products up, which is one matrix product. np.eye(26)[y] is onehot(y).',
              'zh': '对一个样本，W 的梯度是它的得分梯度（26 个数）和它的 h（64 个数）的外积；'
                    '整个小批量把这些外积加起来，正好是一次矩阵乘法。np.eye(26)[y] 就是 onehot(y)。'},
        why={'en': 'row k adds up h_i weighted by p_ik - [k = y_i] over the batch: a sum, not '
                   'a mean (the optimizer\'s rescale_grad makes it a mean later).',
             'zh': '第 k 行是整个小批量上按 p_ik - [k = y_i] 加权的 h_i 之和：是和，不是平均值'
                   '（之后由优化器的 rescale_grad 变成平均值）。'}),
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
    '04-callback-calls': dict(
        expected=1000,
        hint={'en': 'one call per batch: how many batches of 32 are in 16,000 rows, and how '
                    'many epochs?',
              'zh': '每个小批量调用一次：16,000 行能分成多少个 32 行的小批量？一共几个迭代周期？'}),
    '04-largest-nbatch': dict(
        expected=499,
        hint={'en': 'param.nbatch counts the batches of the current epoch, starting from 0.',
              'zh': 'param.nbatch 数的是当前迭代周期里的小批量，从 0 开始。'},
        why={'en': 'nbatch starts again from 0 in every epoch: 0 to 499, twice.',
             'zh': '每个迭代周期 nbatch 都从 0 重新数：0 到 499，数两遍。'}),
    '04-epochs-with-begin-epoch': dict(
        expected=2,
        hint={'en': 'num_epoch is not "how many more": fit counts from begin_epoch up to, but '
                    'not including, num_epoch.',
              'zh': 'num_epoch 不是“再训练多少个”：fit 从 begin_epoch 数到 num_epoch，不含 num_epoch。'},
        why={'en': 'fit runs epochs 6 and 7: for epoch in range(begin_epoch, num_epoch).',
             'zh': 'fit 运行第 6 和第 7 个迭代周期：for epoch in range(begin_epoch, num_epoch)。'}),
    # chapter 5: predict and score
    '05-pad-300': dict(
        expected=200,
        hint={'en': 'how many full batches of 300 fit in 4,000 rows, and how many real rows '
                    'does the last batch have?',
              'zh': '4,000 行能装满几个 300 行的小批量？最后一个小批量里有几行真数据？'},
        why={'en': '4000 = 13 x 300 + 100: the 14th batch has 100 real rows and 200 filler '
                   'rows.',
             'zh': '4000 = 13 x 300 + 100：第 14 个小批量有 100 行真数据和 200 行填充。'}),
    '05-rows-scored-300': dict(
        expected=4200,
        hint={'en': 'score hands every batch to the metric as it is, filler rows included.',
              'zh': 'score 把每个小批量原样交给评价指标，填充的行也在内。'},
        why={'en': '14 batches of 300 rows; predict drops the filler and returns 4000 rows.',
             'zh': '14 个 300 行的小批量；predict 会去掉填充，返回 4000 行。'}),
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
    '06-period-2-files': dict(
        expected=['ex-0002.params', 'ex-0004.params', 'ex-symbol.json'], kind='names',
        ordered=False,
        hint={'en': 'after epoch i (counted from 0) the callback saves when (i + 1) % period '
                    '== 0, as file number i + 1; the symbol goes to the same file every time.',
              'zh': '第 i 个迭代周期（从 0 数）结束时，若 (i + 1) % period == 0，回调就保存，文件编号是 '
                    'i + 1；符号每次都写进同一个文件。'},
        why={'en': 'files 0002 and 0004, and one symbol file; the fifth epoch is not saved.',
             'zh': '文件 0002 和 0004，加上一个符号文件；第 5 个迭代周期没有保存。'}),
    '06-bigger-batch-bigger-file': dict(
        expected=False,
        hint={'en': 'a checkpoint keeps the arrays the module would need to start again: the '
                    'parameters (and aux states). Does any of them have a batch dimension?',
              'zh': '检查点保存的是模块重新开始所需的数组：模型参数（以及辅助状态）。它们有哪个带批量这一维吗？'},
        why={'en': 'the file holds the weights and biases only, whose shapes do not depend on '
                   'the batch (chapter 1); data, outputs and gradients are not saved.',
             'zh': '文件里只有权重和偏置，它们的形状与批量大小无关（第 1 章）；数据、输出和梯度都不保存。'}),
    # chapter 7: under the hood
    '07-square-backward': dict(
        expected=_square_backward, inputs=_square_inputs,
        hint={'en': 'the derivative of x² is 2x; the chain rule then multiplies it by dy, the '
                    'gradient that arrives from above.',
              'zh': 'x² 的导数是 2x；再按链式法则乘上从上游传来的梯度 dy。'},
        why={'en': 'dL/dx = dL/dy · dy/dx = dy · 2x, element by element.',
             'zh': 'dL/dx = dL/dy · dy/dx = dy · 2x，逐元素相乘。'}),
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
    # chapter 10: many devices
    '10-rescale-grad-three-devices': dict(
        expected=1 / 60,
        hint={'en': 'the optimizer sees the gradients of all devices added up: a sum over how '
                    'many rows?',
              'zh': '优化器看到的是所有设备的梯度之和：这是多少行的和？'},
        why={'en': 'each device computes the sum over its 20 rows and the KVStore adds the '
                   'three: the sum over the whole batch of 60, whatever the number of devices.',
             'zh': '每个设备算出自己 20 行的和，KVStore 再把三个和加起来：不管有几个设备，'
                   '都是整个小批量 60 行的和。'}),
    '10-kvstore-sum': dict(
        expected=6,
        hint={'en': 'without an optimizer, does push add to the stored value or replace it?',
              'zh': '没有优化器时，push 是加到存着的值上，还是替换它？'},
        why={'en': 'the pushed arrays are added (1 + 2 + 3) and the sum replaces the stored '
                   'value: the store holds the newest sum of gradients, not a running total.',
             'zh': '推送的数组先相加（1 + 2 + 3），它们的和替换掉原来存着的值：存储里放的是最新一次的梯度之和，'
                   '不是累计的总数。'}),
    '10-momentum-arrays': dict(
        expected=8,
        hint={'en': 'with MXNET_UPDATE_ON_KVSTORE=0 every device runs the optimizer on its own '
                    'copy of each parameter; the optimizer\'s index is i * num_devices + k.',
              'zh': '设置 MXNET_UPDATE_ON_KVSTORE=0 后，每个设备对自己那份模型参数运行优化器；优化器的'
                    '编号是 i * num_devices + k。'},
        why={'en': '4 parameters x 2 devices. On the store there would be 4, one per key; the two '
                   'devices\' copies hold the same numbers, the memory price of updating on the '
                   'devices.',
             'zh': '4 个模型参数 x 2 个设备。在存储上更新时只有 4 个，每个键一个；两个设备上的两份数值完全相同，'
                   '这是在设备上更新要付出的内存代价。'}),
    # chapter 11: sequences
    '11-lstm-parameters': dict(
        expected=20992,
        hint={'en': 'i2h_weight is (4 x 64, 16), h2h_weight (4 x 64, 64), and each of the '
                    'two biases has 4 x 64 numbers: one block of 64 per gate.',
              'zh': 'i2h_weight 是 (4 x 64, 16)，h2h_weight 是 (4 x 64, 64)，两个偏置各有 4 x 64 '
                    '个数：每个门一块 64。'},
        why={'en': '4096 + 16384 + 2 x 256: four gates, each a layer of its own, so four times '
                   'the parameters of a plain RNN cell of the same size.',
             'zh': '4096 + 16384 + 2 x 256：四个门各是一层，所以参数是同样大小的普通 RNN 单元的四倍。'}),
    '11-ignored-positions': dict(
        expected=6,
        hint={'en': 'the label of a position is the next character. Which positions have no '
                    'next character?',
              'zh': '每个位置的标签是下一个字符。哪些位置后面没有字符？'},
        why={'en': 'characters 2 to 11 are the labels of positions 1 to 10; position 11 (the '
                   'last character) and the 5 padded positions get 0, which ignore_label=0 '
                   'leaves out.',
             'zh': '第 2 到第 11 个字符是第 1 到第 10 个位置的标签；第 11 个位置（最后一个字符）和 5 个填充位置的'
                   '标签是 0，ignore_label=0 把它们排除在外。'}),
}
