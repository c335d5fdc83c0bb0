"""CSV and JSONL exports, and the JSONL restore."""

import csv
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from annotations import evidence as evidence_functions
from annotations import exports, workflow
from annotations.models import Comment, Evidence, Source, Transition, Verdict
from claims.models import Article, ChangeEvent, Claim, ClaimGroup, ClaimMatch
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def worked(users):
    """Two articles; one claim published with evidence, one returned, one new."""
    reviewer, editor = users["reviewer"], users["editor"]
    first = ClaimFactory(speaker="=HYPERLINK(evil)")
    workflow.start_review(claim=first, user=reviewer)
    evidence_functions.add_evidence(
        claim=first, url="https://example.org/r", stance="refutes", user=reviewer,
        quote="-2+3", note="@cmd",
    )  # fmt: skip
    workflow.submit_verdict(claim=first, rating="false", summary="No.", user=reviewer)
    workflow.approve(claim=first, user=editor, note="Good.")
    evidence_functions.add_comment(
        claim=first, body="<b>Checked</b> twice.", user=editor
    )
    second = ClaimFactory(article=ArticleFactory(url="https://news.example/2"))
    workflow.start_review(claim=second, user=reviewer)
    workflow.submit_verdict(claim=second, rating="true", summary="Yes.", user=reviewer)
    workflow.return_claim(claim=second, user=editor, note="Sources?")
    ClaimFactory(article=second.article, start=5, end=20, sentence_start=0)
    # The two are the same claim: a confirmed match, one group.
    group = ClaimGroup.objects.create()
    Claim.objects.filter(pk__in=[first.pk, second.pk]).update(group=group)
    ClaimMatch.objects.create(
        claim=first, candidate=second, score=0.91, similarity=0.93, relation="same",
        reason="", state="confirmed", decided_by=editor, decided_at=first.created_at,
    )  # fmt: skip
    return first, second


def test_jsonl_has_each_article_before_its_claims(worked):
    lines = [json.loads(line) for line in exports.jsonl_lines(Claim.objects.all())]
    assert [line["type"] for line in lines] == [
        "article", "claim", "article", "claim", "claim",
    ]  # fmt: skip
    first = lines[1]
    assert first["status"] == "published"
    assert [v["rating"] for v in first["verdicts"]] == ["false"]
    assert (
        first["verdicts"][0]["decided_by"]
        == worked[0].verdicts.get().decided_by.username
    )
    assert first["evidence"][0]["source"]["url"] == "https://example.org/r"
    assert [t["action"] for t in first["transitions"]] == [
        "start_review", "submit", "approve",
    ]  # fmt: skip


def test_csv_has_a_row_per_claim_and_neutralises_formulas(worked):
    text = "".join(exports.csv_lines(Claim.objects.all()))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3
    first = rows[0]
    assert first["claim_id"] == str(worked[0].pk)
    assert first["speaker"] == "'=HYPERLINK(evil)"
    assert first["verdict_rating"] == "false"
    assert first["evidence_count"] == "1"
    assert first["evidence_ids"] == str(worked[0].evidence.get().pk)
    assert "approve submitted>published" in first["transitions"]
    assert rows[1]["verdict_outcome"] == "returned"
    assert rows[2]["verdict_rating"] == ""


