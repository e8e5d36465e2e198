"""The training panels (tutor.widgets): control labels, status lines, plot labels."""
MESSAGES = {
    # controls
    'panel.lr': {'en': 'learning rate', 'zh': '学习率'},
    'panel.epochs': {'en': 'epochs', 'zh': '迭代周期数'},
    'panel.batch_size': {'en': 'batch size', 'zh': '批量大小'},
    'panel.hidden': {'en': 'hidden units', 'zh': '隐藏单元数'},
    'panel.optimizer': {'en': 'optimizer', 'zh': '优化器'},
    'panel.layers': {'en': 'hidden layers', 'zh': '隐藏层数'},
    'panel.dataset': {'en': 'data set', 'zh': '数据集'},
    'panel.auto': {'en': 'retrain when a setting changes', 'zh': '改动设置后自动重新训练'},
    'panel.train': {'en': 'Train', 'zh': '训练'},
    'panel.stop': {'en': 'Stop', 'zh': '停止'},
    'panel.reset': {'en': 'Reset', 'zh': '重置'},
    'panel.opt.sgd': {'en': 'sgd', 'zh': 'sgd（随机梯度下降）'},
    'panel.opt.momentum': {'en': 'sgd + momentum 0.9', 'zh': 'sgd + 动量 0.9'},
    'panel.opt.nag': {'en': 'nag (Nesterov, momentum 0.9)', 'zh': 'nag（Nesterov 动量 0.9）'},
    'panel.opt.adam': {'en': 'adam', 'zh': 'adam（自适应）'},
    'panel.opt.rmsprop': {'en': 'rmsprop', 'zh': 'rmsprop（自适应）'},
    'panel.opt.adagrad': {'en': 'adagrad', 'zh': 'adagrad（自适应）'},
    'panel.data.blobs': {'en': 'blobs (3 classes)', 'zh': '高斯团（3 类）'},
    'panel.data.spirals': {'en': 'spirals (2 classes)', 'zh': '双螺旋（2 类）'},
    # status line
    'panel.ready': {'en': 'Ready: choose the settings and press Train.',
                    'zh': '准备就绪：调好设置，然后点“训练”。'},
    'panel.starting': {'en': 'Run {run}: starting ({settings}).',
                       'zh': '第 {run} 次训练：开始（{settings}）。'},
    'panel.progress': {'en': 'Run {run}: epoch {epoch} of {epochs} done, train loss {loss}, '
                             'validation accuracy {acc}.',
                       'zh': '第 {run} 次训练：已完成第 {epoch}/{epochs} 个迭代周期，训练损失 {loss}，'
                             '验证准确率 {acc}。'},
    'panel.finished': {'en': 'Run {run} ({settings}) finished: {epochs} epochs in '
                             '{seconds:.2f} s, train loss {loss}, validation accuracy {acc}.',
                       'zh': '第 {run} 次训练（{settings}）完成：{epochs} 个迭代周期，用时 {seconds:.2f} 秒，'
                             '训练损失 {loss}，验证准确率 {acc}。'},
    'panel.stopping': {'en': 'Stopping after the batch in progress…',
                       'zh': '正在停止：算完当前这个小批量就停。'},
    'panel.stopped': {'en': 'Run {run} stopped in epoch {epoch}, after batch {batch}; the '
                            'curves show the epochs that finished.',
                      'zh': '第 {run} 次训练在第 {epoch} 个迭代周期的第 {batch} 个小批量之后停止了；'
                            '曲线只画出已经跑完的迭代周期。'},
    'panel.diverged': {
        'en': 'Run {run} diverged: the loss became {value} in epoch {epoch}, batch {batch}, '
              'at learning rate {lr}. Training stopped there. Try a smaller learning rate, '
              'e.g. {smaller}.',
        'zh': '第 {run} 次训练发散了：学习率为 {lr} 时，第 {epoch} 个迭代周期的第 {batch} 个小批量的损失'
              '变成了 {value}，训练已在那里停止。试试更小的学习率，比如 {smaller}。'},
    'panel.error': {'en': 'Run {run} could not train: {error}',
                    'zh': '第 {run} 次训练没能进行：{error}'},
    'panel.cleared': {'en': 'Cleared: all runs are gone. Press Train to start again.',
                      'zh': '已清空所有训练记录。点“训练”重新开始。'},
    'panel.static_note': {
        'en': 'A picture of the panel as it was saved. Run the cell to get the live panel.',
        'zh': '这是保存时面板的图片。运行这个单元格，就能得到可以操作的面板。'},
    'panel.settings': {'en': 'lr {lr}, {hidden} hidden, batch {batch}, {optimizer}',
                       'zh': '学习率 {lr}，隐藏单元 {hidden}，批量大小 {batch}，{optimizer}'},
    'panel.repr': {'en': '{n} run(s); run {run} {status}, {settings}',
                   'zh': '共 {n} 次训练；第 {run} 次{status}，{settings}'},
    'panel.run_label': {'en': 'run {run}: {settings}', 'zh': '第 {run} 次：{settings}'},
    'panel.status.running': {'en': 'running', 'zh': '进行中'},
    'panel.status.finished': {'en': 'finished', 'zh': '完成'},
    'panel.status.stopped': {'en': 'stopped', 'zh': '已停止'},
    'panel.status.diverged': {'en': 'diverged', 'zh': '发散'},
    'panel.status.error': {'en': 'error', 'zh': '出错'},
    'panel.col.run': {'en': 'run', 'zh': '次'},
    'panel.col.settings': {'en': 'settings', 'zh': '设置'},
    'panel.col.epochs': {'en': 'epochs', 'zh': '迭代周期数'},
    'panel.col.train_loss': {'en': 'train loss', 'zh': '训练损失'},
    'panel.col.val_loss': {'en': 'validation loss', 'zh': '验证损失'},
    'panel.col.val_acc': {'en': 'validation accuracy', 'zh': '验证准确率'},
    'panel.col.status': {'en': 'status', 'zh': '状态'},
    'panel.report_title': {'en': 'Training runs', 'zh': '各次训练一览'},
    'panel.no_runs': {'en': 'no runs yet', 'zh': '还没有训练过'},
    # curves
    'panel.plot.loss': {'en': 'Loss (solid: train, dashed: validation)',
                        'zh': '损失（实线：训练，虚线：验证）'},
    'panel.plot.acc': {'en': 'Accuracy (solid: train, dashed: validation)',
                       'zh': '准确率（实线：训练，虚线：验证）'},
    'panel.plot.loss_train': {'en': 'Loss (train)', 'zh': '损失（训练）'},
    'panel.plot.acc_train': {'en': 'Accuracy (train)', 'zh': '准确率（训练）'},
    'panel.plot.epoch': {'en': 'epoch', 'zh': '迭代周期'},
    'panel.plot.empty': {'en': 'No runs yet: press Train.', 'zh': '还没有训练记录：点“训练”。'},
    'panel.plot.diverged': {'en': 'diverged', 'zh': '发散'},
    # the decision-boundary panel
    'boundary.title': {'en': 'Decision boundary after epoch {epoch}',
                       'zh': '第 {epoch} 个迭代周期之后的决策边界'},
    'boundary.untrained': {'en': 'Decision boundary (not trained yet)',
                           'zh': '决策边界（还没有训练）'},
    'boundary.finished': {'en': 'Run {run} ({settings}) finished: {epochs} epochs in '
                                '{seconds:.2f} s, train loss {loss}, train accuracy {acc}.',
                          'zh': '第 {run} 次训练（{settings}）完成：{epochs} 个迭代周期，用时 '
                                '{seconds:.2f} 秒，训练损失 {loss}，训练准确率 {acc}。'},
    'boundary.progress': {'en': 'Run {run}: epoch {epoch} of {epochs} done, train loss {loss}, '
                                'train accuracy {acc}.',
                          'zh': '第 {run} 次训练：已完成第 {epoch}/{epochs} 个迭代周期，训练损失 {loss}，'
                                '训练准确率 {acc}。'},
}
