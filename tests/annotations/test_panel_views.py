"""The claim panel and every action on it, as every role."""

import pytest
from django.urls import reverse

from annotations.models import Comment, Evidence, Source, Verdict
from claims.models import Claim
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    CommentFactory,
    EvidenceFactory,
    VerdictFactory,
)
from tests.pages import article_with_claims, queries_for

PAYLOAD = '<img src=x onerror="window.pwned=1">'
ROLES = ["viewer", "reviewer", "other_reviewer", "editor"]


@pytest.fixture
def claim(db):
    return ClaimFactory()


def act(client, claim, action, **data):
    url = reverse("annotations:act", args=[claim.pk, action])
    return client.post(
        url, {"version": claim.version, **data}, headers={"HX-Request": "true"}
    )


def status_of(claim) -> str:
    return Claim.objects.get(pk=claim.pk).status


def test_anonymous_visitors_are_sent_to_sign_in(client, claim):
    for url in (
        claim.get_absolute_url(),
        reverse("annotations:act", args=[claim.pk, "dismiss"]),
    ):
        response = client.post(url) if "act" in url else client.get(url)
        assert (
            response.status_code == 302 and "/accounts/login/" in response["Location"]
        )
    assert status_of(claim) == "new"


@pytest.mark.parametrize("role", ROLES)
def test_the_claims_own_url_opens_the_reader_with_its_panel(client, users, claim, role):
    client.force_login(users[role])
    page = client.get(claim.get_absolute_url())
    fragment = client.get(claim.get_absolute_url(), headers={"HX-Request": "true"})
    assert page.status_code == fragment.status_code == 200
    assert 'id="article-body"' in page.text and 'id="claim-panel"' in page.text
    assert fragment.text.lstrip().startswith('<div id="claim-panel"')
    assert ("Start review" in fragment.text) == (role != "viewer")


@pytest.mark.parametrize(
    ("role", "expected", "status"),
    [("viewer", 403, "new"), ("reviewer", 200, "in_review"),
     ("other_reviewer", 200, "in_review"), ("editor", 200, "in_review")],
)  # fmt: skip
def test_start_review_by_role(client, users, claim, role, expected, status):
    client.force_login(users[role])
    response = act(client, claim, "start_review")
    assert response.status_code == expected and status_of(claim) == status
    if expected == 200:
        assert "claim-changed" in response["HX-Trigger"]
        assert Claim.objects.get(pk=claim.pk).assignee == users[role]
    else:
        assert "You need the reviewer role" in response.text


def test_another_reviewers_claim_is_refused_and_unchanged(client, users):
    claim = ClaimFactory(status="new", assignee=users["reviewer"])
    client.force_login(users["other_reviewer"])
    response = act(client, claim, "dismiss")
    assert response.status_code == 403 and "assigned to someone else" in response.text
    assert status_of(claim) == "new"


def test_assign_to_me_and_editor_assigns_anyone(client, users, claim):
    client.force_login(users["reviewer"])
    assert act(client, claim, "assign_me").status_code == 200
    claim.refresh_from_db()
    assert claim.assignee == users["reviewer"]
    client.force_login(users["editor"])
    response = act(client, claim, "assign", assignee=users["other_reviewer"].pk)
    claim.refresh_from_db()
    assert response.status_code == 200 and claim.assignee == users["other_reviewer"]


def test_assigning_someone_without_a_role_is_refused(client, users, claim):
    client.force_login(users["editor"])
    response = act(client, claim, "assign", assignee=users["nobody"].pk)
    assert (
        response.status_code == 422
        and "only active reviewers and editors can" in response.text
    )
    assert Claim.objects.get(pk=claim.pk).assignee is None


def submitted(users):
    claim = ClaimFactory(status="submitted", assignee=users["reviewer"])
    VerdictFactory(claim=claim, proposed_by=users["reviewer"])
    return claim


@pytest.mark.parametrize(
    ("role", "expected"), [("viewer", 403), ("reviewer", 403), ("editor", 200)]
)
def test_only_editors_approve(client, users, role, expected):
    claim = submitted(users)
    client.force_login(users[role])
    assert act(client, claim, "approve").status_code == expected
    assert status_of(claim) == ("published" if expected == 200 else "submitted")


