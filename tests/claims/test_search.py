"""Full-text search (claims/search.py): the same answers on both databases,
from an index kept current on every write."""

import pytest

from claims.models import Article, Claim
from claims.search import search
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def found(queryset, query: str, **kwargs) -> list:
    return list(search(queryset, query, **kwargs))


def test_every_word_must_appear_in_any_form():
    claim = ClaimFactory()  # "US officials said that Pyongyang has sent Russia …"
    claims = Claim.objects.all()
    assert found(claims, "PYONGYANG official") == [claim]  # case, stemming
    assert found(claims, "Pyongyang Seoul") == []  # every word
    assert found(claims, "yongya") == []  # words, not substrings


def test_a_query_without_words_finds_nothing():
    ClaimFactory()
    assert found(Claim.objects.all(), " ,;'\" -- ") == []


def test_quotes_and_operators_are_words_not_syntax():
    claim = ClaimFactory()
    query = '"officials" said* -Russia ^sent: (AND)'
    assert found(Claim.objects.all(), query) == [claim]


def test_articles_are_found_by_title_or_body():
    article = ArticleFactory(title="Summit in Pyongyang")
    ArticleFactory(title="Another")  # the same body, but its own title
    articles = Article.objects.all()
    assert found(articles, "summit") == [article]
    assert set(found(articles, "munitions")) == set(Article.objects.all())


def test_the_index_follows_inserts_edits_and_deletions():
    article = ArticleFactory()
    first = ClaimFactory(article=article)  # "US officials said … past year."
    at = article.body.index("North")
    third = ClaimFactory(article=article, start=at, end=len(article.body) - 5,
                         sentence_start=at, sentence_end=len(article.body))  # fmt: skip
    claims = Claim.objects.all()
    assert found(claims, "nuclear weapons") == [third]
    Claim.objects.filter(pk=third.pk).update(
        end=at + len("North Korea"), text="North Korea"
    )
    assert found(claims, "weapons") == []
    assert found(claims, "korea") == [third]
    first.delete()
    assert found(claims, "pyongyang") == []


def test_stop_words_are_ignored_on_both_databases():
    claim = ClaimFactory()
    assert found(Claim.objects.all(), "the officials and Russia") == [claim]
    assert found(Claim.objects.all(), "the and of") == []


def test_ranked_best_match_first():
    article = ArticleFactory(
        body="Sanctions here. Sanctions, sanctions and more sanctions on sanctions."
    )
    one = ClaimFactory(article=article, start=0, end=15, sentence_start=0,
                       sentence_end=15, score=0.9)  # fmt: skip
    many = ClaimFactory(article=article, start=16, end=len(article.body),
                        sentence_start=16, sentence_end=len(article.body),
                        score=0.1)  # fmt: skip
    claims = Claim.objects.order_by("-score")
    assert found(claims, "sanctions") == [one, many]  # the queryset's order
    assert found(claims, "sanctions", rank=True) == [many, one]
