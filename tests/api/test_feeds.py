"""claim-reviews/, articles/{id}/annotations/, changes/ and exports/claims/."""

import csv
import datetime
import io
import json
import random

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from rest_framework.test import APIClient

from annotations import evidence as evidence_functions
from annotations import exports
from annotations.models import Evidence, Verdict
from claims import changes
from claims.models import Article, Claim
from tests.factories import BODY, ArticleFactory, ClaimFactory, VerdictFactory
from tests.pages import article_with_claims

pytestmark = pytest.mark.django_db
ANNO = "http://www.w3.org/ns/anno.jsonld"


def publish(claim: Claim, rating: str = "mostly_true", when=None) -> Verdict:
    claim.status = Claim.Status.PUBLISHED
    claim.save()
    return VerdictFactory(
        claim=claim,
        rating=rating,
        outcome=Verdict.Outcome.APPROVED,
        decided_at=when or timezone.now(),
    )


# --- claim-reviews/ ----------------------------------------------------------


def test_claim_reviews_list_published_claims_with_their_latest_verdict(
    api_client, django_assert_num_queries
):
    article = ArticleFactory(url="https://news.example/a")
    claim = ClaimFactory(article=article, speaker="Tass")
    publish(claim, "false", when=timezone.now() - datetime.timedelta(days=2))
    publish(claim, "half_true")  # approved again later: the latest counts
    for _ in range(3):
        publish(ClaimFactory(), "misleading")
    ClaimFactory(status="submitted")
    # Queries: the page of published claims with articles, their approved verdicts.
    with django_assert_num_queries(2):
        response = api_client.get("/api/v1/claim-reviews/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == 4
    mine = next(r for r in results if r["url"].endswith(f"/{claim.pk}/"))
    assert mine["claimReviewed"] == claim.text
    assert mine["reviewRating"]["ratingValue"] == 3
    assert mine["reviewRating"]["alternateName"] == "Half true"
    assert mine["url"].endswith(f"/api/v1/claim-reviews/{claim.pk}/")
    assert mine["author"]["name"] == "ClaimDesk"
    assert mine["itemReviewed"]["author"] == {"@type": "Organization", "name": "Tass"}


def test_a_claim_review_is_served_as_json_ld(api_client):
    claim = ClaimFactory()
    publish(claim)
    by_accept = api_client.get(
        f"/api/v1/claim-reviews/{claim.pk}/", HTTP_ACCEPT="application/ld+json"
    )
    assert by_accept.status_code == 200
    assert by_accept["Content-Type"].startswith("application/ld+json")
    assert json.loads(by_accept.content)["@type"] == "ClaimReview"
    by_format = api_client.get(f"/api/v1/claim-reviews/{claim.pk}/?format=jsonld")
    assert by_format["Content-Type"].startswith("application/ld+json")
    assert api_client.get(f"/api/v1/claim-reviews/{claim.pk}/")[
        "Content-Type"
    ].startswith("application/json")


def test_an_unpublished_claim_has_no_claim_review(api_client):
    claim = ClaimFactory(status="submitted")
    VerdictFactory(claim=claim)
    assert api_client.get(f"/api/v1/claim-reviews/{claim.pk}/").status_code == 404


# --- articles/{id}/annotations/ ---------------------------------------------


def annotations_of(client: APIClient, article: Article) -> dict:
    response = client.get(f"/api/v1/articles/{article.pk}/annotations/")
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def test_annotations_are_a_w3c_collection_with_both_selectors(
    clients, django_assert_num_queries
):
    article = ArticleFactory(url="https://news.example/s")
    claim = ClaimFactory(article=article, start=23, end=32, speaker="US officials")
    ClaimFactory(article=article)
    client = clients["viewer"]
    annotations_of(client, article)  # warm the role cache of the user
    # Queries: the article, its claims (the role is cached on the user).
    with django_assert_num_queries(2):
        response = client.get(f"/api/v1/articles/{article.pk}/annotations/")
    assert response["Content-Type"].startswith("application/ld+json")
    data = json.loads(response.content)
    assert data["@context"] == ANNO
    assert data["type"] == "AnnotationCollection"
    assert data["total"] == 2
    item = next(
        i for i in data["first"]["items"] if i["id"].endswith(f"/claims/{claim.pk}/")
    )
    assert item["type"] == "Annotation"
    assert item["target"]["source"] == "https://news.example/s"
    quote, position = item["target"]["selector"]
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": "Pyongyang",
        "prefix": "US officials said that ",
        "suffix": " has sent Russia 11,000 containe",
    }
    assert position == {"type": "TextPositionSelector", "start": 23, "end": 32}
    claim_body = item["body"][1]
    assert claim_body["type"] == "claimdesk:Claim"
    assert claim_body["speaker"] == "US officials"