def test_return_needs_a_note(client, users):
    claim = submitted(users)
    client.force_login(users["editor"])
    response = act(client, claim, "return", note="  ")
    assert response.status_code == 422 and "Say why" in response.text
    assert status_of(claim) == "submitted"
    assert act(client, claim, "return", note="Find a second source.").status_code == 200
    assert status_of(claim) == "returned"


def test_dismiss_and_restore(client, users, claim):
    client.force_login(users["reviewer"])
    assert act(client, claim, "dismiss").status_code == 200
    assert status_of(claim) == "dismissed"
    claim.refresh_from_db()
    assert act(client, claim, "restore").status_code == 403  # editors restore
    client.force_login(users["editor"])
    assert act(client, claim, "restore").status_code == 200
    assert status_of(claim) == "new"


def test_an_action_not_allowed_from_this_status_is_a_conflict(client, users, claim):
    client.force_login(users["editor"])
    response = act(client, claim, "approve")
    assert (
        response.status_code == 409
        and "Cannot approve a claim that is new" in response.text
    )


def test_an_unknown_action_is_not_found(client, users, claim):
    client.force_login(users["editor"])
    assert act(client, claim, "publish_everything").status_code == 404


def test_a_stale_version_gets_the_current_values_and_overwrites_nothing(
    client, users, claim
):
    client.force_login(users["reviewer"])
    assert act(client, claim, "start_review").status_code == 200
    client.force_login(users["editor"])
    response = act(client, claim, "dismiss")  # still based on version 1
    assert response.status_code == 409
    assert "Someone changed this claim" in response.text
    assert users["reviewer"].username in response.text and "in review" in response.text
    assert status_of(claim) == "in_review"


def verdict(client, claim, **data):
    url = reverse("annotations:verdict", args=[claim.pk])
    return client.post(
        url, {"version": claim.version, **data}, headers={"HX-Request": "true"}
    )


def test_submitting_a_verdict(client, users):
    claim = ClaimFactory(status="in_review", assignee=users["reviewer"])
    client.force_login(users["reviewer"])
    response = verdict(client, claim, rating="half_true", summary="Partly.")
    assert response.status_code == 200 and status_of(claim) == "submitted"
    assert Verdict.objects.get(claim=claim).rating == "half_true"


@pytest.mark.parametrize(
    ("data", "message"),
    [({"rating": "pants_on_fire", "summary": "x"}, "Select a valid choice"),
     ({"rating": "true", "summary": ""}, "This field is required"),
     ({"rating": "true", "summary": "   "}, "This field is required")],
)  # fmt: skip
def test_a_bad_verdict_is_refused_next_to_its_field(client, users, data, message):
    claim = ClaimFactory(status="in_review", assignee=users["reviewer"])
    client.force_login(users["reviewer"])
    response = verdict(client, claim, **data)
    assert response.status_code == 422 and message in response.text
    assert status_of(claim) == "in_review" and not Verdict.objects.exists()


def test_a_form_sent_without_htmx_gets_a_whole_page(client, users):
    """No script (or not yet): the answer is the reader with the panel open,
    and a success is redirected, so that a reload does not send it again."""
    claim = ClaimFactory(status="in_review", assignee=users["reviewer"])
    client.force_login(users["reviewer"])
    url = reverse("annotations:verdict", args=[claim.pk])
    bad = client.post(url, {"version": claim.version, "rating": "true", "summary": ""})
    assert bad.status_code == 422 and "This field is required" in bad.text
    assert 'id="article-body"' in bad.text and 'id="claim-panel"' in bad.text
    stale = client.post(url, {"version": 0, "rating": "true", "summary": "x"})
    assert stale.status_code == 409 and 'id="article-body"' in stale.text
    assert status_of(claim) == "in_review" and not Verdict.objects.exists()
    done = client.post(
        url, {"version": claim.version, "rating": "true", "summary": "x"}
    )
    assert done.status_code == 302 and done["Location"] == claim.get_absolute_url()
    assert status_of(claim) == "submitted" and "HX-Trigger" not in done


