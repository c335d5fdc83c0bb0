import pytest

from claims.extraction.numbers import parse_number, parse_range


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11,000", (11000, None, None)),
        ("Twenty-four", (24, None, None)),
        ("five to ten", (None, 5, 10)),
        ("1950-53", (None, 1950, 1953)),
        ("1.5 million", (1_500_000, None, None)),
        ("hundreds", (None, 200, 999)),
        ("60%", (60, None, None)),
        ("$5bn", (5_000_000_000, None, None)),
        ("a pair", (2, None, None)),
        ("two hundred and fifty", (250, None, None)),
        ("between 5 and 10", (None, 5, 10)),
        ("1,200-1,500", (None, 1200, 1500)),
    ],
)
def test_parse_range(text, expected):
    assert parse_range(text) == expected


@pytest.mark.parametrize("text", ["more", "Tuesday", "", "ten-ish", "12-5"])
def test_not_a_number(text):
    assert parse_number(text) is None or parse_range(text) == (None, None, None)
