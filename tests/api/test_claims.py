"""claims/: lists and filters, details, manual claims, corrections, transitions,
ETags and If-Match."""

import datetime

import pytest
from django.utils import timezone

from annotations.models import Transition, Verdict
from claims.models import Claim
from tests.factories import (
    BODY,
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    VerdictFactory,
)

URL = "/api/v1/claims/"


def detail(claim) -> str:
    return f"{URL}{claim.pk}/"


def etag_of(client, claim) -> str:
    return client.get(detail(claim))["ETag"]


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [c["id"] for c in response.json()["results"]]


# --- lists and filters -------------------------------------------------------


@pytest.fixture
def spread(users):
    """Claims that differ in every filtered field."""
    article = ArticleFactory()
    other = ArticleFactory()
    body = article.body
    low = ClaimFactory(article=article, status="new", kind="event", score=0.1)
    mid = ClaimFactory(
        article=article,
        start=body.index("North"),
        end=len(body) - 1,
        sentence_start=body.index("North"),
        sentence_end=len(body),
        status="in_review",
        kind="quantity",
        score=0.5,
        assignee=users["reviewer"],
    )
    high = ClaimFactory(article=other, status="published", kind="quantity", score=0.9)
    VerdictFactory(
        claim=high,
        rating="false",
        outcome="approved",
        decided_at=timezone.now(),
    )
    VerdictFactory(claim=mid, rating="true")
    return {"low": low, "mid": mid, "high": high, "article": article}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=new", ["low"]),
        ("status=published", ["high"]),
        ("kind=quantity", ["mid", "high"]),
        ("assignee={reviewer}", ["mid"]),
        ("rating=false", ["high"]),
        ("rating=true", ["mid"]),
        ("score_min=0.4", ["mid", "high"]),
        ("score_max=0.5", ["low", "mid"]),
        ("score_min=0.2&score_max=0.6", ["mid"]),
        ("q=nuclear+WEAPONS", ["mid"]),
        # One filter with the queue's: several statuses, blanks mean any,
        # assignee by "me", "none", id or username.
        ("status=new&status=published", ["low", "high"]),
        ("status=&kind=&assignee=&rating=&q=", ["low", "mid", "high"]),
        ("assignee=none", ["low", "high"]),
        ("assignee={reviewer_id}", ["mid"]),
    ],
)
def test_claim_filters(viewer_client, users, spread, query, expected):
    query = query.format(
        reviewer=users["reviewer"].username, reviewer_id=users["reviewer"].pk
    )
    found = ids(viewer_client.get(f"{URL}?{query}"))
    assert sorted(found) == sorted(spread[name].pk for name in expected)


def test_anonymous_callers_filter_on_published_verdicts_only(api_client, spread):
    # "mid" has a pending verdict rated true: members find it, anonymous
    # callers see published claims only, and "high" is rated false.
    assert ids(api_client.get(f"{URL}?rating=true")) == []
    assert ids(api_client.get(f"{URL}?rating=false")) == [spread["high"].pk]


def test_article_filter(viewer_client, spread):
    found = ids(viewer_client.get(f"{URL}?article={spread['article'].pk}"))
    assert sorted(found) == sorted([spread["low"].pk, spread["mid"].pk])


def test_updated_after_returns_only_later_changes(viewer_client, spread):
    cutoff = timezone.now()
    Claim.objects.filter(pk=spread["low"].pk).update(
        updated_at=cutoff + datetime.timedelta(seconds=5)
    )
    after = cutoff.isoformat().replace("+00:00", "Z")
    assert ids(viewer_client.get(URL, {"updated_after": after})) == [spread["low"].pk]


def test_ordering_by_score(viewer_client, spread):
    found = ids(viewer_client.get(f"{URL}?ordering=-score"))
    assert found == [spread["high"].pk, spread["mid"].pk, spread["low"].pk]
    found = ids(viewer_client.get(f"{URL}?ordering=score"))
    assert found == [spread["low"].pk, spread["mid"].pk, spread["high"].pk]


