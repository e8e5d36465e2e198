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
            if not isinstance(val, str) or val not in arrays:
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


def check_fits(optimizer, states, weights):
    """Refuse loaded ``states`` ({index: state}) that do not look like the states
    ``optimizer`` makes for ``weights`` ({index: weight}): same nesting, shapes and kinds."""
    for index, state in states.items():
        if index not in weights:
            _fail('it holds a state for parameter %r, but this module has parameters %s only; '
                  'were the states saved for another network?' % (index, sorted(weights)))
        fresh = optimizer.create_state_multi_precision(index, weights[index])
        _same_layout(state, fresh, index)


def _same_layout(got, want, index):
    if isinstance(want, (tuple, list)):
        fits = isinstance(got, (tuple, list)) and len(got) == len(want)
    elif isinstance(want, np.ndarray):
        fits = isinstance(got, np.ndarray) and got.shape == want.shape
    elif want is None:
        fits = got is None
    else:
        fits = isinstance(got, numbers.Real) and not isinstance(got, np.ndarray)
    if not fits:
        _fail('the state of parameter %r is %s, but the optimizer keeps %s for it; were the '
              'states saved for another network or optimizer?'
              % (index, _describe(got), _describe(want)))
    if isinstance(want, (tuple, list)):
        for g, w in zip(got, want):
            _same_layout(g, w, index)


def _describe(state):
    if state is None:
        return 'no state'
    if isinstance(state, np.ndarray):
        return 'an array of shape %s' % (state.shape,)
    if isinstance(state, (tuple, list)):
        return '%d states (%s)' % (len(state), ', '.join(_describe(s) for s in state))
    return 'the number %r' % (state,)


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
            attrs = _dec_value(body[1], where)
            if not isinstance(attrs, dict):
                _fail('%s: the lr scheduler attributes are not a dict' % where)
            return _restore_scheduler(getattr(lr_scheduler, body[0]), attrs, where)
    _fail('%s holds %r, which tutor does not know how to read' % (where, val))


def _restore_scheduler(klass, attrs, where):
    """A scheduler made by its own constructor from the saved settings (so its checks run),
    then given the saved attributes, which must be the ones it has, of the same kinds."""
    import inspect
    params = [p for p in inspect.signature(klass.__init__).parameters if p != 'self']
    try:
        sched = klass(**{p: attrs[p] for p in params if p in attrs})
    except (TypeError, ValueError, AssertionError, ArithmeticError) as err:
        _fail('%s: the %s settings are not valid (%s)' % (where, klass.__name__, err))
    if set(attrs) != set(vars(sched)) or not all(_scheduler_value(k, v)
                                                 for k, v in attrs.items()):
        _fail('%s: the %s attributes are not the ones it keeps' % (where, klass.__name__))
    sched.__dict__.update(attrs)
    return sched


def _number(v):
    """A number NumPy can compute with: not a bool, and an int only within int64."""
    if isinstance(v, bool) or not isinstance(v, numbers.Real):
        return False
    return not isinstance(v, numbers.Integral) or -2 ** 63 <= v < 2 ** 63


def _scheduler_value(key, val):
    """tutor's schedulers keep numbers, a warm-up mode, and (MultiFactor) a list of steps."""
    if key == 'warmup_mode':
        return val in ('linear', 'constant')
    if key == 'step' and isinstance(val, list):
        return all(_number(v) for v in val)
    return _number(val)


def _check_catch_up(sched, num_update):
    """FactorScheduler catches up one step per loop: refuse a file that would loop for ever."""
    step, count = getattr(sched, 'step', None), getattr(sched, 'count', None)
    if isinstance(step, numbers.Real) and isinstance(count, numbers.Real):
        if step < 1 or count < 0 or (num_update - count) / step > 10 ** 4:
            _fail('its lr scheduler (step %r, count %r) does not fit update %r'
                  % (step, count, num_update))


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
    _check_attrs(klass, attrs)
    opt.__dict__.update(attrs)
    counts = getattr(opt, '_all_index_update_counts', None)
    if not isinstance(counts, dict) or not counts or \
            not all(isinstance(c, dict) and all(isinstance(n, int) and 0 <= n < 2 ** 62
                                                 for n in c.values())
                    for c in counts.values()):
        _fail('the optimizer has no valid update counts')
    opt._index_update_count = counts[0] if 0 in counts else next(iter(counts.values()))
    opt.param_dict, opt._scratch = {}, {}
    return opt


