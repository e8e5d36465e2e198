"""One-call answers for any notebook cell (``tutor.explain`` is this module):

    mx.explain.loss(net)              # or a Module: the loss each output layer minimises
    mx.explain.roles(mod)             # every array of the module: parameter or not, and why
    mx.explain.checkpoint('mx_mlp', 3)   # what a checkpoint on disk holds (or a .params path)

Each returns a Report: shown as a table in Jupyter, as text by print().
"""
import glob
import os
import re

from .. import i18n
from . import loss as _loss
from .checkpoint import array_rows, arrays_table, files_table, leftovers_table
from .parameters import roles_report
from .report import Report


def _t(language):
    return lambda key, **fmt: i18n.text(key, language, **fmt)


def loss(symbol_or_module, language=None):
    """How the loss is defined for this network (with the module's numbers when bound)."""
    t = _t(language)
    module = None
    symbol = symbol_or_module
    if hasattr(symbol_or_module, 'symbol') and hasattr(symbol_or_module, 'binded'):
        module, symbol = symbol_or_module, symbol_or_module.symbol
    if not hasattr(symbol, '_outputs'):
        raise TypeError(t('explain.bad_target', kind=type(symbol_or_module).__name__))
    rep = Report(t('explain.title.loss'))
    _loss.describe(rep, symbol, language)
    if module is not None and module.binded and module.params_initialized:
        for head in _loss.losses.heads(symbol):
            if head.op_name == 'SoftmaxOutput' and head.label_name and module.for_training:
                ex = _loss.softmax_example(module, head)
                if ex is not None:
                    ex['diff'] = None   # the last forward may have been an evaluation
                    _loss.explain_softmax_gradient(rep, ex, language)
                break
        _loss.rescale_section(rep, module, language)
    return rep


def roles(module, language=None):
    """Which arrays of ``module`` are parameters, which are not, and how tutor decided."""
    return roles_report(module, language, title=_t(language)('explain.title.roles'))


_PARAMS = re.compile(r'^(?P<prefix>.*)-(?P<epoch>\d{4,})\.params$')


def _find(path_or_prefix, epoch, t):
    """(prefix, epoch, params path, epochs available) for a .params path or a prefix."""
    m = _PARAMS.match(path_or_prefix)
    if m and epoch is None:
        prefix, epoch = m.group('prefix'), int(m.group('epoch'))
    else:
        prefix = path_or_prefix
    found = sorted(int(_PARAMS.match(f).group('epoch'))
                   for f in glob.glob(glob.escape(prefix) + '-*.params') if _PARAMS.match(f))
    if epoch is None and found:
        epoch = found[-1]
    path = '%s-%04d.params' % (prefix, epoch) if epoch is not None else prefix + '-????.params'
    if not os.path.isfile(path):
        others = sorted(glob.glob(glob.escape(prefix) + '*')) or ['—']
        raise FileNotFoundError(t('ckpt.missing', path=path_or_prefix, expected=path,
                                  found=', '.join(others)))
    return prefix, epoch, path, found


def checkpoint(path_or_prefix, epoch=None, language=None):
    """What the checkpoint holds: its files, every array under its key, and what is missing."""
    from .. import model, ndarray as nd, symbol as sym
    t = _t(language)
    prefix, epoch, path, found = _find(str(path_or_prefix), epoch, t)
    args, auxs = model.split_params(nd.load(path), path)
    rows = array_rows(args, auxs)
    rep = Report(t('explain.title.checkpoint', path=path))
    if len(found) > 1:
        rep.text(t('ckpt.epochs', epochs=', '.join(map(str, found)), epoch=epoch))
    sym_file = '%s-symbol.json' % prefix
    files = [f for f in (sym_file, path) if os.path.isfile(f)]
    files_table(rep, files, rows, t)
    states = '%s-%04d.states' % (prefix, epoch)
    leftovers_table(rep, [sym_file, path, states], t)
    arrays_table(rep, rows, path, t)
    if os.path.isfile(sym_file):
        net = sym.load(sym_file)
        inputs = [a for a in net.list_arguments() if a not in args]
        rep.text(t('ckpt.inputs', names=', '.join(inputs) or '—'))
    if os.path.isfile(states):
        rep.text(t('ckpt.states_file', path=states, size=os.path.getsize(states)))
    else:
        rep.text(t('ckpt.no_states'))
    return rep
