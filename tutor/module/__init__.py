"""``mx.mod``: modules, MXNet's object for training a symbol."""
from .base_module import BaseModule
from .module import Module
from .bucketing_module import BucketingModule

__all__ = ['BaseModule', 'Module', 'BucketingModule']
