"""The checkpoint lens and explain.checkpoint."""
MESSAGES = {
    'ckpt.title': {'en': 'Checkpoint lens: what a checkpoint keeps, and why',
                   'zh': '检查点透视：检查点保存了什么，为什么'},
    'ckpt.none': {'en': 'No checkpoint saved or loaded since the lens was attached.',
                  'zh': '挂上透视之后，还没有保存或加载过检查点。'},
    'ckpt.saved_count': {'en': '{n} checkpoints saved (epochs {epochs}); the last one:',
                         'zh': '共保存了 {n} 个检查点（迭代周期 {epochs}），下面是最后一个：'},
    'ckpt.saved': {'en': 'Saved: prefix {prefix!r}, epoch {epoch}',
                   'zh': '已保存：前缀 {prefix!r}，迭代周期 {epoch}'},
    'ckpt.loaded': {'en': 'Loaded: prefix {prefix!r}, epoch {epoch}',
                    'zh': '已加载：前缀 {prefix!r}，迭代周期 {epoch}'},
    'ckpt.col.holds': {'en': 'holds', 'zh': '内容'},
    'ckpt.col.what': {'en': 'not saved', 'zh': '没有保存的'},
    'ckpt.file.symbol': {'en': 'the graph as JSON (no numbers)',
                         'zh': '计算图的 JSON（不含任何数值）'},
    'ckpt.file.params': {'en': '{n} arrays, each under its arg: or aux: key',
                         'zh': '{n} 个数组，每个都以 arg: 或 aux: 开头的键存放'},
    'ckpt.file.states': {'en': "the optimizer's states (momentum, ...)",
                         'zh': '优化器的状态（动量等）'},
    'ckpt.overhead': {
        'en': 'The .params file is {size} bytes: {numbers} bytes of numbers and {headers} '
              'bytes of headers (a magic number, the shape and type of each array, the names).',
        'zh': '.params 文件共 {size} 字节：其中 {numbers} 字节是数值本身，其余 {headers} '
              '字节是文件头（魔数、每个数组的形状和类型、名字）。'},
    'ckpt.keys': {
        'en': 'arg: marks the parameters the optimizer trains; aux: marks the auxiliary states '
              'that ops such as BatchNorm update themselves. load_checkpoint splits the file '
              'back into arg_params and aux_params by these prefixes.',
        'zh': 'arg: 表示由优化器训练的参数；aux: 表示 BatchNorm 这类算子自己更新的辅助状态。'
              'load_checkpoint 加载时就是按这两个前缀把文件拆回 arg_params 和 aux_params。'},
    'ckpt.not_saved': {'en': 'What the checkpoint does not keep', 'zh': '检查点没有保存的东西'},
    'ckpt.not.data': {'en': 'data', 'zh': '数据'},
    'ckpt.not.label': {'en': 'labels', 'zh': '标签'},
    'ckpt.not.grad': {'en': 'gradients', 'zh': '梯度'},
    'ckpt.not.output': {'en': 'outputs', 'zh': '输出'},
    'ckpt.not.opt': {'en': 'optimizer state', 'zh': '优化器状态'},
    'ckpt.not.settings': {'en': 'module settings', 'zh': '模块的设置'},
    'ckpt.why.data': {'en': 'inputs: the data iterator supplies new ones every batch',
                      'zh': '这是输入：数据迭代器每个小批量都会送来新的'},
    'ckpt.why.label': {'en': 'inputs too: they come with each batch',
                       'zh': '也是输入：随每个小批量一起送来'},
    'ckpt.why.grad': {'en': 'recomputed by every backward; they describe one batch only',
                      'zh': '每次反向都会重新计算，只对应某一个小批量'},
    'ckpt.why.output': {'en': 'recomputed by every forward from data and parameters',
                        'zh': '每次前向都会根据数据和参数重新算出'},
    'ckpt.why.opt': {
        'en': 'only with save_optimizer_states=True (a .states file); without it, resuming '
              'restarts momentum or Adam from zero',
        'zh': '只有 save_optimizer_states=True 时才保存（存成 .states 文件）；否则恢复训练时'
              '动量或 Adam 的状态会从零开始'},
    'ckpt.no_states': {
        'en': 'No .states file next to it: the optimizer state (momentum, Adam moments) was not '
              'saved. It is written only with save_optimizer_states=True; without it, resuming '
              'restarts momentum or Adam from zero.',
        'zh': '旁边没有 .states 文件：优化器的状态（动量、Adam 的矩估计）没有保存。只有 '
              'save_optimizer_states=True 时才会写这个文件；没有它，恢复训练时动量或 Adam '
              '的状态会从零开始。'},
    'ckpt.why.settings': {
        'en': 'data_names, label_names, the optimizer and its learning rate are in no file: '
              'give them again when you create the Module and call fit',
        'zh': 'data_names、label_names、优化器和学习率都不在任何文件里：重新创建 Module '
              '和调用 fit 时要再给一次'},
    'ckpt.loaded_next': {
        'en': 'Loading only reads the files: pass the arrays to mod.set_params(arg_params, '
              'aux_params) or fit(arg_params=..., aux_params=..., begin_epoch=...) to use them.',
        'zh': '加载只是把文件读进来：要用它们，还得传给 mod.set_params(arg_params, '
              'aux_params)，或者 fit(arg_params=..., aux_params=..., begin_epoch=...)。'},
    'ckpt.missing': {
        'en': 'No checkpoint at {path}: expected {expected}. Files with this prefix: {found}.',
        'zh': '在 {path} 没有找到检查点：应当有 {expected}。这个前缀下现有的文件：{found}。'},
    'ckpt.epochs': {'en': 'Epochs saved with this prefix: {epochs}; showing epoch {epoch}.',
                    'zh': '这个前缀下保存过的迭代周期：{epochs}；下面显示第 {epoch} 个迭代周期。'},
    'ckpt.inputs': {
        'en': 'Arguments of the symbol that are not in the file (inputs, given each batch): '
              '{names}.',
        'zh': '符号里没有存进文件的输入变量（每个小批量都会重新送来）：{names}。'},
    'ckpt.states_file': {'en': 'Optimizer states: {path} ({size} bytes).',
                         'zh': '优化器状态：{path}（{size} 字节）。'},
    'ckpt.leftovers': {
        'en': 'Temporary files of unfinished saves beside it: {n}, {size} in all',
        'zh': '旁边还有 {n} 个临时文件，是没有完成的保存留下的，共 {size}'},
    'ckpt.col.leftover': {'en': 'why it is there', 'zh': '为什么在这里'},
    'ckpt.leftover.stale': {
        'en': 'left by a save that was killed (process {pid} is gone); the next save to this '
              'file removes it, or delete it yourself',
        'zh': '某次保存被强行中断时留下的（进程 {pid} 已经不在了）；下次保存同一个文件时会'
              '自动删掉，也可以手动删除'},
    'ckpt.leftover.live': {
        'en': 'process {pid} is writing it right now; it becomes the file when that save ends',
        'zh': '进程 {pid} 正在写它；那次保存完成后，它就会变成正式文件'},
}
