""" "Has this been checked?": a claim's text in, the claims like it out, those
with a published verdict first (claims/tracking.py ranks them)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from annotations.api.tracking import MAX_QUERY, with_published_verdicts
from claims import tracking
from claims.http import HtmxHttpRequest
from claims.models import Claim
from claims.validators import has_unstorable_characters

RESULTS = 20


@login_required
def checked(request: HtmxHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    error, found = "", []
    if len(query) > MAX_QUERY:
        error = f"At most {MAX_QUERY:,} characters: paste the claim, not the article."
    elif has_unstorable_characters(query):
        error = "The text contains a NUL byte or a lone surrogate."
    elif query:
        found = tracking.similar_to_text(
            query, queryset=Claim.objects.visible_to(request.user), k=RESULTS
        )
        with_published_verdicts(found)
    context = {"query": query, "error": error, "found": found}
    status = 400 if error else 200
    return render(request, "annotations/checked.html", context, status=status)
