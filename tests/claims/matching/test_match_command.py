import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import SEEDS

CORPUS = (
    "id\ttext\ttitle\n"
    "c1\tPyongyang has sent Russia 11,000 containers of munitions.\t"
    "Did North Korea Ship Munitions?\n"
    "c2\tRussia vetoed the UN panel monitoring sanctions in March.\t\n"
    "c3\tThe city planted 20,000 trees since 2019.\tTrees\n"
    'c4\t"Vaccines ""cause"" autism," a post said.\tVaccines and autism\n'
)
QUERIES = (
    "id\ttext\n"
    "q1\tNorth Korea shipped munitions to Russia\n"
    "q2\tMoscow's veto ended UN sanctions monitoring\n"
)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode()
    path.write_bytes(content)
    return path


def run(*args) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("match_claims", *map(str, args), stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_json_output_is_exactly_the_documented_shape(tmp_path, encoder):
    queries = write(tmp_path, "q.tsv", QUERIES)
    corpus = write(tmp_path, "c.tsv", CORPUS)
    code, out, err = run(queries, corpus, "--top", "2", "--json")
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert out.strip() == json.dumps(result, ensure_ascii=False)  # one line
    assert list(result) == ["matches"]
    assert list(result["matches"]) == ["q1", "q2"]
    for candidates in result["matches"].values():
        assert len(candidates) == 2
        for candidate in candidates:
            assert list(candidate) == ["id", "score"]
            assert isinstance(candidate["id"], str)
            assert isinstance(candidate["score"], float)
        scores = [c["score"] for c in candidates]
        assert scores == sorted(scores, reverse=True)
    assert result["matches"]["q1"][0]["id"] == "c1"
    assert result["matches"]["q2"][0]["id"] == "c2"


def test_top_larger_than_the_corpus_returns_everything(tmp_path, encoder):
    queries = write(tmp_path, "q.tsv", QUERIES)
    corpus = write(tmp_path, "c.tsv", CORPUS)
    code, out, _ = run(queries, corpus, "--top", "50", "--json")
    assert code == 0
    assert len(json.loads(out)["matches"]["q1"]) == 4


GOOD = object()


@pytest.mark.parametrize(
    ("queries", "corpus", "top", "message"),
    [
        (None, GOOD, "3", "q.tsv: No such file or directory"),
        (GOOD, "id\tbody\nc1\tx\n", "3", "c.tsv: missing column(s): text"),
        ("text\nq1\n", GOOD, "3", "q.tsv: missing column(s): id"),
        (GOOD, b"id\ttext\nc1\tcaf\xe9\n", "3", "c.tsv: not UTF-8 text (byte 14)"),
        (GOOD, b"id\ttext\nc1\ta\0b\n", "3", "c.tsv: NUL byte at byte 12"),
        ("", GOOD, "3", "q.tsv: empty file"),
        (GOOD, "id\ttext\nc1\tone\nc1\ttwo\n", "3", "c.tsv: line 3: duplicate id 'c1'"),
        (GOOD, "id\ttext\nc1\tone\textra\n", "3", "c.tsv: line 2: 3 fields"),
        (GOOD, GOOD, "0", "--top: '0' is not a positive integer"),
        (GOOD, GOOD, "-2", "--top: '-2' is not a positive integer"),
        (GOOD, GOOD, "three", "--top: 'three' is not a positive integer"),
    ],
)
def test_bad_input_is_one_error_line_and_a_failure(
    tmp_path, queries, corpus, top, message
):
    paths = []
    for name, content, good in [("q.tsv", queries, QUERIES), ("c.tsv", corpus, CORPUS)]:
        path = tmp_path / name
        if content is not None:
            write(tmp_path, name, good if content is GOOD else content)
        paths.append(path)
    code, out, err = run(*paths, "--top", top, "--json")
    assert code == 1
    assert out == ""
    about_a_file = message.startswith(("q.tsv", "c.tsv"))
    expected = f"error: {tmp_path / message}" if about_a_file else f"error: {message}"
    assert err.startswith(expected)
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_the_command_runs_without_a_database(tmp_path):
    """As a user runs it, with a database URL that cannot be opened."""
    queries = write(tmp_path, "q.tsv", QUERIES)
    corpus = write(tmp_path, "c.tsv", CORPUS)
    env = {
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path}/missing/dir/db.sqlite3",
        "PATH": "",
    }
    command = [sys.executable, "manage.py", "match_claims", str(queries), str(corpus)]
    result = subprocess.run(
        [*command, "--top", "1", "--json"],
        capture_output=True, text=True, env=env, cwd=SEEDS.parent, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["matches"]["q1"][0]["id"] == "c1"
    bad = subprocess.run(
        [*command[:3], str(tmp_path / "missing.tsv"), str(corpus), "--json"],
        capture_output=True, text=True, env=env, cwd=SEEDS.parent, check=False,
    )  # fmt: skip
    assert bad.returncode == 1
    assert (
        bad.stderr == f"error: {tmp_path / 'missing.tsv'}: No such file or directory\n"
    )