def test_cursor_pages_cover_every_claim_once(viewer_client, spread):
    ClaimFactory.create_batch(4)
    seen, url = [], f"{URL}?page_size=2&ordering=-score"
    while url:
        page = viewer_client.get(url).json()
        assert len(page["results"]) <= 2
        seen += [c["id"] for c in page["results"]]
        url = page["next"]
    assert sorted(seen) == sorted(Claim.objects.values_list("pk", flat=True))


@pytest.mark.parametrize(
    "query",
    ["status=bogus", "kind=opinion", "rating=pants_on_fire", "score_min=high",
     "updated_after=yesterday", "article=abc", "article=99999999999999999999999"],
)  # fmt: skip
def test_bad_filter_values_name_the_parameter(viewer_client, spread, query):
    response = viewer_client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


def test_anonymous_list_shows_published_claims_with_their_verdict(api_client, spread):
    response = api_client.get(URL)
    assert ids(response) == [spread["high"].pk]
    claim = response.json()["results"][0]
    assert claim["published_verdict"]["rating"] == "false"
    assert claim["published_verdict"]["rating_value"] == 1


# --- detail and ETags --------------------------------------------------------


def test_detail_has_evidence_verdict_history_and_published_verdict(
    viewer_client, users
):
    claim = ClaimFactory(status="published")
    EvidenceFactory(claim=claim, stance="refutes", added_by=users["reviewer"])
    VerdictFactory(claim=claim, rating="true", outcome="returned",
                   decided_at=timezone.now())  # fmt: skip
    VerdictFactory(claim=claim, rating="false", outcome="approved",
                   decided_at=timezone.now())  # fmt: skip
    data = viewer_client.get(detail(claim)).json()
    assert [e["stance"] for e in data["evidence"]] == ["refutes"]
    assert data["evidence"][0]["source"]["url"].startswith("https://")
    assert data["evidence"][0]["added_by"] == users["reviewer"].username
    assert [v["rating"] for v in data["verdicts"]] == ["true", "false"]
    assert data["published_verdict"]["rating"] == "false"
    assert data["text"] == claim.article.body[data["start"] : data["end"]]


def test_anonymous_detail_hides_returned_verdicts(api_client, db):
    claim = ClaimFactory(status="published")
    VerdictFactory(claim=claim, rating="true", outcome="returned",
                   decided_at=timezone.now())  # fmt: skip
    VerdictFactory(claim=claim, rating="false", outcome="approved",
                   decided_at=timezone.now())  # fmt: skip
    data = api_client.get(detail(claim)).json()
    assert [v["rating"] for v in data["verdicts"]] == ["false"]
    assert data["actions"] == []


def test_anonymous_cannot_read_an_unpublished_claim(api_client, db):
    assert api_client.get(detail(ClaimFactory(status="submitted"))).status_code == 404


