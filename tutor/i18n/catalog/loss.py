"""The loss lens and explain.loss: what each output layer minimises."""
MESSAGES = {
    'loss.title': {'en': 'Loss lens: how the loss is defined',
                   'zh': '损失透视：损失是怎么定义的'},
    'loss.defined': {'en': 'The loss each output layer minimises',
                     'zh': '每个输出层最小化的损失'},
    'loss.col.minimises': {'en': 'loss it minimises', 'zh': '最小化的损失'},
    'loss.col.train': {'en': 'train loss (mean)', 'zh': '训练损失（均值）'},
    'loss.col.val': {'en': 'validation loss (mean)', 'zh': '验证损失（均值）'},
    'loss.name.SoftmaxOutput': {'en': 'cross-entropy', 'zh': '交叉熵'},
    'loss.name.LinearRegressionOutput': {'en': 'half squared error', 'zh': '平方误差的一半'},
    'loss.name.LogisticRegressionOutput': {'en': 'logistic loss (binary cross-entropy)',
                                           'zh': '逻辑损失（二元交叉熵）'},
    'loss.name.MAERegressionOutput': {'en': 'absolute error', 'zh': '绝对误差'},
    'loss.name.MakeLoss': {'en': 'the value itself', 'zh': '输入本身就是损失'},
    'loss.name.none': {'en': 'none (not a loss layer)', 'zh': '无（不是损失层）'},
    'loss.explain.SoftmaxOutput': {
        'en': '{name}: forward turns the scores of {input} into probabilities p with softmax; '
              'backward acts as if the loss were the cross-entropy −log p[y] of each sample, '
              'summed over the batch, with the class y taken from {label}. There is no separate loss layer in MXNet: the output layer '
              'knows its own loss.',
        'zh': '{name}：前向时用 softmax 把 {input} 的得分变成概率 p；反向时就当损失是每个样本的交叉熵 '
              '−log p[y] 在小批量上的总和，其中类别 y 来自 {label}。MXNet 里没有单独的损失层，损失藏在输出层自己'
              '的反向计算里。'},
    'loss.explain.LinearRegressionOutput': {
        'en': '{name}: forward passes {input} through unchanged; backward acts as if the loss '
              'were half the squared difference to {label}, averaged over the m outputs of '
              'each sample.',
        'zh': '{name}：前向原样输出 {input}；反向时就当损失是它与 {label} 之差的平方的一半，'
              '并对每个样本的 m 个输出取平均。'},
    'loss.explain.LogisticRegressionOutput': {
        'en': '{name}: forward squashes {input} into (0, 1) with the sigmoid σ; backward acts '
              'as if the loss were the binary cross-entropy against the 0/1 targets in {label}.',
        'zh': '{name}：前向用 sigmoid σ 把 {input} 压到 (0, 1) 之间；反向时就当损失是以 '
              '{label} 中的 0/1 为目标的二元交叉熵。'},
    'loss.explain.MAERegressionOutput': {
        'en': '{name}: forward passes {input} through unchanged; backward acts as if the loss '
              'were the absolute difference to {label}, so every output is pushed by the same '
              'amount, whatever the size of its error.',
        'zh': '{name}：前向原样输出 {input}；反向时就当损失是它与 {label} 之差的绝对值，'
              '所以无论误差大小，每个输出受到的推动都一样大。'},
    'loss.explain.MakeLoss': {
        'en': '{name}: whatever {input} computes is the loss; backward starts from a gradient '
              'of 1 for each of its elements.',
        'zh': '{name}：{input} 算出来的值本身就是损失；反向从它每个元素的梯度 1 开始。'},
    'loss.gradient': {'en': 'The gradient that backward writes for each sample:',
                      'zh': '反向时为每个样本写入的梯度：'},
    'loss.grad_scale': {'en': 'grad_scale = {scale}: the gradient (and so the loss) is '
                              'multiplied by it.',
                        'zh': 'grad_scale = {scale}：梯度（也就相当于损失）要乘上这个数。'},
    'loss.normalization': {
        'en': "normalization = '{norm}': the layer already divides its gradient ('batch': by "
              "the batch size; 'valid': by the number of valid labels), on top of rescale_grad.",
        'zh': "normalization = '{norm}'：这一层自己已经把梯度除过一次（'batch' 除以批量大小，"
              "'valid' 除以有效标签数），之后 rescale_grad 还会再乘一次。"},
    'loss.no_head': {
        'en': 'No output is a loss layer, so backward() needs out_grads=[...], or end the '
              'network with SoftmaxOutput, a regression output or MakeLoss.',
        'zh': '没有一个输出是损失层，所以 backward() 需要传入 out_grads=[...]；或者在网络末尾'
              '加上 SoftmaxOutput、回归输出层或 MakeLoss。'},
    'loss.values': {'en': 'Loss values', 'zh': '损失的数值'},
    'loss.no_values': {
        'en': 'No batch seen yet: run forward with a labelled batch (or fit).',
        'zh': '还没有看到任何小批量：用带标签的小批量运行一次前向（或者 fit）。'},
    'loss.running': {'en': '{epoch} (running)', 'zh': '{epoch}（进行中）'},
    'loss.last_batch': {
        'en': 'Last training batch (epoch {epoch}, batch {batch}): {head} loss = {loss:.4f} '
              '({count} batches recorded).',
        'zh': '最近一个训练小批量（第 {epoch} 个迭代周期的第 {batch} 个小批量）：{head} 的损失 = {loss:.4f}'
              '（共记录 {count} 个小批量）。'},
    'loss.softmax.heading': {'en': 'Why the gradient of SoftmaxOutput is p − onehot(y)',
                             'zh': '为什么 SoftmaxOutput 的梯度是 p − onehot(y)'},
    'loss.softmax.why': {
        'en': 'With p = softmax(x) and loss −log p[y], the derivative by the score x[k] is '
              'p[k] − 1 for the true class k = y and p[k] for every other class. So backward '
              'needs no gradient from above: it writes p − onehot(y) straight into the gradient '
              'of its input. Probability that went to a wrong class is pushed down, the true '
              'class is pushed up by what it lacked.',
        'zh': '设 p = softmax(x)，损失为 −log p[y]。对得分 x[k] 求导：真实类别 k = y 处得 '
              'p[k] − 1，其余类别得 p[k]。所以反向不需要上游传来的梯度，直接把 p − onehot(y) '
              '写进输入的梯度：分给错误类别的概率被往下压，真实类别则被往上推，推多少正好是它'
              '还差多少。'},
    'loss.softmax.sample': {
        'en': 'Sample 0 of the last batch: label y = {y}, p[y] = {py:.4f}, so its loss is '
              '−log p[y] = {loss:.4f}.',
        'zh': '上一个小批量的第 0 个样本：标签 y = {y}，p[y] = {py:.4f}，所以它的损失是 '
              '−log p[y] = {loss:.4f}。'},
    'loss.softmax.bias_check': {
        'en': "Check: the gradient of {bias} is the sum of p − onehot(y) over the {n} samples "
              "of the batch (norm {norm:.4g}); it differs from the sum computed here by at most "
              "{diff:.2g}.",
        'zh': '验证：{bias} 的梯度等于 p − onehot(y) 在这个小批量 {n} 个样本上的总和（范数 '
              '{norm:.4g}），与这里手算的总和最多相差 {diff:.2g}。'},
    'loss.rescale.heading': {'en': 'From a sum to a mean: rescale_grad',
                             'zh': '从求和到平均：rescale_grad'},
    'loss.rescale.text': {
        'en': 'Backward adds the gradients of the {n} samples of a batch (normalization='
              "'null'): it is the gradient of the summed loss, not of the mean. "
              'Module.init_optimizer sets rescale_grad = 1/batch_size = 1/{n} = {rescale:.6g}, '
              'and the optimizer multiplies every gradient by it before the step, so each '
              'update follows the mean gradient of the batch. That keeps one step of a given '
              'learning rate about the same size for any batch size; it does not make the best '
              'learning rate independent of the batch size (a bigger batch takes fewer, less '
              'noisy steps per epoch).',
        'zh': "反向传播把一个小批量里 {n} 个样本的梯度加在一起（normalization='null'）：这是"
              '损失之和的梯度，而不是平均损失的梯度。Module.init_optimizer 把 rescale_grad 设为 '
              '1/batch_size = 1/{n} = {rescale:.6g}，优化器在更新前先把每个梯度乘上它，于是每次'
              '更新用的都是小批量内的平均梯度。这样，同一个学习率在不同的批量大小下每一步的'
              '幅度大致相当；但这并不意味着最合适的学习率与批量大小无关（批量越大，每个迭代'
              '周期走的步数越少，每一步的噪声也越小）。'},
    'loss.rescale.pending': {
        'en': 'The optimizer is not initialised yet; init_optimizer (or fit) will set this.',
        'zh': '优化器还没有初始化；init_optimizer（或 fit）会设置这个值。'},
    'loss.rescale.unusual': {
        'en': 'Note: this optimizer has rescale_grad = {rescale:.6g}, not 1/batch_size = '
              '{expected:.6g} (it was made outside the module), so its steps are not means.',
        'zh': '注意：这个优化器的 rescale_grad = {rescale:.6g}，而不是 1/batch_size = '
              '{expected:.6g}（它是在模块外面创建的），所以它每一步用的不是平均梯度。'},
    'loss.rescale.step': {
        'en': 'With learning_rate = {lr:g}, one SGD step is w ← w − {lr:g} × {rescale:.6g} × '
              '(summed gradient) = w − {product:.6g} × (summed gradient).',
        'zh': '学习率 learning_rate = {lr:g} 时，一步 SGD 是 w ← w − {lr:g} × {rescale:.6g} × '
              '梯度之和 = w − {product:.6g} × 梯度之和。'},
}
