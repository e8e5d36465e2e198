"""Many devices: the KVStore's errors and what the device lens says (tutor/kvstore.py,
tutor/module/executor_group.py, tutor/lens/devices.py)."""
MESSAGES = {
    'kv.not_inited': {
        'en': 'key {name} has not been inited: call kv.init({shown}, value) before push or pull.',
        'zh': '键 {name} 还没有初始化：请在 push 或 pull 之前调用 kv.init({shown}, value)。'},
    'kv.refused': {
        'en': "KVStore type '{name}' trains on several processes or machines, which tutor does "
              "not do (it runs one process). The same Module code runs there on real MXNet: "
              "start it with MXNet's launcher, tools/launch.py (e.g. `python tools/launch.py -n "
              "2 --launcher ssh -H hosts python train.py` with kvstore='dist_sync': it starts the "
              "parameter servers and workers), or with Horovod (`horovodrun -np 4 python "
              "train.py` with kvstore='horovod'). In tutor use 'local' or 'device'.",
        'zh': "KVStore 类型 '{name}' 需要在多个进程或多台机器上训练，tutor 只在一个进程里运行，"
              "不支持它。同样的 Module 代码可以在真正的 MXNet 上运行：用 MXNet 的启动脚本 "
              "tools/launch.py（例如 kvstore='dist_sync' 时运行 `python tools/launch.py -n 2 "
              "--launcher ssh -H hosts python train.py`，它会启动参数服务器和各个 worker），"
              "或者用 Horovod（kvstore='horovod' 时运行 `horovodrun -np 4 python train.py`）。"
              "在 tutor 里请用 'local' 或 'device'。"},
    # --- the device lens ---
    'dev.title': {'en': 'Device lens: what each device computed, and the sum the KVStore formed',
                  'zh': '设备透视：每个设备算了什么，以及 KVStore 求出的和'},
    'dev.none': {'en': 'No forward seen yet: run forward and backward (or fit).',
                 'zh': '还没有看到前向传播：先运行 forward 和 backward（或者 fit）。'},
    'dev.col.device': {'en': 'device', 'zh': '设备'},
    'dev.col.rows': {'en': 'rows of the batch', 'zh': '小批量中的行'},
    'dev.col.count': {'en': 'examples', 'zh': '样本数'},
    'dev.col.outputs': {'en': 'its output', 'zh': '它的输出'},
    'dev.col.sum': {'en': '‖Σ g‖ (KVStore)', 'zh': '‖Σ g‖（KVStore 求和）'},
    'dev.col.mean': {'en': 'slice mean μ (averaged over channels)',
                     'zh': '该切片的均值 μ（各通道平均）'},
    'dev.col.var': {'en': 'slice variance σ² (averaged over channels)',
                    'zh': '该切片的方差 σ²（各通道平均）'},
    'dev.grads': {'en': 'Gradients of the last backward, per device',
                  'zh': '最近一次反向传播的梯度（按设备）'},
    'dev.explain.sum': {
        'en': 'Each of the {n} devices returns the gradient summed over its own rows; the '
              'KVStore adds the devices\' gradients, which gives the sum over the whole batch, '
              'the same as one device computing the whole batch. rescale_grad = 1/batch size '
              '(the whole batch, not a slice) then turns that sum into the mean.',
        'zh': '这 {n} 个设备各自返回在自己那几行上求和的梯度；KVStore 把各设备的梯度相加，'
              '得到整个小批量上的和，与一个设备处理整个小批量的结果相同。随后 rescale_grad = '
              '1/批量大小（整个小批量，而不是一个切片）把这个和变成平均值。'},
    'dev.bn': {'en': 'BatchNorm {layer}: the statistics each device normalised with',
               'zh': 'BatchNorm {layer}：每个设备用来归一化的统计量'},
    'dev.explain.bn': {
        'en': 'Each device normalises with the mean and variance of its own slice, not of the '
              'whole batch, so its outputs and gradients differ from a one-device run: the '
              'weights no longer end up the same. The moving averages also differ per device; '
              'get_params returns their mean over the devices.',
        'zh': '每个设备用自己那个切片的均值和方差做归一化，而不是整个小批量的，所以它的输出和'
              '梯度与单设备训练不同：模型参数最后不再相同。各设备的移动平均也不一样；'
              'get_params 返回它们在各设备上的平均值。'},
}
