"""The article list and the import form."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from claims.forms import ArticleFilterForm, ImportForm
from claims.http import HtmxHttpRequest
from claims.ingest import (
    ArticleRecord,
    ImportProblem,
    check_record,
    ingest_records,
    parse_article_file,
)
from claims.models import Article, Claim
from claims.roles import is_reviewer

PAGE_SIZE = 25
OPEN = [
    Claim.Status.NEW,
    Claim.Status.IN_REVIEW,
    Claim.Status.SUBMITTED,
    Claim.Status.RETURNED,
]


@login_required
def article_list(request: HtmxHttpRequest) -> HttpResponse:
    form = ArticleFilterForm(request.GET)
    articles = (
        Article.objects.visible_to(request.user)
        .with_status_counts(request.user)
        .defer("body")
        .order_by("-created_at", "-id")  # GROUP BY drops Meta.ordering
    )
    if form.is_valid():
        if q := form.cleaned_data["q"].strip():
            articles = articles.filter(Q(title__icontains=q) | Q(body__icontains=q))
        if publisher := form.cleaned_data["publisher"].strip():
            articles = articles.filter(publisher__iexact=publisher)
        if form.cleaned_data["open_work"]:
            # Open work is members' business: for anyone else, no article has any.
            visible = Claim.objects.visible_to(request.user)
            articles = articles.filter(claims__in=visible.filter(status__in=OPEN))
            articles = articles.distinct()
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "can_import": is_reviewer(request.user)}
    template = "claims/article_list.html"
    if request.htmx:
        template += "#article-rows"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def import_articles(request: HtmxHttpRequest) -> HttpResponse:
    if not is_reviewer(request.user):
        return HttpResponseForbidden("Only reviewers and editors can import articles.")
    posted = request.method == "POST"
    form = ImportForm(request.POST, request.FILES) if posted else ImportForm()
    results: list[dict] = []
    if posted and form.is_valid():
        records, problems = _records(form.cleaned_data)
        for where, article, created in ingest_records(records, user=request.user):
            results.append({"where": where, "article": article, "created": created})
        results += [{"problem": problem} for problem in problems]
        status = 200 if not problems else 422
        if not problems:
            form = ImportForm()
        return render(
            request,
            "claims/import.html",
            {"form": form, "results": results},
            status=status,
        )
    status = 422 if posted else 200
    return render(request, "claims/import.html", {"form": form}, status=status)


def _records(data: dict) -> tuple[list[tuple[str, ArticleRecord]], list[str]]:
    """(where, record) pairs and one-line problems, as `import_articles` reads them."""
    if data["text"].strip():
        record = ArticleRecord(body=data["text"], title=data["title"])
        try:
            check_record(record, "The pasted text")
        except ImportProblem as exc:
            return [], [str(exc)]
        return [("The pasted text", record)], []
    records, problems = [], []
    title = data["title"] if len(data["files"]) == 1 else ""
    for upload in data["files"]:
        try:
            found, bad = parse_article_file(upload.name, upload.read(), title=title)
        except ImportProblem as exc:
            problems.append(str(exc))
            continue
        records += found
        problems += bad
    return records, problems
