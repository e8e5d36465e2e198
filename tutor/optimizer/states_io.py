"""Optimizer states as bytes, without pickle (``Updater.get_states`` / ``set_states``).

MXNet pickles its updater states (``.states`` files). A pickle can run any code when it is
loaded, so tutor never unpickles anything a user hands it: tutor's ``.states`` bytes are an
ordinary NDArray list in MXNet's ``.params`` format (``mx.nd.load`` reads them), holding

* ``__tutor_updater_states__``: a uint8 array with UTF-8 JSON
  ``{"format": "tutor-updater-states", "version": 1, "states": [[index, S], ...],
  "optimizer": null | {"class": name, "attrs": {...}}}`` where S describes one index's state:
  ``null`` (no state), ``{"array": key}``, ``{"tuple": [S, ...]}``, ``{"list": [S, ...]}``
  or ``{"value": number}``;
* ``s0``, ``s1``, ...: the state arrays the ``{"array": key}`` entries name.

MXNet's own ``.states`` files (pickles, starting with byte 0x80) are refused with a clear
ValueError: resume from the ``.params`` checkpoint and let the states start again.
"""
import json
import numbers

import numpy as np

from ..ndarray import save_to_bytes, load_frombuffer, NDArray, NDArrayFormatError

HEADER_KEY = '__tutor_updater_states__'
FORMAT, VERSION = 'tutor-updater-states', 1


class StatesFormatError(ValueError):
    """Bytes given to ``Updater.set_states`` that are not tutor optimizer states."""


def _fail(what):
    raise StatesFormatError('These optimizer states cannot be loaded: %s. Save them with '
                            'tutor (Module.save_optimizer_states or Updater.get_states) and '
                            'pass the bytes unchanged.' % what)


# --- states <-> (JSON structure, arrays) ---------------------------------------------------

def encode_states(states):
    arrays, entries = {}, []

    def enc(state, where):
        if state is None:
            return None
        if isinstance(state, np.ndarray):
            key = 's%d' % len(arrays)
            arrays[key] = np.asarray(state)
            return {'array': key}
        if isinstance(state, (tuple, list)):
            kind = 'tuple' if isinstance(state, tuple) else 'list'
            return {kind: [enc(s, where) for s in state]}
        if isinstance(state, (bool, numbers.Real)) and not isinstance(state, np.ndarray):
            return {'value': state.item() if isinstance(state, np.generic) else state}
        raise TypeError('tutor cannot save the optimizer state of index %r: it holds a %s. '
                        'States may be arrays, None, numbers, or tuples/lists of them.'
                        % (where, type(state).__name__))

    for index, state in states.items():
        if not isinstance(index, (int, str)) or isinstance(index, bool):
            raise TypeError('optimizer state index %r is a %s; tutor saves int or str indices'
                            % (index, type(index).__name__))
        entries.append([index, enc(state, index)])
    return entries, arrays


def decode_states(entries, arrays):
    used = set()

    def dec(desc, where):
        if desc is None:
            return None
        if not isinstance(desc, dict) or len(desc) != 1:
            _fail('the state of index %r is described by %r, which is not one of null, '
                  '{"array": key}, {"tuple": [...]}, {"list": [...]}, {"value": number}'
                  % (where, desc))
        (kind, val), = desc.items()
        if kind == 'array':
            if val not in arrays:
                _fail('the state of index %r names array %r, which is missing' % (where, val))
            if val in used:
                _fail('array %r is used twice' % val)
            used.add(val)
            return arrays[val]
        if kind in ('tuple', 'list') and isinstance(val, list):
            items = [dec(v, where) for v in val]
            return tuple(items) if kind == 'tuple' else items
        if kind == 'value' and isinstance(val, (bool, int, float)):
            return val
        _fail('the state of index %r has an unknown entry %r' % (where, desc))

    if not isinstance(entries, list):
        _fail('"states" is not a list')
    states = {}
    for entry in entries:
        if not (isinstance(entry, list) and len(entry) == 2):
            _fail('a "states" entry is %r, not [index, state]' % (entry,))
        index, desc = entry
        if not isinstance(index, (int, str)) or isinstance(index, bool):
            _fail('index %r is neither an int nor a str' % (index,))
        if index in states:
            _fail('index %r appears twice' % (index,))
        states[index] = dec(desc, index)
    unused = sorted(set(arrays) - used)
    if unused:
        _fail('arrays %s are not used by any state' % ', '.join(unused))
    return states


# --- the optimizer itself (get_states(dump_optimizer=True)) -----------------------------

_SKIP = ('param_dict', '_scratch', '_index_update_count')


def _enc_value(val, where):
    if val is None or isinstance(val, (bool, str)):
        return val
    if isinstance(val, np.generic):
        val = val.item()
    if isinstance(val, numbers.Real):
        return val
    if isinstance(val, (list, tuple)):
        return {'tuple' if isinstance(val, tuple) else 'list':
                [_enc_value(v, where) for v in val]}
    if isinstance(val, dict):
        return {'dict': [[_enc_value(k, where), _enc_value(v, where)] for k, v in val.items()]}
    from .. import lr_scheduler
    if type(val).__name__ in lr_scheduler.__all__ \
            and type(val) is getattr(lr_scheduler, type(val).__name__):
        return {'lr_scheduler': [type(val).__name__, _enc_value(vars(val), where)]}
    raise TypeError('get_states(dump_optimizer=True) cannot save %s (a %s): tutor saves '
                    'numbers, strings, lists, dicts and its own lr schedulers, never pickles'
                    % (where, type(val).__name__))


