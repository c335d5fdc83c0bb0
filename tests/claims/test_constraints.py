"""Rules the database itself enforces, whatever code writes."""

import pytest
from django.db import IntegrityError, transaction

from annotations.models import Source
from claims.models import Article, Claim
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def refused(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFactory(**fields)


def test_a_claim_outside_its_articles_body_is_refused():
    article = ArticleFactory(body="Short body.")
    refused(
        article=article, start=0, end=50, text="Short body." + " " * 39, sentence_end=50
    )


def test_a_claim_whose_text_does_not_match_the_body_is_refused():
    article = ArticleFactory(body="Short body.")
    refused(article=article, start=0, end=5, text="Other")


def test_a_claim_update_that_breaks_the_body_rule_is_refused():
    claim = ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(text="not the body")


@pytest.mark.parametrize(
    "fields",
    [
        {"start": 5, "end": 5},
        {"start": 6, "end": 5},
        {"sentence_start": 3, "start": 0},
        {"score": 1.5},
        {"score": -0.1},
        {"quantity_low": 10, "quantity_high": 5},
    ],
)
def test_claim_check_constraints(fields):
    article = ArticleFactory(body="0123456789 and more text here.")
    start, end = fields.get("start", 0), fields.get("end", 10)
    fields.setdefault("text", article.body[start:end] if start < end else "")
    refused(article=article, **{"start": start, "end": end, **fields})


def test_one_article_per_body():
    ArticleFactory(body="Same text.")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(body="Same text.")


def test_an_empty_body_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(title="Empty", body="")


def test_one_source_per_url():
    Source.objects.create(url="https://example.org/a")
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(url="https://example.org/a")


def test_a_source_url_must_be_http():
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(url="javascript:alert(1)")
