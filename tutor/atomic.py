"""Atomic saves, and the temporaries a crashed save leaves behind.

Every file tutor writes goes through ``atomic_write``: the bytes go to a hidden temporary file
in the same folder, are flushed to disk, and the temporary is renamed over the target. A save
that fails or is interrupted leaves the previous file untouched.

A process killed in the middle (SIGKILL, a dead kernel, a power cut) cannot remove its own
temporary. So each temporary carries its writer's name, ``.<target>.<pid>@<host>.<random>.tmp``,
and the next save to the same target removes the temporaries whose writer is gone: same host,
process id no longer running. A temporary whose writer is still alive (another kernel saving
into the same folder) is never touched.
"""
import os
import re
import socket
import tempfile
import time

from .base import MXNetError
from .i18n import text as _

# Temporaries of an earlier tutor carried no writer; they are stale once this old (a save
# takes seconds, never an hour).
LEGACY_STALE_SECONDS = 3600


class NDArrayFileNotFoundError(MXNetError, FileNotFoundError):
    """No file to load, or no folder to save into: MXNet raises MXNetError; it is a
    FileNotFoundError too."""
    __str__ = BaseException.__str__   # the message, not OSError's "[Errno None] None"


def _host():
    # '/' cannot be in a file name and '.' separates the parts; keep the name readable.
    return re.sub(r'[^A-Za-z0-9_-]', '-', socket.gethostname() or 'localhost')


def _umask():
    try:  # Linux tells it without changing it (os.umask would, for a moment, in all threads)
        with open('/proc/self/status') as f:
            for line in f:
                if line.startswith('Umask:'):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _pattern(target):
    """Matches the temporaries of ``target`` (a base name): new ones name their writer."""
    base = re.escape(os.path.basename(target))
    return re.compile(r'^\.%s\.(?:(?P<pid>\d+)@(?P<host>[A-Za-z0-9_-]+)\.)?[A-Za-z0-9_]+\.tmp$'
                      % base)


def pid_alive(pid):
    """True when a process with this id exists (on this machine)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:   # someone else's process: alive
        return True
    except OSError:
        return True           # cannot tell: keep its files
    return True


def temporaries(target):
    """Every temporary file of ``target`` in its folder, as dicts: path, bytes, pid (or None),
    host, and stale (True when its writer is gone, so it can never be finished)."""
    folder = os.path.dirname(os.path.abspath(target))
    pattern, here, now = _pattern(target), _host(), time.time()
    found = []
    try:
        names = os.listdir(folder)
    except OSError:
        return found
    for name in sorted(names):
        m = pattern.match(name)
        if not m:
            continue
        path = os.path.join(folder, name)
        try:
            st = os.stat(path)
        except OSError:      # finished or removed meanwhile
            continue
        pid = int(m.group('pid')) if m.group('pid') else None
        host = m.group('host')
        if pid is None:
            stale = now - st.st_mtime > LEGACY_STALE_SECONDS
        else:
            stale = host == here and pid != os.getpid() and not pid_alive(pid)
        found.append({'path': path, 'bytes': st.st_size, 'pid': pid, 'host': host,
                      'stale': stale})
    return found


def remove_stale_temporaries(target):
    """Remove what crashed saves of ``target`` left behind; return the paths removed."""
    removed = []
    for tmp in temporaries(target):
        if tmp['stale']:
            try:
                os.unlink(tmp['path'])
                removed.append(tmp['path'])
            except OSError:  # another process cleaned it first, or it is not ours to remove
                pass
    return removed


def atomic_write(fname, payload):
    """Write ``payload`` (bytes) to ``fname`` through a temporary file in the same folder and a
    rename, so a failed or interrupted write leaves any earlier file untouched; first remove
    the temporaries of ``fname`` that crashed writers left."""
    folder = os.path.dirname(os.path.abspath(fname))
    if not os.path.isdir(folder):  # say so about fname, not about the temporary file
        err = NDArrayFileNotFoundError('Open "%s": No such file or directory. %s'
                                     % (fname, _('err.no_folder', folder=folder)))
        err.filename = fname
        raise err
    remove_stale_temporaries(fname)
    fd, tmp = tempfile.mkstemp(prefix='.%s.%d@%s.' % (os.path.basename(fname), os.getpid(),
                                                       _host()),
                               suffix='.tmp', dir=folder)
    try:
        with os.fdopen(fd, 'wb') as f:
            if hasattr(os, 'fchmod'):  # mkstemp made it private; give what new files get
                os.fchmod(f.fileno(), 0o666 & ~_umask())
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, fname)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
