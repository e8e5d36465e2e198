"""CheckpointLens: at each save, the files written and every array in them under its
``arg:`` / ``aux:`` key; what was *not* saved and why; at each load, what came back.

Saves and loads are announced on the process-wide ``tutor.events.files`` source (a module's
save_checkpoint, mx.model.save_checkpoint and the do_checkpoint callback all go through it),
so the lens watches that source; attach it to a module too and it names that module's data,
labels, gradients and outputs in the "not saved" list.
"""
import os

import numpy as np

from .. import events
from ..atomic import temporaries
from .base import Lens
from .report import Report, fmt_bytes


def array_rows(arg_params, aux_params):
    """(key, shape, dtype, bytes) in the order nd.save writes them."""
    rows = []
    for prefix, params in (('arg', arg_params or {}), ('aux', aux_params or {})):
        for name, arr in params.items():
            a = np.asarray(arr)
            rows.append(('%s:%s' % (prefix, name), tuple(a.shape), str(a.dtype), int(a.nbytes)))
    return rows


def _size(path):
    try:
        return os.path.getsize(path)
    except OSError:
        return None


def files_table(rep, files, rows, t):
    """Which file holds what, with its size on disk."""
    table = []
    for path in files:
        if path.endswith('-symbol.json'):
            what = t('ckpt.file.symbol')
        elif path.endswith('.params'):
            what = t('ckpt.file.params', n=len(rows))
        elif path.endswith('.states'):
            what = t('ckpt.file.states')
        else:
            what = ''
        size = _size(path)
        table.append([path, what, size if size is not None else '', fmt_bytes(size or 0)])
    rep.table([t('col.file'), t('ckpt.col.holds'), t('col.bytes'), ''], table)


def leftovers_table(rep, files, t):
    """Temporary files of a save beside ``files``: crashed saves left them (the next save to
    the same file removes those), or another process is writing right now."""
    found = [tmp for f in files for tmp in temporaries(f)]
    if not found:
        return
    total = sum(tmp['bytes'] for tmp in found)
    rep.heading(t('ckpt.leftovers', n=len(found), size=fmt_bytes(total)))
    rows = [[os.path.basename(tmp['path']), tmp['bytes'], fmt_bytes(tmp['bytes']),
             t('ckpt.leftover.stale' if tmp['stale'] else 'ckpt.leftover.live',
               pid=tmp['pid'] if tmp['pid'] is not None else '?')]
            for tmp in found]
    rep.table([t('col.file'), t('col.bytes'), '', t('ckpt.col.leftover')], rows)


def arrays_table(rep, rows, params_path, t):
    rep.table([t('col.key'), t('col.shape'), t('col.dtype'), t('col.bytes')],
              [list(r) for r in rows])
    numbers = sum(r[3] for r in rows)
    size = _size(params_path) if params_path else None
    if size is not None:
        rep.text(t('ckpt.overhead', size=size, numbers=numbers, headers=size - numbers))
    rep.text(t('ckpt.keys'))


def not_saved_table(rep, module, states_saved, t):
    """What a checkpoint leaves out, and why (with the module's names when known)."""
    names = lambda xs: ', '.join(xs) if xs else '—'
    if module is not None:
        view = module.view
        grads = [n for n, g in view.grad_dict.items() if g is not None]
        items = [('data', names(view.data_names)), ('label', names(view.label_names)),
                 ('grad', names(['d' + n for n in grads])),
                 ('output', names(module.symbol.list_outputs()))]
    else:
        items = [(k, '') for k in ('data', 'label', 'grad', 'output')]
    rows = [[t('ckpt.not.' + k), v, t('ckpt.why.' + k)] for k, v in items]
    if not states_saved:
        rows.append([t('ckpt.not.opt'), '', t('ckpt.why.opt')])
    rows.append([t('ckpt.not.settings'), '', t('ckpt.why.settings')])
    rep.table([t('ckpt.col.what'), t('col.name'), t('col.why')], rows)


class CheckpointLens(Lens):
    title_key = 'ckpt.title'

    def attach(self, module=None):
        """Watch every save and load (and ``module``, when given, for its names)."""
        if module is not None:
            super().attach(module)
        self._watch(events.files)
        return self

    def on_checkpoint_saved(self, source, info):
        rows = array_rows(info['arg_params'], info['aux_params'])
        self.record(kind='saved', prefix=info['prefix'], epoch=info['epoch'],
                    files=list(info['files']), arrays=rows,
                    optimizer_states=info.get('optimizer_states'),
                    sizes={f: _size(f) for f in info['files']},
                    this_module=self._is_ours(info['arg_params']))

    def on_checkpoint_loaded(self, source, info):
        self.record(kind='loaded', prefix=info['prefix'], epoch=info['epoch'],
                    files=list(info['files']),
                    arrays=array_rows(info['arg_params'], info['aux_params']))

    def _is_ours(self, arg_params):
        m = self.module
        return m is not None and m.view.owns(arg_params)

    def saves(self):
        return [r for r in self.history if r['kind'] == 'saved']

    def loads(self):
        return [r for r in self.history if r['kind'] == 'loaded']

    def report(self):
        t = self.t
        rep = Report(t(self.title_key))
        saves, loads = self.saves(), self.loads()
        if not saves and not loads:
            return rep.text(t('ckpt.none'))
        if saves:
            last = saves[-1]
            if len(saves) > 1:
                rep.text(t('ckpt.saved_count', n=len(saves),
                           epochs=', '.join(str(r['epoch']) for r in saves)))
            rep.heading(t('ckpt.saved', prefix=last['prefix'], epoch=last['epoch']))
            files_table(rep, last['files'], last['arrays'], t)
            leftovers_table(rep, last['files'], t)
            params = [f for f in last['files'] if f.endswith('.params')]
            arrays_table(rep, last['arrays'], params[0] if params else None, t)
            rep.heading(t('ckpt.not_saved'))
            not_saved_table(rep, self.module, bool(last['optimizer_states']), t)
        if loads:
            last = loads[-1]
            rep.heading(t('ckpt.loaded', prefix=last['prefix'], epoch=last['epoch']))
            rep.table([t('col.key'), t('col.shape'), t('col.dtype'), t('col.bytes')],
                      [list(r) for r in last['arrays']])
            rep.text(t('ckpt.loaded_next'))
        return rep
