"""``mx.executor``: a symbol bound to arrays (``Symbol.bind``, ``simple_bind``).

    executor.py  Executor: MXNet's API (forward, backward, arg_dict, reshape, monitor)
    plan.py      the plan bind makes once: every array allocated, the ops as steps
"""
from .executor import Executor

__all__ = ['Executor']
