"""The built-in catalogue, one file per subject; each holds MESSAGES = {key: {'en', 'zh'}}."""
from . import (buckets, checkpoint, common, data, devices, divergence, errors, gradients, loss,
               memory, parameters, plots, units, widgets)

MESSAGES = {}
for _part in (common, loss, gradients, parameters, memory, checkpoint, divergence, plots,
              errors, widgets, data, buckets, units, devices):
    for _key in _part.MESSAGES:
        assert _key not in MESSAGES, 'message key %r defined twice' % _key
    MESSAGES.update(_part.MESSAGES)
