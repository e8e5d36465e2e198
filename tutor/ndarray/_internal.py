"""``mx.nd._internal``: the operators whose names start with ``_`` (``_plus_scalar``...)."""


def __getattr__(attr):
    from ..symbol.op import OPS
    from .imperative import make_nd_function
    if attr in OPS:
        fn = make_nd_function(attr)
        globals()[attr] = fn
        return fn
    raise AttributeError("module 'tutor.ndarray._internal' has no attribute %r" % attr)
