"""Sentence boundaries that survive news text, with the real model."""

import pytest


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        pytest.param(
            "The U.S. and the U.N. met at 3 a.m. on Tuesday. Officials in "
            "Washington, D.C. said nothing.",
            ["The U.S. and the U.N. met at 3 a.m. on Tuesday.",
             "Officials in Washington, D.C. said nothing."],
            id="abbreviations",
        ),
        pytest.param(
            "Mr. Blinken met Dr. Kim in St. Petersburg on Jan. 5. They spoke for an hour.",
            ["Mr. Blinken met Dr. Kim in St. Petersburg on Jan. 5.",
             "They spoke for an hour."],
            id="titles-and-months",
        ),
        pytest.param(
            'He said: "The deal is done." Then he left.',
            ['He said: "The deal is done."', "Then he left."],
            id="quote-closing-after-the-full-stop",
        ),
        pytest.param(
            "“We will never give up.” Kim said on Wednesday that the pact was historic.",
            ["“We will never give up.”",
             "Kim said on Wednesday that the pact was historic."],
            id="curly-quotes",
        ),
        pytest.param(
            "Russia vetoed the resolution (the first veto since 2017). China abstained.",
            ["Russia vetoed the resolution (the first veto since 2017).",
             "China abstained."],
            id="parentheses",
        ),
        pytest.param(
            "The treaty—signed in 1961—was revived. Analysts were surprised.",
            ["The treaty—signed in 1961—was revived.", "Analysts were surprised."],
            id="em-dashes",
        ),
        pytest.param(
            "Putin Visits Pyongyang\nThe Russian president arrived at 3 a.m. on Wednesday.",
            ["Putin Visits Pyongyang",
             "The Russian president arrived at 3 a.m. on Wednesday."],
            id="headline-without-full-stop",
        ),
        pytest.param(
            "• Kim greeted Putin at the airport\n• The two leaders signed a pact\n"
            "Russia denied it.",
            ["• Kim greeted Putin at the airport", "• The two leaders signed a pact",
             "Russia denied it."],
            id="bullets",
        ),
        pytest.param(
            "North Korea sent 11,000 containers.\n\nSouth Korea fired warning shots.",
            ["North Korea sent 11,000 containers.", "South Korea fired warning shots."],
            id="blank-line-paragraphs",
        ),
    ],
)  # fmt: skip
def test_sentence_boundaries(nlp, text, sentences):
    assert [s.text.strip() for s in nlp(text).sents if s.text.strip()] == sentences
