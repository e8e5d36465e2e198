"""The gradient lens."""
MESSAGES = {
    'grad.title': {'en': 'Gradient lens: how big each gradient and each step is',
                   'zh': '梯度透视：每个梯度和每一步更新有多大'},
    'grad.none': {'en': 'No backward seen yet: run forward and backward (or fit).',
                  'zh': '还没有看到反向传播：先运行 forward 和 backward（或者 fit）。'},
    'grad.step': {'en': 'Training step {step} (epoch {epoch}, batch {batch}):',
                  'zh': '第 {step} 步训练（第 {epoch} 个迭代周期的第 {batch} 个小批量）：'},
    'grad.col.norm': {'en': '‖g‖ (batch sum)', 'zh': '‖g‖（小批量内求和）'},
    'grad.col.mean': {'en': 'mean g', 'zh': 'g 的均值'},
    'grad.col.max': {'en': 'max |g|', 'zh': '最大 |g|'},
    'grad.col.scaled': {'en': '‖g‖ × rescale_grad', 'zh': '‖g‖ × rescale_grad'},
    'grad.col.ratio': {'en': '|Δw| / |w|', 'zh': '|Δw| / |w|'},
    'grad.explain.sum': {
        'en': 'g is what backward left in the gradient array: the sum over the batch. The '
              'optimizer multiplies it by rescale_grad (1/batch_size) first, so the step uses '
              'the mean; that is the "× rescale_grad" column.',
        'zh': 'g 是反向传播留在梯度数组里的值，也就是整个小批量的总和。优化器先把它乘以 '
              'rescale_grad（1/batch_size）再更新，所以真正使用的是平均梯度，即 '
              '“× rescale_grad” 那一列。'},
    'grad.explain.ratio': {
        'en': '|Δw|/|w| is how far the last update moved each weight compared with its size. '
              'Between about {low:g} and {high:g} training is usually steady; far above, the '
              'learning rate is too large; far below, learning is slow. Biases start at zero, '
              'so only the weights are judged.',
        'zh': '|Δw|/|w| 表示上一次更新让权重移动了多少（相对于权重本身的大小）。大约在 {low:g} '
              '到 {high:g} 之间时训练通常比较平稳；远大于这个范围，说明学习率太大；远小于它，'
              '学得就会很慢。偏置从零开始，这个比例对它们意义不大，所以只评判权重。'},
    'grad.ratio.big': {'en': 'Large steps for: {names}. Try a smaller learning rate.',
                       'zh': '这些参数的更新步子偏大：{names}。可以试试更小的学习率。'},
    'grad.ratio.small': {'en': 'Very small steps for: {names}.',
                         'zh': '这些参数的更新步子很小：{names}。'},
    'grad.over_time': {'en': 'Mean gradient norm per epoch', 'zh': '每个迭代周期的平均梯度范数'},
    # the network graph with each gradient's size (GradientLens.plot_network)
    'grad.graph.loss': {'en': 'backward starts here', 'zh': '反向传播从这里开始'},
    'grad.graph.none': {'en': 'no gradient', 'zh': '没有梯度'},
    'grad.graph.legend.scale': {'en': 'gradient size: L2 norm ‖g‖ (batch sum), log scale',
                                'zh': '梯度大小：L2 范数 ‖g‖（小批量内求和），对数刻度'},
    'grad.graph.legend.box': {'en': "box colour: the gradient of the layer's parameters "
                                    "(white: it has none)",
                              'zh': '方框颜色：该层模型参数的梯度（白色：没有模型参数）'},
    'grad.graph.legend.arrow': {'en': 'arrow colour, width, number: the gradient backward '
                                      'passes down it',
                                'zh': '箭头颜色、粗细和数字：反向传播沿它往下传的梯度'},
    'grad.graph.legend.dashed': {'en': 'dashed arrow: no gradient', 'zh': '虚线箭头：没有梯度'},
    'grad.graph.unbound': {
        'en': 'plot_network draws the gradients of a bound module, and this one is not bound. '
              'Bind it for training (mod.bind(data_shapes, label_shapes)), init_params, run '
              'mod.forward(batch, is_train=True) and mod.backward(), then call it again.',
        'zh': 'plot_network 画的是已绑定模块的梯度，而这个模块还没有绑定。先为训练绑定它'
              '（mod.bind(data_shapes, label_shapes)），调用 init_params，运行 '
              'mod.forward(batch, is_train=True) 和 mod.backward()，然后再调用。'},
    'grad.graph.inference': {
        'en': 'This module is bound for inference (for_training=False): it keeps no gradients '
              'to draw. Bind it again for training, mod.bind(data_shapes, label_shapes, '
              'for_training=True, force_rebind=True), run mod.forward(batch, is_train=True) '
              'and mod.backward(), then call plot_network again.',
        'zh': '这个模块是为预测绑定的（for_training=False），没有保存任何梯度可画。请重新为'
              '训练绑定：mod.bind(data_shapes, label_shapes, for_training=True, '
              'force_rebind=True)，运行 mod.forward(batch, is_train=True) 和 mod.backward()，'
              '然后再调用 plot_network。'},
    'grad.graph.no_backward': {
        'en': 'The gradient lens has seen no backward yet, so there is no gradient to draw. '
              'With the lens attached, run mod.forward(batch, is_train=True) and '
              'mod.backward() (or fit), then call plot_network again.',
        'zh': '梯度透视还没有看到反向传播，所以没有梯度可画。挂上透视之后运行 '
              'mod.forward(batch, is_train=True) 和 mod.backward()（或者 fit），'
              '然后再调用 plot_network。'},
    'grad.graph.bad_scale': {
        'en': 'scale must be (low, high) with 0 < low < high, got {scale}.',
        'zh': 'scale 必须是 (low, high)，并且 0 < low < high，收到的是 {scale}。'},
}
