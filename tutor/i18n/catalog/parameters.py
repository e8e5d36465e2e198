"""The parameter lens and explain.roles: which array is what, and how tutor decided."""
MESSAGES = {
    'params.title': {'en': 'Parameter lens: which arrays are parameters, and which are not',
                     'zh': '参数透视：哪些数组是模型参数，哪些不是'},
    'params.how': {
        'en': 'How the module decides: every argument of the symbol is a parameter, except '
              'the inputs you named in data_names={data} and label_names={label}. Arrays that '
              'an op keeps for itself (BatchNorm\'s moving statistics) are auxiliary states. '
              'bind then adds a gradient for each parameter, and the optimizer adds its own '
              'state.',
        'zh': '模块是这样判断的：符号的输入变量（list_arguments() 列出的那些）里，除了你在 '
              'data_names={data} 和 label_names={label} 里点名的数据和标签，剩下的全是模型参数。'
              '某个算子自己维护的数组（比如 BatchNorm 的均值和方差的移动平均）是辅助状态。之后绑定时'
              '会为每个参数分配一个梯度，优化器还会加上它自己的状态。'},
    'params.col.why': {'en': 'how tutor decided', 'zh': '判断依据'},
    'params.col.init': {'en': 'first value set by', 'zh': '初始值来自'},
    'params.col.grad': {'en': 'has grad?', 'zh': '有梯度？'},
    'params.col.updated': {'en': 'updated by optimizer?', 'zh': '由优化器更新？'},
    'params.col.saved': {'en': 'saved in checkpoint?', 'zh': '存进检查点？'},
    'params.no_opt_state': {
        'en': '{opt} keeps no state for these parameters (plain SGD without momentum needs '
              'none), so there is no optimizer state to show or save.',
        'zh': '{opt} 没有为这些参数保存任何状态（不带动量的普通 SGD 不需要状态），'
              '所以没有优化器状态可显示，也没有什么可保存的。'},
    'params.aux_note': {
        'en': 'Auxiliary states are saved in the checkpoint (aux: keys) but the optimizer '
              'never touches them: their op updates them during forward in training.',
        'zh': '辅助状态会存进检查点（以 aux: 开头的键），但优化器从不更新它们：'
              '它们是在训练时的前向计算里由所属的算子自己更新的。'},
    'role.data': {'en': 'data', 'zh': '数据'},
    'role.label': {'en': 'label', 'zh': '标签'},
    'role.state': {'en': 'state input', 'zh': '状态输入'},
    'role.param': {'en': 'argument parameter', 'zh': '模型参数（arg）'},
    'role.aux': {'en': 'auxiliary state', 'zh': '辅助状态'},
    'role.output': {'en': 'output', 'zh': '输出'},
    'role.grad': {'en': 'gradient', 'zh': '梯度'},
    'role.opt_state': {'en': 'optimizer state', 'zh': '优化器状态'},
    'why.data': {'en': 'named in data_names', 'zh': '列在 data_names 里'},
    'why.label': {'en': 'named in label_names', 'zh': '列在 label_names 里'},
    'why.state': {'en': 'named in state_names', 'zh': '列在 state_names 里'},
    'why.param': {'en': 'an argument not named in data_names or label_names',
                  'zh': '是符号的输入变量，但不在 data_names 或 label_names 里'},
    'why.fixed': {'en': '(in fixed_param_names: kept fixed)',
                  'zh': '（在 fixed_param_names 里：保持不变）'},
    'why.label_as_param': {
        'en': '(its name looks like a label: should it be in label_names?)',
        'zh': '（名字看起来像标签：是不是忘了写进 label_names？）'},
    'why.aux': {'en': 'kept by {op} {node} for itself (an auxiliary state)',
                'zh': '由 {op} 层 {node} 自己维护（辅助状态）'},
    'why.output': {'en': 'an output of the symbol (list_outputs)',
                   'zh': '符号的输出（list_outputs）'},
    'why.grad': {'en': 'allocated by bind to hold d(loss)/d({name})',
                 'zh': '绑定时分配，用来存放 d(损失)/d({name})'},
    'why.opt_state': {'en': 'created by {opt} at the first update',
                      'zh': '由 {opt} 在第一次更新时创建'},
    'name.grad': {'en': 'grad of {name}', 'zh': '{name} 的梯度'},
    'name.opt_state': {'en': 'state of {name}', 'zh': '{name} 的优化器状态'},
    'updated.by_optimizer': {'en': 'by the optimizer, at each update',
                             'zh': '由优化器在每次更新时改写'},
    'updated.by_op': {'en': 'no: {op} updates it in forward',
                      'zh': '否：由 {op} 在前向时更新'},
    'saved.arg': {'en': 'yes, as arg:{name}', 'zh': '是，键为 arg:{name}'},
    'saved.aux': {'en': 'yes, as aux:{name}', 'zh': '是，键为 aux:{name}'},
    'saved.states': {'en': 'only with save_optimizer_states=True (.states file)',
                     'zh': '仅当 save_optimizer_states=True 时（存在 .states 文件里）'},
    'init.rule.given': {'en': 'given (arg_params / set_params / a checkpoint)',
                        'zh': '直接给定（arg_params / set_params / 检查点）'},
    'init.rule.kept': {'en': 'kept as it was', 'zh': '保持原值'},
    'init.rule.initializer': {'en': 'initializer {init}', 'zh': '初始化器 {init}'},
    'init.rule.suffix': {'en': "initializer: the name ends in '{what}'",
                         'zh': "初始化器：名字以 '{what}' 结尾"},
    'init.rule.attr': {'en': "the variable's own __init__ attribute",
                       'zh': '变量自带的 __init__ 属性'},
    'init.rule.legacy': {'en': "initializer (old rule): the name ends in '{what}'",
                         'zh': "初始化器（旧规则）：名字以 '{what}' 结尾"},
    'init.rule.load': {'en': 'Load initializer ({what})', 'zh': 'Load 初始化器（{what}）'},
    'init.rule.mixed': {'en': "Mixed initializer, pattern '{what}'",
                        'zh': "Mixed 初始化器，匹配模式 '{what}'"},
    'init.rule.suffix.weight': {
        'en': "the initializer's random values (the name ends in '{what}')",
        'zh': "初始化器生成的随机值（名字以 '{what}' 结尾）"},
    'init.rule.suffix.bias': {'en': "zero (the name ends in '{what}')",
                              'zh': "全零（名字以 '{what}' 结尾）"},
    'init.rule.suffix.gamma': {'en': "one (the name ends in '{what}')",
                               'zh': "全一（名字以 '{what}' 结尾）"},
    'init.rule.suffix.beta': {'en': "zero (the name ends in '{what}')",
                              'zh': "全零（名字以 '{what}' 结尾）"},
}
