"""Symbol JSON in MXNet 1.9.1's nnvm layout, written byte for byte as dmlc's JSONWriter does
(2-space indent, ``", "`` separators that leave a trailing space before each newline, short
lists and 1-entry string maps inline), and read back with validation.

This file knows graphs only: a graph is its heads, a list of ``(Node, output_index)``, and
the nodes they reach (graph.py). Symbol wraps the heads (``Symbol.tojson``, ``mx.sym.load``)."""
import json

from ..base import MXNetError
from ..i18n import text as _
from .graph import Node, topo_order
from .op import OPS

MXNET_VERSION = 10901


class SymbolFormatError(MXNetError, ValueError):
    """A symbol JSON file tutor cannot read. Both a ValueError and MXNet's error type."""


def _str(s):
    out = s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n')
    return '"%s"' % out.replace('\r', '\\r').replace('\t', '\\t')


def _int_list(values, indent):
    if len(values) <= 10:
        return '[%s]' % ', '.join(str(v) for v in values)
    pad = ' ' * (indent + 2)
    return '[\n%s%s\n%s]' % (pad, (', \n' + pad).join(str(v) for v in values), ' ' * indent)


def _entry_list(entries, indent):
    items = ['[%d, %d, %d]' % e for e in entries]
    if len(items) <= 10:
        return '[%s]' % ', '.join(items)
    pad = ' ' * (indent + 2)
    return '[\n%s%s\n%s]' % (pad, (', \n' + pad).join(items), ' ' * indent)


def _str_map(m, indent):
    keys = sorted(m)
    if len(keys) <= 1:
        return '{%s}' % ', '.join('%s: %s' % (_str(k), _str(m[k])) for k in keys)
    pad = ' ' * (indent + 2)
    body = (', \n' + pad).join('%s: %s' % (_str(k), _str(m[k])) for k in keys)
    return '{\n%s%s\n%s}' % (pad, body, ' ' * indent)


def _node_text(node, ids, indent):
    pad = ' ' * (indent + 2)
    fields = ['"op": %s' % _str(node.op_name), '"name": %s' % _str(node.name)]
    if node.attrs:
        fields.append('"attrs": %s' % _str_map(node.attrs, indent + 2))
    entries = []
    if node.op is not None:
        slots = node.input_names()
        for slot, (child, idx) in zip(slots, node.inputs):
            entries.append((ids[id(child)], idx, 1 if slot in node.op.mutable_inputs else 0))
    fields.append('"inputs": %s' % _entry_list(entries, indent + 2))
    return '{\n%s%s\n%s}' % (pad, (', \n' + pad).join(fields), ' ' * indent)


def graph_to_json(heads):
    """The JSON text of the graph behind ``heads``, as MXNet writes it."""
    nodes = topo_order(heads)
    ids = {id(n): i for i, n in enumerate(nodes)}
    row_ptr = [0]
    for n in nodes:
        row_ptr.append(row_ptr[-1] + n.num_outputs())
    node_blocks = (', \n    ').join(_node_text(n, ids, 4) for n in nodes)
    parts = [
        '"nodes": [\n    %s\n  ]' % node_blocks,
        '"arg_nodes": %s' % _int_list([i for i, n in enumerate(nodes) if n.op is None], 2),
        '"node_row_ptr": %s' % _int_list(row_ptr, 2),
        '"heads": %s' % _entry_list([(ids[id(n)], i, 0) for n, i in heads], 2),
        '"attrs": {"mxnet_version": ["int", %d]}' % MXNET_VERSION,
    ]
    return '{\n  %s\n}' % ', \n  '.join(parts)


# --- reading ------------------------------------------------------------------------------

def _fail(source, what):
    raise SymbolFormatError('%s is not a valid MXNet symbol JSON: %s. %s'
                            % (source, what, _('err.symbol_file')))


def _entry(raw, n_nodes, here, source, where):
    if not isinstance(raw, list) or len(raw) not in (2, 3) or \
            not all(isinstance(v, int) and not isinstance(v, bool) for v in raw):
        _fail(source, '%s: an input must be [node, index] or [node, index, version], got %r'
              % (where, raw))
    nid, idx = raw[0], raw[1]
    if not 0 <= nid < here:
        _fail(source, '%s refers to node %d, which is not an earlier node' % (where, nid))
    return nid, idx


