"""My work: what needs me, list by list; and `n`, the claim that needs me next."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from annotations import worklist
from claims.http import HtmxHttpRequest

SHOWN = 20  # claims per list; the queue, filtered, has the rest
# What the reader says after it moved on by itself (`?done=`).
DONE = {"submit": "Verdict submitted.", "approve": "Approved and published."}


@login_required
def my_work(request: HtmxHttpRequest) -> HttpResponse:
    counts = worklist.counts_for(request.user)
    lists = [
        (key, title, counts.get(key, 0), list(
            claims.select_related("article").defer("article__body")[:SHOWN]
        ))
        for key, title, claims in worklist.lists_for(request.user)
    ]  # fmt: skip
    return render(request, "annotations/my_work.html", {"lists": lists})


@login_required
def next_claim(request: HtmxHttpRequest) -> HttpResponse:
    """To the claim that needs me next (not the one I am on, `?after=`)."""
    after = request.GET.get("after", "")
    valid = after.isascii() and after.isdigit() and len(after) < 10
    after_pk = int(after) if valid else None
    claim = worklist.next_for(request.user, after=after_pk)
    if done := DONE.get(request.GET.get("done", "")):
        messages.success(
            request, done + (" Here is the next claim that needs you." if claim else "")
        )
    if claim is None:
        messages.info(request, "Nothing needs you now: every claim is taken care of.")
        return redirect("annotations:my_work")
    return redirect(claim)


@login_required
def work_count(request: HtmxHttpRequest) -> HttpResponse:
    """The navigation's count of what needs me, fetched after the page (so a
    page's own cost does not grow by it)."""
    total = sum(worklist.counts_for(request.user).values())
    response = render(request, "annotations/partials/work_count.html", {"total": total})
    response["Cache-Control"] = "private, max-age=15"
    return response