def test_detail_etag_and_if_none_match(viewer_client):
    claim = ClaimFactory()
    first = viewer_client.get(detail(claim))
    etag = first["ETag"]
    assert etag.startswith('"v1-')
    again = viewer_client.get(detail(claim), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    EvidenceFactory(claim=claim)  # the representation changes, not the version
    changed = viewer_client.get(detail(claim), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert changed["ETag"].startswith('"v1-')


def test_detail_actions_are_the_ones_the_caller_may_take(clients):
    claim = ClaimFactory(status="new")
    assert clients["viewer"].get(detail(claim)).json()["actions"] == []
    # From the rules table, in its order: what a reviewer may do to a free claim.
    assert clients["reviewer"].get(detail(claim)).json()["actions"] == [
        "start_review",
        "dismiss",
        "assign",
        "correct",
        "add_evidence",
        "remove_evidence",
        "edit_evidence",
        "comment",
        "delete_comment",
    ]


# --- manual claims -----------------------------------------------------------


def test_reviewer_adds_a_manual_claim(reviewer_client):
    article = ArticleFactory()
    start = article.body.index("11,000")
    end = start + len("11,000 containers")
    response = reviewer_client.post(
        URL,
        {"article": article.pk, "start": start, "end": end,
         "text": "11,000 containers", "kind": "quantity"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["origin"] == "manual"
    assert data["text"] == "11,000 containers"
    assert response["ETag"].startswith('"v1-')
    assert Claim.objects.get(pk=data["id"]).text == "11,000 containers"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"start": 5, "end": 4}, "start"),
        ({"start": 0, "end": 10_000}, "start"),
        ({"start": -1, "end": 4}, "start"),
        ({"start": 0, "end": 2, "text": "Nope"}, "text"),
        ({"start": 0, "end": 2, "kind": "opinion"}, "kind"),
        ({"start": 0, "end": 2, "article": 999_999}, "article"),
        ({"start": 0, "end": 2, "colour": "red"}, "colour"),
        ({"start": "zero", "end": 2}, "start"),
        ({"end": 2}, "start"),
    ],
)
def test_bad_manual_claims_are_refused_naming_the_field(reviewer_client, body, field):
    article = ArticleFactory()
    response = reviewer_client.post(URL, {"article": article.pk, **body}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Claim.objects.filter(origin="manual").exists()


def test_the_same_manual_claim_twice_is_refused(reviewer_client):
    article = ArticleFactory()
    body = {"article": article.pk, "start": 0, "end": 2, "kind": "other"}
    assert reviewer_client.post(URL, body, format="json").status_code == 201
    response = reviewer_client.post(URL, body, format="json")
    assert response.status_code == 400
    assert "start" in response.json()


def test_malformed_json_is_a_400(reviewer_client):
    response = reviewer_client.post(
        URL, data='{"article": 1, "start":', content_type="application/json"
    )
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


def test_a_json_list_instead_of_an_object_is_a_400(reviewer_client):
    response = reviewer_client.post(URL, data=[1, 2], format="json")
    assert response.status_code == 400


# --- corrections and If-Match -------------------------------------------------


def test_correction_needs_if_match(reviewer_client):
    claim = ClaimFactory()
    response = reviewer_client.patch(detail(claim), {"kind": "event"}, format="json")
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]
    claim.refresh_from_db()
    assert (claim.kind, claim.version) == ("quantity", 1)


def test_correction_with_if_match_changes_kind_and_bounds(reviewer_client):
    claim = ClaimFactory()
    etag = etag_of(reviewer_client, claim)
    response = reviewer_client.patch(
        detail(claim),
        {"kind": "event", "start": 3, "end": 12},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["kind"], data["start"], data["end"]) == ("event", 3, 12)
    assert data["text"] == BODY[3:12]
    assert data["version"] == 2
    assert response["ETag"].startswith('"v2-')