def test_anonymous_sees_annotations_of_published_claims_only(api_client):
    article = ArticleFactory()
    publish(ClaimFactory(article=article))
    ClaimFactory(article=article, start=5, end=12, sentence_start=0)
    assert annotations_of(api_client, article)["total"] == 1
    hidden = ClaimFactory().article
    response = api_client.get(f"/api/v1/articles/{hidden.pk}/annotations/")
    assert response.status_code == 404


def content(claim: Claim) -> dict:
    return {
        field: getattr(claim, field)
        for field in (
            "start",
            "end",
            "text",
            "sentence_start",
            "kind",
            "score",
            "speaker",
            "quoted",
            "quantity",
        )  # fmt: skip
    }


def test_an_exported_collection_posted_to_an_identical_article_loses_nothing(clients):
    article = ArticleFactory(body=BODY)
    ClaimFactory(article=article, speaker="US officials", quoted=True, score=0.91)
    ClaimFactory(
        article=article, start=49, end=79, kind="quantity", score=0.7,
        quantity_value=11000.0, quantity_unit="containers",
        quantity_subject="munitions", sentence_start=0,
    )  # fmt: skip
    ClaimFactory(article=article, start=120, end=139, kind="other", sentence_start=0,
                 sentence_end=len(BODY))  # fmt: skip
    exported = annotations_of(clients["viewer"], article)
    before = [content(c) for c in article.claims.order_by("start", "end")]
    article.delete()
    twin = ArticleFactory(body=BODY)
    response = clients["reviewer"].post(
        f"/api/v1/articles/{twin.pk}/annotations/",
        json.dumps(exported),
        content_type="application/ld+json",
    )
    assert response.status_code == 201, response.content
    assert json.loads(response.content)["total"] == 3
    after = [content(c) for c in twin.claims.order_by("start", "end")]
    assert after == before


def test_stale_positions_are_re_anchored_by_the_quote(reviewer_client):
    original = ArticleFactory(body=BODY)
    ClaimFactory(article=original, start=49, end=79, sentence_start=0)
    exported = annotations_of(reviewer_client, original)
    shifted = ArticleFactory(body="Update: " + BODY)
    response = reviewer_client.post(
        f"/api/v1/articles/{shifted.pk}/annotations/", exported, format="json"
    )
    assert response.status_code == 201, response.content
    claim = shifted.claims.get()
    assert (claim.start, claim.end) == (49 + 8, 79 + 8)
    assert claim.text == "11,000 containers of munitions"


def test_a_repeated_quote_is_chosen_by_its_prefix(reviewer_client):
    body = "Wages rose. Prices rose in May. Prices rose in June."
    article = ArticleFactory(body=body)
    annotation = {
        "type": "Annotation",
        "target": {"selector": {"type": "TextQuoteSelector", "exact": "Prices rose",
                                "prefix": "May. ", "suffix": " in June"}},
    }  # fmt: skip
    response = reviewer_client.post(
        f"/api/v1/articles/{article.pk}/annotations/", annotation, format="json"
    )
    assert response.status_code == 201, response.content
    assert article.claims.get().start == body.rindex("Prices rose")


def quote(exact="11,000 containers", **extra) -> dict:
    return {"type": "TextQuoteSelector", "exact": exact, **extra}


