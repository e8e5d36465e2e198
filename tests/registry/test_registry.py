"""One registry (tutor/registry.py) behind mx.metric, mx.initializer and mx.optimizer."""
import pytest

import tutor as mx
from tutor import registry


def test_metrics_initializers_and_optimizers_share_one_registry():
    assert registry.registry_of(mx.metric.EvalMetric) is mx.metric._REGISTRY
    assert registry.registry_of(mx.initializer.Initializer) is mx.initializer._REGISTRY
    assert registry.registry_of(mx.optimizer.Optimizer) is mx.optimizer.Optimizer.opt_registry
    assert mx.metric._REGISTRY['acc'] is mx.metric.Accuracy
    assert mx.initializer._REGISTRY['zeros'] is mx.initializer.Zero
    assert mx.optimizer.Optimizer.opt_registry['sgd'] is mx.optimizer.SGD
    assert registry.get_registry(mx.metric.EvalMetric) is not mx.metric._REGISTRY   # a copy


def test_create_from_a_name_json_a_dict_or_an_instance():
    create = mx.initializer.create
    assert type(create('XAVIER')) is mx.init.Xavier
    assert create('["uniform", {"scale": 0.3}]').scale == 0.3
    assert create({'initializer': 'normal', 'sigma': 0.2}).sigma == 0.2
    one = mx.init.One()
    assert create(one) is one
    with pytest.raises(AssertionError, match='already an instance'):
        create(one, 1)
    with pytest.raises(AssertionError, match=r'^nope is not registered\. Please register with '
                                             r'initializer\.register first \(registered '
                                             r'initializers: .*xavier'):
        create('nope')


def test_register_and_alias_in_a_table_of_their_own():
    class Base:
        pass

    register = registry.get_register_func(Base, 'thing')
    alias = registry.get_alias_func(Base, 'thing')
    create = registry.get_create_func(Base, 'thing')

    @register
    @alias('other')
    class Widget(Base):
        def __init__(self, size=1):
            self.size = size

    assert create('widget').size == 1 and create('Other', size=3).size == 3
    with pytest.warns(UserWarning, match='New thing .*Widget registered with name widget is '
                                         'overriding existing thing'):
        register(Widget)
    with pytest.raises(AssertionError, match='Can only register subclass of Base'):
        register(int)
    assert 'widget' not in mx.metric._REGISTRY
