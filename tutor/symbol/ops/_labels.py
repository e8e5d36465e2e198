"""Class labels outside the output's classes. MXNet trains on them without a word: such a label
gets no target (the gradient only pushes every class down), so its loss is undefined and the
model learns nothing right for it. tutor says so once per output layer."""
import warnings

import numpy as np

from ...i18n import text as _


class LabelRangeWarning(UserWarning):
    """Labels that are not class indices 0..K-1 of the output they train."""


def labels_outside(op, label, classes, ignore=None):
    """Warn when ``label`` holds values outside 0..classes-1 (``ignore`` excepted); return True
    once warned, so the caller stops checking."""
    lab = np.asarray(label).reshape(-1).astype(np.intp)   # truncated like MXNet's cast
    bad = (lab < 0) | (lab >= classes)
    if ignore is not None:
        bad &= lab != ignore
    if not bad.any():
        return False
    values = np.unique(lab[bad])
    shown = ', '.join(str(v) for v in values[:8]) + (', ...' if values.size > 8 else '')
    warnings.warn(_('warn.labels_outside', op=op.name, name=op.node_name, classes=classes,
                    last=classes - 1, labels=shown, count=int(bad.sum()), total=lab.size),
                  LabelRangeWarning, stacklevel=2)
    return True