def test_stale_if_match_is_refused_with_the_current_claim(reviewer_client):
    claim = ClaimFactory()
    etag = etag_of(reviewer_client, claim)
    Claim.objects.filter(pk=claim.pk).update(version=2, kind="rule")
    response = reviewer_client.patch(
        detail(claim), {"kind": "event"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 412
    assert response.json()["kind"] == "rule"
    assert response.json()["version"] == 2
    assert response["ETag"].startswith('"v2-')
    claim.refresh_from_db()
    assert claim.kind == "rule"


def test_two_writers_with_the_same_etag_exactly_one_wins(clients):
    claim = ClaimFactory()
    etag = etag_of(clients["reviewer"], claim)
    first = clients["reviewer"].patch(
        detail(claim), {"kind": "event"}, format="json", HTTP_IF_MATCH=etag
    )
    second = clients["editor"].patch(
        detail(claim), {"kind": "rule"}, format="json", HTTP_IF_MATCH=etag
    )
    assert (first.status_code, second.status_code) == (200, 412)
    assert second.json()["kind"] == "event"
    claim.refresh_from_db()
    assert (claim.kind, claim.version) == ("event", 2)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"start": 50, "end": 10}, "start"),
        ({"end": 100_000}, "start"),
        ({"kind": "opinion"}, "kind"),
        ({"assignee": "nobody-at-all"}, "assignee"),
        ({"status": "published"}, "status"),
        ({}, "non_field_errors"),
    ],
)
def test_bad_corrections_name_the_field_and_change_nothing(
    reviewer_client, body, field
):
    claim = ClaimFactory()
    etag = etag_of(reviewer_client, claim)
    response = reviewer_client.patch(
        detail(claim), body, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 400
    assert field in response.json()
    claim.refresh_from_db()
    assert (claim.version, claim.status, claim.kind) == (1, "new", "quantity")


def test_correction_onto_an_existing_span_and_kind_is_a_400(reviewer_client):
    first = ClaimFactory(kind="event")
    second = ClaimFactory(article=first.article, kind="event", start=3)
    response = reviewer_client.patch(
        detail(second),
        {"start": 0},
        format="json",
        HTTP_IF_MATCH=etag_of(reviewer_client, second),
    )
    assert response.status_code == 400
    assert "start" in response.json()
    second.refresh_from_db()
    assert (second.start, second.version) == (3, 1)


def test_editor_assigns_and_unassigns(editor_client, users):
    claim = ClaimFactory()
    response = editor_client.patch(
        detail(claim),
        {"assignee": users["reviewer"].username},
        format="json",
        HTTP_IF_MATCH=etag_of(editor_client, claim),
    )
    assert response.status_code == 200, response.content
    assert response.json()["assignee"] == users["reviewer"].username
    response = editor_client.patch(
        detail(claim),
        {"assignee": None},
        format="json",
        HTTP_IF_MATCH=response["ETag"],
    )
    assert response.json()["assignee"] is None


def test_reviewer_cannot_assign_someone_else(reviewer_client, users):
    claim = ClaimFactory()
    response = reviewer_client.patch(
        detail(claim),
        {"assignee": users["other_reviewer"].username},
        format="json",
        HTTP_IF_MATCH=etag_of(reviewer_client, claim),
    )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.assignee is None


def test_a_failed_assignment_rolls_back_the_correction_sent_with_it(
    reviewer_client, users
):
    claim = ClaimFactory()
    response = reviewer_client.patch(
        detail(claim),
        {"kind": "event", "assignee": users["other_reviewer"].username},
        format="json",
        HTTP_IF_MATCH=etag_of(reviewer_client, claim),
    )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert (claim.kind, claim.version) == ("quantity", 1)


def test_put_is_not_offered(reviewer_client):
    claim = ClaimFactory()
    assert reviewer_client.put(detail(claim), {}, format="json").status_code == 405


# --- transitions -------------------------------------------------------------


def transition(client, claim, etag=None, **body):
    headers = {} if etag is None else {"HTTP_IF_MATCH": etag}
    return client.post(f"{detail(claim)}transitions/", body, format="json", **headers)


def test_the_whole_workflow_through_the_api(clients):
    reviewer, editor = clients["reviewer"], clients["editor"]
    claim = ClaimFactory()
    response = transition(
        reviewer, claim, etag_of(reviewer, claim), action="start_review"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "in_review"
    response = transition(
        reviewer,
        claim,
        response["ETag"],
        action="submit",
        rating="mostly_false",
        summary="The figure is an estimate.",
    )
    assert response.json()["status"] == "submitted"
    assert response.json()["verdicts"][0]["rating"] == "mostly_false"
    response = transition(
        editor, claim, response["ETag"], action="return", note="Cite a source."
    )
    assert response.json()["status"] == "returned"
    response = transition(reviewer, claim, response["ETag"], action="start_review")
    response = transition(
        reviewer, claim, response["ETag"], action="submit", rating="false",
        summary="No evidence of 11,000 containers.",
    )  # fmt: skip
    response = transition(editor, claim, response["ETag"], action="approve")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "published"
    assert data["published_verdict"]["rating"] == "false"
    assert data["version"] == 7  # six moves after version 1
    assert list(
        Transition.objects.filter(claim=claim).values_list("action", flat=True)
    ) == ["start_review", "submit", "return", "start_review", "submit", "approve"]


def test_transition_needs_if_match(reviewer_client):
    claim = ClaimFactory()
    response = transition(reviewer_client, claim, action="start_review")
    assert response.status_code == 428
    claim.refresh_from_db()
    assert claim.status == "new"


def test_transition_with_a_stale_etag_is_412(reviewer_client):
    claim = ClaimFactory()
    etag = etag_of(reviewer_client, claim)
    Claim.objects.filter(pk=claim.pk).update(version=5)
    response = transition(reviewer_client, claim, etag, action="start_review")
    assert response.status_code == 412
    assert response.json()["version"] == 5
    assert not Transition.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"action": "publish_now"}, "action"),
        ({}, "action"),
        ({"action": "start_review", "mood": "happy"}, "mood"),
        ({"action": "submit", "rating": "pants_on_fire", "summary": "x"}, "rating"),
        ({"action": "submit", "rating": "true", "summary": "  "}, "summary"),
        ({"action": "submit", "summary": "No rating."}, "rating"),
    ],
)
def test_bad_transitions_name_the_field(reviewer_client, users, body, field):
    claim = ClaimFactory(status="in_review", assignee=users["reviewer"])
    response = transition(reviewer_client, claim, etag_of(reviewer_client, claim),
                          **body)  # fmt: skip
    assert response.status_code == 400
    assert field in response.json()
    claim.refresh_from_db()
    assert (claim.status, claim.version) == ("in_review", 1)
    assert not Verdict.objects.exists()


