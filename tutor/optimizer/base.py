"""The Optimizer base class: learning rate, weight decay, per-parameter multipliers, update
counts and the registry, as in MXNet 1.9.1 (``python/mxnet/optimizer/optimizer.py``).

Every optimizer updates the weight array *in place*: the executor owns it and the module
keeps pointing at it, so rebinding the name would silently lose the update. Temporary
arrays are allocated once per weight (``_scratch``) and reused at every step.
"""
import warnings

import numpy as np

from .. import registry
from ..ndarray import zeros as _nd_zeros

# Registered in MXNet 1.9.1 but not implemented by tutor (create() says so).
_MXNET_ONLY = ('lars', 'lbsgd')


class Optimizer:
    """Base class of all optimizers.

    ``rescale_grad`` multiplies every gradient first (Module sets it to 1/batch_size);
    ``clip_gradient`` then clips it to [-c, c] when truthy; ``wd`` is the weight decay;
    ``learning_rate`` defaults to 0.01 unless an ``lr_scheduler`` gives it. ``sym`` lets
    variables' ``lr_mult``/``wd_mult`` attributes set per-parameter multipliers, and with
    ``param_idx2name`` every parameter whose name does not end in ``_weight`` or ``_gamma``
    gets ``wd_mult`` 0 (biases and betas are not decayed).
    """

    opt_registry = {}

    def __init__(self, rescale_grad=1., param_idx2name=None, wd=0.,
                 clip_gradient=None, learning_rate=None,
                 lr_scheduler=None, sym=None, begin_num_update=0,
                 multi_precision=False, param_dict=None):
        self.rescale_grad = rescale_grad
        self.lr_scheduler = lr_scheduler
        if self.lr_scheduler is None and learning_rate is None:
            learning_rate = 0.01
        self.lr = learning_rate
        if self.lr_scheduler is not None and learning_rate is not None:
            if self.lr_scheduler.base_lr != learning_rate:
                # MXNet prints this (it does not warn through the warnings module)
                print(UserWarning("learning rate from ``lr_scheduler`` has been "
                                  "overwritten by ``learning_rate`` in optimizer."))
                self.lr_scheduler.base_lr = learning_rate
        self.wd = wd
        self.lr_mult = {}
        self.wd_mult = {}
        self.begin_num_update = begin_num_update
        self.num_update = begin_num_update
        self._all_index_update_counts = {0: {}}
        self._index_update_count = self._all_index_update_counts[0]
        self.clip_gradient = clip_gradient
        self.multi_precision = multi_precision
        self.aggregate_num = 0
        if param_idx2name is None:
            param_idx2name = {}
        assert isinstance(param_idx2name, dict), \
            'param_idx2name should be a dict of param indexes to names.'
        self.idx2name = param_idx2name.copy()
        self.sym_info = (sym.attr_dict(), sym.list_arguments()) if sym is not None else ()
        self.param_dict = param_dict if param_dict else {}
        self._scratch = {}
        self.set_lr_mult({})
        self.set_wd_mult({})

    # --- registry ---
    @staticmethod
    def register(klass):
        """Register an optimizer class under its lower-cased name."""
        assert isinstance(klass, type)
        name = klass.__name__.lower()
        if name in Optimizer.opt_registry:
            warnings.warn('WARNING: New optimizer %s.%s is overriding existing optimizer %s.%s'
                          % (klass.__module__, klass.__name__,
                             Optimizer.opt_registry[name].__module__,
                             Optimizer.opt_registry[name].__name__))
        Optimizer.opt_registry[name] = klass
        return klass

    @staticmethod
    def create_optimizer(name, **kwargs):
        """An optimizer by (case-insensitive) name, e.g. ``create('sgd', momentum=0.9)``."""
        if name.lower() in Optimizer.opt_registry:
            return Optimizer.opt_registry[name.lower()](**kwargs)
        known = ', '.join(sorted(Optimizer.opt_registry))
        if name.lower() in _MXNET_ONLY:
            raise ValueError('Cannot find optimizer %s: MXNet 1.9.1 has it but tutor does not '
                             'implement it. tutor has: %s' % (name, known))
        raise ValueError('Cannot find optimizer %s (names are case-insensitive; known: %s)'
                         % (name, known))

    # --- learning rate and weight decay ---
    @property
    def learning_rate(self):
        if self.lr_scheduler is not None:
            return self.lr_scheduler(self.num_update)
        return self.lr

    def set_learning_rate(self, lr):
        """Set the learning rate (only when there is no lr_scheduler)."""
        if self.lr_scheduler is not None:
            raise UserWarning("LRScheduler of the optimizer has already been "
                              "defined. Note that set_learning_rate can mutate "
                              "the value of the learning rate of the optimizer "
                              "only when the LRScheduler of the optimizer is "
                              "undefined.")
        self.lr = lr

    def set_lr_scale(self, args_lrscale):
        """[DEPRECATED] Use set_lr_mult."""
        raise DeprecationWarning

    def set_lr_mult(self, args_lr_mult):
        """Per-parameter learning-rate multipliers (keys: names or indices); starts from the
        symbol's ``__lr_mult__`` attributes."""
        self.lr_mult = {}
        if self.sym_info:
            attr, arg_names = self.sym_info
            for name in arg_names:
                if name in attr and '__lr_mult__' in attr[name]:
                    self.lr_mult[name] = float(attr[name]['__lr_mult__'])
        self.lr_mult.update(args_lr_mult)

    def set_wd_mult(self, args_wd_mult):
        """Per-parameter weight-decay multipliers: 0 for names in ``idx2name`` not ending in
        ``_weight``/``_gamma``, then the symbol's ``__wd_mult__``, then ``args_wd_mult``."""
        self.wd_mult = {}
        for n in self.idx2name.values():
            if not (n.endswith('_weight') or n.endswith('_gamma')):
                self.wd_mult[n] = 0.0
        if self.sym_info:
            attr, arg_names = self.sym_info
            for name in arg_names:
                if name in attr and '__wd_mult__' in attr[name]:
                    self.wd_mult[name] = float(attr[name]['__wd_mult__'])
        self.wd_mult.update(args_wd_mult)

    def _get_lrs(self, indices):
        lr = self.lr_scheduler(self.num_update) if self.lr_scheduler is not None else self.lr
        return [lr if m is None else lr * m
                for m in self._multipliers(indices, self.lr_mult, 'lr_mult')]

    def _get_lr(self, index):
        return self._get_lrs([index])[0]

    def _get_wds(self, indices):
        wd = self.wd
        return [wd if m is None else wd * m
                for m in self._multipliers(indices, self.wd_mult, 'wd_mult')]

    def _get_wd(self, index):
        return self._get_wds([index])[0]

    def _multipliers(self, indices, mults, attr):
        """Each index's multiplier, first found of: its param_dict entry's ``attr``, ``mults``
        by index, ``mults`` by its name in idx2name (1.0 when the name has none); else None."""
        params, names = self.param_dict, self.idx2name
        return [getattr(params[i], attr) if i in params else
                mults[i] if i in mults else
                mults.get(names[i], 1.0) if i in names else None
                for i in indices]

    # --- update counting ---
    def _set_current_context(self, device_id):
        if device_id not in self._all_index_update_counts:
            self._all_index_update_counts[device_id] = {}
        self._index_update_count = self._all_index_update_counts[device_id]

    def _update_count(self, index):
        """Count one more update of each index; ``num_update`` is the largest count."""
        counts = self._index_update_count
        for idx in (index if isinstance(index, (list, tuple)) else (index,)):
            count = counts[idx] = counts.get(idx, self.begin_num_update) + 1
            if count > self.num_update:
                self.num_update = count

    # --- states ---
    def create_state(self, index, weight):
        """The auxiliary state (e.g. momentum) for one weight; called once per index."""

    def create_state_multi_precision(self, index, weight):
        """Like create_state, with a float32 master copy of float16 weights when
        ``multi_precision`` is on: ``(master, state)``."""
        if self.multi_precision and weight.dtype == np.float16:
            master = weight.astype(np.float32)
            return (master,) + (self.create_state(index, master),)
        if weight.dtype == np.float16 and not self.multi_precision:
            warnings.warn("Accumulating with float16 in optimizer can lead to "
                          "poor accuracy or slow convergence. "
                          "Consider using multi_precision=True option of the "
                          "optimizer")
        return self.create_state(index, weight)

    def update(self, index, weight, grad, state):
        """Update ``weight`` in place from ``grad`` and ``state``."""
        raise NotImplementedError()

    def update_multi_precision(self, index, weight, grad, state):
        if self.multi_precision and weight.dtype == np.float16:
            master, original_state = state
            self.update(index, master, grad.astype(np.float32), original_state)
            weight[...] = master
        else:
            self.update(index, weight, grad, state)

    # --- helpers for the subclasses ---
    def _buffers(self, index, like, count=1):
        """``count`` scratch arrays shaped like ``like``, made once per index and reused."""
        bufs = self._scratch.get(index)
        if bufs is None or len(bufs) < count or bufs[0].shape != like.shape \
                or bufs[0].dtype != like.dtype:
            bufs = [np.empty(like.shape, like.dtype) for _ in range(count)]
            self._scratch[index] = bufs
        return bufs

    def _prepared_grad(self, out, grad, weight=None, wd=0.0, clip=None, tmp=None):
        """out = clip(rescale_grad * grad + wd * weight) without new arrays (``tmp`` is
        needed when wd is used); ``clip`` is applied when it is not None."""
        np.multiply(grad, self.rescale_grad, out=out)
        if wd:
            np.multiply(weight, wd, out=tmp)
            out += tmp
        if clip is not None:
            _clip_inplace(out, clip)
        return out


def _kernel_clip(opt):
    """MXNet's C++ update kernels clip only when clip_gradient is truthy and >= 0 (its
    Python-written optimizers clip whenever it is not None)."""
    c = opt.clip_gradient
    return c if c and c >= 0 else None


def _clip_inplace(arr, bound):
    """Clip to [-bound, bound] like MXNet's clip (NaN stays NaN)."""
    np.minimum(arr, bound, out=arr)
    np.maximum(arr, -bound, out=arr)


def _zeros_like(weight, dtype=None):
    return _nd_zeros(weight.shape, dtype=weight.dtype if dtype is None else dtype)


# The table lives in the registry shared with metrics and initializers (tutor/registry.py);
# MXNet code reads it as Optimizer.opt_registry, and Optimizer.register keeps MXNet's words.
Optimizer.opt_registry = registry.registry_of(Optimizer)
register = Optimizer.register
create = Optimizer.create_optimizer