def test_exports_cost_a_fixed_number_of_queries_per_chunk(
    worked, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(exports.writing, "CHUNK", 2)
    # Per chunk of 2 claims: claims with assignees, articles not yet seen,
    # verdicts, evidence with sources, transitions, comments with authors,
    # matches with earlier claims = 7; the second chunk's article was seen in
    # the first (no query): 7 + 6 + the empty third = 14.
    with django_assert_num_queries(14):
        list(exports.jsonl_lines(Claim.objects.all()))
    with django_assert_num_queries(12):
        list(exports.csv_lines(Claim.objects.all()))


def everything() -> None:
    for model in (ChangeEvent, Comment, Transition, Evidence, Verdict, Claim, Article,
                  Source, ClaimGroup):  # fmt: skip
        model.objects.all().delete()


def test_restoring_the_jsonl_export_loses_nothing(worked, tmp_path):
    before = "".join(exports.jsonl_lines(Claim.objects.all()))
    ratings = dict(Claim.objects.values_list("pk", "rating"))
    assert set(ratings.values()) - {None}  # some claims have a verdict
    path = tmp_path / "export.jsonl"
    path.write_text(before, encoding="utf-8")
    everything()
    call_command("restore_claims", str(path), stdout=io.StringIO())
    after = "".join(exports.jsonl_lines(Claim.objects.all()))
    assert after == before
    # Each claim's rating is its latest verdict's again (not in the file).
    assert dict(Claim.objects.values_list("pk", "rating")) == ratings
    assert Article.objects.get(pk=worked[0].article_id).sha256
    # The group and the confirmed match come back with their ids.
    match = ClaimMatch.objects.get()
    assert (match.claim_id, match.candidate_id, match.state) == (
        worked[0].pk, worked[1].pk, "confirmed",
    )  # fmt: skip
    assert match.decided_by.username == editor_name(worked)
    grouped = Claim.objects.filter(group__isnull=False).values_list("pk", flat=True)
    assert sorted(grouped) == [worked[0].pk, worked[1].pk]
    comment = Comment.objects.get()  # comments are exported and restored
    assert (comment.claim_id, comment.body) == (worked[0].pk, "<b>Checked</b> twice.")
    assert comment.author.username == editor_name(worked)
    # The restored rows are in the change feed, as creations.
    assert ChangeEvent.objects.filter(operation="create").count() == (
        Claim.objects.count() + Verdict.objects.count() + Evidence.objects.count()
    )


def test_export_command_writes_what_restore_reads(worked):
    out = io.StringIO()
    call_command("export_claims", "--format", "jsonl", stdout=out)
    assert out.getvalue() == "".join(exports.jsonl_lines(Claim.objects.all()))


def test_restore_refuses_a_database_with_articles(worked):
    lines = list(exports.jsonl_lines(Claim.objects.all()))
    with pytest.raises(ValidationError, match="already holds articles"):
        exports.restore_jsonl(lines)


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "line 1"),
        ('{"type": "claim", "article_id": 2}', "before its article"),
        ('{"type": "claim", "article_id": 1}', "line 2: missing field 'id'"),
        ('{"type": "comment"}', "unknown type"),
    ],
)
def test_restore_refuses_malformed_input_and_keeps_nothing(line, message):
    good = json.dumps({"type": "article", "id": 1, "title": "T", "byline": "",
                       "publisher": "", "url": "", "published": None, "body": "Body.",
                       "language": "en", "created_at": "2024-01-01T00:00:00+00:00",
                       "updated_at": "2024-01-01T00:00:00+00:00", "added_by": None})  # fmt: skip
    lines = [line] if message == "line 1" else [good, line]
    with pytest.raises(ValidationError, match=message):
        exports.restore_jsonl(lines)
    assert not Article.objects.exists()


def editor_name(worked) -> str:
    return worked[0].verdicts.get().decided_by.username


# --- restore: every field checked, each bad line named (issue 9, 4.14) ------

ARTICLE = {
    "type": "article", "id": 1, "title": "T", "byline": "", "publisher": "",
    "url": "https://news.example/a", "published": "2024-06-19",
    "body": "Russia sent 11,000 containers. Kim smiled.", "language": "en",
    "created_at": "2024-01-01T00:00:00+00:00",
    "updated_at": "2024-01-01T00:00:00+00:00", "added_by": "writer",
}  # fmt: skip
CLAIM = {
    "type": "claim", "id": 7, "article_id": 1, "start": 12, "end": 30,
    "text": "11,000 containers.", "sentence_start": 0, "sentence_end": 30,
    "kind": "quantity", "score": 0.8, "speaker": "", "quoted": False,
    "quantity_value": 11000.0, "quantity_low": None, "quantity_high": None,
    "quantity_unit": "containers", "quantity_subject": "", "quantity_qualifier": "",
    "origin": "extracted", "extractor_version": "1", "status": "published",
    "version": 3, "created_at": "2024-01-01T00:00:00+00:00",
    "updated_at": "2024-01-02T00:00:00+00:00", "assignee": "reviewer1",
    "verdicts": [{
        "id": 4, "rating": "true", "summary": "Yes.", "outcome": "approved",
        "created_at": "2024-01-01T00:00:00+00:00",
        "decided_at": "2024-01-02T00:00:00+00:00", "decision_note": "",
        "updated_at": "2024-01-02T00:00:00+00:00", "proposed_by": "reviewer1",
        "decided_by": "editor1",
    }],
    "evidence": [{
        "id": 5, "stance": "supports", "quote": "", "note": "",
        "created_at": "2024-01-01T00:00:00+00:00",
        "updated_at": "2024-01-01T00:00:00+00:00",
        "source": {"url": "https://example.org/r", "title": "R", "publisher": "",
                   "published": None},
        "added_by": "reviewer1",
    }],
    "transitions": [{
        "id": 6, "action": "approve", "from_status": "submitted",
        "to_status": "published", "note": "", "actor": "editor1",
        "created_at": "2024-01-02T00:00:00+00:00",
    }],
}  # fmt: skip


