"""An article's versions: the list, and each earlier text with what the next
version changed in it."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from claims.diffing import render_diff
from claims.http import HtmxHttpRequest
from claims.models import Article, ArticleVersion
from claims.roles import VIEWER, has_role
from claims.views.reader import get_article_for_user


@login_required
def versions(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    # Queries: the article, its earlier versions (without their bodies).
    article = get_article_for_user(request, pk)
    earlier = list(
        article.versions.defer("body").select_related("snapshot").only(
            "number", "title", "fetched_at", "replaced_at", "article_id",
            "snapshot__fetched_at",
        )
    )  # fmt: skip
    context = {"article": article, "earlier": earlier}
    return render(request, "claims/versions.html", context)


@login_required
def version(request: HtmxHttpRequest, pk: int, number: int) -> HttpResponse:
    article = get_article_for_user(request, pk)
    if number == article.version:
        return redirect(article)
    old = ArticleVersion.objects.filter(article=article, number=number).first()
    if old is None:
        raise Http404("No such version of this article.")
    following = _text_of(article, number + 1)
    context = {
        "article": article,
        "old": old,
        "next_number": number + 1,
        "diff": render_diff(old.body, following),
        "snapshot_shown": has_role(request.user, VIEWER) and old.snapshot_id,
    }
    return render(request, "claims/version.html", context)


def _text_of(article: Article, number: int) -> str:
    if number == article.version:
        return article.body
    return article.versions.values_list("body", flat=True).get(number=number)
