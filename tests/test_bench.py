"""The scale bench refuses bad options before it touches a database."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rounds", "0"], "--rounds: a whole number of at least 1, not '0'"),
        (["--clients", "-1"], "--clients: a whole number of at least 1, not '-1'"),
        (["--requests", "x"], "--requests: a whole number of at least 1, not 'x'"),
        (["--claims", "5000"], "--claims must be more than 100,000"),
    ],
)
def test_bad_options_are_named(args, message):
    result = subprocess.run(
        [sys.executable, "bench/scale.py", *args],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2 and message in result.stderr