def _build_node(i, raw, built, source):
    if not isinstance(raw, dict) or not isinstance(raw.get('op'), str) or \
            not isinstance(raw.get('name'), str):
        _fail(source, 'node %d needs string "op" and "name" fields' % i)
    attrs = raw.get('attrs', raw.get('attr', raw.get('param', {}))) or {}
    if not isinstance(attrs, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                              for k, v in attrs.items()):
        _fail(source, 'node %d (%s): attrs must map strings to strings' % (i, raw['name']))
    inputs = raw.get('inputs', [])
    if not isinstance(inputs, list):
        _fail(source, 'node %d (%s): inputs must be a list' % (i, raw['name']))
    entries = []
    for k, e in enumerate(inputs):
        nid, idx = _entry(e, len(built), i, source, 'node %d (%s) input %d'
                          % (i, raw['name'], k))
        child = built[nid]
        if not 0 <= idx < child.num_outputs():
            _fail(source, 'node %d (%s) uses output %d of %s, which has %d outputs'
                  % (i, raw['name'], idx, child.name, child.num_outputs()))
        entries.append((child, idx))
    if raw['op'] == 'null':
        if entries:
            _fail(source, 'variable %s cannot have inputs' % raw['name'])
        return Node(None, raw['name'], attrs)
    if raw['op'] not in OPS:
        _fail(source, 'node %s uses operator %r, which tutor does not implement (tutor knows: '
              '%s)' % (raw['name'], raw['op'], ', '.join(sorted(OPS))))
    params = {k: v for k, v in attrs.items() if not k.startswith('__')}
    try:  # (an op may also trip on a value it never expected: '1e999' is inf, not an int)
        op = OPS[raw['op']](params, node_name=raw['name'])
    except (MXNetError, ValueError, TypeError, ArithmeticError, LookupError) as err:
        _fail(source, 'node %s (%s): %s' % (raw['name'], raw['op'], err))
    slots = op.arguments() + op.aux_states()
    if len(entries) != len(slots):
        _fail(source, 'node %s (%s) has %d inputs but the operator takes %d (%s)'
              % (raw['name'], raw['op'], len(entries), len(slots), ', '.join(slots)))
    return Node(op, raw['name'], attrs, entries)


def graph_from_json(json_str, source='the JSON string'):
    """The heads of the graph in ``tojson()`` text (tutor's or real MXNet's), checked node by
    node; ``source`` names the text in error messages."""
    if isinstance(json_str, bytes):
        try:
            json_str = json_str.decode('utf-8')
        except UnicodeDecodeError as err:
            _fail(source, 'it is not UTF-8 text (%s)' % err)
    if not isinstance(json_str, str):
        raise TypeError('fname required to be string')
    try:  # strict=False: control characters in strings, as tojson writes them (like dmlc)
        doc = json.loads(json_str, strict=False)
    except ValueError as err:
        _fail(source, 'it is not JSON (%s)' % err)
    except RecursionError:
        _fail(source, 'it nests lists or objects too deeply to be a symbol')
    if not isinstance(doc, dict) or not isinstance(doc.get('nodes'), list) or \
            not isinstance(doc.get('heads'), list) or not doc['nodes']:
        _fail(source, 'it needs a non-empty "nodes" list and a "heads" list')
    built = []
    for i, raw in enumerate(doc['nodes']):
        built.append(_build_node(i, raw, built, source))
    if not doc['heads']:
        _fail(source, '"heads" is empty')
    outputs = []
    for k, h in enumerate(doc['heads']):
        nid, idx = _entry(h, len(built), len(built), source, 'head %d' % k)
        if not 0 <= idx < built[nid].visible_outputs():
            _fail(source, 'head %d uses output %d of %s' % (k, idx, built[nid].name))
        outputs.append((built[nid], idx))
    return outputs


class SymbolFileNotFoundError(MXNetError, FileNotFoundError):
    """No such file: MXNet raises MXNetError; it is a FileNotFoundError too."""
    __str__ = BaseException.__str__   # the message, not OSError's "[Errno None] None"


def graph_from_file(fname):
    """The heads of the graph saved in ``fname`` by ``sym.save`` / ``save_checkpoint``."""
    if not isinstance(fname, str):
        raise TypeError('fname required to be a string')
    try:
        with open(fname, 'rb') as f:
            data = f.read()
    except FileNotFoundError:
        err = SymbolFileNotFoundError('Open "%s": No such file or directory. %s'
                                      % (fname, _('err.symbol_file')))
        err.filename = fname
        raise err from None
    return graph_from_json(data, source=repr(fname))