def test_a_viewer_cannot_submit_a_verdict(client, users):
    claim = ClaimFactory(status="in_review")
    client.force_login(users["viewer"])
    assert verdict(client, claim, rating="true", summary="x").status_code == 403
    assert not Verdict.objects.exists()


def evidence(client, claim, **data):
    fields = {"url": "https://example.org/a", "stance": "supports", **data}
    url = reverse("annotations:evidence", args=[claim.pk])
    return client.post(url, fields, headers={"HX-Request": "true"})


def test_adding_evidence_reuses_a_known_source(client, users, claim):
    client.force_login(users["reviewer"])
    assert evidence(client, claim, title="First").status_code == 200
    assert (
        evidence(
            client, claim, url="HTTPS://EXAMPLE.org/a", stance="refutes"
        ).status_code
        == 200
    )
    assert (
        Source.objects.count() == 1
        and Evidence.objects.filter(claim=claim).count() == 2
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [({"url": "javascript:alert(1)"}, "http"), ({"stance": "maybe"}, "Select a valid choice"),
     ({"url": ""}, "This field is required")],
)  # fmt: skip
def test_bad_evidence_is_refused_next_to_its_field(client, users, claim, data, message):
    client.force_login(users["reviewer"])
    response = evidence(client, claim, **data)
    assert response.status_code == 422 and message in response.text
    assert not Evidence.objects.exists() and not Source.objects.exists()


def test_viewers_cannot_add_evidence(client, users, claim):
    client.force_login(users["viewer"])
    assert evidence(client, claim).status_code == 403
    assert not Evidence.objects.exists()


def test_removing_evidence_is_for_its_author_or_an_editor(client, users, claim):
    item = EvidenceFactory(claim=claim, added_by=users["reviewer"])
    url = reverse("annotations:remove_evidence", args=[claim.pk, item.pk])
    client.force_login(users["other_reviewer"])
    assert client.post(url).status_code == 403 and Evidence.objects.exists()
    client.force_login(users["editor"])
    answer = client.post(url, headers={"HX-Request": "true"})
    assert answer.status_code == 200 and not Evidence.objects.exists()


def test_comments(client, users, claim):
    url = reverse("annotations:comment", args=[claim.pk])
    client.force_login(users["viewer"])
    assert client.post(url, {"body": "hi"}).status_code == 403
    client.force_login(users["reviewer"])
    assert client.post(url, {"body": " "}).status_code == 422
    # Without htmx: redirected to the claim, whose page shows the comment.
    response = client.post(url, {"body": f"Look {PAYLOAD}"}, follow=True)
    assert response.redirect_chain == [(claim.get_absolute_url(), 302)]
    assert response.status_code == 200 and PAYLOAD not in response.text
    assert "&lt;img src=x" in response.text
    assert Comment.objects.get().body == f"Look {PAYLOAD}"


def test_payloads_in_source_title_and_note_are_escaped(client, users, claim):
    client.force_login(users["reviewer"])
    response = evidence(client, claim, title=f"T {PAYLOAD}", note=f"N {PAYLOAD}")
    assert PAYLOAD not in response.text and "&lt;img src=x" in response.text


def test_correcting_the_kind(client, users, claim):
    url = reverse("annotations:correct", args=[claim.pk])
    client.force_login(users["viewer"])
    assert client.post(url, {"kind": "rule", "version": 1}).status_code == 403
    client.force_login(users["reviewer"])
    assert client.post(url, {"kind": "astrology", "version": 1}).status_code == 422
    data = {"kind": "rule", "version": 1}
    assert client.post(url, data, headers={"HX-Request": "true"}).status_code == 200
    assert Claim.objects.get(pk=claim.pk).kind == "rule"


def add(client, article, start, end):
    url = reverse("annotations:add_claim", args=[article.pk])
    return client.post(
        url, {"start": start, "end": end}, headers={"HX-Request": "true"}
    )


