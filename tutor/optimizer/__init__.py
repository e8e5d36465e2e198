"""Optimizers (``mx.optimizer``): how a gradient becomes a change of the weights.

    opt = mx.optimizer.create('sgd', learning_rate=0.1, momentum=0.9)
    updater = mx.optimizer.get_updater(opt)
    updater(0, grad, weight)        # weight is changed in place

Each optimizer's docstring states its update rule; base.py has the parts they share
(learning rate, weight decay, multipliers, update counts), states_io.py the file format.
"""
from .base import Optimizer, register, create
from .sgd import SGD, ccSGD, NAG, Signum, SGLD, DCASGD, Test
from .adaptive import Adam, AdaGrad, RMSProp, AdaDelta, Adamax, Nadam, Ftrl, FTML
from .lamb import LAMB
from .group_adagrad import GroupAdaGrad
from .updater import Updater, get_updater
from .states_io import StatesFormatError

__all__ = ['Optimizer', 'register', 'create', 'SGD', 'ccSGD', 'NAG', 'Signum', 'SGLD',
           'DCASGD', 'Test', 'Adam', 'AdaGrad', 'RMSProp', 'AdaDelta', 'Adamax', 'Nadam',
           'Ftrl', 'FTML', 'LAMB', 'GroupAdaGrad', 'Updater', 'get_updater', 'StatesFormatError']
