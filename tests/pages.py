"""Shared helpers for the tests of the browser pages."""

import itertools

from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Article, Claim

_numbers = itertools.count(1)


def article_with_claims(n: int, *, numbers: bool = False, **fields) -> Article:
    """An article of n sentences with a claim on each, made in two queries;
    with `numbers`, each sentence's amount ("3 containers") is a claim too,
    folded under the sentence's (claims/folding.py)."""
    batch = next(_numbers)  # bodies must differ: one article per body
    sentences = [
        f"Officials said {i + 1} containers were sent in {batch}." for i in range(n)
    ]
    article = Article.objects.create(
        title=f"{n} claims", body=" ".join(sentences), **fields
    )
    claims, at = [], 0
    for i, sentence in enumerate(sentences):
        end = at + len(sentence)
        claims.append(
            Claim(article=article, start=at, end=end, text=sentence, sentence_start=at,
                  sentence_end=end, kind="event", score=0.5)
        )  # fmt: skip
        if numbers:
            amount = f"{i + 1} containers"
            start = at + sentence.index(amount)
            claims.append(
                Claim(article=article, start=start, end=start + len(amount),
                      text=amount, sentence_start=at, sentence_end=end,
                      kind="quantity", score=0.5, quantity_value=i + 1,
                      quantity_unit="containers")
            )  # fmt: skip
        at = end + 1
    Claim.objects.bulk_create(claims)
    return article


def queries_for(client, url: str, **kwargs) -> int:
    """How many SQL queries a successful GET of `url` costs."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    assert response.status_code == 200, response.status_code
    return len(queries)


NUMBERS_BODY = (
    "Pyongyang has sent Russia 11,000 containers of munitions in the past year. "
    "South Korean soldiers have fired warning shots three times in June. "
    "It rained 31 times."
)


def _claim(article: Article, text: str, sentence: str, **fields) -> Claim:
    from tests.factories import ClaimFactory

    start, at = article.body.index(text), article.body.index(sentence)
    return ClaimFactory(
        article=article, start=start, end=start + len(text), sentence_start=at,
        sentence_end=at + len(sentence), **fields,
    )  # fmt: skip


def claims_with_numbers(**article_fields) -> dict[str, Claim]:
    """Two sentences with a claim each and a number claim inside it (folded
    under it: claims/folding.py), and a sentence that is no claim, its number
    alone."""
    from tests.factories import ArticleFactory

    article = ArticleFactory(body=NUMBERS_BODY, **article_fields)
    sent = "Pyongyang has sent Russia 11,000 containers of munitions in the past year."
    fired = "South Korean soldiers have fired warning shots three times in June."
    rained = "It rained 31 times."
    number = {"kind": "quantity", "quantity_unit": "times"}
    return {
        "sentence": _claim(article, sent, sent, kind="event", score=0.9),
        "containers": _claim(article, "sent Russia 11,000 containers of munitions",
                             sent, quantity_value=11000, score=0.9, **number),
        # A sentence of kind quantity, without an amount, holds numbers too.
        "fired": _claim(article, fired, fired, kind="quantity", score=0.8),
        "times": _claim(article, "fired warning shots three times in June", fired,
                        quantity_value=3, score=0.8, **number),
        "lone": _claim(article, "rained 31 times", rained, quantity_value=31,
                       score=0.7, **number),
    }  # fmt: skip