MATCH = {
    "id": 3, "claim": 5, "score": 0.9, "similarity": 0.95, "relation": "same",
    "reason": "", "state": "confirmed", "decided_at": "2024-01-02T00:00:00+00:00",
    "created_at": "2024-01-01T00:00:00+00:00",
    "updated_at": "2024-01-02T00:00:00+00:00", "decided_by": "editor1",
}  # fmt: skip
# A claim before CLAIM (a lower id) on the article's other sentence.
EARLIER = {
    **{k: v for k, v in CLAIM.items() if k not in ("verdicts", "evidence", "transitions")},
    "id": 5, "start": 31, "end": 42, "text": "Kim smiled.", "sentence_start": 31,
    "sentence_end": 42, "kind": "event", "status": "new", "assignee": None,
    "quantity_value": None, "quantity_unit": "", "verdicts": [], "evidence": [],
    "transitions": [],
}  # fmt: skip


def with_changes(record: dict, path: str, value) -> dict:
    """A deep copy of `record` with the value at "a.b.0.c" replaced."""
    record = json.loads(json.dumps(record))
    *parents, last = path.split(".")
    target = record
    for key in parents:
        target = target[int(key)] if isinstance(target, list) else target[key]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return record


def restore(*records) -> tuple[str, str]:
    """(stdout, stderr) of restore_claims over these records, through a file."""
    import tempfile
    from pathlib import Path

    from django.core.management import CommandError

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.jsonl"
        path.write_text(
            "".join(r if isinstance(r, str) else json.dumps(r) + "\n" for r in records),
            encoding="utf-8",
        )
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command("restore_claims", str(path), stdout=out, stderr=err)
        except CommandError as exc:
            assert str(exc) == "Nothing was restored."
        return out.getvalue(), err.getvalue().replace(str(path), "FILE")


def test_a_good_file_restores_and_a_file_without_comments_still_reads(db):
    out, err = restore(ARTICLE, CLAIM)  # written before comments were exported
    assert err == ""
    assert "1 article, 1 claim, 1 verdict, 1 evidence, 1 transition, 0 comment" in out
    claim = Claim.objects.get(pk=7)
    assert (claim.status, claim.assignee.username) == ("published", "reviewer1")
    assert not claim.assignee.is_active  # people appear inactive, no password
    with_comment = with_changes(CLAIM, "comments", [
        {"id": 9, "body": "Agreed.", "author": "editor1",
         "created_at": "2024-01-03T00:00:00+00:00",
         "updated_at": "2024-01-03T00:00:00+00:00"},
    ])  # fmt: skip
    everything()
    out, err = restore(ARTICLE, with_comment)
    assert err == "" and "1 comment" in out
    assert Comment.objects.get(pk=9).author.username == "editor1"