def _check_attrs(klass, attrs):
    """The attributes must be the ones a new ``klass()`` has, each of a kind that fits (a
    number where it keeps a number...), so a damaged file cannot break a later update."""
    reference = {k: v for k, v in vars(klass()).items() if k not in _SKIP}
    missing = sorted(set(reference) - set(attrs))
    unknown = sorted(set(attrs) - set(reference))
    if missing or unknown:
        _fail('the %s optimizer in it %s' % (klass.__name__, '; '.join(
            (['lacks %s' % ', '.join(missing)] if missing else [])
            + (['has unknown attributes %s' % ', '.join(unknown)] if unknown else []))))
    for key, ref in reference.items():
        val = attrs[key]
        if key == 'lr' and val is None and attrs.get('lr_scheduler') is not None:
            continue  # the scheduler gives the learning rate
        if not _same_kind(ref, val):
            _fail('optimizer attribute %r is %r, where %s keeps a %s'
                  % (key, val, klass.__name__, type(ref).__name__))
    for key in ('num_update', 'begin_num_update', 'aggregate_num'):
        val = attrs.get(key, 0)
        if not isinstance(val, int) or isinstance(val, bool) or not 0 <= val < 2 ** 62:
            _fail('optimizer attribute %r is %r, not a count' % (key, val))
    for key, fits in (('lr_mult', _number), ('wd_mult', _number),
                      ('idx2name', lambda v: isinstance(v, str))):
        if key in attrs and not all(fits(v) for v in attrs[key].values()):
            _fail('optimizer attribute %r must map parameters to %s values'
                  % (key, 'name' if key == 'idx2name' else 'number'))
    sched = attrs.get('lr_scheduler')
    if sched is not None:
        import copy
        from ..lr_scheduler import LRScheduler
        counts = attrs.get('_all_index_update_counts')
        counts = [n for c in counts.values() if isinstance(c, dict) for n in c.values()
                  if isinstance(n, int)] if isinstance(counts, dict) else []
        num_update = max([attrs['num_update']] + counts) + 1   # the next update's number
        _check_catch_up(sched, num_update)
        try:  # a trial call on a copy: the scheduler must give a number
            lr = copy.deepcopy(sched)(num_update)
            float(lr)
        except (TypeError, ValueError, AttributeError, ArithmeticError, LookupError,
                AssertionError) as err:
            _fail('its lr scheduler cannot run (%s: %s)' % (type(err).__name__, err))
        if not isinstance(sched, LRScheduler):
            _fail('its lr_scheduler is not an lr scheduler')


def _same_kind(ref, val):
    if val is None:
        return ref is None
    if ref is None:  # clip_gradient, lr, lr_scheduler: unset by default
        from ..lr_scheduler import LRScheduler
        return _number(val) or isinstance(val, LRScheduler)
    if isinstance(ref, numbers.Real) and not isinstance(ref, bool):
        return _number(val)
    if isinstance(ref, (list, tuple)):
        return isinstance(val, (list, tuple))
    return isinstance(val, type(ref))


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
    except RecursionError:
        _fail('its header nests lists or objects too deeply')
    if not isinstance(header, dict) or header.get('format') != FORMAT:
        _fail('its header does not say format %r' % FORMAT)
    if header.get('version') != VERSION:
        _fail('it has version %r; this tutor reads version %d'
              % (header.get('version'), VERSION))
    for key, arr in loaded.items():
        if arr is None:
            _fail('array %r is empty (a "none" array)' % key)
        if arr.dtype.kind != 'f':  # every optimizer keeps float states; ints would break it
            _fail('array %r holds %s, but optimizer states are floating point'
                  % (key, arr.dtype))
    arrays = {k: v.view(NDArray) for k, v in loaded.items()}
    try:
        return decode_states(header.get('states'), arrays), header.get('optimizer')
    except RecursionError:
        _fail('its states nest too deeply')