def test_adding_a_claim_from_a_selection(client, users):
    article = ArticleFactory(body="🚀 Five 😀 rockets.\r\nSecond line here.")
    client.force_login(users["reviewer"])
    # As shown in the browser (code points, CR LF as one LF): "rockets" at 9-16.
    response = add(client, article, 9, 16)
    claim = Claim.objects.get(origin="manual")
    assert response.status_code == 201 and claim.text == "rockets"
    assert response["HX-Push-Url"] == claim.get_absolute_url()
    second = add(client, article, 18, 24)
    assert second.status_code == 201
    assert Claim.objects.filter(origin="manual").latest("id").text == "Second"


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [(5, 500, "0 ≤ start &lt; end"), (3, 3, "0 ≤ start &lt; end"), ("", "4", "Select some text"),
     (1, 2, "only white space")],
)  # fmt: skip
def test_bad_selections_are_refused(client, users, start, end, message):
    article = ArticleFactory(body="A b c d.")
    client.force_login(users["reviewer"])
    response = add(client, article, start, end)
    assert response.status_code == 422 and message in response.text
    assert not Claim.objects.exists()


def test_the_same_span_twice_is_refused(client, users):
    article = ArticleFactory(body="Rockets were launched.")
    client.force_login(users["reviewer"])
    assert add(client, article, 0, 7).status_code == 201
    response = add(client, article, 0, 7)
    assert response.status_code == 422 and "already has a claim" in response.text


def test_viewers_cannot_add_claims(client, users):
    article = ArticleFactory(body="Rockets were launched.")
    client.force_login(users["viewer"])
    assert add(client, article, 0, 7).status_code == 403
    assert not Claim.objects.exists()


def test_the_panel_costs_the_same_queries_whatever_the_evidence(client, users):
    client.force_login(users["editor"])
    counts = []
    for n in (1, 20):
        claim = article_with_claims(3).claims.first()
        for _ in range(n):
            EvidenceFactory(claim=claim, added_by=users["reviewer"])
            VerdictFactory(
                claim=claim, proposed_by=users["reviewer"], outcome="returned",
                decided_at=claim.created_at,
            )  # fmt: skip
        url = claim.get_absolute_url()
        counts.append(queries_for(client, url, headers={"HX-Request": "true"}))
    # session, the user with their role, the claim with its article and assignee,
    # reviewers (assign list), evidence, verdicts, comments, transitions, its
    # matches (which also say, to the rules, whether there is one to decide)
    assert counts[0] == counts[1]
    assert counts[0] == 9


def test_a_published_claim_cannot_be_corrected(client, users):
    claim = ClaimFactory(status="published")
    client.force_login(users["editor"])
    url = reverse("annotations:correct", args=[claim.pk])
    response = client.post(url, {"kind": "rule", "version": claim.version})
    assert response.status_code == 409
    assert "Cannot correct a claim that is published" in response.text
    assert Claim.objects.get(pk=claim.pk).kind == claim.kind


@pytest.mark.parametrize("version", [None, "", "abc", "²", "1" * 40])
def test_a_panel_form_without_a_usable_version_is_refused(client, users, version):
    """A form that changes the claim must say which version it saw: a missing
    or malformed one is refused (428), never taken as "the current one"."""
    claim = ClaimFactory(status="new")
    client.force_login(users["editor"])
    url = reverse("annotations:act", args=[claim.pk, "dismiss"])
    data = {} if version is None else {"version": version}
    response = client.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 428
    assert "which version" in response.text
    assert (status_of(claim), Claim.objects.get(pk=claim.pk).version) == ("new", 1)


def test_a_dismissal_based_on_an_old_version_is_refused(client, users):
    claim = ClaimFactory(status="new")
    client.force_login(users["editor"])
    assert (
        act(client, claim, "assign", assignee=users["reviewer"].pk).status_code == 200
    )
    response = act(client, claim, "dismiss")  # still the version-1 form
    assert response.status_code == 409 and "changed this claim" in response.text
    assert status_of(claim) == "new"


@pytest.mark.parametrize("assignee", ["abc", "²", "999999", "-1", "1" * 30])
def test_an_unknown_assignee_is_refused_not_taken_as_nobody(client, users, assignee):
    claim = ClaimFactory(status="new", assignee=users["reviewer"])
    client.force_login(users["editor"])
    response = act(client, claim, "assign", assignee=assignee)
    assert response.status_code == 422 and "No such user" in response.text
    assert Claim.objects.get(pk=claim.pk).assignee == users["reviewer"]


