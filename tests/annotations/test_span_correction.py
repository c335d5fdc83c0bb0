"""A claim's words corrected by selecting other words of the article: the
panel's correct form takes the selection's offsets as the browser counts
them."""

import pytest
from django.urls import reverse

from claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(db):
    return ClaimFactory(status="in_review")


def correct(client, claim, **data):
    url = reverse("annotations:correct", args=[claim.pk])
    return client.post(url, {"version": claim.version, **data}, HTTP_HX_REQUEST="true")


def test_a_selection_becomes_the_claims_words(client, users, claim):
    body = claim.article.body
    start = body.index("Pyongyang")
    end = body.index(" in the past year")
    client.force_login(users["reviewer"])
    answer = correct(client, claim, start=start, end=end)
    assert answer.status_code == 200 and "claim-changed" in answer["HX-Trigger"]
    fresh = Claim.objects.get(pk=claim.pk)
    assert fresh.text == "Pyongyang has sent Russia 11,000 containers of munitions"
    assert (fresh.start, fresh.end, fresh.version) == (start, end, claim.version + 1)
    assert fresh.history.first().history_change_reason == "corrected"


def test_a_selection_in_another_sentence_takes_that_sentence(client, users, claim):
    body = claim.article.body
    start = body.index("North Korea has")
    client.force_login(users["reviewer"])
    correct(client, claim, start=start, end=start + len("North Korea has about 50"))
    fresh = Claim.objects.get(pk=claim.pk)
    assert body[fresh.sentence_start : fresh.sentence_end].startswith("North Korea")
    assert fresh.sentence_start <= fresh.start < fresh.end <= fresh.sentence_end


def test_offsets_as_the_browser_counts_them_after_crlf_and_emoji(client, users):
    body = "🚀 One line.\r\nThe second 👍 line is here."
    article = ArticleFactory(body=body)
    claim = ClaimFactory(article=article)
    shown = body.replace("\r\n", "\n")
    start = shown.index("second")
    end = start + len("second 👍 line")
    client.force_login(users["reviewer"])
    assert correct(client, claim, start=start, end=end).status_code == 200
    assert Claim.objects.get(pk=claim.pk).text == "second 👍 line"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start": "5"}, "Select the claim"),
        ({"start": "a", "end": "9"}, "Select the claim"),
        ({"start": "-1", "end": "9"}, "Select the claim"),
        ({"start": "1\x00", "end": "9"}, "Select the claim"),
        ({"start": "9" * 12, "end": "9" * 13}, "Select the claim"),
        ({"start": "10", "end": "5"}, "start &lt; end"),
        ({"start": "0", "end": "100000"}, "end ≤"),
    ],
)
def test_a_bad_selection_is_refused_and_nothing_changes(
    client, users, claim, data, message
):
    client.force_login(users["reviewer"])
    answer = correct(client, claim, **data)
    assert answer.status_code == 422 and message in answer.text
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.start, fresh.end, fresh.version) == (claim.start, claim.end, 1)


def test_white_space_is_not_a_claim(client, users):
    claim = ClaimFactory(article=ArticleFactory(body="One sentence.   Two more."))
    client.force_login(users["reviewer"])
    answer = correct(client, claim, start=13, end=16)
    assert answer.status_code == 422 and "white space" in answer.text
    assert Claim.objects.get(pk=claim.pk).text == "One sentence."


def test_who_may_reselect_is_the_rules_tables(client, users, claim):
    Claim.objects.filter(pk=claim.pk).update(assignee=users["reviewer"])
    client.force_login(users["other_reviewer"])
    assert correct(client, claim, start=0, end=5).status_code == 403
    client.force_login(users["viewer"])
    assert correct(client, claim, start=0, end=5).status_code == 403
    Claim.objects.filter(pk=claim.pk).update(status="published")
    client.force_login(users["editor"])
    assert correct(client, claim, start=0, end=5).status_code == 409
    assert Claim.objects.get(pk=claim.pk).text == claim.text


def test_a_selection_without_the_version_saves_nothing(client, users, claim):
    client.force_login(users["reviewer"])
    url = reverse("annotations:correct", args=[claim.pk])
    answer = client.post(url, {"start": 0, "end": 5}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 428
    assert Claim.objects.get(pk=claim.pk).text == claim.text


def test_the_panel_says_where_to_send_a_selection_only_to_who_may(client, users, claim):
    Claim.objects.filter(pk=claim.pk).update(assignee=users["reviewer"])
    panel = reverse("annotations:claim", args=[claim.pk])
    client.force_login(users["reviewer"])
    page = client.get(panel, HTTP_HX_REQUEST="true").text
    assert f'data-correct-url="/claims/{claim.pk}/correct/"' in page
    client.force_login(users["other_reviewer"])
    assert "data-correct-url" not in client.get(panel, HTTP_HX_REQUEST="true").text
