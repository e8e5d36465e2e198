"""The work of Module.init_params: where each parameter (and auxiliary state) gets its first
value. An array given in ``arg_params``/``aux_params`` is copied in; otherwise the initializer
fills it by MXNet's rules (tutor/initializer/base.py) and says which rule fired."""
import numpy as np

from ..initializer import InitDesc


def fill(params, given, initializer, attrs):
    """Fill every array of ``params`` (name -> array, in name order); return name -> rule:
    ``'given'``, ``'kept'`` (no initializer: set_params), or the initializer's rule key."""
    return {name: _fill_one(InitDesc(name, attrs.get(name)), params[name], given, initializer)
            for name in sorted(params)}


def _fill_one(desc, arr, given, initializer):
    name = str(desc)
    if given is not None and name in given:  # (shape checked by _check_sources)
        src = np.asarray(given[name])
        if src is not arr:
            np.copyto(arr, src, casting='unsafe')
        return 'given'
    if initializer is None:
        return 'kept'
    initializer(desc, arr)
    return getattr(initializer, 'last_rule', None) or type(initializer).__name__.lower()
