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
}
