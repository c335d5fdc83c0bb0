"""Notifications: the list, one opened (it is read then), all marked read; and
the navigation's unread count."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from annotations import notifications
from annotations.models import Notification
from claims.http import HtmxHttpRequest
from claims.paging import CappedPaginator

PAGE_SIZE = 30


@login_required
@require_GET
def notification_list(request: HtmxHttpRequest) -> HttpResponse:
    mine = Notification.objects.visible_to(request.user)
    rows = mine.select_related("actor", "claim").order_by("-created_at", "-id")
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    # "Mark all as read" marks what was unread when the page was drawn, up
    # to the newest unread: not one that arrives while the person reads.
    unread = mine.unread().aggregate(count=Count("pk"), newest=Max("pk"))
    context = {"page": page, "unread": unread["count"], "upto": unread["newest"]}
    return render(request, "annotations/notifications.html", context)


@login_required
@require_GET
def open_notification(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Read, then shown where it happened: the claim. Only its recipient may."""
    notification = (
        Notification.objects.visible_to(request.user)
        .select_related("claim")
        .filter(pk=pk)
        .first()
    )
    if notification is None:
        raise Http404("No such notification.")
    notifications.mark_read(request.user, [notification.pk])
    return redirect(notification.claim)


@login_required
@require_POST
def read_all(request: HtmxHttpRequest) -> HttpResponse:
    upto = request.POST.get("upto", "")
    if not (upto.isascii() and upto.isdigit() and len(upto) < 19):
        return HttpResponseBadRequest("Which notifications? Reload the page.")
    marked = notifications.mark_read(request.user, upto=int(upto))
    messages.success(
        request, f"{marked} notification{'s' if marked != 1 else ''} marked as read."
    )
    return redirect("annotations:notifications")


@require_GET
@never_cache  # opening one lowers the count: the next page must show it
def notification_count(request: HtmxHttpRequest) -> HttpResponse:
    """The navigation's unread count, fetched after the page as My work's is,
    and again every minute. Signed out meanwhile: nothing to show (204, which
    htmx does not swap), not the sign-in page inside the navigation."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    unread = notifications.unread_count(request.user)
    return render(
        request, "annotations/partials/notification_count.html", {"unread": unread}
    )