@pytest.mark.parametrize(
    "annotation, field",
    [
        ({"type": "Annotation"}, "target"),
        ({"type": "Annotation", "target": {"source": "x"}}, "target.selector"),
        (
            {"type": "Annotation", "target": {"selector": [
                {"type": "TextPositionSelector", "start": 0, "end": 5}]}},
            "target.selector",
        ),
        ({"type": "Annotation", "target": {"selector": quote("no such words")}},
         "target.selector.exact"),
        ({"type": "Annotation", "target": {"selector": [quote(), {
            "type": "TextPositionSelector", "start": 0, "end": 99999}]}},
         "target.selector.start"),
        ({"type": "Annotation", "target": {"selector": [quote(), {
            "type": "TextPositionSelector", "start": "0", "end": 5}]}},
         "target.selector.start"),
        ({"type": "Annotation", "target": {"selector": quote(exact=5)}},
         "target.selector.exact"),
        ({"type": "Note", "target": {"selector": quote()}}, "type"),
        ({"type": "Annotation", "target": {"selector": quote()},
          "body": {"type": "claimdesk:Claim", "score": "high"}}, "body.score"),
        ({"type": "Annotation", "target": {"selector": quote()},
          "body": {"type": "claimdesk:Claim", "kind": "opinion"}}, "body.kind"),
        ("just text", "type"),
        ({"type": "AnnotationCollection", "first": {}}, "first.items"),
    ],
)  # fmt: skip
def test_bad_annotations_get_a_400_naming_the_field(reviewer_client, annotation, field):
    article = ArticleFactory(body=BODY)
    response = reviewer_client.post(
        f"/api/v1/articles/{article.pk}/annotations/", annotation, format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not article.claims.exists()


def test_one_bad_annotation_in_a_list_saves_none(reviewer_client):
    article = ArticleFactory(body=BODY)
    good = {"type": "Annotation", "target": {"selector": quote()}}
    bad = {"type": "Annotation", "target": {"selector": quote("nowhere")}}
    response = reviewer_client.post(
        f"/api/v1/articles/{article.pk}/annotations/", [good, bad], format="json"
    )
    assert response.status_code == 400
    assert "items[1].target.selector.exact" in response.json()
    assert not article.claims.exists()


def test_malformed_json_is_a_400(reviewer_client):
    article = ArticleFactory()
    response = reviewer_client.post(
        f"/api/v1/articles/{article.pk}/annotations/",
        "{nope",
        content_type="application/ld+json",
    )
    assert response.status_code == 400
    assert "detail" in response.json()


# --- changes/ ----------------------------------------------------------------


def read_feed(client: APIClient, page_size: int, after: str = "0"):
    """All events from `after`, page by page; (events, final cursor, pages)."""
    events, pages = [], 0
    url = f"/api/v1/changes/?after={after}&page_size={page_size}"
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        data = response.json()
        events += data["results"]
        after = data["cursor"]
        url = data["next"]
        pages += 1
    return events, after, pages


def test_the_feed_pages_without_skips_or_repeats_and_replays_the_database(
    clients, users
):
    rng = random.Random(7)
    reviewer, editor = clients["reviewer"], clients["editor"]
    articles = [ArticleFactory(body=f"{BODY} Variant {n}.") for n in range(2)]
    ids = []
    for _ in range(30):
        op = rng.choice(["add", "add", "transition", "evidence", "delete"])
        if op == "add" or not ids:
            article = rng.choice(articles)
            start = rng.randrange(0, 60)
            response = reviewer.post(
                "/api/v1/claims/",
                {"article": article.pk, "start": start,
                 "end": start + rng.randrange(1, 20)},
                format="json",
            )  # fmt: skip
            if response.status_code == 201:
                ids.append(response.json()["id"])
        elif op == "transition":
            claim = Claim.objects.filter(pk__in=ids).order_by("?").first()
            action = rng.choice(["start_review", "dismiss", "restore"])
            client = editor if action == "restore" else reviewer
            client.post(  # refused or not: the feed must agree with the database
                f"/api/v1/claims/{claim.pk}/transitions/",
                {"action": action},
                format="json",
                HTTP_IF_MATCH=f'"v{claim.version}"',
            )
        elif op == "evidence":
            claim = Claim.objects.filter(pk__in=ids).order_by("?").first()
            if claim.status not in ("published", "dismissed"):
                evidence_functions.add_evidence(
                    claim=claim, url="https://example.org/e", stance="context",
                    user=users["editor"],
                )  # fmt: skip
        elif op == "delete":
            Claim.objects.get(pk=ids.pop(rng.randrange(len(ids)))).delete()
    state = {}
    for model in (Claim, Verdict, Evidence):
        for obj in model.objects.all():
            state[(obj._meta.label_lower, obj.pk)] = changes.serialize(obj)
    whole, cursor, _ = read_feed(clients["viewer"], page_size=1000)
    paged, paged_cursor, pages = read_feed(clients["viewer"], page_size=3)
    assert [e["seq"] for e in paged] == [e["seq"] for e in whole]
    assert len({e["seq"] for e in paged}) == len(paged)  # no repeats
    assert pages > 5
    assert cursor == paged_cursor
    assert changes.replay(paged) == state
    assert {"create", "update", "delete"} <= {e["operation"] for e in paged}
    assert any(e["state"].get("status") == "dismissed" for e in paged)
    # Caught up: asking again from the cursor gives nothing new, then the next.
    again, _, _ = read_feed(clients["viewer"], page_size=3, after=cursor)
    assert again == []
    ClaimFactory(article=articles[0], start=1, end=9)
    newer, _, _ = read_feed(clients["viewer"], page_size=3, after=cursor)
    assert [(e["model"], e["operation"]) for e in newer] == [("claims.claim", "create")]


def test_the_feed_is_one_query_a_page(viewer_client, django_assert_num_queries):
    for _ in range(5):
        ClaimFactory()
    viewer_client.get("/api/v1/changes/?page_size=2")  # the role, cached
    # Queries: the events after the cursor (one more than the page, to see if
    # more wait); the viewer's role is cached on the user.
    with django_assert_num_queries(1):
        response = viewer_client.get("/api/v1/changes/?after=1&page_size=2")
    seqs = [e["seq"] for e in response.json()["results"]]
    assert len(seqs) == 2
    assert 1 < seqs[0] < seqs[1]


@pytest.mark.parametrize("query", ["after=x", "after=-1", "page_size=0",
                                   "page_size=5000"])  # fmt: skip
def test_bad_feed_parameters_get_a_400_naming_them(viewer_client, query):
    response = viewer_client.get(f"/api/v1/changes/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


# --- exports/claims/ ---------------------------------------------------------


def streamed(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def test_csv_export_streams_one_row_per_claim(viewer_client):
    ClaimFactory(speaker="+SUM(A1)")
    ClaimFactory(status="published")
    response = viewer_client.get("/api/v1/exports/claims/?format=csv")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(streamed(response))))
    assert len(rows) == 2
    assert rows[0]["speaker"] == "'+SUM(A1)"


def test_jsonl_export_by_accept_and_filtered_by_status(viewer_client):
    ClaimFactory(status="published")
    ClaimFactory()
    response = viewer_client.get(
        "/api/v1/exports/claims/?status=published",
        HTTP_ACCEPT="application/x-ndjson",
    )
    assert response["Content-Type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in streamed(response).splitlines()]
    assert [line["type"] for line in lines] == ["article", "claim", "end"]
    assert lines[1]["status"] == "published"
    assert lines[2] == {"type": "end", "last_claim": lines[1]["id"]}


def test_a_cut_jsonl_download_resumes_after_its_last_claim(viewer_client):
    article = article_with_claims(3)
    other = article_with_claims(2)
    url = "/api/v1/exports/claims/?format=jsonl"
    whole = streamed(viewer_client.get(url)).splitlines(keepends=True)
    assert json.loads(whole[-1])["type"] == "end"
    cut = whole[:3]  # article, claim, claim: no end line, so it was cut
    last = json.loads(cut[-1])["id"]
    rest = streamed(viewer_client.get(f"{url}&after={last}")).splitlines(True)
    # The article already sent is not sent again; the two parts make the whole.
    assert cut + rest == whole
    assert [json.loads(line)["type"] for line in rest] == [
        "claim", "article", "claim", "claim", "end"]  # fmt: skip
    assert json.loads(rest[1])["id"] == other.pk != article.pk
    # The whole download restores (its end line included).
    Claim.objects.all().delete()
    Article.objects.all().delete()
    assert exports.restore_jsonl(whole)["claim"] == 5


def test_export_errors_are_json(viewer_client):
    response = viewer_client.get("/api/v1/exports/claims/?format=csv&status=maybe")
    assert response.status_code == 400
    assert "status" in response.json()


# --- who may do what ---------------------------------------------------------

# The role x endpoint matrix rows are in tests/api/test_permissions.py.


def test_a_signed_in_user_without_a_role_cannot_read_the_feed_or_export(clients, users):
    client = APIClient()
    client.force_authenticate(users["nobody"])
    assert client.get("/api/v1/changes/").status_code == 403
    assert client.get("/api/v1/exports/claims/").status_code == 403


# --- the claims list's fast representation (bench/api.py) --------------------


def test_the_fast_claim_representation_equals_drfs_general_one(users):
    from rest_framework import serializers

    from annotations.api.serializers import ClaimSerializer

    plain = ClaimFactory(kind="other", speaker="", assignee=None)
    counted = ClaimFactory(
        kind="quantity", quantity_value=3.0, quantity_low=1.0, quantity_high=5.0,
        quantity_unit="t", assignee=users["reviewer"], quoted=True,
    )  # fmt: skip
    published = ClaimFactory()
    publish(published, "false")
    serializer = ClaimSerializer()
    for claim in (plain, counted, published):
        claim = Claim.objects.select_related("assignee").get(pk=claim.pk)
        claim.visible_verdicts = list(claim.verdicts.all())
        general = serializers.ModelSerializer.to_representation(serializer, claim)
        assert serializer.to_representation(claim) == general
        assert list(serializer.to_representation(claim)) == list(general)


@pytest.mark.parametrize("who", ["anonymous", "reviewer"])
def test_the_fast_verdict_representation_equals_drfs_general_one(users, who):
    from rest_framework.test import APIRequestFactory

    from annotations.api.serializers import ClaimSerializer, VerdictSerializer

    request = APIRequestFactory().get("/api/v1/claims/")
    request.user = AnonymousUser() if who == "anonymous" else users["reviewer"]
    claim = ClaimFactory()
    publish(claim, "mostly_true")
    claim.verdicts.update(proposed_by=users["reviewer"], decided_by=users["editor"])
    verdict = claim.verdicts.select_related("proposed_by", "decided_by").get()
    context = {"request": request}
    general = VerdictSerializer(context=context).to_representation(verdict)
    fast = ClaimSerializer(context=context)._verdict(verdict)
    assert fast == general and list(fast) == list(general)
    assert (general["decided_by"] is None) == (who == "anonymous")
    assert general["decided_at"] is not None and general["rating_value"] is not None


def test_detail_answers_carry_an_etag_and_honour_if_none_match(api_client):
    claim = ClaimFactory()
    publish(claim)
    for path in (
        f"/api/v1/claim-reviews/{claim.pk}/",
        f"/api/v1/articles/{claim.article_id}/annotations/",
    ):
        first = api_client.get(path)
        assert first.status_code == 200
        etag = first["ETag"]
        again = api_client.get(path, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304
        assert again["ETag"] == etag
    ClaimFactory(article=claim.article, start=5, end=20, sentence_start=0)
    publish(claim.article.claims.get(start=5))
    changed = api_client.get(
        f"/api/v1/articles/{claim.article_id}/annotations/", HTTP_IF_NONE_MATCH=etag
    )
    assert changed.status_code == 200  # a new published claim: a new tag


def test_the_export_endpoint_costs_a_fixed_number_of_queries(
    viewer_client, django_assert_num_queries, monkeypatch
):
    from annotations.exports import writing

    monkeypatch.setattr(writing, "CHUNK", 2)
    for _ in range(4):
        ClaimFactory()
    viewer_client.get("/api/v1/changes/")  # the viewer's role, cached
    # Queries: per chunk of 2 claims, the claims, their (new) articles,
    # verdicts, evidence, transitions, comments, matches with earlier claims
    # = 7; two chunks and the empty third.
    with django_assert_num_queries(15):
        response = viewer_client.get("/api/v1/exports/claims/?format=jsonl")
        lines = streamed(response).splitlines()
    assert len(lines) == 9  # four articles, four claims, the end


def test_a_claim_review_names_the_site_at_the_address_it_was_asked_on(
    api_client, settings
):
    claim = ClaimFactory()
    publish(claim)
    settings.ALLOWED_HOSTS = ["demo.example", "claims.example.org"]
    answer = api_client.get(
        f"/api/v1/claim-reviews/{claim.pk}/", HTTP_HOST="demo.example:8765"
    ).json()
    assert answer["url"] == f"http://demo.example:8765/api/v1/claim-reviews/{claim.pk}/"
    assert answer["author"]["url"] == "http://demo.example:8765/"
    evil = api_client.get(
        f"/api/v1/claim-reviews/{claim.pk}/", HTTP_HOST="evil.example"
    )
    assert evil.status_code == 400  # a forged Host is refused, not echoed
    settings.CLAIMDESK_PUBLISHER_URL = "https://claims.example.org/"
    answer = api_client.get(
        f"/api/v1/claim-reviews/{claim.pk}/", HTTP_HOST="demo.example:8765"
    ).json()
    assert answer["url"].startswith("https://claims.example.org/api/v1/claim-reviews/")