def test_a_transition_the_status_does_not_allow_is_409(editor_client):
    claim = ClaimFactory(status="new")
    response = transition(editor_client, claim, etag_of(editor_client, claim),
                          action="approve")  # fmt: skip
    assert response.status_code == 409
    assert "detail" in response.json()


def test_a_transition_the_role_does_not_allow_is_403(clients, users):
    claim = ClaimFactory(status="submitted")
    VerdictFactory(claim=claim, proposed_by=users["reviewer"])
    reviewer = clients["reviewer"]
    response = transition(reviewer, claim, etag_of(reviewer, claim), action="approve")
    assert response.status_code == 403
    other = ClaimFactory(status="in_review", assignee=users["other_reviewer"])
    response = transition(reviewer, other, etag_of(reviewer, other), action="submit",
                          rating="true", summary="Mine now.")  # fmt: skip
    assert response.status_code == 403
    viewer = clients["viewer"]
    response = transition(viewer, other, etag_of(viewer, other), action="dismiss")
    assert response.status_code == 403


def test_an_editor_cannot_approve_their_own_verdict(editor_client, users):
    claim = ClaimFactory(status="submitted")
    VerdictFactory(claim=claim, proposed_by=users["editor"])
    response = transition(editor_client, claim, etag_of(editor_client, claim),
                          action="approve")  # fmt: skip
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.status == "submitted"


def test_two_transitions_with_the_same_etag_exactly_one_wins(clients):
    claim = ClaimFactory()
    etag = etag_of(clients["editor"], claim)
    first = transition(clients["reviewer"], claim, etag, action="start_review")
    second = transition(clients["editor"], claim, etag, action="dismiss")
    assert (first.status_code, second.status_code) == (200, 412)
    assert second.json()["status"] == "in_review"
    claim.refresh_from_db()
    assert claim.status == "in_review"
    assert Transition.objects.count() == 1


def test_script_in_a_note_comes_back_as_data_not_markup(clients):
    claim = ClaimFactory(status="new")
    editor = clients["editor"]
    note = "<script>alert(1)</script>"
    response = transition(editor, claim, etag_of(editor, claim), action="dismiss",
                          note=note)  # fmt: skip
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert Transition.objects.get(claim=claim).note == note


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("2024-01-01T00:00:00-21:16", 200),  # an odd offset: taken as UTC
        ("2024-01-01T00:00:00Z", 200),
        ("0001-01-01T00:00:00+05:00", 400),  # before year 1 in UTC
    ],
)
def test_updated_after_with_any_offset_never_fails(viewer_client, value, status):
    response = viewer_client.get(URL, {"updated_after": value})
    assert response.status_code == status
    if status == 400:
        assert "updated_after" in response.json()


