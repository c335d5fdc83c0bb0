"""Evidence and comments on the claim panel: added, corrected, removed.

The same domain functions as the API (annotations/evidence.py); each answers
with the panel redrawn, or again with the reason, as the panel's actions do.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from annotations import evidence, rules
from annotations.forms import CommentForm, EvidenceForm
from annotations.models import Comment, Evidence
from annotations.views.panel import (
    REFUSED,
    changed,
    claim_for_user,
    refused,
    submit_form,
)
from claims.http import HtmxHttpRequest
from claims.intake import source_from_url
from claims.models import Claim
from claims.validators import is_web_url


@login_required
@require_POST
def add_evidence(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    claim = claim_for_user(request, pk)

    def add(**data) -> None:
        evidence.add_evidence(claim=claim, user=request.user, **data)

    return submit_form(request, claim, EvidenceForm(request.POST), "evidence_form", add)


@login_required
@require_GET
def evidence_source(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The evidence form's title and publisher, filled from the page at
    `?url=` where they are empty; as they were when it cannot be fetched."""
    claim = claim_for_user(request, pk)
    if reason := rules.refusal(request.user, claim, "add_evidence"):
        return HttpResponseForbidden(str(reason))
    form = EvidenceForm(request.GET)
    form.is_valid()  # the values as cleaned where they are valid
    values = {k: form.cleaned_data.get(k, "") for k in ("url", "title", "publisher")}
    if is_web_url(values["url"]) and not (values["title"] and values["publisher"]):
        title, publisher = source_from_url(values["url"])
        values["title"] = values["title"] or title[:500]
        values["publisher"] = values["publisher"] or publisher[:200]
    return render(
        request,
        "annotations/partials/evidence_source.html",
        {"claim": claim, "title": values["title"], "publisher": values["publisher"]},
    )


@login_required
@require_POST
def remove_evidence(
    request: HtmxHttpRequest, pk: int, evidence_pk: int
) -> HttpResponse:
    claim = claim_for_user(request, pk)
    item = get_object_or_404(Evidence, pk=evidence_pk, claim=claim)
    return _remove(
        request,
        claim,
        lambda: evidence.remove_evidence(evidence=item, user=request.user),
    )


@login_required
@require_POST
def edit_evidence(request: HtmxHttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    """Its author or an editor corrects a piece of evidence; with errors, its
    form again, open, next to the fields."""
    claim = claim_for_user(request, pk)
    item = get_object_or_404(Evidence, pk=evidence_pk, claim=claim)
    form = EvidenceForm(request.POST, prefix=f"edit-{item.pk}")

    def edit(**data) -> None:
        evidence.edit_evidence(evidence=item, user=request.user, **data)

    return submit_form(request, claim, form, "edit_form", edit)


@login_required
@require_POST
def add_comment(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    claim = claim_for_user(request, pk)

    def post(**data) -> None:
        evidence.add_comment(claim=claim, user=request.user, **data)

    return submit_form(request, claim, CommentForm(request.POST), "comment_form", post)


@login_required
@require_POST
def delete_comment(request: HtmxHttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    claim = claim_for_user(request, pk)
    comment = get_object_or_404(Comment, pk=comment_pk, claim=claim)
    return _remove(
        request,
        claim,
        lambda: evidence.remove_comment(comment=comment, user=request.user),
    )


def _remove(request: HtmxHttpRequest, claim: Claim, remove) -> HttpResponse:
    """Run `remove()`; the panel redrawn, or again with the reason."""
    try:
        remove()
    except REFUSED as exc:
        return refused(request, claim, exc)
    return changed(request, claim)
