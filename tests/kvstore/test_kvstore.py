"""mx.kv: init/push/pull/pushpull semantics of the local store, its optimizer, its errors and
the refusal of the distributed types."""
import numpy as np
import pytest

import tutor as mx
from tutor.base import MXNetError


def ones(*shape, value=1.0):
    return mx.nd.array(np.full(shape, value, np.float32))


def test_create_local_and_device_facts():
    for name in ('local', 'device', 'Local', 'local_update_cpu'):
        kv = mx.kv.create(name)
        assert kv.type == name.lower() and kv.rank == 0 and kv.num_workers == 1
        assert isinstance(kv, mx.kv.KVStoreBase)
        assert kv.is_capable(mx.kv.KVStoreBase.OPTIMIZER)
    with pytest.raises(ValueError, match='Unknown capability'):
        kv.is_capable('magic')
    with pytest.raises(TypeError, match='name must be a string'):
        mx.kv.create(1)
    assert mx.kvstore is mx.kv


@pytest.mark.parametrize('name', ['dist_sync', 'dist_async', 'dist_device_sync', 'horovod'])
def test_distributed_types_are_refused_with_the_way_out(name):
    with pytest.raises(MXNetError) as err:
        mx.kv.create(name)
    assert name in str(err.value)
    assert 'tools/launch.py' in str(err.value) and 'Horovod' in str(err.value)


def test_refusal_speaks_chinese():
    with mx.i18n.using('zh'):
        with pytest.raises(MXNetError, match='多台机器'):
            mx.kv.create('dist_sync')


def test_push_of_a_list_sums_and_replaces_without_optimizer():
    kv = mx.kv.create('local')
    kv.init('w', ones(2, 3, value=5))
    kv.push('w', [ones(2, 3), ones(2, 3, value=2)])
    out = [mx.nd.zeros((2, 3)), mx.nd.zeros((2, 3))]
    kv.pull('w', out=out)
    for o in out:
        np.testing.assert_array_equal(o.asnumpy(), 3)


def test_sum_order_is_mxnets_first_plus_the_rest():
    """1 + (1e8 + -1e8) = 1 in float32; left to right would give 0."""
    kv = mx.kv.create('local')
    kv.init(0, mx.nd.zeros((1,)))
    kv.push(0, [ones(1), ones(1, value=1e8), ones(1, value=-1e8)])
    out = mx.nd.zeros((1,))
    kv.pull(0, out=out)
    assert out.asnumpy()[0] == 1.0


def test_single_push_keeps_the_pushed_array_itself():
    """MXNet stores the one pushed array without copying it (a later change shows)."""
    kv = mx.kv.create('local')
    kv.init(3, mx.nd.zeros((2,)))
    a = ones(2, value=2)
    kv.push(3, a)
    a[:] = 7
    out = mx.nd.zeros((2,))
    kv.pull(3, out=out)
    np.testing.assert_array_equal(out.asnumpy(), 7)


def test_pushpull_without_out_writes_back_into_the_values():
    kv = mx.kv.create('device')
    kv.init('k', mx.nd.zeros((2,)))
    grads = [ones(2), ones(2, value=2)]
    kv.pushpull('k', grads)
    for g in grads:
        np.testing.assert_array_equal(g.asnumpy(), 3)


def test_updater_gets_bytes_keys_merged_gradient_and_stored_weight():
    kv = mx.kv.create('local')
    kv.init('w', ones(2))
    seen = []
    kv._set_updater(lambda k, g, w: seen.append((k, g.asnumpy().copy(), w.asnumpy().copy())))
    kv.push('w', [ones(2), ones(2)])
    assert seen[0][0] == b'w'
    np.testing.assert_array_equal(seen[0][1], 2)
    np.testing.assert_array_equal(seen[0][2], 1)


def test_set_optimizer_updates_the_stored_weight_and_saves_states(tmp_path):
    kv = mx.kv.create('local')
    kv.init(['a', 'b'], [ones(2, value=1), ones(3, value=2)])
    kv.set_optimizer(mx.optimizer.SGD(learning_rate=0.5, momentum=0.9))
    kv.push(['a', 'b'], [[ones(2), ones(2)], [ones(3), ones(3)]])
    a, b = mx.nd.zeros((2,)), mx.nd.zeros((3,))
    kv.pull(['a', 'b'], out=[a, b])
    np.testing.assert_allclose(a.asnumpy(), 0.0)     # 1 - 0.5 * (1 + 1)
    np.testing.assert_allclose(b.asnumpy(), 1.0)
    fname = str(tmp_path / 'kv.states')
    kv.save_optimizer_states(fname)
    other = mx.kv.create('local')
    other.init(['a', 'b'], [ones(2), ones(3)])
    other.set_optimizer(mx.optimizer.SGD(learning_rate=0.5, momentum=0.9))
    other.load_optimizer_states(fname)
    np.testing.assert_allclose(other._updater.states['a'].asnumpy(), -1.0)


def test_errors_follow_mxnet():
    kv = mx.kv.create('local')
    kv.init(3, mx.nd.zeros((2,)))
    with pytest.raises(MXNetError, match='duplicate init of key 3'):
        kv.init(3, mx.nd.zeros((2,)))
    with pytest.raises(MXNetError, match='key 4 has not been inited'):
        kv.pull(4, out=mx.nd.zeros((2,)))
    with pytest.raises(MXNetError, match='Mixed key types'):
        kv.init('s', mx.nd.zeros((2,)))
    with pytest.raises(AssertionError, match='inconsistent types of keys'):
        mx.kv.create().init([1, 's'], [mx.nd.zeros((1,))] * 2)
    with pytest.raises(AssertionError, match='unexpected type for keys'):
        kv.init(np.int64(9), mx.nd.zeros((2,)))
    with pytest.raises(AssertionError, match='NDArray'):
        kv.init(10, np.zeros((2,)))
    with pytest.raises(AssertionError):
        kv.pull(3)
    with pytest.raises(MXNetError, match='shape mismatch'):
        kv.pull(3, out=mx.nd.zeros((3,)))
    with pytest.raises(AssertionError, match='Cannot save states'):
        kv.save_optimizer_states('never-written.states')
    with pytest.raises(Exception, match='Gradient compression is not supported'):
        kv.set_gradient_compression({'type': '2bit'})
    mx.kv.create('device').set_gradient_compression({'type': '2bit'})
