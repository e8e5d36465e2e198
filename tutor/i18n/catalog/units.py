"""The dead-unit lens (tutor/lens/units.py): which ReLU units never fired in an epoch."""
MESSAGES = {
    'units.title': {'en': 'Dead units', 'zh': '“死亡”单元'},
    'units.none': {'en': 'No epoch seen yet: train, then look again.',
                   'zh': '还没有跑完一个迭代周期：先训练，然后再看。'},
    'units.how': {'en': 'A unit is dead for an epoch when its gradient {param}[unit] was '
                        'exactly 0 in every batch of that epoch: its ReLU never fired.',
                  'zh': '如果某个单元在一个迭代周期的每个小批量里梯度 {param}[单元] 都恰好为 0，'
                        '它在这个迭代周期就是“死”的：它的 ReLU 一次也没有激活。'},
    'units.col.dead': {'en': 'dead', 'zh': '死亡单元'},
    'units.col.units': {'en': 'units', 'zh': '单元总数'},
    'units.col.share': {'en': 'share', 'zh': '占比'},
}
