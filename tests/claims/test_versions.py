"""A new text of an article: the old one kept, claims re-anchored into the new
one (claims/versions.py), claims on new text found, published verdicts on
changed words flagged."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.ingest import ingest_article
from claims.models import ArticleVersion, ChangeEvent, Claim
from claims.records import ArticleRecord
from claims.versions import new_version
from tests.claims.test_anchoring import (
    BODIES,
    apply_edits,
    edits_for,
    sentence_spans,
)
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
A = Claim.Anchor

BODY = (
    "The ministry said exports rose by 12 percent in 2023. "
    "Officials expect a further rise of 5 percent next year. "
    "The port handled 4 million containers, a record. "
    "Critics said the figures were inflated."
)


def article_with_claims(body: str = BODY, spans=None):
    article = ArticleFactory(body=body)
    for start, end in spans or sentence_spans(body):
        Claim.objects.create(
            article=article, start=start, end=end, text=body[start:end],
            sentence_start=start, sentence_end=end,
        )  # fmt: skip
    return article


def refresh(article, body: str, **options):
    return new_version(
        article=article, record=ArticleRecord(body=body), user=None,
        candidates=options.pop("candidates", []), **options,
    )  # fmt: skip


def states(article) -> dict[str, str]:
    return {c.text: c.anchor for c in article.claims.all()}


def test_an_unchanged_text_makes_no_version_and_says_so():
    article = article_with_claims()
    outcome = refresh(article, BODY)
    assert not outcome.changed
    assert "unchanged" in outcome.describe() and "version 1" in outcome.describe()
    assert not ArticleVersion.objects.exists()


def test_a_changed_text_is_the_next_version_and_the_old_one_is_kept():
    article = article_with_claims()
    new = BODY.replace("Critics said", "Opposition critics said").replace(
        "12 percent", "14 percent"
    )
    outcome = refresh(article, "A correction was added. " + new)
    article.refresh_from_db()
    assert (article.version, article.body) == (2, "A correction was added. " + new)
    kept = article.versions.get()
    assert (kept.number, kept.body) == (1, BODY)
    assert outcome.anchors == {"exact": 2, "changed": 2}  # exact: where the diff put it
    changed = [c for c in article.claims.all() if c.anchor == A.CHANGED]
    critics, ministry = sorted((c.text for c in changed), key=len)
    assert ministry == "The ministry said exports rose by 14 percent in 2023."
    assert critics.endswith("critics said the figures were inflated.")
    for claim in article.claims.all():  # every offset points into the new body
        assert article.body[claim.start : claim.end] == claim.text
        assert claim.sentence_start <= claim.start < claim.end <= claim.sentence_end
    # The history and the change feed were told of every claim that moved.
    updates = ChangeEvent.objects.filter(model="claims.claim", operation="update")
    assert updates.count() == 4
    assert all(c.version == 2 for c in article.claims.all())


def test_a_removed_sentence_orphans_its_claim_which_keeps_its_old_text():
    article = article_with_claims()
    gone = "Officials expect a further rise of 5 percent next year. "
    refresh(article, BODY.replace(gone, ""))
    orphan = article.claims.get(anchor=A.ORPHANED)
    assert orphan.text == gone.strip()
    assert orphan.orphaned_from == 1
    old = article.versions.get(number=1).body
    assert old[orphan.start : orphan.end] == orphan.text  # into version 1
    assert orphan.history.first().history_change_reason.endswith("orphaned")


def test_the_database_still_refuses_a_claim_off_the_body():
    article = article_with_claims()
    claim = article.claims.first()
    claim.text = "Something the article never said."
    with pytest.raises(IntegrityError), transaction.atomic():
        claim.save()


def test_a_published_claim_whose_words_changed_needs_rechecking():
    article = article_with_claims()
    article.claims.update(status=Claim.Status.PUBLISHED)
    new = BODY.replace("4 million", "3 million").replace(
        "Critics said the figures were inflated.", ""
    )
    outcome = refresh(article, new.strip())
    flagged = set(
        article.claims.filter(needs_recheck=True).values_list("anchor", flat=True)
    )
    assert flagged == {A.CHANGED, A.ORPHANED}
    assert outcome.recheck == 2
    assert article.claims.filter(needs_recheck=False).count() == 2  # untouched


def test_claims_on_new_text_are_found_and_old_spans_not_doubled(nlp):
    article, _ = ingest_article(body=BODY, title="Exports")
    before = article.claims.count()
    added = "The central bank said inflation fell to 3 percent in March."
    outcome = new_version(
        article=article, record=ArticleRecord(body=BODY + " " + added), user=None
    )
    texts = list(article.claims.values_list("text", flat=True))
    assert outcome.added >= 1
    assert any("inflation fell to 3 percent" in t for t in texts)
    assert article.claims.count() == before + outcome.added
    spans = list(article.claims.values_list("start", "end", "kind"))
    assert len(spans) == len(set(spans))


def test_a_text_that_is_another_articles_is_refused_whole():
    article = article_with_claims()
    other = ArticleFactory()
    with pytest.raises(ValidationError, match=f"article #{other.pk}"):
        refresh(article, other.body)
    article.refresh_from_db()
    assert article.version == 1 and not ArticleVersion.objects.exists()
    assert set(states(article).values()) == {A.EXACT}


@pytest.mark.parametrize("body", ["", "   ", "text with a NUL \x00 byte"])
def test_a_bad_new_text_is_refused(body):
    article = article_with_claims()
    with pytest.raises(ValidationError):
        refresh(article, body)
    article.refresh_from_db()
    assert article.version == 1


def test_a_second_refresh_leaves_orphans_of_the_first_alone():
    article = article_with_claims()
    gone = "Critics said the figures were inflated."
    refresh(article, BODY.replace(gone, "").strip())
    refresh(article, "Update. " + BODY.replace(gone, "").strip())
    orphan = article.claims.get(anchor=A.ORPHANED)
    assert (orphan.text, orphan.orphaned_from) == (gone, 1)
    article.refresh_from_db()
    assert article.version == 3
    assert list(article.versions.values_list("number", flat=True)) == [2, 1]


def test_triggers_are_all_there_after_migrating():
    if connection.vendor == "postgresql":
        sql = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
        expected = {"claims_claim_inside_body", "claims_count_status"}
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        expected = {
            "claims_claim_inside_body_insert", "claims_claim_inside_body_update",
            "claims_count_insert", "claims_count_delete", "claims_count_update",
            "claims_claim_fts_insert", "claims_claim_fts_update",
            "claims_article_fts_update",
        }  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql)
        assert expected <= {row[0] for row in cursor.fetchall()}


class Rollback(Exception):
    pass


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(data=st.data())
def test_after_random_edits_untouched_claims_keep_their_text(data):
    """Through the database: claims clear of every edit are exact or moved
    with the same text; edited ones are changed or orphaned, never moved."""
    body = data.draw(st.sampled_from(BODIES))
    spans = sentence_spans(body)[::3]
    edits = data.draw(edits_for(body))
    new, truth, touched = apply_edits(body, spans, edits)
    if new == body or not new.strip():
        return
    try:
        with transaction.atomic():
            article = article_with_claims(body, spans)
            claims = list(article.claims.order_by("start"))
            refresh(article, new)
            for claim, place, edited in zip(claims, truth, touched, strict=True):
                quote = claim.text
                claim.refresh_from_db()
                if not edited:
                    assert claim.anchor in (A.EXACT, A.MOVED)
                    assert claim.text == quote == new[claim.start : claim.end]
                elif claim.anchor != A.ORPHANED:
                    assert claim.anchor == A.CHANGED
                    assert new[claim.start : claim.end] == claim.text
                    assert claim.start <= place[1] and claim.end >= place[0]
            raise Rollback
    except Rollback:
        pass


def test_an_orphan_given_a_span_in_the_newest_body_is_attached_again():
    from claims.editing import change_claim

    article = article_with_claims()
    gone = "Officials expect a further rise of 5 percent next year. "
    refresh(article, BODY.replace(gone, "").replace("Critics", "Economists"))
    orphan = article.claims.get(anchor=A.ORPHANED)
    change_claim(claim=orphan, kind="prediction")  # its old span stays
    orphan.refresh_from_db()
    assert (orphan.kind, orphan.anchor, orphan.text) == (
        "prediction", A.ORPHANED, gone.strip(),
    )  # fmt: skip
    article.refresh_from_db()
    start = article.body.index("Economists")
    change_claim(claim=orphan, start=start, end=start + len("Economists said"))
    orphan.refresh_from_db()
    assert (orphan.anchor, orphan.orphaned_from, orphan.text) == (
        A.EXACT, None, "Economists said",
    )  # fmt: skip
    assert orphan.sentence_start <= orphan.start < orphan.end <= orphan.sentence_end


# --- exports and restores keep the anchors -----------------------------------


def test_an_export_of_orphans_and_rechecks_restores_as_it_was(tmp_path):
    import io
    import json

    from django.core.management import call_command

    from annotations import exports

    article = article_with_claims()
    article.claims.update(status=Claim.Status.PUBLISHED)
    gone = "Officials expect a further rise of 5 percent next year. "
    refresh(article, BODY.replace(gone, "").replace("4 million", "3 million"))
    before = "".join(exports.jsonl_lines(Claim.objects.all()))
    records = [json.loads(line) for line in before.splitlines()]
    assert {r.get("anchor") for r in records if r["type"] == "claim"} >= {
        A.ORPHANED, A.CHANGED
    }  # fmt: skip
    path = tmp_path / "export.jsonl"
    path.write_text(before, encoding="utf-8")
    Claim.objects.all().delete()
    ArticleVersion.objects.all().delete()
    article.delete()
    call_command("restore_claims", str(path), stdout=io.StringIO())
    assert "".join(exports.jsonl_lines(Claim.objects.all())) == before
    restored = Claim.objects.get(anchor=A.ORPHANED)
    assert (restored.orphaned_from, restored.text) == (1, gone.strip())
    assert restored.article.version == 2
    assert Claim.objects.filter(needs_recheck=True).exists()


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"anchor": "lost"}, "anchor: one of"),
        ({"anchor": "orphaned", "orphaned_from": None}, "orphaned_from"),
        ({"anchor": "orphaned", "orphaned_from": 5}, "orphaned_from"),
        ({"anchor": "exact", "orphaned_from": 1}, "orphaned_from"),
        ({"needs_recheck": "yes"}, "needs_recheck"),
    ],
)
def test_a_bad_anchor_in_an_export_is_refused(changes, reason):
    import json

    from annotations import exports

    article = article_with_claims()
    refresh(article, BODY.replace("4 million", "3 million"))
    lines = [json.loads(line) for line in exports.jsonl_lines(Claim.objects.all())]
    claim = next(r for r in lines if r["type"] == "claim")
    claim.update(changes)
    Claim.objects.all().delete()
    ArticleVersion.objects.all().delete()
    article.delete()
    with pytest.raises(exports.RestoreError, match=reason):
        exports.restore_jsonl([json.dumps(r) for r in lines])
    assert not Claim.objects.exists()
