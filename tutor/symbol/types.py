"""Type inference: the dtype of every array in a graph, from the dtypes you know (the bound
arrays), as shape inference does for shapes. Most ops keep their input's type; Cast,
Embedding, one_hot, topk's indices... say otherwise in their ``infer_type``."""
import numpy as np

# MXNet's type flags, as ``Variable(dtype=...)`` stores them in ``__dtype__``.
FLAG_TYPES = {0: 'float32', 1: 'float64', 2: 'float16', 3: 'uint8', 4: 'int32', 5: 'int8',
              6: 'int64', 7: 'bool'}


def _variable_type(node, given):
    if node.name in given and given[node.name] is not None:
        return np.dtype(given[node.name])
    flag = node.attrs.get('__dtype__')
    if flag is not None and int(flag) in FLAG_TYPES:
        return np.dtype(FLAG_TYPES[int(flag)])
    return None


def solve_types(sym, given):
    """{(id(node), index): numpy dtype or None} for every entry, from ``given`` {name: dtype}.
    Each op fills in what it can, forwards and backwards, until nothing changes."""
    nodes = sym._nodes()
    types = {}
    for node in nodes:
        if node.op is None:
            types[(id(node), 0)] = _variable_type(node, given)
    for _ in range(len(nodes) + 1):
        changed = False
        for node in nodes:
            if node.op is None:
                continue
            ins = [types.get((id(c), i)) for c, i in node.inputs]
            new_in, new_out = node.op.infer_type(ins)
            for (child, idx), old, new in zip(node.inputs, ins, new_in):
                if old is None and new is not None:
                    types[(id(child), idx)] = np.dtype(new)
                    changed = True
            for i, new in enumerate(new_out):
                if types.get((id(node), i)) is None and new is not None:
                    types[(id(node), i)] = np.dtype(new)
                    changed = True
        if not changed:
            break
    return types
