"""The claims queue: every claim, filtered and sorted; bulk actions for editors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page
from django.http import HttpResponse, HttpResponseForbidden, QueryDict
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from annotations import rules, workflow
from annotations.filters import ORDERINGS, ClaimFilter
from annotations.templatetags.queue import ROW_FIELDS
from annotations.views.panel import REFUSED
from claims.api.base import MAX_ID
from claims.folding import fold_page, unfolded
from claims.http import HtmxHttpRequest
from claims.models import Article, Claim
from claims.paging import CappedPaginator, OrderedCountPaginator, UncountedPaginator
from claims.roles import is_editor, is_reviewer
from claims.search import search

PAGE_SIZE = 50
# Saved views, a click away: (label, the filters), for reviewers and editors.
VIEWS = [
    ("My open claims", "assignee=me&status=new&status=in_review&status=returned"),
    ("Returned to me", "assignee=me&status=returned"),
    ("Recurring claims", "recurring=true"),
]
EDITOR_VIEWS = [
    ("Awaiting approval", "status=submitted"),
    ("Needs re-check", "needs_recheck=true"),
]
BULK_ACTIONS = {"assign": "Assign", "dismiss": "Dismiss"}
MAX_BULK = 500


@login_required
def queue(request: HtmxHttpRequest) -> HttpResponse:
    ordering = request.GET.get("ordering", "")
    if ordering not in ORDERINGS or (ordering == "rank" and not request.GET.get("q")):
        ordering = "-score"
    by_rank = ordering == "rank"
    claims = (
        Claim.objects.visible_to(request.user)
        .select_related("article", "assignee")
        .only(*ROW_FIELDS)
        .order_by("-score" if by_rank else ordering, "pk")
    )
    filters = ClaimFilter(request.GET, queryset=claims, request=request)
    page = _page(request, filters, by_rank=by_rank)
    query = request.GET.copy()
    query.pop("page", None)
    article = filters.form.cleaned_data.get("article") if filters.is_valid() else None
    editor = is_editor(request.user)
    context = {
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "orderings": ORDERINGS,
        "ordering": ordering,
        "article": Article.objects.visible_to(request.user).filter(pk=article).first()
        if article
        else None,
        "views": _views(request, editor),
        "bulk": editor,
        "bulk_actions": BULK_ACTIONS,
        "assignees": rules.assignee_choices() if editor else [],
    }
    template = "annotations/queue.html"
    if request.htmx and request.htmx.target == "queue-table":
        template += "#queue-table"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _page(request: HtmxHttpRequest, filters: ClaimFilter, *, by_rank: bool) -> Page:
    """The page of rows asked for. Numbers fold under their sentence's row
    (claims/folding.py) unless the person asked for a kind (quantity: the
    numbers are the rows) or for words (every claim that has them is a row)."""
    found = filters.qs
    valid = filters.is_valid()
    searching = valid and filters.form.cleaned_data["q"]
    if by_rank and searching:
        found = search(found, filters.form.cleaned_data["q"], rank=True)
    folding = valid and not (searching or filters.form.cleaned_data["kind"])
    if searching:
        pages = UncountedPaginator
    elif folding:
        found = unfolded(found, parents=filters.qs)
        pages = OrderedCountPaginator
    else:
        pages = CappedPaginator
    page = pages(found, PAGE_SIZE).get_page(request.GET.get("page"))
    if folding:
        fold_page(list(page.object_list), among=filters.qs)
    return page


def _views(request: HtmxHttpRequest, editor: bool) -> list[tuple[str, str, bool]]:
    """The saved views this person has, each with whether it is in force."""
    if not is_reviewer(request.user):
        return []
    shown = _pairs(request.GET, skip=("page", "ordering"))
    views = VIEWS + (EDITOR_VIEWS if editor else [])
    return [(label, q, shown == _pairs(QueryDict(q))) for label, q in views]


def _pairs(query: QueryDict, skip: tuple[str, ...] = ()) -> set[tuple[str, str]]:
    return {(k, v) for k, values in query.lists() if k not in skip for v in values}


def _ids(values: list[str]) -> list[int]:
    """Claim ids from checkboxes; anything else is a ValidationError."""
    ids = []
    for value in values:
        if not (value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID):
            raise ValidationError(f"{value[:20]!r} is not a claim id.")
        ids.append(int(value))
    if len(ids) > MAX_BULK:
        raise ValidationError(f"Select at most {MAX_BULK} claims at once.")
    return ids


@login_required
@require_POST
def bulk(request: HtmxHttpRequest) -> HttpResponse:
    """Assign or dismiss the selected claims, one by one through the workflow;
    say what was done and what was refused, and why."""
    if not is_editor(request.user):
        return HttpResponseForbidden("Only editors can act on several claims at once.")
    action = request.POST.get("action")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "annotations:queue"
    if action not in BULK_ACTIONS:
        messages.error(request, "Choose an action: assign or dismiss.")
        return redirect(back)
    try:
        ids = _ids(request.POST.getlist("claims"))
        assignee = _bulk_assignee(request) if action == "assign" else None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    if not ids:
        messages.error(request, "Select at least one claim.")
        return redirect(back)
    done, refused = 0, []
    for claim in Claim.objects.visible_to(request.user).filter(pk__in=ids):
        try:
            if action == "assign":
                workflow.assign(claim=claim, assignee=assignee, user=request.user)
            else:
                workflow.dismiss(
                    claim=claim, user=request.user, note="Dismissed in bulk"
                )
        except (*REFUSED, ValidationError) as exc:
            refused.append(f"#{claim.pk}: {' '.join(_messages(exc))}")
        else:
            done += 1
    verb = f"assigned to {assignee.get_username()}" if assignee else "dismissed"
    if done:
        messages.success(request, f"{done} claim{'s' * (done != 1)} {verb}.")
    if refused:
        messages.error(request, "Refused — " + "; ".join(refused))
    return redirect(back)


def _bulk_assignee(request: HtmxHttpRequest):
    value = request.POST.get("assignee", "")
    pk = int(value) if value.isascii() and value.isdigit() and len(value) < 10 else 0
    user = rules.assignable_users().filter(pk=pk).first()
    if user is None:
        raise ValidationError("Choose whom to assign the claims to, from the list.")
    return user


def _messages(exc: Exception) -> list[str]:
    return exc.messages if isinstance(exc, ValidationError) else [str(exc)]
