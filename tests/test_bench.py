"""The benches: the scale bench refuses bad options before it touches a
database; the check-worthiness bench finds the best threshold and its plateau."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
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


def _bench_module(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_threshold_table_finds_the_best_f1_and_its_plateau(capsys):
    bench = _bench_module("checkworthiness")
    scores = np.repeat(np.linspace(0, 1, 101), 20)
    # Check-worthy from 0.30 up: every resample agrees, the plateau is one point.
    bench.print_thresholds("test", scores, (scores >= 0.295).astype(float))
    out = capsys.readouterr().out
    assert "  0.30: kept  70.3%  precision 1.000  recall 1.000  F1 1.0000" in out
    assert "best 1.0000 at 0.30, standard error 0.0000; within it: 0.30-0.30" in out
    # Labels drawn at the score's rate: a wider plateau, holding the best.
    labels = (np.random.default_rng(1).random(scores.size) < scores).astype(float)
    bench.print_thresholds("test", scores, labels)
    last = capsys.readouterr().out.splitlines()[-1]
    best = float(last.split(" at ")[1][:4])
    low, high = (float(x) for x in last.rsplit(": ", 1)[1].split("-"))
    assert low <= best <= high and high - low >= 0.02
