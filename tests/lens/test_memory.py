"""MemoryLens: what bind allocated, array by array and in total."""
import numpy as np

import tutor as mx
from tutor.lens.memory import allocations, totals

from conftest import bn_net, bound, train_by_hand


def test_allocations_add_up_and_name_every_kind():
    lens = mx.lens.MemoryLens()
    mod, train = bound(attach=[lens], momentum=0.9)
    assert lens.history[0]['kind'] == 'bound'
    exe_total = sum(r[4] for r in mod._exec.allocations())
    train_by_hand(mod, train, epochs=1)
    rows = allocations(mod)
    by_kind, total = totals(rows)
    params = sum(mod._exec.arg_dict[n].nbytes for n in mod._param_names)
    assert by_kind['param'] == (4, params)
    assert by_kind['gradient'] == (4, params)
    assert by_kind['module copy'] == (4, params)
    assert by_kind['optimizer state'] == (4, params)      # one momentum per weight
    assert by_kind['data'] == (1, 32 * 16 * 4) and by_kind['label'] == (1, 32 * 4)
    assert total == sum(r[4] for r in mod._exec.allocations()) + 2 * params
    assert exe_total <= sum(r[4] for r in mod._exec.allocations())  # scratch comes on use
    text = str(lens)
    assert 'fc1_output' in text and 'total' in text and '%d' % total in text


def test_bn_aux_states_are_listed():
    lens = mx.lens.MemoryLens()
    mod, _ = bound(bn_net(), attach=[lens])
    names = {(k, n) for k, n, *_ in allocations(mod)}
    assert ('auxiliary', 'bn1_moving_mean') in names and ('module copy', 'bn1_moving_var') in names
    assert '辅助状态' in str(mx.lens.MemoryLens(language='zh').attach(mod))
