"""Python protocols on Symbol as MXNet has them: no truth value, int shapes."""
import pytest

import tutor as mx


def test_bool_of_a_symbol_raises_not_implemented_for_symbol():
    with pytest.raises(mx.base.NotImplementedForSymbol) as err:
        bool(mx.sym.Variable('a'))
    assert isinstance(err.value, mx.base.MXNetError)
    assert str(err.value) == ('Function __bool__ (namely operator "bool") is not implemented '
                              'for Symbol and only available in NDArray.')


def test_int_shape_is_a_vector():
    v = mx.sym.Variable('b', shape=1)
    assert v.attr('__shape__') == '1'
    assert v.infer_shape() == ([(1,)], [(1,)], [])
    assert mx.sym.Variable('c', shape=[2, 3]).attr('__shape__') == '[2, 3]'


def test_base_and_util_names():
    import numpy as np
    assert mx.base.mx_real_t is np.float32
    assert mx.util.is_np_shape() is False
    with mx.util.np_shape(False):
        assert not mx.util.is_np_shape()
