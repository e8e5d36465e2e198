"""Devices. tutor computes with NumPy on the CPU; a gpu context is accepted and noted once."""
import logging

_DEVTYPE2STR = {1: 'cpu', 2: 'gpu', 3: 'cpu_pinned', 5: 'cpu_shared'}
_DEVSTR2TYPE = {v: k for k, v in _DEVTYPE2STR.items()}
_gpu_noted = False


class Context:
    """A device name, as in MXNet: ``cpu(0)``, ``gpu(0)``. Usable in a ``with`` block."""
    _default = None

    def __init__(self, device_type, device_id=0):
        if isinstance(device_type, Context):
            device_type, device_id = device_type.device_type, device_type.device_id
        if device_type not in _DEVSTR2TYPE:
            raise ValueError("unknown device type %r; use one of %s"
                             % (device_type, sorted(_DEVSTR2TYPE)))
        self.device_typeid = _DEVSTR2TYPE[device_type]
        self.device_id = int(device_id)
        self._old = None
        if device_type == 'gpu':
            _note_gpu()

    @property
    def device_type(self):
        return _DEVTYPE2STR[self.device_typeid]

    def __eq__(self, other):
        return (isinstance(other, Context) and self.device_typeid == other.device_typeid
                and self.device_id == other.device_id)

    def __hash__(self):
        return hash((self.device_typeid, self.device_id))

    def __repr__(self):
        return '%s(%d)' % (self.device_type, self.device_id)

    __str__ = __repr__

    def __enter__(self):
        self._old = Context._default
        Context._default = self
        return self

    def __exit__(self, *exc):
        Context._default = self._old


def _note_gpu():
    # Said once per process: code written for a GPU still runs, on the CPU.
    global _gpu_noted
    if not _gpu_noted:
        _gpu_noted = True
        logging.getLogger('tutor').warning(
            'tutor computes on the CPU with NumPy; the gpu context is accepted and '
            'runs on the CPU.')


def cpu(device_id=0):
    return Context('cpu', device_id)


def gpu(device_id=0):
    return Context('gpu', device_id)


def cpu_pinned(device_id=0):
    return Context('cpu_pinned', device_id)


def num_gpus():
    return 0


def current_context():
    return Context._default if Context._default is not None else cpu()
