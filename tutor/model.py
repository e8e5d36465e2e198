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
