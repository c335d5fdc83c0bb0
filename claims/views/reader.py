"""The article reader: the body with every claim highlighted, the claims beside it."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers

from claims.folding import fold
from claims.highlighting import highlight
from claims.http import HtmxHttpRequest
from claims.models import Article, Claim
from claims.roles import VIEWER, has_role, is_reviewer


def get_article_for_user(request: HtmxHttpRequest, pk: int) -> Article:
    return get_object_or_404(Article.objects.visible_to(request.user), pk=pk)


def reader_context(request: HtmxHttpRequest, article: Article) -> dict:
    """What the reader page shows around an article; the claim panel adds to it."""
    every = list(
        Claim.objects.visible_to(request.user)
        .filter(article=article)
        .only(
            "pk", "start", "end", "text", "kind", "status", "score", "article_id",
            "anchor", "orphaned_from", "needs_recheck", "quantity_value",
            "quantity_low",
        )
        .order_by("start", "-end", "pk")
    )  # fmt: skip
    # One reverse() for all: the claim URLs differ only by the id.
    url = Claim(pk=0).get_absolute_url().removesuffix("0/") + "{}/"
    for claim in every:
        claim.url = url.format(claim.pk)
    # An orphan's offsets point into an earlier version: listed, not highlighted.
    claims = [c for c in every if not c.is_orphaned]
    highlighted = request.GET.get("highlight") != "0"
    return {
        "article": article,
        "claims": claims,
        # The list: numbers folded under their sentence's claim.
        "items": fold(claims),
        "orphans": [c for c in every if c.is_orphaned],
        "body": highlight(article.body, claims) if highlighted else article.body,
        "highlighted": highlighted,
        "can_edit": is_reviewer(request.user),
        "snapshot": article.snapshots.only("fetched_at").first()
        if has_role(request.user, VIEWER)
        else None,
        "kinds": Claim.Kind.choices,
    }


@login_required
def article_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    article = get_article_for_user(request, pk)
    template = "claims/reader.html"
    part = request.GET.get("part")
    if request.htmx and part in ("text", "list"):
        template += "#reader-text" if part == "text" else "#claim-list"
    response = render(request, template, reader_context(request, article))
    patch_vary_headers(response, ["HX-Request"])
    return response


# What a fetched page may do when shown: nothing. No script (the sandbox gives
# it an origin of its own, too), nothing loaded from anywhere; inline styles
# only, so the text reads as it did.
SNAPSHOT_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'"


@login_required
def snapshot(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The page the article was fetched from, as it was then (members only)."""
    article = get_article_for_user(request, pk)
    page = article.snapshots.first() if has_role(request.user, VIEWER) else None
    if page is None:
        raise Http404("No snapshot of this article.")
    response = HttpResponse(page.raw, content_type=page.content_type or "text/html")
    response["Content-Security-Policy"] = SNAPSHOT_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    return response
