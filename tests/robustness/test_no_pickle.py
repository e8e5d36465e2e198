"""Nothing a user loads is unpickled or evaluated: a pickle can run any code when it is read.
Checked twice: by reading tutor's source (no pickle-like module is imported, eval/exec are
never called, np.load always has allow_pickle=False), and by loading every kind of file with
pickle and eval made to fail."""
import ast
import builtins
import os
import pickle

import numpy as np
import pytest

import tutor as mx

ROOT = os.path.dirname(mx.__file__)
UNSAFE_MODULES = {'pickle', 'cPickle', '_pickle', 'dill', 'cloudpickle', 'joblib', 'marshal',
                  'shelve', 'yaml', 'jsonpickle'}


def _sources():
    for folder, _, names in os.walk(ROOT):
        for name in sorted(names):
            if name.endswith('.py'):
                path = os.path.join(folder, name)
                with open(path, encoding='utf-8') as f:
                    yield os.path.relpath(path, ROOT), ast.parse(f.read(), path)


def test_tutor_source_never_unpickles_or_evaluates():
    problems, files = [], 0
    for rel, tree in _sources():
        files += 1
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                bad = [a.name for a in node.names if a.name.split('.')[0] in UNSAFE_MODULES]
            elif isinstance(node, ast.ImportFrom):
                bad = [node.module] if (node.module or '').split('.')[0] in UNSAFE_MODULES \
                    else []
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                    node.func.id in ('eval', 'exec', 'compile', '__import__'):
                bad = [node.func.id + '()']
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr == 'load' and isinstance(node.func.value, ast.Name) and \
                    node.func.value.id in ('np', 'numpy'):
                safe = any(k.arg == 'allow_pickle' and isinstance(k.value, ast.Constant)
                           and k.value.value is False for k in node.keywords)
                bad = [] if safe else ['np.load without allow_pickle=False']
            else:
                bad = []
            problems += ['%s:%d %s' % (rel, node.lineno, b) for b in bad]
    assert files > 40
    assert problems == []


@pytest.fixture
def no_unpickling(monkeypatch):
    # import first: importing runs module code, which is not what is checked here
    for name in ('module', 'io', 'data', 'model', 'optimizer', 'symbol', 'initializer',
                 'metric', 'callback', 'lr_scheduler', 'ndarray', 'events'):
        getattr(mx, name)

    def never(*args, **kwargs):
        raise AssertionError('something tried to unpickle or evaluate')
    for name in ('load', 'loads', 'Unpickler'):
        monkeypatch.setattr(pickle, name, never)
    monkeypatch.setattr(builtins, 'eval', never)


def test_every_loader_works_without_pickle_or_eval(tmp_path, no_unpickling):
    mx.random.seed(0)
    it = mx.io.NDArrayIter(np.random.RandomState(0).rand(8, 4).astype('f'), np.arange(8) % 3, 4)
    net = mx.sym.SoftmaxOutput(mx.sym.FullyConnected(mx.sym.Variable('data'), num_hidden=3,
                                                     name='fc'), name='softmax')
    mod = mx.mod.Module(net)
    mod.fit(it, num_epoch=1, optimizer_params={'learning_rate': 0.1, 'momentum': 0.9})
    prefix = str(tmp_path / 'net')
    mod.save_checkpoint(prefix, 1, save_optimizer_states=True)
    mx.nd.load(prefix + '-0001.params')
    mx.sym.load(prefix + '-symbol.json')
    mx.model.load_checkpoint(prefix, 1)
    back = mx.mod.Module.load(prefix, 1, load_optimizer_states=True)
    back.bind(it.provide_data, it.provide_label)
    back.init_optimizer(optimizer_params={'learning_rate': 0.1, 'momentum': 0.9})
    back.load_optimizer_states(prefix + '-0001.states')
    up = mx.optimizer.get_updater(mx.optimizer.SGD(momentum=0.9))
    up.set_states(back._updater.get_states(dump_optimizer=True))
    uci = tmp_path / 'letter-recognition.data'
    uci.write_text('T,2,8,3,5,1,8,13,0,6,6,10,8,0,8,0,8\n')
    mx.data.load_uci_letters(str(uci))
    assert mx.data.letters_iters(batch_size=32)[0].provide_data[0].shape == (32, 16)
