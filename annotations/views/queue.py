"""The claims queue: every claim, filtered and sorted; bulk actions for editors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_htmx.http import HttpRequest

from annotations import workflow
from annotations.filters import ClaimFilter, with_latest_rating
from claims.errors import InvalidTransition, NotAllowed, StaleClaim
from claims.models import Claim
from claims.roles import REVIEWER, is_editor

PAGE_SIZE = 50
BULK_ACTIONS = {"assign": "Assign", "dismiss": "Dismiss"}


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    claims = with_latest_rating(
        Claim.objects.visible_to(request.user)
        .select_related("article", "assignee")
        .defer("article__body")
        .order_by("-score", "pk")
    )
    filters = ClaimFilter(request.GET, queryset=claims, user=request.user)
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    editor = is_editor(request.user)
    context = {
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "bulk": editor,
        "bulk_actions": BULK_ACTIONS,
        "reviewers": User.objects.filter(
            groups__name__in=[REVIEWER, "editor"]
        ).distinct()
        if editor
        else [],
    }
    template = "annotations/queue.html"
    if request.htmx and request.htmx.target == "queue-table":
        template += "#queue-table"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
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
    ids = [int(i) for i in request.POST.getlist("claims") if i.isdigit()]
    if not ids:
        messages.error(request, "Select at least one claim.")
        return redirect(back)
    assignee = None
    if action == "assign":
        assignee = User.objects.filter(pk=request.POST.get("assignee") or None).first()
        if assignee is None:
            messages.error(request, "Choose whom to assign the claims to.")
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
        except (NotAllowed, InvalidTransition, StaleClaim) as exc:
            refused.append(f"#{claim.pk}: {exc}")
        else:
            done += 1
    verb = f"assigned to {assignee.get_username()}" if assignee else "dismissed"
    if done:
        messages.success(request, f"{done} claim{'s' * (done != 1)} {verb}.")
    if refused:
        messages.error(request, "Refused — " + "; ".join(refused))
    return redirect(back)
