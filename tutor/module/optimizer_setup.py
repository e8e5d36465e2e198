"""The work of Module.init_optimizer, as MXNet's Module does it: where the update runs (a
KVStore or not), ``rescale_grad`` and the index -> parameter name map the optimizer gets,
and the updater that applies it."""
import warnings

from .. import model
from .. import optimizer as opt


def init_optimizer(module, kvstore, optimizer, optimizer_params):
    """Give ``module`` its optimizer, KVStore and updater (the caller checked the state)."""
    ndev = len(module._context)
    kvstore, update_on_kvstore = model._create_kvstore(kvstore, ndev, module._arg_params)
    group = module._exec_group
    optimizer = _optimizer(optimizer, optimizer_params, module._symbol,
                           _rescale_grad(group.batch_size, kvstore),
                           _idx2name(group.param_names, ndev, update_on_kvstore))
    module._optimizer = optimizer
    module._kvstore = kvstore
    module._update_on_kvstore = update_on_kvstore
    module._updater = None
    if kvstore:
        if module._compression_params:
            kvstore.set_gradient_compression(module._compression_params)
        if update_on_kvstore:
            kvstore.set_optimizer(optimizer)
        model._initialize_kvstore(kvstore, group.param_arrays, module._arg_params,
                                  module._param_names, update_on_kvstore)
    if not update_on_kvstore:
        module._updater = opt.get_updater(optimizer)
    return optimizer


def _rescale_grad(batch_size, kvstore):
    """1/batch_size: the loss layers return gradients summed over the batch, and this turns
    the sum into a mean. The whole batch, not a device's slice: the store sums the slices'
    gradients (and a synchronous distributed store sums every worker's)."""
    if kvstore and 'dist' in kvstore.type and '_sync' in kvstore.type:
        batch_size *= kvstore.num_workers
    return 1.0 / batch_size


def _idx2name(names, ndev, update_on_kvstore):
    """The name of each index the updater sees: one per parameter, or, when every device
    updates its own copy, device k's copy of parameter i at i * ndev + k."""
    if update_on_kvstore or ndev == 1:
        return dict(enumerate(names))
    return {i * ndev + k: n for k in range(ndev) for i, n in enumerate(names)}


def _optimizer(optimizer, optimizer_params, symbol, rescale_grad, idx2name):
    """An optimizer made from its name, or the one given (checked, with a warning when its
    rescale_grad is not the batch's)."""
    if isinstance(optimizer, str):
        optimizer_params = dict(optimizer_params)
        optimizer_params.setdefault('rescale_grad', rescale_grad)
        return opt.create(optimizer, sym=symbol, param_idx2name=idx2name, **optimizer_params)
    if not isinstance(optimizer, opt.Optimizer):
        raise TypeError('optimizer must be a name such as "sgd" or an '
                        'mx.optimizer.Optimizer, got %r' % (optimizer,))
    if optimizer.rescale_grad != rescale_grad:
        warnings.warn('Optimizer created manually outside Module but rescale_grad is '
                      'not normalized to 1.0/batch_size/num_workers (%s vs. %s). Is '
                      'this intended?' % (optimizer.rescale_grad, rescale_grad),
                      stacklevel=4)
    if not optimizer.idx2name:
        optimizer.idx2name = idx2name.copy()
    return optimizer
