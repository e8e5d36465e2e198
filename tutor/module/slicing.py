"""How a batch is cut into one slice per device, and the devices' outputs joined back.

A batch of 60 rows on two devices with ``work_load_list=[1, 1]`` gives rows 0-29 to the
first and 30-59 to the second; each input and output is sliced along its batch axis (from
its layout: ``NCHW`` -> 0, ``TNC`` -> 1, no batch axis -> -1, the same on every device).
"""
import numpy as np

from ..io import DataDesc
from ..ndarray import NDArray


def _split_input_slice(batch_size, work_load_list):
    """The rows each device gets: sizes proportional to its work load (rounded; the last
    device takes what rounding left over), as MXNet's executor_manager splits them."""
    total_work_load = sum(work_load_list)
    batch_num_list = [round(work_load * batch_size / total_work_load)
                      for work_load in work_load_list]
    batch_num_sum = sum(batch_num_list)
    if batch_num_sum < batch_size:
        batch_num_list[-1] += batch_size - batch_num_sum
    slices = []
    end = 0
    for batch_num in batch_num_list:
        begin = int(min((end, batch_size)))
        end = int(min((begin + batch_num, batch_size)))
        if begin >= end:
            raise ValueError('Too many slices. Some splits are empty. (A batch of %d rows '
                             'cannot give each of %d devices a row with work loads %s: use a '
                             'bigger batch or fewer devices.)'
                             % (batch_size, len(work_load_list), list(work_load_list)))
        slices.append(slice(begin, end))
    return slices


def _merge_multi_context(outputs, major_axis):
    """Each output's per-device pieces joined along its batch axis (an output without one,
    axis -1, is the same on every device: the first device's is taken)."""
    rets = []
    for tensors, axis in zip(outputs, major_axis):
        if axis >= 0 and len(tensors) > 1:
            rets.append(np.concatenate(tensors, axis=axis).view(NDArray))
        else:
            rets.append(tensors[0])
    return rets


def _sliced_shape(shapes, rows, major_axis):
    """The DataDescs one device binds with: each batch axis cut to the device's ``rows``."""
    sliced = []
    for desc, axis in zip(shapes, major_axis):
        shape = list(desc.shape)
        if axis >= 0:
            shape[axis] = rows.stop - rows.start
        sliced.append(DataDesc(desc.name, tuple(shape), desc.dtype, desc.layout))
    return sliced


def _load_targets(targets, layouts, batch_size):
    """Per input, per device: (the index of its rows, or None for the whole batch, and a
    plain view of the device's array), worked out once so forward only copies."""
    loads = []
    for per_device, axis in zip(targets, layouts):
        row = []
        for rows, dst in per_device:
            whole = axis < 0 or (rows.start == 0 and rows.stop == batch_size)
            index = None if whole else (slice(None),) * axis + (rows,)
            row.append((index, dst.view(np.ndarray)))
        loads.append(row)
    return loads
