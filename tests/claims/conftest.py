import pytest

from claims.extraction import extract_claims

TIME = "000_d4964704e57e77cf.txt"
NEW_STATESMAN = "003_ffb13bc2b1fe4265.txt"


@pytest.fixture(scope="session")
def seed_claims(seed_texts, nlp):
    """The claims of each seed article, by file name, extracted once."""
    return {name: extract_claims(text, nlp=nlp) for name, text in seed_texts.items()}
