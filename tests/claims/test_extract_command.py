import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.conftest import SEEDS

SEED = SEEDS / "003_ffb13bc2b1fe4265.txt"


def extract(*args) -> str:
    out = StringIO()
    call_command("extract_claims", *map(str, args), stdout=out)
    return out.getvalue()


def test_json_output_points_into_the_file_as_read():
    text = SEED.read_bytes().decode("utf-8")
    claims = json.loads(extract(SEED, "--json"))["claims"]
    assert len(claims) > 20
    keys = {"start", "end", "text", "sentence_start", "sentence_end", "kind", "score",
            "speaker", "quoted", "quantity", "kind_confidence", "speaker_confidence"}  # fmt: skip
    for claim in claims:
        assert set(claim) == keys
        assert text[claim["start"] : claim["end"]] == claim["text"]
    munitions = next(
        c
        for c in claims
        if c["text"] == "sent Russia 11,000 containers of munitions in the past year"
    )
    assert munitions["quantity"] == {
        "value": 11000, "low": None, "high": None, "unit": "containers",
        "subject": "munitions", "qualifier": "",
    }  # fmt: skip


def test_offsets_survive_crlf_and_emoji(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(
        "🙂 Intro line.\r\n\r\nRussia sent 11,000 containers of munitions.\r\n".encode()
    )
    text = path.read_bytes().decode("utf-8")
    claims = json.loads(extract(path, "--json"))["claims"]
    assert claims
    for claim in claims:
        assert text[claim["start"] : claim["end"]] == claim["text"]


def test_table_output():
    out = extract(SEED)
    assert "11,000 containers of munitions" in out
    assert out.strip().endswith("claims")


def test_not_utf8_is_a_clear_error(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\u00e9".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        extract(path, "--json")


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="nope.txt"):
        extract(tmp_path / "nope.txt")


def test_it_touches_no_database(tmp_path):
    """Run as a user would, with a database URL that cannot be opened."""
    env = {
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path}/missing/dir/db.sqlite3",
        "PATH": "",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "extract_claims", str(SEED), "--json"],
        capture_output=True, text=True, env=env, cwd=SEEDS.parent, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["claims"]
    assert connection.vendor  # the test process itself is untouched


def test_a_file_over_the_article_limit_is_an_error_not_a_spacy_traceback(
    tmp_path, settings
):
    # 1,080,000 characters: spaCy refuses over 1,000,000 (issue 9, 4.4).
    settings.CLAIMDESK_MAX_ARTICLE_BYTES = 1_048_576
    path = tmp_path / "big.txt"
    path.write_text("Soldiers crossed. " * 60_000, encoding="utf-8")
    with pytest.raises(
        CommandError, match="1,080,000 bytes is over the limit of 1,000,000"
    ):
        extract(path, "--json")