@pytest.mark.parametrize(
    "if_match",
    ['"stale"', "v1", '"1"', "W/", '"v1-xyz"', '"v-1"', '"v2-ab"', 'W/"v1-"'],
)
def test_if_match_that_is_not_the_current_tag_is_412_with_the_claim(
    reviewer_client, if_match
):
    """RFC 9110: any tag but the current one (a weak one too: If-Match
    compares strongly) fails the precondition; only a missing header is 428."""
    claim = ClaimFactory()
    response = reviewer_client.patch(
        detail(claim), {"kind": "event"}, format="json", HTTP_IF_MATCH=if_match
    )
    assert response.status_code == 412
    assert response.json()["version"] == 1
    assert response["ETag"].startswith('"v1-')
    claim.refresh_from_db()
    assert (claim.kind, claim.version) == ("quantity", 1)


@pytest.mark.parametrize("if_match", ["*", '"v2-ab", "v1-"', '"x", *'])
def test_if_match_star_or_a_list_holding_the_current_tag_is_allowed(
    reviewer_client, if_match
):
    claim = ClaimFactory()
    response = reviewer_client.patch(
        detail(claim), {"kind": "event"}, format="json", HTTP_IF_MATCH=if_match
    )
    assert response.status_code == 200
    assert response.json()["kind"] == "event"


@pytest.mark.parametrize("if_match", ['"stale"', "*"])
def test_transitions_follow_if_match_too(reviewer_client, if_match):
    claim = ClaimFactory()
    response = reviewer_client.post(
        f"{detail(claim)}transitions/",
        {"action": "start_review"},
        format="json",
        HTTP_IF_MATCH=if_match,
    )
    assert response.status_code == (412 if if_match == '"stale"' else 200)
    claim.refresh_from_db()
    assert claim.status == ("new" if if_match == '"stale"' else "in_review")


def test_an_empty_if_match_is_428(reviewer_client):
    claim = ClaimFactory()
    response = reviewer_client.patch(
        detail(claim), {"kind": "event"}, format="json", HTTP_IF_MATCH="  "
    )
    assert response.status_code == 428


def test_session_writes_need_the_csrf_token(users):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(users["editor"])
    claim = ClaimFactory()
    response = client.patch(
        detail(claim), {"kind": "event"}, format="json", HTTP_IF_MATCH='"v1-"'
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    claim.refresh_from_db()
    assert claim.version == 1


@pytest.mark.parametrize(
    ("query", "field"),
    [("article=9223372036854775808", "article"), ("article=²", "article"),
     ("status=bogus", "status"), ("score_min=2", "score_min")],
)  # fmt: skip
def test_bad_filter_values_are_400_naming_the_field(api_client, query, field):
    response = api_client.get(f"{URL}?{query}")
    assert response.status_code == 400 and field in response.json()


@pytest.mark.parametrize("value", ["²", "99999999999999999999999", "<script>"])
def test_an_assignee_filter_no_user_has_matches_nothing(viewer_client, value):
    ClaimFactory()
    response = viewer_client.get(URL, {"assignee": value})
    assert response.status_code == 200 and response.json()["results"] == []


@pytest.mark.parametrize(
    ("username", "message"),
    [("viewer", "cannot be assigned"), ("ghost", "No user named 'ghost'"),
     (12, "A username")],
)  # fmt: skip
def test_assigning_says_the_real_reason(editor_client, users, username, message):
    claim = ClaimFactory()
    if username == "viewer":
        username = users["viewer"].username
    response = editor_client.patch(
        detail(claim), {"assignee": username}, format="json", HTTP_IF_MATCH='"v1"'
    )
    assert response.status_code == 400
    assert message in str(response.json()["assignee"])
    assert Claim.objects.get(pk=claim.pk).assignee is None


def test_a_transition_refuses_a_rating_it_does_not_take(editor_client):
    claim = ClaimFactory()
    response = editor_client.post(
        f"{detail(claim)}transitions/",
        {"action": "dismiss", "rating": "true"},
        format="json",
        HTTP_IF_MATCH='"v1"',
    )
    assert response.status_code == 400 and "rating" in response.json()
    assert Claim.objects.get(pk=claim.pk).status == "new"
