import json
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from claims import tracking
from claims.ingest import ingest_article
from claims.matching import MODEL_ID, vectors_from_bytes
from claims.models import Article, Claim
from claims.records import validate_body
from tests.conftest import SEEDS

pytestmark = pytest.mark.django_db

BODY = "Russia vetoed a UN resolution on March 28. More than 20 soldiers crossed the border."


def run(*args, **kwargs):
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command(
            "import_articles", *map(str, args), stdout=out, stderr=err, **kwargs
        )
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def test_the_seed_folder_imports_with_claims_and_derived_titles():
    out, err, failure = run(SEEDS)
    assert failure is None, err
    assert "2 imported, 0 already present, 0 failed." in out
    titles = set(Article.objects.values_list("title", flat=True))
    assert titles == {
        "Vladimir Putin’s Trip to North Korea Reeks of Desperation, Not Strength",
        "Kim Jong Un could barely contain his glee.",
    }
    for article in Article.objects.all():
        assert article.claims.count() > 20
        for claim in article.claims.all():
            assert article.body[claim.start : claim.end] == claim.text
    assert Claim.history.count() == Claim.objects.count()  # history from the start


def test_the_same_body_twice_gives_back_the_existing_article(tmp_path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(BODY, encoding="utf-8")
    out, _, failure = run(tmp_path)
    assert failure is None
    assert "1 imported, 1 already present" in out
    assert Article.objects.count() == 1
    out, _, _ = run(tmp_path / "a.txt")
    assert "0 imported, 1 already present" in out


def test_ingest_article_returns_the_existing_article():
    first, created = ingest_article(body=BODY, title="One")
    again, created_again = ingest_article(body=BODY, title="Another title")
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk and again.title == "One"


def test_a_headline_line_becomes_the_title_and_leaves_the_body(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Russia Vetoes Sanctions Panel\n\n" + BODY, encoding="utf-8")
    run(path)
    article = Article.objects.get()
    assert article.title == "Russia Vetoes Sanctions Panel"
    assert article.body == BODY


def test_title_option_overrides(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(BODY, encoding="utf-8")
    run(path, title="My title")
    assert Article.objects.get().title == "My title"


def test_jsonl_with_three_articles(tmp_path):
    path = tmp_path / "feed.jsonl"
    rows = [
        {"title": f"Story {i}", "body": f"{BODY} Item {i}.", "url": f"https://example.org/{i}",
         "publisher": "Example", "byline": "A. Writer", "published": "2024-06-19"}
        for i in range(3)
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out, _, failure = run(path)
    assert failure is None
    assert "3 imported" in out
    story = Article.objects.get(title="Story 1")
    assert (story.url, story.publisher, story.byline) == (
        "https://example.org/1",
        "Example",
        "A. Writer",
    )
    assert story.published.isoformat() == "2024-06-19"


def test_json_file_with_one_article(tmp_path):
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"title": "T", "body": BODY}), encoding="utf-8")
    out, _, failure = run(path)
    assert failure is None and "1 imported" in out


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.txt", b"  \n\n ", "the file is empty"),
        ("latin1.txt", "Caf\u00e9 au lait, 20 cups.".encode("latin-1"), "not UTF-8"),
        ("broken.json", b'{"title": "x", "body": ', "malformed JSON"),
        ("nobody.json", b'{"title": "x"}', "'body' is missing"),
        ("string.json", b'"just text"', "expected a JSON object"),
        (
            "date.json",
            json.dumps({"body": BODY, "published": "June"}).encode(),
            "'published' is not a date",
        ),
        (
            "whitespace.json",
            json.dumps({"body": "   "}).encode(),
            "The article is empty",
        ),
        ("notes.md", BODY.encode(), "not a .txt, .json or .jsonl file"),
    ],
)
def test_a_bad_file_gets_a_one_line_error_and_the_others_still_import(
    tmp_path, name, content, reason
):
    (tmp_path / name).write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text(BODY, encoding="utf-8")
    out, err, failure = run(tmp_path / name, good)
    assert failure is not None  # non-zero exit
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1
    assert name in lines[0] and reason in lines[0]
    assert Article.objects.count() == 1


def test_a_file_over_the_limit_is_refused(tmp_path, settings):
    settings.CLAIMDESK_MAX_ARTICLE_BYTES = 100
    (tmp_path / "big.txt").write_text("Word " * 50, encoding="utf-8")
    _, err, failure = run(tmp_path / "big.txt")
    assert failure is not None
    assert "big.txt" in err and "over the limit of 100" in err
    assert Article.objects.count() == 0


