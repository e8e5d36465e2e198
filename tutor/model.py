"""``mx.model``: checkpoint files. ``prefix-symbol.json`` holds the graph, ``prefix-0003.params``
the arrays after epoch 3, keyed ``arg:<name>`` (trained by the optimizer) and ``aux:<name>``
(updated by the ops themselves, such as BatchNorm's moving statistics)."""
import logging
import os
import re
import warnings
from collections import namedtuple

from . import ndarray as nd
from . import symbol as sym
from .base import MXNetError
from .events import files
from .i18n import text as _


# What batch-end callbacks receive (mx.model.BatchEndParam, as in MXNet).
BatchEndParam = namedtuple('BatchEndParams', ['epoch', 'nbatch', 'eval_metric', 'locals'])


def params_file(prefix, epoch):
    return '%s-%04d.params' % (prefix, epoch)


def save_checkpoint(prefix, epoch, symbol, arg_params, aux_params, remove_amp_cast=True):
    """Write ``prefix-symbol.json`` (if ``symbol`` is given) and ``prefix-%04d.params``.
    Each file is written to a temporary name and renamed, so a failed save keeps the old one."""
    written = []
    if symbol is not None:
        symbol.save('%s-symbol.json' % prefix, remove_amp_cast=remove_amp_cast)
        written.append('%s-symbol.json' % prefix)
    save_dict = {('arg:%s' % k): v for k, v in arg_params.items()}
    save_dict.update({('aux:%s' % k): v for k, v in aux_params.items()})
    param_name = params_file(prefix, epoch)
    nd.save(param_name, save_dict)
    written.append(param_name)
    logging.info('Saved checkpoint to "%s"', param_name)
    if files.watchers:
        files.emit('checkpoint_saved', prefix=prefix, epoch=epoch, files=written,
                   arg_params=arg_params, aux_params=aux_params, optimizer_states=None)


def split_params(save_dict, fname, strict=False):
    """Split a loaded ``.params`` dict into (arg_params, aux_params) by their key prefixes."""
    arg_params, aux_params = {}, {}
    if isinstance(save_dict, list):
        if save_dict and strict:
            raise ValueError('Invalid param file %s: it holds a list of %d arrays without names; '
                             'a checkpoint names each array arg:<name> or aux:<name>'
                             % (fname, len(save_dict)))
        return arg_params, aux_params
    for k, v in save_dict.items():
        tp, _, name = k.partition(':')
        if tp == 'arg' and name:
            arg_params[name] = v
        elif tp == 'aux' and name:
            aux_params[name] = v
        elif strict:
            raise ValueError('Invalid param file %s: key %r is neither arg:<name> nor '
                             'aux:<name>' % (fname, k))
    return arg_params, aux_params


def load_params(prefix, epoch):
    """(arg_params, aux_params) from ``prefix-%04d.params``."""
    fname = params_file(prefix, epoch)
    save_dict = _load(fname, prefix)
    if not save_dict:
        warnings.warn("Params file '%s' is empty" % fname)
    return split_params(save_dict, fname)


def saved_epochs(prefix):
    """The epochs that have a ``prefix-%04d.params`` file, in order."""
    folder, base = os.path.split(prefix)
    pattern = re.compile(re.escape(base) + r'-(\d{4,})\.params$')
    try:
        names = os.listdir(folder or '.')
    except OSError:
        return []
    return sorted(int(m.group(1)) for m in map(pattern.match, names) if m)


def _load(fname, prefix):
    try:
        return nd.load(fname)
    except FileNotFoundError:
        epochs = saved_epochs(prefix)
        hint = _('err.no_params_file', epochs=', '.join(map(str, epochs))) if epochs \
            else _('err.no_params_at_all')
        raise MXNetError('Open "%s": No such file or directory. %s' % (fname, hint)) from None


