"""What BucketingModule shares between its buckets, for the memory and parameter lenses.

Every bucket is a Module with its own executor. The default bucket's executor allocated the
parameters, their gradients and the aux states; every other bucket was bound with
``shared_module`` and holds those very arrays (the same objects), so it adds only its own
data, labels and op outputs (their sizes grow with the sequence length).
"""
from .memory import allocations
from .report import Report, fmt_bytes

SHARED_KINDS = ('param', 'gradient', 'auxiliary')


def is_bucketing(module):
    return module.view.default_bucket_key is not None


def _array_ids(view):
    """id of every parameter, gradient and aux array of a bound bucket's executor."""
    params = set(view.param_names)
    ids = {id(a) for n, a in view.arg_dict.items() if n in params}
    ids |= {id(g) for g in view.grad_dict.values() if g is not None}
    return ids | {id(a) for a in view.aux_dict.values()}


def bucket_memory(bmod):
    """One row per bound bucket: key, bytes shared with the default bucket (the very same
    arrays), bytes of its own, and its own bytes by kind."""
    modules = bmod.view.buckets
    default = modules[bmod.view.default_bucket_key].view
    shared_ids = _array_ids(default)
    rows = []
    for key in sorted(modules):
        view = modules[key].view
        if not view.binded:
            continue
        arrays = {}
        for name, arr in list(view.arg_dict.items()) + list(view.aux_dict.items()):
            arrays[('argument', name)] = arr
        for name, arr in view.grad_dict.items():
            if arr is not None:
                arrays[('gradient', name)] = arr
        shared = sum(a.nbytes for a in arrays.values() if id(a) in shared_ids)
        own_by_kind = {}
        for kind, name, _, _, nbytes in allocations(modules[key]):
            if kind in ('module copy', 'optimizer state'):
                continue
            arr = arrays.get(('gradient' if kind == 'gradient' else 'argument', name))
            if arr is not None and id(arr) in shared_ids:
                continue
            own_by_kind[kind] = own_by_kind.get(kind, 0) + nbytes
        rows.append(dict(key=key, default=key == bmod.view.default_bucket_key, shared=shared,
                         own=sum(own_by_kind.values()), own_by_kind=own_by_kind))
    return rows


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
    return rep


def parameter_report(lens, bmod):
    t = lens.t
    rep = Report(t('bucket.params.title'))
    rows = shared_parameters(bmod)
    rep.text(t('bucket.params.intro', buckets=rows[0]['of'] if rows else 0))
    rep.table([t('col.name'), t('col.shape'), t('bucket.col.readers')],
              [[r['name'], r['shape'], '%d / %d' % (r['buckets'], r['of'])] for r in rows])
    return rep
