"""Full-text search over claims and articles: the one function the queue, the
articles page and the API call.

Words, not substrings: every word of the query must appear in the claim's
text (in an article: its title or body), in any form English stemming gives
("sanction" finds "sanctions"). Best matches first when asked.

Both databases answer from an index (migration claims 0007), so a query
matching nothing costs as little as one matching many:

- PostgreSQL: a GIN index on `to_tsvector('english', …)`, queried with
  `plainto_tsquery` and ranked by `ts_rank`. An article is indexed on its
  title and the first ARTICLE_CHARS characters of its body (a tsvector holds
  at most 1 MB).
- SQLite: FTS5 tables (`claims_claim_fts`, `claims_article_fts`) kept by
  triggers, with the porter stemmer; ranked by bm25.
"""

import re

from django.db import connection
from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from claims.models import Article, Claim

ARTICLE_CHARS = 200_000
_WORD = re.compile(r"\w+")
# PostgreSQL's English stop words (tsearch_data/english.stop): it drops them
# from a query, so they are dropped here for SQLite too, and both agree.
STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he
    him his himself she her hers herself it its itself they them their theirs
    themselves what which who whom this that these those am is are was were be
    been being have has had having do does did doing a an the and but if or
    because as until while of at by for with about against between into through
    during before after above below to from up down in out on off over under
    again further then once here there when where why how all any both each few
    more most other some such no nor not only own same so than too very s t can
    will just don should now
    """.split()
)

# What each model's rows are searched on, per vendor: the index's expression.
_POSTGRES = {
    Claim: "to_tsvector('english', {table}.text)",
    Article: f"to_tsvector('english', {{table}}.title || ' ' || "
    f"left({{table}}.body, {ARTICLE_CHARS}))",
}


def words(query: str) -> list[str]:
    """The words of a query as both databases' tokenisers split them, but
    for stop words."""
    found = [w for w in _WORD.findall(query.lower()) if w not in STOP_WORDS]
    return found[:20]


def search(queryset: QuerySet, query: str, *, rank: bool = False) -> QuerySet:
    """The rows of `queryset` (claims or articles) that have every word of
    `query`; with `rank`, best match first (then the queryset's own order).
    A query with no words matches nothing."""
    terms = words(query)
    if not terms:
        return queryset.none()
    model = queryset.model
    table = connection.ops.quote_name(model._meta.db_table)
    if connection.vendor == "postgresql":
        vector = _POSTGRES[model].format(table=table)
        text = " ".join(terms)
        hit = RawSQL(
            f"{vector} @@ plainto_tsquery('english', %s)",
            [text],
            output_field=BooleanField(),
        )
        score = RawSQL(
            f"ts_rank({vector}, plainto_tsquery('english', %s))",
            [text],
            output_field=FloatField(),
        )
        sign = "-"
    else:
        fts = connection.ops.quote_name(f"{model._meta.db_table}_fts")
        match = " ".join('"' + term + '"' for term in terms)  # every word
        hit = RawSQL(
            f"{table}.id IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s)",
            [match],
            output_field=BooleanField(),
        )
        # bm25 is lower for a better match.
        score = RawSQL(
            f"(SELECT bm25({fts}) FROM {fts} WHERE {fts} MATCH %s "
            f"AND rowid = {table}.id)",
            [match],
            output_field=FloatField(),
        )
        sign = ""
    found = queryset.filter(hit)
    if not rank:
        return found
    ordering = [str(o) for o in (queryset.query.order_by or model._meta.ordering)]
    return found.alias(search_rank=score).order_by(f"{sign}search_rank", *ordering)
