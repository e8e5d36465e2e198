"""Evaluation metrics (MXNet's ``mx.metric``): what ``fit`` logs as ``Train-accuracy=...``.

    base.py            EvalMetric (local and global sums), register / alias / create,
                       CompositeEvalMetric
    classification.py  Accuracy, TopKAccuracy, F1, MCC, PCC
    probability.py     Perplexity, CrossEntropy, NegativeLogLikelihood
    regression.py      MAE, MSE, RMSE, PearsonCorrelation
    custom.py          Loss (Torch, Caffe), CustomMetric, np(feval)
"""
from .base import (EvalMetric, CompositeEvalMetric, check_label_shapes, create,  # noqa: F401
                   register, alias, numeric_types, _REGISTRY)
from .classification import F1, MCC, PCC, Accuracy, TopKAccuracy  # noqa: F401
from .probability import CrossEntropy, NegativeLogLikelihood, Perplexity  # noqa: F401
from .regression import MAE, MSE, RMSE, PearsonCorrelation  # noqa: F401
from .custom import Caffe, CustomMetric, Loss, Torch, np  # noqa: F401
