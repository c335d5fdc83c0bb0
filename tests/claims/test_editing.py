"""claims/editing.py: the version every write claims first."""

import pytest

from claims.editing import bump_version
from claims.errors import ClaimGone, StaleClaim
from claims.models import Claim
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_the_first_writer_at_a_version_takes_the_next_one():
    claim = ClaimFactory()
    bump_version(claim)
    assert claim.version == 2
    assert Claim.objects.get(pk=claim.pk).version == 2


def test_a_writer_at_an_old_version_is_told_the_current_one():
    claim = ClaimFactory()
    bump_version(Claim.objects.get(pk=claim.pk))
    with pytest.raises(StaleClaim) as refused:
        bump_version(claim)
    assert refused.value.current.version == 2


def test_a_writer_whose_claim_was_deleted_meanwhile_is_told_it_is_gone():
    claim = ClaimFactory()
    claim.article.delete()
    with pytest.raises(ClaimGone, match="This claim no longer exists."):
        bump_version(claim)
