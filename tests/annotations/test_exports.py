"""CSV and JSONL exports, and the JSONL restore."""

import csv
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from annotations import evidence as evidence_functions
from annotations import exports, workflow
from annotations.models import Evidence, Source, Transition, Verdict
from claims.models import Article, ChangeEvent, Claim
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
    second = ClaimFactory(article=ArticleFactory(url="https://news.example/2"))
    workflow.start_review(claim=second, user=reviewer)
    workflow.submit_verdict(claim=second, rating="true", summary="Yes.", user=reviewer)
    workflow.return_claim(claim=second, user=editor, note="Sources?")
    ClaimFactory(article=second.article, start=5, end=20, sentence_start=0)
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
    monkeypatch.setattr(exports, "CHUNK", 2)
    # Per chunk of 2 claims: claims with assignees, articles not yet seen,
    # verdicts, evidence with sources, transitions = 5; the second chunk's
    # article was seen in the first (no query): 5 + 4 + the empty third = 10.
    with django_assert_num_queries(10):
        list(exports.jsonl_lines(Claim.objects.all()))
    with django_assert_num_queries(10):
        list(exports.csv_lines(Claim.objects.all()))


def everything() -> None:
    for model in (ChangeEvent, Transition, Evidence, Verdict, Claim, Article, Source):
        model.objects.all().delete()


def test_restoring_the_jsonl_export_loses_nothing(worked, tmp_path):
    before = "".join(exports.jsonl_lines(Claim.objects.all()))
    path = tmp_path / "export.jsonl"
    path.write_text(before, encoding="utf-8")
    everything()
    call_command("restore_claims", str(path), stdout=io.StringIO())
    after = "".join(exports.jsonl_lines(Claim.objects.all()))
    assert after == before
    assert Article.objects.get(pk=worked[0].article_id).sha256
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
        ('{"type": "claim", "article_id": 1}', "KeyError"),
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
