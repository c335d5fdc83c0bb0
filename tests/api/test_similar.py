""" "Has this been checked?": the API's two lookups, the page in the
navigation, one ClaimReview per published group, and the dashboard's
recurring claims and conflicts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from annotations import groups, workflow
from claims.ingest import ingest_article
from claims.models import Claim, ClaimMatch

pytestmark = pytest.mark.django_db
S = Claim.Status

VETO_1 = (
    "Russia used its Security Council veto in March to halt UN monitoring of "
    "international compliance with the sanctions regime."
)
VETO_2 = (
    "Russia on March 28 vetoed a U.N. resolution renewing the mandate of the panel "
    "that monitors sanctions enforcement."
)
OTHER = "Kim gave Putin a pair of Pungsan hunting dogs at the airport in Pyongyang."
QUERY = "Did Russia veto the UN sanctions monitoring in March?"


@pytest.fixture
def veto(users):
    """Two articles telling of the veto, the match between them confirmed, a
    third on something else; the first claim of each."""
    first = ingest_article(body=VETO_1, url="https://one.example/a")[0]
    second = ingest_article(body=VETO_2, url="https://two.example/b")[0]
    third = ingest_article(body=OTHER)[0]
    a, b, c = (
        article.claims.order_by("start").first() for article in (first, second, third)
    )
    link = ClaimMatch.objects.of(a).get(candidate=b)
    groups.confirm_match(match=link, claim=a, user=users["reviewer"])
    return Claim.objects.get(pk=a.pk), Claim.objects.get(pk=b.pk), c


def publish_for_both(a: Claim, users) -> None:
    workflow.start_review(claim=a, user=users["reviewer"])
    workflow.submit_verdict(
        claim=a, rating="true", summary="The veto was cast.", user=users["reviewer"]
    )
    workflow.approve_group(claim=Claim.objects.get(pk=a.pk), user=users["editor"])


def similar(api: APIClient, **params):
    return api.get("/api/v1/claims/similar/", params)


def test_members_find_the_claim_ranked_with_its_relation(veto, users):
    a, b, c = veto
    api = APIClient()
    api.force_authenticate(users["viewer"])
    answer = similar(api, q=QUERY)
    assert answer.status_code == 200
    found = answer.json()
    assert {found[0]["claim"]["id"], found[1]["claim"]["id"]} == {a.pk, b.pk}
    assert c.pk not in [f["claim"]["id"] for f in found]
    first = found[0]
    assert set(first) == {"claim", "score", "relation", "reason"}
    assert set(first["claim"]) == {"id", "text", "article", "status", "verdict"}
    assert first["relation"] in ("same", "related") and 0 < first["score"] <= 1


def test_published_verdicts_come_first_and_anonymous_callers_see_only_them(veto, users):
    a, b, c = veto
    Claim.objects.filter(pk=b.pk).update(status=S.DISMISSED)
    publish_for_both(a, users)  # b is dismissed: left as it is
    api = APIClient()
    found = similar(api, q=QUERY).json()
    assert [f["claim"]["id"] for f in found] == [a.pk]
    assert found[0]["claim"]["verdict"] == {
        "rating": "true",
        "summary": "The veto was cast.",
    }
    api.force_authenticate(users["viewer"])
    found = similar(api, q=QUERY).json()
    assert found[0]["claim"]["id"] == a.pk  # published first
    assert b.pk in [f["claim"]["id"] for f in found]


def test_a_claims_candidates_come_from_other_articles(veto, users):
    a, b, c = veto
    api = APIClient()
    api.force_authenticate(users["editor"])
    answer = api.get(f"/api/v1/claims/{a.pk}/similar/")
    assert answer.status_code == 200
    ids = [f["claim"]["id"] for f in answer.json()]
    assert ids[0] == b.pk
    assert a.pk not in ids
    assert APIClient().get(f"/api/v1/claims/{a.pk}/similar/").status_code == 404


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "x" * 1001}, "q"),
        ({"q": "veto\x00"}, "q"),
        ({"q": "veto", "limit": "x"}, "limit"),
        ({"q": "veto", "limit": "0"}, "limit"),
        ({"q": "veto", "limit": "51"}, "limit"),
    ],
)
def test_bad_lookups_are_400_naming_the_field(db, params, field):
    answer = similar(APIClient(), **params)
    assert answer.status_code == 400
    assert field in answer.json()


def test_a_script_in_the_query_is_only_text(veto, users):
    api = APIClient()
    answer = similar(api, q="<script>alert(1)</script> Russia veto March")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/json")


def test_the_lookup_costs_the_same_queries_for_one_result_or_many(veto, users):
    a, b, c = veto
    api = APIClient()
    api.force_authenticate(users["viewer"])
    counts = []
    for limit in (1, 10):
        similar(api, q=QUERY, limit=limit)  # the index loaded
        with CaptureQueriesContext(connection) as queries:
            assert similar(api, q=QUERY, limit=limit).status_code == 200
        counts.append(len(queries))
    # the last change event and the events since (the index topped up), the
    # claims found with their articles (and, were any published, their
    # verdicts); the role is cached on the authenticated user
    assert counts[0] == counts[1] == 3


# --- ClaimReview: one per published group ----------------------------------


def test_a_published_group_is_one_claim_review_listing_every_appearance(veto, users):
    a, b, c = veto
    publish_for_both(a, users)
    reviews = APIClient().get("/api/v1/claim-reviews/").json()["results"]
    assert len(reviews) == 1
    appearances = reviews[0]["itemReviewed"]["appearance"]
    urls = [x["url"] for x in appearances]
    assert urls[0].startswith("https://one.example/a#:~:text=Russia%20used")
    assert urls[1].startswith("https://two.example/b#:~:text=Russia%20on%20March")
    by_second = APIClient().get(f"/api/v1/claim-reviews/{b.pk}/").json()
    assert len(by_second["itemReviewed"]["appearance"]) == 2


# --- the page in the navigation --------------------------------------------


def test_the_navigation_asks_has_this_been_checked(client, veto, users):
    client.force_login(users["viewer"])
    page = client.get("/").text
    assert 'role="search"' in page and "Has this been checked?" in page
    answer = client.get("/checked/", {"q": QUERY})
    assert answer.status_code == 200
    a, b, c = veto
    assert f'href="/claims/{a.pk}/"' in answer.text
    assert f'href="/claims/{c.pk}/"' not in answer.text


@pytest.mark.parametrize(
    ("q", "message"),
    [("x" * 1001, "At most 1,000 characters"), ("veto\x00", "NUL byte")],
)
def test_the_page_says_what_is_wrong_with_a_query(client, users, q, message):
    client.force_login(users["viewer"])
    answer = client.get("/checked/", {"q": q})
    assert answer.status_code == 400 and message in answer.text


def test_the_page_shows_a_script_as_text_and_asks_anonymous_to_sign_in(client, users):
    assert client.get("/checked/", {"q": "x"}).status_code == 302
    client.force_login(users["nobody"])
    answer = client.get("/checked/", {"q": "<script>alert(1)</script>"})
    assert "&lt;script&gt;" in answer.text and "<script>alert" not in answer.text


# --- the dashboard -----------------------------------------------------------


def test_the_dashboard_shows_recurring_claims_and_conflicts(client, veto, users):
    ingest_article(body="Pyongyang has sent Russia 11,000 containers of munitions.")
    ingest_article(body="Pyongyang has sent Russia 1,100 containers of munitions.")
    client.force_login(users["editor"])
    page = client.get("/").text
    assert "2 appearances" in page
    assert page.count("r-conflict") == 1
    assert "numbers differ: 1,100 / 11,000" in page
    client.force_login(users["nobody"])  # sees published claims only
    page = client.get("/").text
    assert "2 appearances" not in page and "containers" not in page


def test_a_disagreement_is_listed_once_with_its_sentences(client, users):
    # Each sentence and its number conflict with the other's: four links, one
    # disagreement. Another fact the same articles disagree on is another row.
    ingest_article(
        body="Pyongyang has sent Russia 11,000 containers of munitions.\n\n"
        "The summit in Pyongyang lasted three days."
    )
    ingest_article(
        body="Pyongyang has sent Russia 1,100 containers of munitions.\n\n"
        "The summit in Pyongyang lasted five days."
    )
    links = ClaimMatch.objects.filter(relation="conflict")
    assert links.count() >= 5
    client.force_login(users["editor"])
    shown = client.get("/").context["conflicts"]
    texts = sorted(tuple(sorted((m.first.text, m.second.text))) for m in shown)
    assert texts == [
        (
            "Pyongyang has sent Russia 1,100 containers of munitions.",
            "Pyongyang has sent Russia 11,000 containers of munitions.",
        ),
        (
            "The summit in Pyongyang lasted five days.",
            "The summit in Pyongyang lasted three days.",
        ),
    ]


def test_claim_reviews_cost_the_same_queries_whatever_the_groups_size(db):
    from claims.models import ClaimGroup
    from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory

    counts = []
    for size in (2, 6):
        group = ClaimGroup.objects.create()
        for _ in range(size):
            claim = ClaimFactory(
                article=ArticleFactory(), status=S.PUBLISHED, rating="true", group=group
            )
            VerdictFactory(
                claim=claim, rating="true", outcome="approved",
                decided_at=claim.created_at,
            )  # fmt: skip
        with CaptureQueriesContext(connection) as queries:
            answer = APIClient().get("/api/v1/claim-reviews/")
        assert answer.status_code == 200
        appearances = [
            len(r["itemReviewed"]["appearance"]) for r in answer.json()["results"]
        ]
        assert sorted(appearances) == sorted([2, 6][: len(counts) + 1])
        counts.append(len([q for q in queries if "claimdesk_cache" not in q["sql"]]))
    # the page of claims with their articles and groups, their approved
    # verdicts, the published claims of their groups
    assert counts == [3, 3]
