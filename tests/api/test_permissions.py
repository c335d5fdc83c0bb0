"""Every endpoint x method x role, with the status each role gets.

The world: an article whose claims are all unpublished (`hidden`) and a
published claim; a claim in review assigned to `reviewer` (`mine`), a new
unassigned claim, a submitted claim whose verdict `reviewer` proposed, and
evidence and a comment by `reviewer` on `mine`.
"""

import pytest
from django.utils import timezone

from claims.intake.jobs import create_job
from tests.api.conftest import ROLES
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    CommentFactory,
    EvidenceFactory,
    SourceFactory,
    VerdictFactory,
)


@pytest.fixture
def world(users) -> dict:
    hidden_article = ArticleFactory()
    new = ClaimFactory(article=hidden_article, status="new")
    mine = ClaimFactory(status="in_review", assignee=users["reviewer"])
    submitted = ClaimFactory(status="submitted", assignee=users["reviewer"])
    pending = VerdictFactory(claim=submitted, proposed_by=users["reviewer"])
    published = ClaimFactory(status="published")
    VerdictFactory(claim=published, outcome="approved", decided_at=timezone.now())
    return {
        "hidden_article": hidden_article,
        "published_article": published.article,
        "new": new,
        "mine": mine,
        "submitted": submitted,
        "published": published,
        "pending": pending,
        "evidence": EvidenceFactory(claim=mine, added_by=users["reviewer"]),
        "comment": CommentFactory(claim=mine, author=users["reviewer"]),
        "uncited": SourceFactory(),
        "job": create_job(user=users["reviewer"], items=[]),
    }


def etag(claim) -> str:
    return f'"v{claim.version}-"'


