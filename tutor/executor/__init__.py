"""``mx.executor``: a symbol bound to arrays (``Symbol.bind``, ``simple_bind``).

    executor.py  Executor: MXNet's API (forward, backward, arg_dict, reshape, monitor)
    plan.py      the plan bind makes once: every array allocated, the ops as steps
    memory_pool.py  where op outputs, their gradients and scratch live (shared_exec lends)
"""
from .executor import Executor

__all__ = ['Executor']