def load_checkpoint(prefix, epoch):
    """(symbol, arg_params, aux_params) saved by ``save_checkpoint(prefix, epoch, ...)``."""
    sym_file = '%s-symbol.json' % prefix
    try:
        symbol = sym.load(sym_file)
    except FileNotFoundError:
        raise MXNetError('Open "%s": No such file or directory. %s'
                         % (sym_file, _('err.no_symbol_file', prefix=prefix,
                                        cwd=os.getcwd()))) from None
    arg_params, aux_params = load_params(prefix, epoch)
    if files.watchers:
        files.emit('checkpoint_loaded', prefix=prefix, epoch=epoch,
                   files=[sym_file, params_file(prefix, epoch)],
                   arg_params=arg_params, aux_params=aux_params)
    return symbol, arg_params, aux_params


# --- where the update runs: MXNet 1.9.1's rules (used by Module with several devices) ----------

def _create_kvstore(kvstore, num_device, arg_params):
    """(kvstore or None, update_on_kvstore). One device on one machine needs no store; the
    update runs on the store unless MXNET_UPDATE_ON_KVSTORE=0 or a parameter is huge."""
    from . import kvstore as kvs
    import numpy as np
    update_on_kvstore = bool(int(os.getenv('MXNET_UPDATE_ON_KVSTORE', '1')))
    if kvstore is None:
        kv = None
    elif isinstance(kvstore, kvs.KVStoreBase):
        kv = kvstore
    elif isinstance(kvstore, str):
        if num_device == 1 and 'dist' not in kvstore:
            kv = None
        else:
            kv = kvs.create(kvstore)
            if kvstore == 'local':
                # past 16M numbers, summing on the CPU and updating on every device is faster
                max_size = max(np.prod(param.shape) for param in arg_params.values())
                if max_size > 1024 * 1024 * 16:
                    update_on_kvstore = False
    else:
        raise TypeError('kvstore must be KVStore, str or None')
    if kv is None:
        update_on_kvstore = False
    else:
        update_on_kvstore &= kv.is_capable(kvs.KVStoreBase.OPTIMIZER)
    return kv, update_on_kvstore


def _initialize_kvstore(kvstore, param_arrays, arg_params, param_names, update_on_kvstore):
    """Give the store each parameter's first value (and every device the store's copy)."""
    for idx, param_on_devs in enumerate(param_arrays):
        name = param_names[idx]
        if not update_on_kvstore:
            kvstore.init(name, arg_params[name])
        else:
            kvstore.broadcast(name, arg_params[name], out=param_on_devs)


def _update_params_on_kvstore(param_arrays, grad_arrays, kvstore, param_names):
    """Push every device's gradient (the store sums them and updates its weight), pull the
    new weight back to every device."""
    for index, (arg_list, grad_list) in enumerate(zip(param_arrays, grad_arrays)):
        if grad_list[0] is None:
            continue
        kvstore.pushpull(param_names[index], grad_list, out=arg_list, priority=-index)


def _sum_grads_on_kvstore(grad_arrays, kvstore, param_names):
    """Replace every device's gradient by the sum over the devices."""
    for index, grad_list in enumerate(grad_arrays):
        if grad_list[0] is not None:
            kvstore.pushpull(param_names[index], grad_list, priority=-index)


def _device_updates(param_arrays, grad_arrays, num_device):
    """Per device, (indices, grads, weights) for one updater call. Device k's copy of
    parameter i has index i * num_device + k, so each copy keeps its own optimizer state."""
    updates = [[] for _ in range(num_device)]
    for i, (arg_list, grad_list) in enumerate(zip(param_arrays, grad_arrays)):
        if grad_list[0] is None:
            continue
        for k, (w, g) in enumerate(zip(arg_list, grad_list)):
            updates[k].append((i * num_device + k, g, w))
    return [tuple(zip(*dev)) for dev in updates if dev]


def _update_params(param_arrays, grad_arrays, updater, num_device, kvstore=None,
                   param_names=None):
    """Sum the gradients on the store (if any), then update every device's weights locally."""
    if kvstore:
        _sum_grads_on_kvstore(grad_arrays, kvstore, param_names)
    for indices, grads, weights in _device_updates(param_arrays, grad_arrays, num_device):
        updater(indices, grads, weights)