# (label, method, path, body, if_match claim, statuses by role:
#  anonymous, viewer, reviewer, other_reviewer, editor)
MATRIX = [
    ("articles list", "get", "/api/v1/articles/", None, None, (200, 200, 200, 200, 200)),
    ("article unpublished", "get", "/api/v1/articles/{hidden_article}/", None, None, (404, 200, 200, 200, 200)),
    ("article published", "get", "/api/v1/articles/{published_article}/", None, None, (200, 200, 200, 200, 200)),
    ("article create", "post", "/api/v1/articles/", {"body": "Pyongyang sent 11,000 containers, officials said."}, None, (401, 403, 201, 201, 201)),
    ("imports list", "get", "/api/v1/imports/", None, None, (401, 200, 200, 200, 200)),
    ("import job", "get", "/api/v1/imports/{job}/", None, None, (401, 404, 200, 404, 200)),
    ("article delete", "delete", "/api/v1/articles/{hidden_article}/", None, None, (401, 403, 405, 405, 405)),
    ("claims list", "get", "/api/v1/claims/", None, None, (200, 200, 200, 200, 200)),
    ("claim unpublished", "get", "/api/v1/claims/{new}/", None, None, (404, 200, 200, 200, 200)),
    ("claim published", "get", "/api/v1/claims/{published}/", None, None, (200, 200, 200, 200, 200)),
    ("claim create", "post", "/api/v1/claims/", {"article": "{hidden_article}", "start": 0, "end": 2}, None, (401, 403, 201, 201, 201)),
    ("claim correct mine", "patch", "/api/v1/claims/{mine}/", {"kind": "event"}, "mine", (401, 403, 200, 403, 200)),
    ("claim correct free", "patch", "/api/v1/claims/{new}/", {"kind": "event"}, "new", (401, 403, 200, 200, 200)),
    ("claim take", "patch", "/api/v1/claims/{new}/", {"assignee": "{other_reviewer}"}, "new", (401, 403, 403, 200, 200)),
    ("claim delete", "delete", "/api/v1/claims/{new}/", None, None, (401, 403, 405, 405, 405)),
    ("start review", "post", "/api/v1/claims/{new}/transitions/", {"action": "start_review"}, "new", (401, 403, 200, 200, 200)),
    ("submit", "post", "/api/v1/claims/{mine}/transitions/", {"action": "submit", "rating": "true", "summary": "Right."}, "mine", (401, 403, 200, 403, 200)),
    ("approve", "post", "/api/v1/claims/{submitted}/transitions/", {"action": "approve"}, "submitted", (401, 403, 403, 403, 200)),
    ("return", "post", "/api/v1/claims/{submitted}/transitions/", {"action": "return", "note": "Cite it."}, "submitted", (401, 403, 403, 403, 200)),
    ("dismiss new", "post", "/api/v1/claims/{new}/transitions/", {"action": "dismiss"}, "new", (401, 403, 200, 200, 200)),
    ("dismiss in review", "post", "/api/v1/claims/{mine}/transitions/", {"action": "dismiss"}, "mine", (401, 403, 403, 403, 200)),
    ("restore published", "post", "/api/v1/claims/{published}/transitions/", {"action": "restore"}, "published", (401, 403, 403, 403, 409)),
    ("evidence list", "get", "/api/v1/evidence/", None, None, (200, 200, 200, 200, 200)),
    ("evidence unpublished", "get", "/api/v1/evidence/{evidence}/", None, None, (404, 200, 200, 200, 200)),
    ("evidence create", "post", "/api/v1/evidence/", {"claim": "{mine}", "url": "https://example.org/x", "stance": "supports"}, None, (401, 403, 201, 201, 201)),
    ("evidence delete", "delete", "/api/v1/evidence/{evidence}/", None, None, (401, 403, 204, 403, 204)),
    ("sources list", "get", "/api/v1/sources/", None, None, (200, 200, 200, 200, 200)),
    ("source uncited", "get", "/api/v1/sources/{uncited}/", None, None, (404, 200, 200, 200, 200)),
    ("source create", "post", "/api/v1/sources/", {"url": "https://example.org/new"}, None, (401, 403, 201, 201, 201)),
    ("source delete", "delete", "/api/v1/sources/{uncited}/", None, None, (401, 403, 405, 405, 405)),
    ("verdicts list", "get", "/api/v1/verdicts/", None, None, (200, 200, 200, 200, 200)),
    ("verdict pending", "get", "/api/v1/verdicts/{pending}/", None, None, (404, 200, 200, 200, 200)),
    ("verdict create", "post", "/api/v1/verdicts/", {"claim": "{mine}", "rating": "true"}, None, (401, 403, 405, 405, 405)),
    ("comments list", "get", "/api/v1/comments/", None, None, (401, 200, 200, 200, 200)),
    ("comment", "get", "/api/v1/comments/{comment}/", None, None, (401, 200, 200, 200, 200)),
    ("comment create", "post", "/api/v1/comments/", {"claim": "{mine}", "body": "Why?"}, None, (401, 403, 201, 201, 201)),
    ("comment delete", "delete", "/api/v1/comments/{comment}/", None, None, (401, 403, 204, 403, 204)),
    ("claim-reviews list", "get", "/api/v1/claim-reviews/", None, None, (200, 200, 200, 200, 200)),
    ("claim-review", "get", "/api/v1/claim-reviews/{published}/", None, None, (200, 200, 200, 200, 200)),
    ("claim-review unpublished", "get", "/api/v1/claim-reviews/{submitted}/", None, None, (404, 404, 404, 404, 404)),
    ("claim-review create", "post", "/api/v1/claim-reviews/", {}, None, (401, 403, 405, 405, 405)),
    ("annotations unpublished", "get", "/api/v1/articles/{hidden_article}/annotations/", None, None, (404, 200, 200, 200, 200)),
    ("annotations published", "get", "/api/v1/articles/{published_article}/annotations/", None, None, (200, 200, 200, 200, 200)),
    ("annotations create", "post", "/api/v1/articles/{hidden_article}/annotations/", {"type": "Annotation", "target": {"selector": {"type": "TextQuoteSelector", "exact": "11,000 containers"}}}, None, (401, 403, 201, 201, 201)),
    ("notifications list", "get", "/api/v1/notifications/", None, None, (401, 200, 200, 200, 200)),
    ("notifications read", "post", "/api/v1/notifications/read/", {"up_to": 1}, None, (401, 200, 200, 200, 200)),
    ("changes", "get", "/api/v1/changes/", None, None, (401, 200, 200, 200, 200)),
    ("changes post", "post", "/api/v1/changes/", {}, None, (401, 405, 405, 405, 405)),
    ("export csv", "get", "/api/v1/exports/claims/?format=csv", None, None, (401, 200, 200, 200, 200)),
    ("export jsonl", "get", "/api/v1/exports/claims/?format=jsonl", None, None, (401, 200, 200, 200, 200)),
    ("schema", "get", "/api/schema/", None, None, (200, 200, 200, 200, 200)),
    ("docs", "get", "/api/docs/", None, None, (200, 200, 200, 200, 200)),
]  # fmt: skip


def _fill(value, world, users):
    names = {k: getattr(v, "pk", v) for k, v in world.items()}
    names.update({role: user.username for role, user in users.items()})
    if isinstance(value, str):
        filled = value.format(**names)
        return int(filled) if filled.isdigit() and value.startswith("{") else filled
    if isinstance(value, dict):
        return {k: _fill(v, world, users) for k, v in value.items()}
    return value


@pytest.mark.parametrize(
    ("method", "path", "body", "if_match", "role", "expected"),
    [
        pytest.param(
            method, path, body, if_match, role, statuses[i], id=f"{label}-{role}"
        )  # fmt: skip
        for label, method, path, body, if_match, statuses in MATRIX
        for i, role in enumerate(ROLES)
    ],
)
def test_permission_matrix(
    clients, users, world, method, path, body, if_match, role, expected
):
    headers = {"HTTP_IF_MATCH": etag(world[if_match])} if if_match else {}
    response = getattr(clients[role], method)(
        _fill(path, world, users),
        _fill(body, world, users),
        format="json",
        **headers,
    )
    assert response.status_code == expected, response.content[:300]


def test_every_route_is_in_the_matrix():
    """A new endpoint must be added to the matrix above."""
    from config.urls import api

    covered = {path.split("{")[0].rstrip("/") for _, _, path, *_ in MATRIX}
    for prefix, _viewset, _basename in api.registry:
        assert f"/api/v1/{prefix}" in covered, prefix
