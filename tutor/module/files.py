"""A Module's files: checkpoints (``prefix-symbol.json`` + ``prefix-%04d.params``, and the
optimizer's ``.states``), written and read for Module's methods of the same names."""
import logging

from .. import model
from ..events import emit_once, files
from ..i18n import text as _
from ..ndarray import atomic_write
from ..optimizer import states_io
from ..optimizer.states_io import StatesFormatError


def save_checkpoint(module, prefix, epoch, save_optimizer_states=False, remove_amp_cast=True):
    module._symbol.save('%s-symbol.json' % prefix, remove_amp_cast=remove_amp_cast)
    param_name = model.params_file(prefix, epoch)
    module.save_params(param_name)
    logging.info('Saved checkpoint to "%s"', param_name)
    written = ['%s-symbol.json' % prefix, param_name]
    state_name = None
    if save_optimizer_states:
        state_name = '%s-%04d.states' % (prefix, epoch)
        module.save_optimizer_states(state_name)
        logging.info('Saved optimizer state to "%s"', state_name)
        written.append(state_name)
    if files.watchers or module._watchers:   # the module's watchers and the global ones
        emit_once((module, files), 'checkpoint_saved', prefix=prefix, epoch=epoch,
                  files=written, arg_params=module._arg_params, aux_params=module._aux_params,
                  optimizer_states=state_name)


def load(module_class, prefix, epoch, load_optimizer_states=False, **kwargs):
    sym, args, auxs = model.load_checkpoint(prefix, epoch)
    mod = module_class(symbol=sym, **kwargs)
    mod._arg_params = args
    mod._aux_params = auxs
    mod.params_initialized = True
    if load_optimizer_states:   # loaded by init_optimizer, once there is an optimizer
        mod._preload_opt_states = '%s-%04d.states' % (prefix, epoch)
    return mod


def save_optimizer_states(module, fname):
    if not module.optimizer_initialized:
        raise AssertionError(_('err.no_optimizer', step='save_optimizer_states'))
    if module._update_on_kvstore:   # several devices: the states live in the KVStore
        module._kvstore.save_optimizer_states(fname)
    else:
        atomic_write(fname, module._updater.get_states())


def load_optimizer_states(module, fname):
    if not module.optimizer_initialized:
        raise AssertionError(_('err.no_optimizer', step='load_optimizer_states'))
    with open(fname, 'rb') as f:
        data = f.read()
    on_store = module._update_on_kvstore
    updater = module._kvstore._updater if on_store else module._updater
    group, ndev = module._exec_group, len(module._context)
    try:
        updater.set_states(data)
        # the indices the updater uses: names on the store, i * ndev + k on the devices
        weights = ({n: w[0] for n, w in zip(group.param_names, group.param_arrays)}
                   if on_store else {i * ndev + k: w[k] for i, w in enumerate(group.param_arrays)
                                     for k in range(ndev)})
        states_io.check_fits(updater.optimizer, updater.states, weights)
    except StatesFormatError as err:  # say which file: the states themselves cannot
        raise StatesFormatError('%s: %s' % (fname, err)) from None
