"""Lenses, widgets and explain read a module only through ``module.view`` (DESIGN.md): no
code outside tutor/module/ reads an attribute of Module that starts with ``_``."""
import ast
import pathlib

import numpy as np

import tutor as mx

ROOT = pathlib.Path(mx.__file__).parent


def _module_private_names():
    """Every ``_name`` a trained Module has (instance and class), dunders aside."""
    net = mx.sym.SoftmaxOutput(mx.sym.FullyConnected(mx.sym.Variable('data'), num_hidden=2),
                               name='softmax')
    mod = mx.mod.Module(net)
    it = mx.io.NDArrayIter(np.zeros((4, 3), np.float32), np.zeros(4, np.float32), 2)
    mod.fit(it, num_epoch=1)
    names = set(vars(mod)) | {n for cls in type(mod).__mro__ for n in vars(cls)}
    return {n for n in names if n.startswith('_') and not n.startswith('__')}


def _private_reads(path, private):
    """(line, text) of each ``x._name`` / ``getattr(x, '_name')`` with _name a Module
    private, where x is not ``self`` / ``cls`` / ``super()``."""
    tree = ast.parse(path.read_text(), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in private:
            owner = node.value
            if isinstance(owner, ast.Name) and owner.id in ('self', 'cls'):
                continue
            if isinstance(owner, ast.Call) and getattr(owner.func, 'id', '') == 'super':
                continue
            found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.Call) and getattr(node.func, 'id', '') in (
                'getattr', 'hasattr', 'setattr') and len(node.args) >= 2:
            key = node.args[1]
            if isinstance(key, ast.Constant) and key.value in private:
                found.append((node.lineno, ast.unparse(node)))
    return found


def test_nothing_outside_tutor_module_reads_module_privates():
    private = _module_private_names()
    assert {'_exec', '_optimizer', '_arg_params', '_param_names'} <= private
    offenders = []
    for path in sorted(ROOT.rglob('*.py')):
        if path.relative_to(ROOT).parts[0] == 'module':
            continue
        offenders += ['%s:%d %s' % (path.relative_to(ROOT.parent), line, text)
                      for line, text in _private_reads(path, private)]
    assert not offenders, ('read these through module.view (tutor/module/view.py) '
                           'instead:\n' + '\n'.join(offenders))


def test_the_check_finds_a_private_read(tmp_path):
    bad = tmp_path / 'bad.py'
    bad.write_text("def f(module):\n    return module._exec, getattr(module, '_optimizer')\n")
    found = _private_reads(bad, {'_exec', '_optimizer'})
    assert [line for line, _ in found] == [2, 2]