def test_a_bad_jsonl_line_names_its_line_and_the_rest_imports(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(
        json.dumps({"body": BODY})
        + "\n{oops\n"
        + json.dumps({"body": BODY + " Two."})
        + "\n"
    )
    out, err, failure = run(path)
    assert failure is not None
    assert "feed.jsonl:2: malformed JSON" in err
    assert "2 imported" in out


def test_a_missing_path_is_an_error(tmp_path):
    _, err, failure = run(tmp_path / "nope.txt")
    assert failure is not None and "no such file or folder" in err


def test_many_files_show_a_progress_bar(tmp_path, capsys):
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"{BODY} Number {i}.", encoding="utf-8")
    run(tmp_path)
    err = capsys.readouterr().err  # the bar writes to the process's stderr
    assert "Extracting" in err and "3/3" in err


def test_workers_option_imports_the_same_claims_as_one_process(tmp_path):
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"{BODY} Number {i}.", encoding="utf-8")
    run(tmp_path, workers=1, no_progress=True)
    one = sorted(Claim.objects.values_list("article__body", "start", "end", "kind"))
    Article.objects.all().delete()
    out, _, failure = run(tmp_path, workers=2, no_progress=True)
    two = sorted(Claim.objects.values_list("article__body", "start", "end", "kind"))
    assert failure is None and "3 imported" in out
    assert one and two == one


def test_worker_processes_embed_the_claims_they_find_as_one_process_would(
    tmp_path, monkeypatch
):
    # More texts than one batch (16), so that two processes share them.
    for i in range(20):
        (tmp_path / f"{i:02}.txt").write_text(f"{BODY} Number {i}.", encoding="utf-8")

    def stored():
        rows = Claim.objects.values_list(
            "article__body", "start", "embedding", "embedding_model"
        )
        return {(body, start): (bytes(v), model) for body, start, v, model in rows}

    run(tmp_path, workers=1, no_progress=True)
    one = stored()
    Article.objects.all().delete()
    parent, real = os.getpid(), tracking.embeddings

    def in_workers_only(texts):  # forked workers inherit this patch
        assert os.getpid() != parent, "the saving process embedded"
        return real(texts)

    monkeypatch.setattr(tracking, "embeddings", in_workers_only)
    out, err, failure = run(tmp_path, workers=2, no_progress=True)
    assert failure is None and "20 imported" in out, err
    two = stored()
    assert two.keys() == one.keys() and len(one) >= 40
    assert {model for _, model in two.values()} == {MODEL_ID}
    for key, (vector, _) in two.items():
        a, b = vectors_from_bytes([vector, one[key][0]])
        assert float(a @ b) > 0.999, key


