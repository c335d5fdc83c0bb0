import pytest

from claims.matching import Encoder, load_encoder


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    """The real embedding model, loaded once per test process."""
    return load_encoder()
