"""The claims app's models, by what they hold: articles and claims
(claims.py), an article's earlier versions (versions.py), background imports
(jobs.py), claims tracked across articles (tracking.py), the change feed
(changes.py). Import them from here."""

from claims.models.changes import ChangeEvent, ChangeSequence
from claims.models.claims import (
    STATUS_WORDS,
    Article,
    ArticleQuerySet,
    AssignedCount,
    Claim,
    ClaimQuerySet,
    StatusCount,
    body_sha256,
)
from claims.models.jobs import ImportItem, ImportJob
from claims.models.tracking import ClaimGroup, ClaimMatch, ClaimMatchQuerySet
from claims.models.versions import ArticleSnapshot, ArticleVersion

__all__ = [
    "Article",
    "ArticleQuerySet",
    "ArticleSnapshot",
    "AssignedCount",
    "ArticleVersion",
    "ChangeEvent",
    "ChangeSequence",
    "Claim",
    "STATUS_WORDS",
    "ClaimGroup",
    "ClaimMatch",
    "ClaimMatchQuerySet",
    "ClaimQuerySet",
    "ImportItem",
    "ImportJob",
    "StatusCount",
    "body_sha256",
]
