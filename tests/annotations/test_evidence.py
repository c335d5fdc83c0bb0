import pytest
from django.core.exceptions import ValidationError

from annotations.corrections import add_claim, correct_claim
from annotations.evidence import (
    add_comment,
    add_evidence,
    remove_comment,
    remove_evidence,
)
from annotations.models import Comment, Evidence, Source, normalize_url
from claims.errors import InvalidTransition, NotAllowed, StaleClaim
from claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory, CommentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "normal"),
    [
        (
            "HTTPS://Example.ORG:443/a/?utm_source=x&id=3#top",
            "https://example.org/a?id=3",
        ),
        ("http://example.org/", "http://example.org"),
        ("https://example.org:8443/x", "https://example.org:8443/x"),
    ],
)
def test_normalize_url(url, normal):
    assert normalize_url(url) == normal


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "ftp://example.org/f",
        "example.org",
        "",
    ],
)
def test_only_http_urls_make_sources(users, url):
    with pytest.raises(ValidationError) as caught:
        add_evidence(
            claim=ClaimFactory(), url=url, stance="supports", user=users["reviewer"]
        )
    assert "url" in caught.value.message_dict
    assert not Source.objects.exists() and not Evidence.objects.exists()


def test_a_known_url_reuses_its_source(users):
    claim = ClaimFactory()
    first = add_evidence(claim=claim, url="https://example.org/r?utm_medium=x", stance="refutes",
                         title="UN report", user=users["reviewer"])  # fmt: skip
    second = add_evidence(
        claim=claim, url="https://EXAMPLE.org/r", stance="context", user=users["editor"]
    )
    assert first.source_id == second.source_id
    assert Source.objects.get().title == "UN report"


def test_unknown_stance_is_refused(users):
    with pytest.raises(ValidationError) as caught:
        add_evidence(
            claim=ClaimFactory(),
            url="https://example.org",
            stance="maybe",
            user=users["reviewer"],
        )
    assert "stance" in caught.value.message_dict
    assert not Source.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "nobody"])
def test_only_reviewers_add_evidence_and_comments(users, role):
    claim = ClaimFactory()
    with pytest.raises(NotAllowed):
        add_evidence(
            claim=claim, url="https://example.org", stance="supports", user=users[role]
        )
    with pytest.raises(NotAllowed):
        add_comment(claim=claim, body="Hi", user=users[role])


def test_evidence_is_closed_on_published_claims(users):
    with pytest.raises(InvalidTransition, match="published"):
        add_evidence(claim=ClaimFactory(status="published"), url="https://example.org",
                     stance="supports", user=users["editor"])  # fmt: skip


def test_only_the_author_or_an_editor_removes_evidence(users):
    evidence = add_evidence(
        claim=ClaimFactory(),
        url="https://example.org",
        stance="supports",
        user=users["reviewer"],
    )
    with pytest.raises(NotAllowed):
        remove_evidence(evidence=evidence, user=users["other_reviewer"])
    remove_evidence(evidence=evidence, user=users["editor"])
    assert not Evidence.objects.exists()


def test_comments(users):
    with pytest.raises(ValidationError):
        add_comment(claim=ClaimFactory(), body="   ", user=users["reviewer"])
    comment = add_comment(
        claim=ClaimFactory(), body=" <script>x</script> ", user=users["reviewer"]
    )
    assert comment.body == "<script>x</script>"  # stored as text; templates escape it


BODY = "Intro 🙂. Russia sent 11,000 containers of munitions. The end."


def test_add_claim_stores_exact_offsets_and_its_sentence(users):
    article = ArticleFactory(body=BODY)
    start = BODY.index("11,000")
    claim = add_claim(
        article=article,
        start=start,
        end=start + 30,
        user=users["reviewer"],
        kind="quantity",
    )
    assert claim.text == "11,000 containers of munitions"
    assert (
        BODY[claim.sentence_start : claim.sentence_end]
        == "Russia sent 11,000 containers of munitions."
    )
    assert claim.origin == "manual"


@pytest.mark.parametrize(
    ("start", "end", "text", "field"),
    [(-1, 5, None, "start"), (5, 5, None, "start"), (0, 999, None, "start"),
     (0, 5, "Wrong", "text"), (5, 6, None, "start")],
)  # fmt: skip
def test_add_claim_refuses_bad_spans(users, start, end, text, field):
    article = ArticleFactory(body=BODY)
    with pytest.raises(ValidationError) as caught:
        add_claim(
            article=article, start=start, end=end, text=text, user=users["reviewer"]
        )
    assert field in caught.value.message_dict
    assert not Claim.objects.exists()


def test_add_claim_needs_a_reviewer(users):
    with pytest.raises(NotAllowed):
        add_claim(
            article=ArticleFactory(body=BODY), start=0, end=5, user=users["viewer"]
        )


def test_correct_claim_with_a_stale_version_overwrites_nothing(users):
    claim = ClaimFactory(kind="other")
    stale = Claim.objects.get(pk=claim.pk)
    correct_claim(claim=claim, kind="event", user=users["reviewer"])
    with pytest.raises(StaleClaim):
        correct_claim(claim=stale, kind="rule", user=users["editor"])
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.kind, fresh.version) == ("event", 2)


def test_correct_claim_moves_bounds(users):
    claim = ClaimFactory(article=ArticleFactory(body=BODY), start=0, end=5)
    start = BODY.index("Russia")
    correct_claim(claim=claim, start=start, end=start + 6, user=users["reviewer"])
    claim.refresh_from_db()
    assert claim.text == "Russia" and claim.sentence_start <= claim.start


def test_correct_claim_onto_an_existing_span_and_kind_names_start(users):
    first = ClaimFactory(kind="event")
    second = ClaimFactory(article=first.article, kind="event", start=3)
    with pytest.raises(ValidationError) as caught:
        correct_claim(claim=second, start=0, user=users["reviewer"])
    assert "start" in caught.value.message_dict
    fresh = Claim.objects.get(pk=second.pk)
    assert (fresh.start, fresh.version) == (3, 1)


def test_remove_comment_by_its_author_or_an_editor_only(users):
    mine = CommentFactory(author=users["reviewer"])
    with pytest.raises(NotAllowed):
        remove_comment(comment=mine, user=users["other_reviewer"])
    remove_comment(comment=mine, user=users["reviewer"])
    theirs = CommentFactory(author=users["other_reviewer"])
    remove_comment(comment=theirs, user=users["editor"])
    assert not Comment.objects.exists()


def test_correct_claim_of_another_reviewers_claim_is_not_allowed(users):
    claim = ClaimFactory(kind="other", assignee=users["reviewer"])
    with pytest.raises(NotAllowed):
        correct_claim(claim=claim, kind="event", user=users["other_reviewer"])
    correct_claim(claim=claim, kind="rule", user=users["editor"])
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.kind, fresh.version) == ("rule", 2)
