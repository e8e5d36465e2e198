"""What BucketingModule shares between its buckets, for the memory and parameter lenses.

Every bucket is a Module with its own executor. The default bucket's executor allocated the
parameters, their gradients and the aux states; every other bucket was bound with
``shared_module`` and holds those very arrays (the same objects). Its inputs are views of the
default bucket's (taken by name), and its op outputs, their gradients and scratch are views
of buffers in the default bucket's memory pool (tutor/executor/memory_pool.py). So a bucket
no longer than the default one adds (almost) nothing; a longer one adds what did not fit.
"""
import numpy as np

from .memory import allocations
from .report import Report, fmt_bytes


def is_bucketing(module):
    return module.view.default_bucket_key is not None


def _owner(arr):
    """The array that owns ``arr``'s memory (``arr`` itself unless it is a view)."""
    while isinstance(arr.base, np.ndarray):
        arr = arr.base
    return arr


def bucket_memory(bmod):
    """One row per bound bucket, by key: bytes it shares (memory already counted for a
    bucket bound before it: the same arrays or views of them) and bytes of its own (memory it
    added), in total and by kind."""
    modules = bmod.view.buckets       # in bind order: the default bucket first
    seen = set()                      # ids of the memory owners of the buckets counted so far
    rows = []
    for key, module in modules.items():
        if not module.view.binded:
            continue
        shared, own_by_kind, mine = 0, {}, set()
        for kind, _, _, _, nbytes, arr in allocations(module, arrays=True):
            if kind in ('module copy', 'optimizer state'):
                continue
            owner = id(_owner(arr))
            if owner in seen:
                shared += nbytes
            else:
                own_by_kind[kind] = own_by_kind.get(kind, 0) + nbytes
                mine.add(owner)
        seen |= mine
        rows.append(dict(key=key, default=key == bmod.view.default_bucket_key, shared=shared,
                         own=sum(own_by_kind.values()), own_by_kind=own_by_kind))
    return sorted(rows, key=lambda r: r['key'])


def shared_parameters(bmod):
    """One row per parameter: name, shape, and how many bound buckets read that one array."""
    modules = bmod.view.buckets
    default = modules[bmod.view.default_bucket_key].view
    bound = [m.view for m in modules.values() if m.view.binded]
    rows = []
    for name in default.param_names:
        arr = default.arg_dict[name]
        readers = sum(1 for v in bound if v.arg_dict.get(name) is arr)
        rows.append(dict(name=name, shape=tuple(arr.shape), buckets=readers,
                         of=len(bound)))
    return rows


def memory_report(lens, bmod):
    t = lens.t
    rep = Report(t('bucket.mem.title'))
    rows = bucket_memory(bmod)
    rep.text(t('bucket.mem.intro', buckets=len(rows), default=bmod.view.default_bucket_key))
    rep.table([t('bucket.col.key'), t('bucket.col.shared'), t('bucket.col.own'),
               t('bucket.col.own_kinds')],
              [[('%s *' % r['key']) if r['default'] else r['key'], fmt_bytes(r['shared']),
                fmt_bytes(r['own']),
                ', '.join('%s %s' % (t('mem.kind.' + k), fmt_bytes(b))
                          for k, b in r['own_by_kind'].items())] for r in rows])
    rep.text(t('bucket.mem.total', own=fmt_bytes(sum(r['own'] for r in rows)),
               alone=fmt_bytes(sum(r['own'] + r['shared'] for r in rows))))
    return rep


def parameter_report(lens, bmod):
    t = lens.t
    rep = Report(t('bucket.params.title'))
    rows = shared_parameters(bmod)
    rep.text(t('bucket.params.intro', buckets=rows[0]['of'] if rows else 0))
    rep.table([t('col.name'), t('col.shape'), t('bucket.col.readers')],
              [[r['name'], r['shape'], '%d / %d' % (r['buckets'], r['of'])] for r in rows])
    return rep
