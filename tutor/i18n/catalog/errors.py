"""What tutor adds to an error: the next step to take. MXNet's own words (when it has any) stay
in English in front, so they can still be searched for; the advice follows in the learner's
language. Used by tutor/module, tutor/model.py and the file loaders."""
MESSAGES = {
    # --- the module's state machine (MXNet: a bare AssertionError) ---
    'err.not_bound': {
        'en': '{step} needs a bound module: call mod.bind(data_shapes=train_iter.provide_data, '
              'label_shapes=train_iter.provide_label) first (fit binds for you).',
        'zh': '{step} 需要一个已绑定的模块：请先调用 mod.bind(data_shapes=train_iter.provide_data, '
              'label_shapes=train_iter.provide_label)（fit 会自动绑定）。'},
    'err.not_initialized': {
        'en': '{step} needs initialised parameters: call mod.init_params() (or mod.set_params'
              '(...)) after bind; fit does both.',
        'zh': '{step} 需要先初始化参数：绑定之后调用 mod.init_params()（或 mod.set_params(...)）；'
              'fit 会自动完成这两步。'},
    'err.no_optimizer': {
        'en': "{step} needs an optimizer: call mod.init_optimizer(optimizer='sgd', "
              "optimizer_params={{'learning_rate': 0.1}}) after init_params; fit does it for you.",
        'zh': "{step} 需要优化器：在 init_params 之后调用 mod.init_optimizer(optimizer='sgd', "
              "optimizer_params={{'learning_rate': 0.1}})；fit 会自动完成。"},
    'err.init_before_bind': {
        'en': 'init_params fills the arrays that bind allocates, so call mod.bind(...) first '
              '(fit does both).',
        'zh': 'init_params 填充的是 bind 分配好的数组，所以请先调用 mod.bind(...)'
              '（fit 会自动完成这两步）。'},
    'err.backward_not_training': {
        'en': 'This module was bound with for_training=False (for prediction), so it has no '
              'gradient arrays. Bind it again for training: mod.bind(..., for_training=True, '
              'force_rebind=True).',
        'zh': '这个模块绑定时用了 for_training=False（只用于预测），没有分配梯度数组。'
              '请为训练重新绑定：mod.bind(..., for_training=True, force_rebind=True)。'},
    'err.no_input_grads': {
        'en': 'get_input_grads needs the gradients of the inputs: bind with mod.bind(..., '
              'inputs_need_grad=True, force_rebind=True).',
        'zh': 'get_input_grads 需要输入数据的梯度：请用 mod.bind(..., inputs_need_grad=True, '
              'force_rebind=True) 重新绑定。'},
    'err.input_grads_predict': {
        'en': 'inputs_need_grad=True needs for_training=True: only a module bound for training '
              'has gradients.',
        'zh': 'inputs_need_grad=True 需要同时设置 for_training=True：只有为训练而绑定的模块才有梯度。'},
    'err.interrupted': {
        'en': 'Training interrupted in epoch {epoch}; the parameters are those after the last '
              'whole batch. Call fit again to go on (it starts a new pass over the data).',
        'zh': '训练在第 {epoch} 个迭代周期中途被中断；参数停留在最后一个完整小批量更新之后的状态。'
              '再次调用 fit 即可继续（它会从数据的开头重新开始一个迭代周期）。'},
    'err.num_epoch': {
        'en': 'Say how many passes over the data to make: mod.fit(train_iter, num_epoch=10).',
        'zh': '请告诉 fit 要把数据过几遍：mod.fit(train_iter, num_epoch=10)。'},
    # --- names and shapes given to bind ---
    'err.shape_is_array': {
        'en': '{what}_shapes: the shape of {name!r} must be a tuple of ints, got {kind}. Pass '
              'the shape (array.shape, or train_iter.provide_data), not the array.',
        'zh': '{what}_shapes：{name!r} 的形状必须是整数元组，而传入的是 {kind}。'
              '请传形状（array.shape 或 train_iter.provide_data），不要传数组本身。'},
    'err.data_names': {
        'en': 'The data is called {given} but the module reads {expected}: create the iterator '
              'with data_name={first!r}, or the Module with data_names={given}.',
        'zh': '数据的名字是 {given}，而模块读取的是 {expected}：请在创建迭代器时指定 '
              'data_name={first!r}，或者创建模块时指定 data_names={given}。'},
    'err.label_name': {
        'en': 'The iterator provides a label named {given!r}, but the symbol has no input of '
              'that name (its label input is {expected}). Create the iterator with '
              'label_name={first!r}, e.g. NDArrayIter(x, y, batch_size, label_name={first!r}); '
              "an output layer named 'softmax' reads its label from 'softmax_label'.",
        'zh': '迭代器提供的标签名叫 {given!r}，但符号里没有这个名字的输入（它的标签输入是 '
              '{expected}）。请在创建迭代器时指定 label_name={first!r}，例如 '
              "NDArrayIter(x, y, batch_size, label_name={first!r})；名为 'softmax' 的输出层"
              "从 'softmax_label' 读取标签。"},
    # --- parameters given to set_params / init_params ---
    'err.missing_param': {
        'en': '{name} is missing from the given parameters; pass allow_missing=True to let the '
              'initializer fill it instead.',
        'zh': '给定的参数里缺少 {name}；如果想让初始化器来填充它，请传入 allow_missing=True。'},
    'err.extra_param': {
        'en': 'The given parameters hold {name!r}, which this network does not have. Pass '
              'allow_extra=True to ignore it, or check that the file belongs to this network.',
        'zh': '给定的参数里有 {name!r}，而这个网络没有这个参数。传入 allow_extra=True 可以忽略它；'
              '或者检查这个文件是不是属于这个网络。'},
    'err.param_shape': {
        'en': 'The given value of {name} has shape {given}, but this module needs {needed}: '
              'were the parameters saved from another network (another num_hidden, or data '
              'with another number of features)?',
        'zh': '给定的 {name} 形状是 {given}，而这个模块需要 {needed}：这些参数是不是从另一个网络'
              '保存的（num_hidden 不同，或者数据的特征数不同）？'},
    # --- checkpoint files ---
    'err.no_symbol_file': {
        'en': 'Check the prefix: a checkpoint is {prefix}-symbol.json plus {prefix}-NNNN.params '
              '(the working directory is {cwd}).',
        'zh': '请检查前缀：一个检查点由 {prefix}-symbol.json 和 {prefix}-NNNN.params 组成'
              '（当前工作目录是 {cwd}）。'},
    'err.no_params_file': {
        'en': 'Epochs saved with this prefix: {epochs}. (do_checkpoint numbers files from 1: '
              'after the first epoch it writes -0001.params.)',
        'zh': '这个前缀下已保存的迭代周期：{epochs}。（do_checkpoint 从 1 开始编号：第一个迭代周期结束后写的是 '
              '-0001.params。）'},
    'err.no_params_at_all': {
        'en': 'No .params file has this prefix: was the checkpoint saved (do_checkpoint or '
              'mod.save_checkpoint) in this folder?',
        'zh': '没有任何 .params 文件使用这个前缀：检查点真的保存到这个文件夹了吗'
              '（do_checkpoint 或 mod.save_checkpoint）？'},
    'err.params_file': {
        'en': 'Was it written by mx.nd.save / save_checkpoint, and copied completely?',
        'zh': '这个文件是用 mx.nd.save / save_checkpoint 保存的吗？是否完整地复制过来了？'},
    'err.symbol_file': {
        'en': 'A symbol file is the -symbol.json that sym.save / save_checkpoint writes.',
        'zh': '符号文件应当是 sym.save / save_checkpoint 写出的 -symbol.json 文件。'},
    'err.no_folder': {
        'en': 'The folder {folder} does not exist: create it first, e.g. '
              'os.makedirs({folder!r}, exist_ok=True).',
        'zh': '文件夹 {folder} 不存在：请先创建它，例如 os.makedirs({folder!r}, exist_ok=True)。'},
    'err.save_scalar': {
        'en': 'Save it with shape (1,): x.reshape((1,)).',
        'zh': '请把它变成形状 (1,) 再保存：x.reshape((1,))。'},
}
