"""The graph under a Symbol: nodes joined by (node, output index) entries.

A variable is a node with no op. An op node holds its ``Op`` object (the maths) and the
string attributes exactly as they appear in the JSON file.
"""


# Attribute names MXNet's C API stores as __name__ (and reports under both names too).
HIDDEN_KEYS = ('ctx_group', 'lr_mult', 'wd_mult', 'force_mirroring', 'mirror_stage')


class Node:
    __slots__ = ('op', 'name', 'attrs', 'inputs')

    def __init__(self, op, name, attrs=None, inputs=None):
        self.op = op                    # an Op instance, or None for a variable
        self.name = name
        self.attrs = dict(attrs or {})  # str -> str, as in JSON
        self.inputs = list(inputs or [])  # [(Node, output_index)]

    @property
    def op_name(self):
        return 'null' if self.op is None else self.op.name

    def input_names(self):
        """The op's names for its input slots: arguments, then auxiliary states."""
        return self.op.arguments() + self.op.aux_states()

    def num_outputs(self):
        return 1 if self.op is None else self.op.num_outputs()

    def visible_outputs(self):
        return 1 if self.op is None else len(self.op.outputs())

    def output_name(self, index):
        if self.op is None:
            return self.name
        return '%s_%s' % (self.name, self.op.outputs()[index])

    def __repr__(self):
        return '<Node %s(%s)>' % (self.name, self.op_name)


def topo_order(heads):
    """Every node reachable from ``heads`` in depth-first post-order, inputs in input order:
    MXNet's order for list_arguments and for the nodes of the JSON file."""
    order, seen = [], set()
    for head, _ in heads:
        if id(head) in seen:
            continue
        stack = [(head, 0)]
        seen.add(id(head))
        while stack:
            node, i = stack.pop()
            if i < len(node.inputs):
                stack.append((node, i + 1))
                child = node.inputs[i][0]
                if id(child) not in seen:
                    seen.add(id(child))
                    stack.append((child, 0))
            else:
                order.append(node)
    return order


def aux_variables(nodes):
    """The variables some op uses as an auxiliary state (BatchNorm's moving_mean...)."""
    aux = set()
    for node in nodes:
        if node.op is not None:
            nargs = len(node.op.arguments())
            for child, _ in node.inputs[nargs:]:
                aux.add(id(child))
    return aux
