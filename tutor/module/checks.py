"""The checks Module makes before it acts, with MXNet's exception types and messages plus
the fix: input names against the symbol, shapes given as (name, shape), batches of NDArrays,
and arrays given to set_params / init_params."""
import warnings

import numpy as np

from ..base import MXNetError
from ..i18n import text as _
from ..io import DataDesc
from ..ndarray import NDArray
from ..symbol.shape import InferShapeKeyError


def _check_input_names(symbol, names, typename, throw):
    args = symbol.list_arguments()
    for name in names:
        if name in args:
            continue
        candidates = [a for a in args if not a.endswith(('_weight', '_bias', '_gamma',
                                                         '_beta'))]
        msg = ("\033[91mYou created Module with Module(..., %s_names=%s) but input with name "
               "'%s' is not found in symbol.list_arguments(). Did you mean one of:\n\t%s\033[0m"
               % (typename, names, name, '\n\t'.join(candidates)))
        if throw:
            raise ValueError(msg)
        warnings.warn(msg)


def _to_desc(item, what):
    if isinstance(item, DataDesc):
        return item
    if not isinstance(item, (tuple, list)) or len(item) < 2:
        raise TypeError('%s_shapes items must be DataDesc or (name, shape) pairs, got %r'
                        % (what, item))
    shape = item[1]
    if isinstance(shape, np.ndarray) or not isinstance(shape, (tuple, list)) or \
            not all(isinstance(d, (int, np.integer)) for d in shape):
        raise TypeError(_('err.shape_is_array', what=what, name=item[0],
                          kind=type(shape).__name__))
    return DataDesc(item[0], tuple(int(d) for d in shape), *item[2:])


def _check_ndarrays(data, label):
    """MXNet copies each batch array with NDArray.copyto, so a numpy array (or a list) fails
    there with AttributeError; tutor fails the same way, with the fix in the message."""
    for arr in list(data or []) + list(label or []):
        if not isinstance(arr, NDArray):
            kind = type(arr)
            kind = kind.__name__ if kind.__module__ == 'builtins' else '%s.%s' % (
                kind.__module__, kind.__name__)
            raise AttributeError("'%s' object has no attribute 'copyto': the arrays of a "
                                 "DataBatch must be NDArrays; wrap them with mx.nd.array(...)"
                                 % kind)


def _check_names_match(names, shapes, what, throw):
    actual = [x[0] for x in shapes]
    if sorted(names) != sorted(actual):
        msg = ("Data provided by %s_shapes don't match names specified by %s_names (%s vs. %s)"
               % (what, what, shapes, names))
        if throw:
            raise ValueError(msg + ' ' + _('err.data_names', given=actual, expected=names,
                                           first=(names or [''])[0]))
        warnings.warn(msg)


class InputNameError(InferShapeKeyError, KeyError):
    """A label name the symbol does not have: MXNet raises KeyError; tutor's is also an
    MXNetError and a ValueError, and prints its message as text (not as a quoted key)."""
    __str__ = BaseException.__str__


def _check_label_inputs(symbol, label_shapes, label_names):
    args = symbol.list_arguments()
    for desc in label_shapes:
        if desc.name not in args:
            expected = [n for n in label_names if n in args] or \
                [a for a in args if a.endswith('_label')]
            raise InputNameError(repr(desc.name) + ': ' + _(
                'err.label_name', given=desc.name, expected=expected,
                first=(expected or ['softmax_label'])[0]))


def _check_given(exe, arg_params, aux_params, allow_extra):
    """set_params(allow_missing=True) copies straight into the executor: name each extra
    array (MXNet's ValueError) and each array of another shape before copying anything."""
    for given, known, what in ((arg_params, exe.arg_dict, 'Find name "%s" that is not in the '
                                'arguments'),
                               (aux_params, exe.aux_dict, 'Find name %s that is not in the '
                                'auxiliary states')):
        for name, value in (given or {}).items():
            if name not in known:
                if not allow_extra:
                    raise ValueError(what % name + '. ' + _('err.extra_param', name=name))
            elif np.shape(value) != known[name].shape:
                raise MXNetError(_('err.param_shape', name=name, given=np.shape(value),
                                   needed=known[name].shape))


def _check_sources(params, given, allow_missing):
    """Before init_params copies anything: each name present (unless allow_missing) with the
    right shape, in MXNet's order (sorted), so a failed set_params changes nothing."""
    if given is None:
        return
    for name in sorted(params):
        if name in given:
            if np.shape(given[name]) != params[name].shape:
                raise MXNetError(_('err.param_shape', name=name, given=np.shape(given[name]),
                                   needed=params[name].shape))
        elif not allow_missing:
            raise RuntimeError('%s is not presented. %s'
                               % (name, _('err.missing_param', name=name)))