def test_workers_must_be_positive(tmp_path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    _, _, failure = run(tmp_path, workers=0)
    assert failure is not None and "--workers" in str(failure)


def test_an_oversize_body_is_marked_too_large(settings):
    settings.CLAIMDESK_MAX_ARTICLE_BYTES = 10
    with pytest.raises(ValidationError) as caught:
        validate_body("x" * 11)
    assert [e.code for e in caught.value.error_dict["body"]] == ["too_large"]


# --- hostile input: each bad file or record is one error line, the rest imports
# (issue 9, finding 4.4)

HOSTILE = [
    ("nul.txt", BODY.encode() + b"\x00 more", "a NUL byte or a lone surrogate"),
    ("nul.json", json.dumps({"body": BODY + "\x00"}).encode(), "a NUL byte"),
    ("surrogate.json", b'{"body": "Text \\ud800 here."}', "a lone surrogate"),
    ("surrogate.jsonl", b'{"body": "A.", "title": "\\udfff"}\n', "title: Contains"),
    ("nested.json", b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ("nested.jsonl", b'{"body": ' + b"[" * 100_000 + b"\n", "nested too deeply"),
    ("bignumber.json", b'{"body": "A.", "published": 1' + b"0" * 5000 + b"}",
     "malformed JSON"),
    ("longtitle.json", json.dumps({"body": BODY, "title": "T" * 501}).encode(),
     "title: Longer than 500 characters."),
    ("url.jsonl", json.dumps({"body": BODY, "url": "javascript:alert(1)"}).encode(),
     "url: Enter an http:// or https:// URL."),
    ("empty.jsonl", b"", "the file is empty"),
    ("nothing.json", b"[]", "an empty list, no article in it"),
    ("latin1.jsonl", '{"body": "Café"}'.encode("latin-1"), "not UTF-8"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "reason"), HOSTILE)
def test_hostile_files_get_an_error_line_and_the_rest_imports(
    tmp_path, name, content, reason
):
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    out, err, failure = run(tmp_path / name, tmp_path / "good.txt")
    assert failure is not None  # non-zero exit at the end
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {tmp_path / name}")
    assert reason in lines[0]
    assert "1 imported, 0 already present, 1 failed." in out
    assert Article.objects.get().body == BODY


def test_every_bad_file_and_line_is_reported_not_just_the_first(tmp_path):
    (tmp_path / "a.json").write_bytes(b"[" * 50_000)
    (tmp_path / "b.txt").write_bytes(b"\xff\xfe")
    (tmp_path / "c.jsonl").write_text(
        "\n".join(
            [json.dumps({"body": BODY}), '{"body": "\\u0000"}', "{bad", ""]
            + [json.dumps({"body": BODY + " Two.", "url": "data:,x"})]
        ),
        encoding="utf-8",
    )
    (tmp_path / "d.txt").write_text(BODY + " Four.", encoding="utf-8")
    out, err, failure = run(tmp_path, tmp_path / "missing.txt")
    assert failure is not None
    errors = sorted(line.split(":")[1].strip() for line in err.splitlines())
    assert len(err.splitlines()) == 6 and all(
        line.startswith("error: ") for line in err.splitlines()
    )
    assert errors == sorted(
        str(tmp_path / n) for n in ("a.json", "b.txt", "c.jsonl", "c.jsonl",
                                    "c.jsonl", "missing.txt")
    )  # fmt: skip
    assert f"{tmp_path / 'c.jsonl'}:2: " in err and f"{tmp_path / 'c.jsonl'}:5: " in err
    assert "2 imported, 0 already present, 6 failed." in out


def test_a_folder_and_a_file_in_it_that_is_not_an_article(tmp_path):
    (tmp_path / "notes.md").write_text("ignored in a folder", encoding="utf-8")
    (tmp_path / "sub.txt").mkdir()  # a folder named like a file is searched
    (tmp_path / "sub.txt" / "a.txt").write_text(BODY, encoding="utf-8")
    out, err, failure = run(tmp_path)
    assert failure is None and err == "" and "1 imported" in out


@pytest.mark.parametrize("size", [1_000_001, 1_048_576])
def test_bodies_spacy_cannot_parse_are_refused_by_the_one_limit(
    tmp_path, settings, size
):
    # 1,048,576 was the old default limit; spaCy parses 1,000,000 characters.
    settings.CLAIMDESK_MAX_ARTICLE_BYTES = 1_048_576
    body = ("Soldiers crossed the border. " * 40_000)[:size]
    (tmp_path / "big.jsonl").write_text(json.dumps({"body": body}), encoding="utf-8")
    (tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    out, err, failure = run(tmp_path)
    assert failure is not None
    assert f"big.jsonl:1: The article is {size:,} bytes; the limit is 1,000,000." in err
    assert "1 imported" in out
    with pytest.raises(ValidationError):
        validate_body(body)


def test_the_article_limit_fits_spacy(nlp, settings):
    from claims.records import max_bytes

    settings.CLAIMDESK_MAX_ARTICLE_BYTES = 10**9
    # Bytes, counted in UTF-8, are never fewer than characters.
    assert max_bytes() <= nlp.max_length
    validate_body("x" * max_bytes())
    with pytest.raises(ValidationError):
        validate_body("é" * (max_bytes() // 2 + 1))


@pytest.mark.parametrize("workers", [1, 2])
def test_the_command_is_one_import_job_with_every_item(tmp_path, workers):
    from claims.models import ImportItem, ImportJob

    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(BODY + " Again.", encoding="utf-8")
    (tmp_path / "c.json").write_text("{nope", encoding="utf-8")
    out, err, failure = run(tmp_path, workers=workers)
    assert "2 imported, 0 already present, 1 failed." in out
    assert "c.json: malformed JSON" in err and failure is not None
    job = ImportJob.objects.get()
    assert (job.status, job.finished, job.total) == ("done", 3, 3)
    outcomes = sorted(job.items.values_list("outcome", flat=True))
    assert outcomes == ["failed", "imported", "imported"]
    imported = job.items.filter(outcome=ImportItem.Outcome.IMPORTED)
    assert all(item.claims >= 2 and item.record is None for item in imported)