def _dec_value(val, where):
    if val is None or isinstance(val, (bool, str, int, float)):
        return val
    if isinstance(val, dict) and len(val) == 1:
        (kind, body), = val.items()
        if kind in ('list', 'tuple') and isinstance(body, list):
            items = [_dec_value(v, where) for v in body]
            return tuple(items) if kind == 'tuple' else items
        if kind == 'dict' and isinstance(body, list) \
                and all(isinstance(p, list) and len(p) == 2 for p in body):
            out = {}
            for k, v in body:
                k = _dec_value(k, where)
                if not isinstance(k, (int, str, float, bool, type(None), tuple)):
                    _fail('%s has a key of type %s' % (where, type(k).__name__))
                out[k] = _dec_value(v, where)
            return out
        if kind == 'lr_scheduler' and isinstance(body, list) and len(body) == 2:
            from .. import lr_scheduler
            if body[0] not in lr_scheduler.__all__:
                _fail('%s names an unknown lr scheduler %r' % (where, body[0]))
            sched = object.__new__(getattr(lr_scheduler, body[0]))
            attrs = _dec_value(body[1], where)
            if not isinstance(attrs, dict):
                _fail('%s: the lr scheduler attributes are not a dict' % where)
            sched.__dict__.update(attrs)
            return sched
    _fail('%s holds %r, which tutor does not know how to read' % (where, val))


def describe_optimizer(opt):
    from .base import Optimizer
    name = type(opt).__name__.lower()
    if Optimizer.opt_registry.get(name) is not type(opt):
        raise TypeError('get_states(dump_optimizer=True) can only save registered optimizers; '
                        '%s is not registered (use mx.optimizer.register)' % type(opt).__name__)
    attrs = {k: _enc_value(v, 'optimizer attribute %r' % k)
             for k, v in vars(opt).items() if k not in _SKIP}
    return {'class': name, 'attrs': attrs}


def restore_optimizer(desc):
    from .base import Optimizer
    if not (isinstance(desc, dict) and isinstance(desc.get('class'), str)
            and isinstance(desc.get('attrs'), dict)):
        _fail('its "optimizer" entry is not {"class": name, "attrs": {...}}')
    klass = Optimizer.opt_registry.get(desc['class'])
    if klass is None:
        _fail('it holds an optimizer %r that is not registered here' % desc['class'])
    opt = object.__new__(klass)
    attrs = {k: _dec_value(v, 'optimizer attribute %r' % k) for k, v in desc['attrs'].items()}
    opt.__dict__.update(attrs)
    counts = getattr(opt, '_all_index_update_counts', None)
    if not isinstance(counts, dict) or not counts or \
            not all(isinstance(c, dict) for c in counts.values()):
        _fail('the optimizer has no valid update counts')
    opt._index_update_count = counts[0] if 0 in counts else next(iter(counts.values()))
    opt.param_dict, opt._scratch = {}, {}
    return opt


# --- bytes ---------------------------------------------------------------------------------

def dump(states, optimizer_desc=None):
    entries, arrays = encode_states(states)
    header = {'format': FORMAT, 'version': VERSION, 'states': entries,
              'optimizer': optimizer_desc}
    text = json.dumps(header, allow_nan=True).encode('utf-8')
    payload = {HEADER_KEY: np.frombuffer(text, dtype=np.uint8)}
    payload.update(arrays)
    return save_to_bytes(payload)


def load(data):
    """(states dict, optimizer description or None) from bytes made by ``dump``."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError('set_states expects the bytes returned by get_states (or read from a '
                        '.states file), not a %s' % type(data).__name__)
    data = bytes(data)
    if data[:1] == b'\x80':
        raise StatesFormatError(
            'These optimizer states are a Python pickle, which is how real MXNet saves .states '
            'files. tutor never unpickles files (loading a pickle can run any code). Resume '
            'from the .params checkpoint instead (optimizer states start again), or save the '
            'states with tutor.')
    try:
        loaded = load_frombuffer(data, source='the optimizer states')
    except NDArrayFormatError as err:
        raise StatesFormatError(str(err)) from None
    if not isinstance(loaded, dict) or HEADER_KEY not in loaded:
        _fail('the array list has no %r entry, so it was not written by tutor\'s '
              'Updater.get_states' % HEADER_KEY)
    raw = loaded.pop(HEADER_KEY)
    if raw is None or raw.dtype != np.uint8 or raw.ndim != 1:
        _fail('the %r entry is not a 1-D uint8 array' % HEADER_KEY)
    try:
        header = json.loads(raw.tobytes().decode('utf-8'))
    except (UnicodeDecodeError, ValueError) as err:
        _fail('its header is not valid UTF-8 JSON (%s)' % err)
    if not isinstance(header, dict) or header.get('format') != FORMAT:
        _fail('its header does not say format %r' % FORMAT)
    if header.get('version') != VERSION:
        _fail('it has version %r; this tutor reads version %d'
              % (header.get('version'), VERSION))
    for key, arr in loaded.items():
        if arr is None:
            _fail('array %r is empty (a "none" array)' % key)
    arrays = {k: v.view(NDArray) for k, v in loaded.items()}
    return decode_states(header.get('states'), arrays), header.get('optimizer')
