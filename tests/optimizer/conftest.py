"""Leave tutor's random generator as each test found it, so tests elsewhere that rely on the
default stream do not depend on whether these ran first."""
import pytest

import tutor


@pytest.fixture(autouse=True)
def _keep_tutor_rng_state():
    gen = tutor.random.generator()
    state = gen.get_state()
    yield
    gen.set_state(state)