@pytest.mark.parametrize(
    ("records", "reason"),
    [
        ([ARTICLE, CLAIM, CLAIM], "line 3: id: claim 7 is also on line 2"),
        ([ARTICLE, with_changes(ARTICLE, "body", "Other.")],
         "line 2: id: article 1 is also on line 1"),
        ([ARTICLE, with_changes(ARTICLE, "id", 2)],
         "line 2: body: the same text as the article on line 1"),
        ([ARTICLE, with_changes(CLAIM, "text", "12,000 containers.")],
         "line 2: text: not the article's text from start to end"),
        ([ARTICLE, with_changes(CLAIM, "end", 4000)],
         "line 2: start, end: not a span of the article's 42 characters"),
        ([ARTICLE, with_changes(CLAIM, "status", "bogus")],
         "line 2: status: Value 'bogus' is not a valid choice."),
        ([ARTICLE, with_changes(CLAIM, "kind", "<script>")],
         "line 2: kind: Value '<script>' is not a valid choice."),
        ([with_changes(ARTICLE, "url", "javascript:alert(1)")],
         "line 1: url: Enter an http:// or https:// URL."),
        ([with_changes(ARTICLE, "url", "data:text/html,<script>x</script>")],
         "line 1: url: Enter an http:// or https:// URL."),
        ([with_changes(ARTICLE, "title", "T" * 600)],
         "line 1: title: Longer than 500 characters."),
        ([with_changes(ARTICLE, "title", "nul\x00")],
         "line 1: title: contains a NUL byte or a lone surrogate"),
        ([with_changes(ARTICLE, "byline", "\ud800")],
         "line 1: byline: contains a NUL byte or a lone surrogate"),
        ([with_changes(ARTICLE, "added_by", "no spaces allowed")],
         "line 1: added_by: Enter a valid username."),
        ([with_changes(ARTICLE, "created_at", "yesterday")],
         "line 1: created_at: not an ISO 8601 date and time"),
        ([ARTICLE, with_changes(CLAIM, "verdicts.0.rating", "bogus")],
         "line 2: verdicts[0]: rating: Value 'bogus' is not a valid choice."),
        ([ARTICLE, with_changes(CLAIM, "evidence.0.stance", "maybe")],
         "line 2: evidence[0]: stance: Value 'maybe' is not a valid choice."),
        ([ARTICLE, with_changes(CLAIM, "evidence.0.source.url", "javascript:x")],
         "line 2: evidence[0]: source.url: Enter an http:// or https:// URL."),
        ([ARTICLE, with_changes(CLAIM, "transitions.0.to_status", "gone")],
         "line 2: transitions[0]: to_status: Value 'gone' is not a valid choice."),
        ([ARTICLE, with_changes(CLAIM, "id", 2**64)],
         "line 2: id: not a whole number from 1 to 2**63 - 1"),
        ([ARTICLE, with_changes(CLAIM, "kind_confidence", 1.5)],
         "line 2: kind_confidence: a number from 0 to 1, or null"),
        ([ARTICLE, with_changes(CLAIM, "speaker_confidence", "high")],
         "line 2: speaker_confidence: a number from 0 to 1, or null"),
        ([ARTICLE, with_changes(CLAIM, "kind_confidence", True)],
         "line 2: kind_confidence: a number from 0 to 1, or null"),
        ([ARTICLE, with_changes(CLAIM, "group", "seven")],
         "line 2: group: a claim group's id, or null"),
        ([ARTICLE, with_changes(CLAIM, "matches", [dict(MATCH, claim=8)])],
         "line 2: matches[0]: claim: not a claim on an earlier line"),
        ([ARTICLE, with_changes(EARLIER, "id", 9),
          with_changes(CLAIM, "matches", [dict(MATCH, claim=9)])],
         "line 3: matches[0]: claim: the earlier claim of the pair has the lower id"),
        ([ARTICLE, EARLIER, with_changes(CLAIM, "matches", [dict(MATCH, relation="alike")])],
         "line 3: matches[0]: relation: Value 'alike' is not a valid choice."),
        ([ARTICLE, EARLIER, with_changes(CLAIM, "matches", [dict(MATCH, score="high")])],
         "line 3: matches[0]: score: a number"),
        ([ARTICLE, "[" * 100_000 + "\n"], "line 2: malformed JSON"),
        ([ARTICLE, "[1]\n"], "line 2: expected a JSON object"),
    ],
)  # fmt: skip
def test_a_bad_line_stops_the_restore_naming_it_and_keeps_nothing(db, records, reason):
    out, err = restore(*records)
    assert err.startswith(f"error: FILE: {reason}"), err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert out == ""
    assert not Article.objects.exists() and not Claim.objects.exists()
    assert not ChangeEvent.objects.exists()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\xff\xfe{}", "not UTF-8 text"),
        (None, "No such file or directory"),
        ("folder", "Is a directory"),
    ],
)
def test_a_file_that_cannot_be_read_is_one_error_line(db, tmp_path, content, reason):
    from django.core.management import CommandError

    path = tmp_path / "export.jsonl"
    if content == "folder":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("restore_claims", str(path), stdout=io.StringIO(), stderr=err)
    assert err.getvalue().startswith(f"error: {path}: {reason}")


def test_a_row_the_database_refuses_is_named_by_its_line(db):
    # A rule only the database checks (a constraint): still "line N", no traceback.
    out, err = restore(ARTICLE, with_changes(CLAIM, "score", 7))
    assert err.startswith("error: FILE: line 2: ") and "claim_score_0_1" in err
    assert not Article.objects.exists()
