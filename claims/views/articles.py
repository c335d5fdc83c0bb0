"""The article list and the import form."""

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from claims.forms import ArticleFilterForm, ImportForm
from claims.http import HtmxHttpRequest
from claims.ingest import Outcome
from claims.intake.jobs import create_job, notice_stalled
from claims.models import Article, Claim, ImportJob
from claims.paging import CappedPaginator, UncountedPaginator
from claims.records import (
    ArticleRecord,
    ImportProblem,
    check_record,
    max_bytes,
    max_request_bytes,
    parse_article_file,
)
from claims.roles import is_editor, is_reviewer
from claims.search import search
from claims.uploads import ArticleUploadLimit

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
    articles = Article.objects.visible_to(request.user).defer("body")
    pages = CappedPaginator
    if form.is_valid():
        if q := form.cleaned_data["q"].strip():
            articles = search(articles, q)
            pages = UncountedPaginator
        if publisher := form.cleaned_data["publisher"].strip():
            articles = articles.filter(publisher__iexact=publisher)
        if form.cleaned_data["open_work"]:
            # Open work is members' business: for anyone else, no article has any.
            visible = Claim.objects.visible_to(request.user)
            open_work = visible.filter(article=OuterRef("pk"), status__in=OPEN)
            articles = articles.filter(Exists(open_work))
    page = pages(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    # Progress bars for this page's articles only, not for every article.
    page.object_list = Article.objects.with_status_counts_of(
        list(page.object_list), request.user
    )
    context = {"form": form, "page": page, "can_import": is_reviewer(request.user)}
    template = "claims/article_list.html"
    if request.htmx:
        template += "#article-rows"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@csrf_exempt  # checked by _import: the upload handler must come before the body
@login_required
def import_articles(request: HtmxHttpRequest) -> HttpResponse:
    if not is_reviewer(request.user):
        return HttpResponseForbidden("Only reviewers and editors can import articles.")
    request.upload_handlers.insert(0, ArticleUploadLimit(request, max_bytes()))
    return _import(request)


@csrf_protect
def _import(request: HtmxHttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = ImportForm(request.POST, request.FILES) if posted else ImportForm()
    context = {"form": form, "limit": max_request_bytes(), "max_bytes": max_bytes()}
    if not (posted and form.is_valid()):
        status = 422 if posted else 200
        return render(request, "claims/import.html", context, status=status)
    data = form.cleaned_data
    if data["url"] and not data["text"].strip():  # fetched in the background
        job = create_job(user=request.user, items=[(data["url"], None)])
        return redirect("claims:import_job", job.pk)
    records, problems = _records(data)
    if not records:  # nothing to import: the form again, saying why
        context["results"] = [Outcome("", problem=problem) for problem in problems]
        return render(request, "claims/import.html", context, status=422)
    # Claims are found in the background: the job's page shows each article
    # as it is saved, and the lines that could not be read.
    failed = [("uploaded files", problem) for problem in problems]
    job = create_job(user=request.user, items=records, failed=failed)
    return redirect("claims:import_job", job.pk)


def _records(data: dict) -> tuple[list[tuple[str, ArticleRecord]], list[str]]:
    """(where, record) pairs and one-line problems, as `import_articles` reads
    them, within what one request may import (max_request_bytes())."""
    limit = max_request_bytes()
    if data["text"].strip():
        record = ArticleRecord(
            body=data["text"],
            title=data["title"],
            url=data["url"],
            publisher=data["publisher"],
            byline=data["byline"],
            published=data["published"],
        )
        try:
            check_record(record, "The pasted text", max_size=limit)
        except ImportProblem as exc:
            return [], [str(exc)]
        return [("The pasted text", record)], []
    records, problems = [], []
    title = data["title"] if len(data["files"]) == 1 else ""
    for upload in data["files"]:
        if upload.size > max_bytes():  # kept empty by ArticleUploadLimit
            problems.append(
                f"{upload.name}: {upload.size:,} bytes is over the limit of "
                f"{max_bytes():,}; import it with `python manage.py import_articles`"
            )
            continue
        try:
            found, bad = parse_article_file(
                upload.name, upload.read(), title=title, max_size=limit
            )
        except ImportProblem as exc:
            problems.append(str(exc))
            continue
        records += found
        problems += bad
    total = sum(len(record.body.encode("utf-8")) for _, record in records)
    if total > limit:  # each fits, but together they would take too long
        problems.append(
            f"Together these articles are {total:,} bytes; one import here takes "
            f"up to {limit:,}. Import fewer at a time, or all of them with "
            "`python manage.py import_articles`, which has no time limit."
        )
        records = []
    return records, problems


@login_required
def import_job(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """An import's progress, polled by htmx until it is over; then each
    article with the number of claims found."""
    jobs = ImportJob.objects.select_related("created_by")
    if not is_editor(request.user):
        jobs = jobs.filter(created_by=request.user)
    job = get_object_or_404(jobs, pk=pk)
    notice_stalled([job])
    context = {"job": job, "items": job.items.select_related("article")}
    template = "claims/import_job.html"
    if request.htmx:
        template += "#job"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
