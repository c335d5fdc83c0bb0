"""Shared helpers for the tests of the browser pages."""

import itertools

from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Article, Claim

_numbers = itertools.count(1)


def article_with_claims(n: int, **fields) -> Article:
    """An article of n sentences with a claim on each, made in two queries."""
    batch = next(_numbers)  # bodies must differ: one article per body
    sentences = [
        f"Officials said {i + 1} containers were sent in {batch}." for i in range(n)
    ]
    article = Article.objects.create(
        title=f"{n} claims", body=" ".join(sentences), **fields
    )
    claims, at = [], 0
    for sentence in sentences:
        end = at + len(sentence)
        claims.append(
            Claim(article=article, start=at, end=end, text=sentence, sentence_start=at,
                  sentence_end=end, kind="event", score=0.5)
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