def test_choosing_nobody_unassigns(client, users):
    claim = ClaimFactory(status="new", assignee=users["reviewer"])
    client.force_login(users["editor"])
    assert act(client, claim, "assign", assignee="").status_code == 200
    assert Claim.objects.get(pk=claim.pk).assignee is None


def test_a_claim_the_database_refuses_is_not_called_a_duplicate(users):
    """Only a real duplicate is reported as one; any other refusal says so."""
    from django.core.exceptions import ValidationError

    from annotations.corrections import add_claim
    from claims.editing import _save_unique

    claim = ClaimFactory(status="new")
    with pytest.raises(ValidationError) as duplicate:
        add_claim(
            article=claim.article, start=claim.start, end=claim.end,
            kind=claim.kind, user=users["reviewer"],
        )  # fmt: skip
    assert "already has a claim" in str(duplicate.value)
    outside = Claim(
        article=claim.article, start=0, end=5, text=claim.article.body[:5],
        sentence_start=3, sentence_end=10, kind="event",
    )  # fmt: skip
    with pytest.raises(ValidationError) as other:
        _save_unique(outside)  # the span lies outside its sentence
    assert "already has a claim" not in str(other.value)
    assert "refused" in str(other.value)


def test_the_author_deletes_a_comment_from_the_panel(client, users):
    comment = CommentFactory(claim__status="published", author=users["reviewer"])
    client.force_login(users["other_reviewer"])
    url = reverse("annotations:delete_comment", args=[comment.claim_id, comment.pk])
    assert client.post(url).status_code == 403
    client.force_login(users["reviewer"])
    assert client.post(url, headers={"HX-Request": "true"}).status_code == 200
    assert not Comment.objects.filter(pk=comment.pk).exists()


def test_the_speaker_is_corrected_from_the_panel(client, users):
    claim = ClaimFactory(status="new", speaker="message")
    client.force_login(users["reviewer"])
    url = reverse("annotations:correct", args=[claim.pk])
    response = client.post(
        url, {"speaker": "A spokesperson", "version": 1},
        headers={"HX-Request": "true"},
    )  # fmt: skip
    assert response.status_code == 200
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.speaker, fresh.kind, fresh.version) == (
        "A spokesperson",
        claim.kind,
        2,
    )


def test_a_return_notes_error_stands_next_to_the_note(client, users):
    claim = submitted(users)
    client.force_login(users["editor"])
    page = act(client, claim, "return", note="  ").text
    form = page[page.index('data-action="return"') :]
    form = form[: form.index("</form>")]
    assert "Say why" in form  # in the return form, by its field
    assert "Say why" not in page[: page.index('data-action="return"')]


def test_the_editor_sees_verdict_and_evidence_before_the_decision(client, users):
    claim = submitted(users)
    EvidenceFactory(claim=claim)
    client.force_login(users["editor"])
    page = client.get(claim.get_absolute_url(), headers={"HX-Request": "true"}).text
    verdict, evidence = page.index(">Verdict</h3>"), page.index(">Evidence</h3>")
    decision = page.index(">Decision</h3>")
    assert verdict < evidence < decision < page.index('data-action="approve"')


def test_a_returned_claim_shows_the_note_and_is_submitted_again_at_once(client, users):
    claim = submitted(users)
    client.force_login(users["editor"])
    act(client, claim, "return", note="Find a second source.")
    client.force_login(users["reviewer"])
    claim.refresh_from_db()
    page = client.get(claim.get_absolute_url(), headers={"HX-Request": "true"}).text
    note = page.index("Find a second source.")
    assert 'role="note"' in page[:note] and note < page.index(">Verdict</h3>")
    assert 'data-action="start_review"' not in page or 'data-action="submit"' in page
    # The verdict to rework, filled in: the same rating and summary.
    assert '<option value="mostly_true" selected>' in page
    assert "Broadly right.</textarea>" in page
    response = client.post(
        reverse("annotations:verdict", args=[claim.pk]),
        {"version": claim.version, "rating": "false", "summary": "A second source."},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert status_of(claim) == "submitted"
    latest = Verdict.objects.filter(claim=claim).order_by("-id").first()
    assert (latest.rating, latest.outcome) == ("false", "pending")
