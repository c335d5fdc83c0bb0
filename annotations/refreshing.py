"""Refreshing an article from its source, as a person asks it: the rules
table says who may; the fetch and the new version run as an import job
(claims/intake/jobs.py, claims/versions.py), so no request waits for them."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from annotations import rules
from claims.intake.jobs import create_job
from claims.models import Article, ImportJob
from claims.records import ImportProblem


def refresh_article(*, article: Article, user: User) -> ImportJob:
    """A job fetching the article's page again; NotAllowed for a role that
    may not, ValidationError for an article with no URL to fetch."""
    refusal = rules.article_refusal(user, "refresh")
    if refusal is not None:
        raise refusal
    try:
        return create_job(user=user, refresh=[article])
    except ImportProblem as exc:
        raise ValidationError({"url": str(exc)}) from None
