"""MemoryLens: what ``bind`` allocated, array by array and in total, plus the module's own
copy of the parameters (what get_params returns) and the optimizer's states.

MXNet (and tutor) allocate every array once, at bind: forward and backward then only write
into them. So the memory a network needs is known before the first batch runs.
"""
import numpy as np

from .base import Lens
from .report import Report, fmt_bytes

KINDS = ('data', 'label', 'param', 'argument', 'gradient', 'auxiliary', 'output',
         'output gradient', 'scratch', 'module copy', 'optimizer state')


def allocations(module, arrays=False):
    """(kind, name, shape, dtype, bytes) for every array the bound module holds, and the
    array itself as a sixth item with ``arrays=True``."""
    view = module.view
    rows = []
    for exe in view.executors:
        for kind, name, shape, dtype, nbytes, arr in exe.allocations(arrays=True):
            if kind == 'argument':
                role = view.role(name)
                kind = role if role in ('data', 'label', 'param') else 'argument'
            rows.append((kind, name, tuple(shape), str(dtype), int(nbytes), arr))
    for params in (view.arg_params or {}, view.aux_params or {}):
        for name, arr in params.items():
            rows.append(('module copy', name, tuple(arr.shape), str(arr.dtype), int(arr.nbytes),
                         arr))
    for index, state in view.optimizer_states.items():
        for k, arr in enumerate(_arrays(state)):
            rows.append(('optimizer state', '%s[%d]' % (view.param_name(index), k),
                         tuple(arr.shape), str(arr.dtype), int(arr.nbytes), arr))
    return rows if arrays else [r[:5] for r in rows]


def _arrays(state):
    if isinstance(state, np.ndarray):
        return [state]
    if isinstance(state, (tuple, list)):
        return [a for s in state for a in _arrays(s)]
    return []


def totals(rows):
    """{kind: (count, bytes)} in KINDS order, and the grand total in bytes."""
    out = {}
    for kind, _, _, _, nbytes in rows:
        count, total = out.get(kind, (0, 0))
        out[kind] = (count + 1, total + nbytes)
    ordered = {k: out[k] for k in KINDS if k in out}
    ordered.update({k: v for k, v in out.items() if k not in ordered})
    return ordered, sum(v[1] for v in out.values())


class MemoryLens(Lens):
    title_key = 'mem.title'

    def on_bound(self, module, info):
        rows = allocations(module)
        by_kind, total = totals(rows)
        self.record(kind='bound', total=total, by_kind=by_kind, arrays=len(rows))

    def report(self, detail=True):
        t = self.t
        rep = Report(t(self.title_key))
        module = self.module
        if module is None:
            return rep.text(t('lens.not_attached'))
        if not module.binded:
            return rep.text(t('lens.not_bound'))
        from . import buckets   # a BucketingModule: what its buckets share and add
        if buckets.is_bucketing(module):
            return buckets.memory_report(self, module)
        rows = allocations(module)
        by_kind, total = totals(rows)
        bound = sum(b for k, (_, b) in by_kind.items()
                    if k not in ('module copy', 'optimizer state'))
        rep.text(t('mem.intro', arrays=len(rows), total=fmt_bytes(total),
                   bound=fmt_bytes(bound)))
        rep.heading(t('mem.by_kind'))
        rep.table([t('col.kind'), t('col.count'), t('col.bytes'), ''],
                  [[t('mem.kind.' + k), c, b, fmt_bytes(b)] for k, (c, b) in by_kind.items()]
                  + [[t('col.total'), len(rows), total, fmt_bytes(total)]])
        params = by_kind.get('param', (0, 0))[1]
        if params:
            rep.text(t('mem.ratio', params=fmt_bytes(params), total=fmt_bytes(total),
                       times=total / params))
        if detail:
            rep.heading(t('mem.detail'))
            rep.table([t('col.kind'), t('col.name'), t('col.shape'), t('col.dtype'),
                       t('col.bytes')],
                      [[t('mem.kind.' + k), n, s, d, b] for k, n, s, d, b in rows])
        return rep
