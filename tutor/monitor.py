"""``mx.mon.Monitor``: every ``interval`` batches, a statistic of every array the executor
touches (op outputs, their gradients, arguments and auxiliary states)."""
import logging
import re

import numpy as np

from .ndarray import NDArray


def _default_stat(x):
    return (np.linalg.norm(np.asarray(x, dtype=np.float64).ravel()) /
            np.sqrt(max(x.size, 1))).astype(np.float32).reshape(1).view(NDArray)


class Monitor:
    def __init__(self, interval, stat_func=None, pattern='.*', sort=False, monitor_all=False):
        self.interval = interval
        self.stat_func = stat_func or _default_stat
        self.re_prog = re.compile(pattern)
        self.sort = sort
        self.monitor_all = monitor_all
        self.exes = []
        self.queue = []
        self.step = 0
        self.activated = False

    def stat_helper(self, name, array):
        if not self.activated or not self.re_prog.match(name):
            return
        self.queue.append((self.step, name, self.stat_func(array)))

    def install(self, exe):
        exe.set_monitor_callback(self.stat_helper, self.monitor_all)
        self.exes.append(exe)

    def tic(self):
        if self.step % self.interval == 0:
            self.queue = []
            self.activated = True
        self.step += 1

    def toc(self):
        if not self.activated:
            return []
        for exe in self.exes:
            for name, arr in list(exe.arg_dict.items()) + list(exe.aux_dict.items()):
                if self.re_prog.match(name):
                    self.queue.append((self.step, name, self.stat_func(arr)))
        self.activated = False
        res = []
        queue = sorted(self.queue, key=lambda x: x[1]) if self.sort else self.queue
        for n, k, v in queue:
            v = np.asarray(v)
            text = str(v.reshape(-1)[0]) if v.shape in ((1,), ()) else str(v)
            res.append((n, k, text + '\t'))
        self.queue = []
        return res

    def toc_print(self):
        for n, k, v in self.toc():
            logging.info('Batch: {:7d} {:30s} {:s}'.format(n, k, v))
