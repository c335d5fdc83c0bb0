"""Evidence corrected by its author or an editor until the claim is
published: the domain, the panel and the API say the same."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from annotations.evidence import add_evidence, edit_evidence
from annotations.models import Evidence, Source
from claims.errors import InvalidTransition, NotAllowed
from claims.models import Claim
from tests.factories import ClaimFactory, EvidenceFactory

pytestmark = pytest.mark.django_db
PAYLOAD = '<img src=x onerror="alert(1)">'


@pytest.fixture
def item(users):
    claim = ClaimFactory(status="in_review", assignee=users["reviewer"])
    return add_evidence(
        claim=claim, url="https://example.org/report", stance="supports",
        title="Report", publisher="UN", quote="Q", note="N", user=users["reviewer"],
    )  # fmt: skip


def version(item: Evidence) -> int:
    return Claim.objects.get(pk=item.claim_id).version


def test_the_author_changes_stance_quote_and_note(users, item):
    before = version(item)
    edit_evidence(
        evidence=item, user=users["reviewer"], stance="refutes",
        quote="  Another passage. ", note="Read again.",
    )  # fmt: skip
    item.refresh_from_db()
    assert (item.stance, item.quote, item.note) == (
        "refutes", "Another passage.", "Read again.",
    )  # fmt: skip
    assert version(item) == before + 1  # the editor approves what they saw
    assert item.history.count() == 2 and item.history.first().stance == "refutes"


def test_nothing_changed_nothing_saved(users, item):
    before = version(item)
    edit_evidence(evidence=item, user=users["reviewer"], stance="supports", quote="Q")
    assert version(item) == before and item.history.count() == 1


def test_another_url_cites_another_source(users, item):
    old = item.source
    edit_evidence(
        evidence=item, user=users["reviewer"], url="https://example.org/other",
        title=old.title, publisher=old.publisher,  # as the form shows them
    )  # fmt: skip
    item.refresh_from_db()
    assert item.source.url == "https://example.org/other"
    # The old source's title shown in the form is not the new source's.
    assert item.source.title == "" and item.source.publisher == ""
    assert Source.objects.get(pk=old.pk).title == "Report"


def test_a_source_only_this_evidence_cites_is_retitled(users, item):
    edit_evidence(evidence=item, user=users["reviewer"], title="UN report 2024")
    assert Source.objects.get(pk=item.source_id).title == "UN report 2024"


def test_a_shared_source_keeps_its_title(users, item):
    other = ClaimFactory()
    add_evidence(
        claim=other, url=item.source.url, stance="context", user=users["editor"]
    )
    before = version(item)
    with pytest.raises(ValidationError) as caught:
        edit_evidence(
            evidence=item, user=users["reviewer"], title="Mine", stance="refutes"
        )
    assert "title" in caught.value.message_dict
    item.refresh_from_db()
    # All or nothing: the stance sent with the refused title is not saved.
    assert item.stance == "supports" and version(item) == before
    assert item.source.title == "Report"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "http://"}, "url"),
        ({"stance": "agrees"}, "stance"),
        ({"quote": "x" * 20_001}, "quote"),
        ({"title": "t" * 501}, "title"),
        ({"publisher": "p" * 201}, "publisher"),
    ],
)
def test_bad_corrections_are_refused_naming_the_field(users, item, fields, field):
    with pytest.raises(ValidationError) as caught:
        edit_evidence(evidence=item, user=users["reviewer"], **fields)
    assert field in caught.value.message_dict
    assert Evidence.objects.get(pk=item.pk).source.url == "https://example.org/report"


def test_only_its_author_or_an_editor_edits_and_only_before_publication(users, item):
    for who in ("other_reviewer", "viewer", "nobody"):
        with pytest.raises(NotAllowed):
            edit_evidence(evidence=item, user=users[who], stance="context")
    edit_evidence(evidence=item, user=users["editor"], stance="context")
    Claim.objects.filter(pk=item.claim_id).update(status="published")
    item = Evidence.objects.get(pk=item.pk)
    with pytest.raises(InvalidTransition):
        edit_evidence(evidence=item, user=users["editor"], stance="refutes")
    assert Evidence.objects.get(pk=item.pk).stance == "context"


# --- the panel ---------------------------------------------------------------


def edit_url(item: Evidence) -> str:
    return reverse("annotations:edit_evidence", args=[item.claim_id, item.pk])


def form(item: Evidence, **changes) -> dict:
    values = {
        "url": item.source.url, "title": item.source.title,
        "publisher": item.source.publisher, "stance": item.stance,
        "quote": item.quote, "note": item.note,
    } | changes  # fmt: skip
    return {f"edit-{item.pk}-{name}": value for name, value in values.items()}


def test_the_panel_offers_the_edit_form_to_the_author_only(client, users, item):
    panel = reverse("annotations:claim", args=[item.claim_id])
    client.force_login(users["reviewer"])
    page = client.get(panel, HTTP_HX_REQUEST="true").text
    assert 'data-action="edit_evidence"' in page
    assert f'name="edit-{item.pk}-url"' in page and 'value="Report"' in page
    client.force_login(users["other_reviewer"])
    page = client.get(panel, HTTP_HX_REQUEST="true").text
    assert 'data-action="edit_evidence"' not in page


def test_the_panel_saves_a_correction(client, users, item):
    client.force_login(users["reviewer"])
    answer = client.post(
        edit_url(item),
        form(item, stance="refutes", note=PAYLOAD),
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 200 and "claim-changed" in answer["HX-Trigger"]
    assert PAYLOAD not in answer.text and "&lt;img src=x" in answer.text
    item.refresh_from_db()
    assert item.stance == "refutes" and item.note == PAYLOAD


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"url": "javascript:alert(1)"}, "http"),
        ({"url": ""}, "This field is required."),
        ({"stance": "agrees"}, "Select a valid choice."),
        ({"note": "a\x00b"}, "Null characters are not allowed."),
    ],
)
def test_a_bad_correction_shows_its_form_open_with_the_error(
    client, users, item, changes, message
):
    client.force_login(users["reviewer"])
    answer = client.post(edit_url(item), form(item, **changes))
    assert answer.status_code == 422 and message in answer.text
    assert '<details class="edit-evidence" open>' in answer.text
    assert Evidence.objects.get(pk=item.pk).stance == "supports"


def test_the_panel_refuses_others_and_strangers(client, users, item):
    client.force_login(users["other_reviewer"])
    assert client.post(edit_url(item), form(item, stance="context")).status_code == 403
    assert client.get(edit_url(item)).status_code == 405
    other = EvidenceFactory(claim=ClaimFactory(), added_by=users["reviewer"])
    client.force_login(users["reviewer"])
    wrong = reverse("annotations:edit_evidence", args=[item.claim_id, other.pk])
    assert client.post(wrong, form(item)).status_code == 404
    client.logout()
    assert client.post(edit_url(item), form(item)).status_code == 302
    assert Evidence.objects.get(pk=item.pk).stance == "supports"


# --- the API -----------------------------------------------------------------


@pytest.fixture
def clients(users) -> dict[str, APIClient]:
    result = {"anonymous": APIClient()}
    for role in ("reviewer", "other_reviewer", "editor"):
        result[role] = APIClient()
        result[role].force_authenticate(users[role])
    return result


def test_the_api_patches_evidence(clients, item):
    where = f"/api/v1/evidence/{item.pk}/"
    answer = clients["reviewer"].patch(where, {"stance": "context"}, format="json")
    assert answer.status_code == 200 and answer.json()["stance"] == "context"
    assert answer.json()["source"]["url"] == "https://example.org/report"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "non_field_errors"),
        ({"stance": "agrees"}, "stance"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"claim": 5}, "claim"),
        ({"note": "a\x00b"}, "note"),
    ],
)
def test_the_api_refuses_bad_corrections(clients, item, body, field):
    where = f"/api/v1/evidence/{item.pk}/"
    answer = clients["reviewer"].patch(where, body, format="json")
    assert answer.status_code == 400 and field in answer.json()
    assert Evidence.objects.get(pk=item.pk).stance == "supports"


def test_the_api_refuses_others_strangers_and_published_claims(clients, item):
    where = f"/api/v1/evidence/{item.pk}/"
    body = {"stance": "context"}
    assert (
        clients["other_reviewer"].patch(where, body, format="json").status_code == 403
    )
    assert clients["anonymous"].patch(where, body, format="json").status_code in (
        401,
        403,
    )
    assert clients["editor"].put(where, body, format="json").status_code == 405
    Claim.objects.filter(pk=item.claim_id).update(status="published")
    assert clients["editor"].patch(where, body, format="json").status_code == 409
    assert Evidence.objects.get(pk=item.pk).stance == "supports"
