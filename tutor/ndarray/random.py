"""``mx.nd.random``: the samplers of ``tutor.random`` (one generator, seeded by
``mx.random.seed``)."""
from ..random import (exponential, gamma, multinomial, normal, poisson, randint,  # noqa: F401
                      randn, shuffle, uniform, seed)
