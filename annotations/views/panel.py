"""The claim panel: everything about one claim, and every action on it.

Each action calls the same domain function as the API and answers with the
panel redrawn, plus `HX-Trigger: claim-changed` so the reader repaints its
highlights. Refusals keep the panel and say why: 403 for a role or owner
rule, 409 for a claim that moved on (with its current values), 422 for a form
with errors next to its fields.
"""

import contextlib

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST
from django_htmx.http import HttpRequest, push_url, trigger_client_event

from annotations import evidence, workflow
from annotations.forms import CommentForm, EvidenceForm, VerdictForm
from annotations.models import Evidence, Transition
from claims.editing import add_claim, correct_claim
from claims.errors import InvalidTransition, NotAllowed, StaleClaim
from claims.highlighting import from_rendered
from claims.models import Claim
from claims.roles import REVIEWER, is_editor, is_reviewer
from claims.views.reader import get_article_for_user, reader_context

ACTIONS = (
    "start_review",
    "assign_me",
    "assign",
    "approve",
    "return",
    "dismiss",
    "restore",
)


def _get_claim_for_user(request: HttpRequest, pk: int) -> Claim:
    claim = (
        Claim.objects.visible_to(request.user)
        .select_related("article", "assignee")
        .filter(pk=pk)
        .first()
    )
    if claim is None:
        raise Http404("No such claim.")
    return claim


def panel_context(request: HttpRequest, claim: Claim, **extra) -> dict:
    user = request.user
    allowed = set(workflow.allowed_actions(claim, user))
    context = {
        "claim": claim,
        "sentence": claim.article.body[claim.sentence_start : claim.sentence_end],
        "evidence": claim.evidence.select_related("source", "added_by"),
        "verdicts": claim.verdicts.select_related("proposed_by", "decided_by"),
        "comments": claim.comments.select_related("author"),
        "history": [
            (
                t,
                workflow.ACTIONS[t.action].label
                if t.action in workflow.ACTIONS
                else t.action,
            )
            for t in Transition.objects.filter(claim=claim).select_related("actor")
        ],
        "can_comment": is_reviewer(user),
        "kinds": Claim.Kind.choices,
        "allowed": allowed,
        "can_annotate": is_reviewer(user)
        and claim.status not in (Claim.Status.PUBLISHED, Claim.Status.DISMISSED),
        "reviewers": (
            User.objects.filter(groups__name__in=[REVIEWER, "editor"]).distinct()
            if is_editor(user) and "assign" in allowed
            else []
        ),
        "evidence_form": EvidenceForm(),
        "verdict_form": VerdictForm(),
        "comment_form": CommentForm(),
    }
    return context | extra


def render_panel(
    request: HttpRequest, claim: Claim, *, status: int = 200, **extra
) -> HttpResponse:
    response = render(
        request,
        "annotations/partials/claim_panel.html",
        panel_context(request, claim, **extra),
        status=status,
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The claim's own URL: the panel alone for htmx, else the reader with it open."""
    claim = _get_claim_for_user(request, pk)
    if request.htmx:
        return render_panel(request, claim)
    context = reader_context(request, claim.article) | panel_context(request, claim)
    response = render(request, "claims/reader.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _changed(request: HttpRequest, claim: Claim, **extra) -> HttpResponse:
    claim.refresh_from_db()
    return trigger_client_event(render_panel(request, claim, **extra), "claim-changed")


def _refused(
    request: HttpRequest, claim: Claim, exc: Exception, **extra
) -> HttpResponse:
    """The panel again, with the reason: nothing was saved."""
    if isinstance(exc, StaleClaim):
        current = _get_claim_for_user(request, claim.pk)
        return render_panel(request, current, status=409, conflict=True, **extra)
    status = 403 if isinstance(exc, NotAllowed) else 409
    claim = _get_claim_for_user(request, claim.pk)
    return render_panel(request, claim, status=status, refusal=str(exc), **extra)


def _based_on(request: HttpRequest, claim: Claim) -> Claim:
    """The claim at the version the person was looking at when they acted."""
    with contextlib.suppress(ValueError):
        claim.version = int(request.POST.get("version", claim.version))
    return claim


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404("No such action.")
    claim = _based_on(request, _get_claim_for_user(request, pk))
    note = request.POST.get("note", "")
    try:
        if action == "assign_me":
            workflow.assign(claim=claim, assignee=request.user, user=request.user)
        elif action == "assign":
            assignee = User.objects.filter(
                pk=request.POST.get("assignee") or None
            ).first()
            workflow.assign(
                claim=claim, assignee=assignee, user=request.user, note=note
            )
        else:
            workflow.perform(action=action, claim=claim, user=request.user, note=note)
    except ValidationError as exc:
        return render_panel(
            request,
            _get_claim_for_user(request, pk),
            status=422,
            action_errors=exc.message_dict,
        )
    except (NotAllowed, InvalidTransition, StaleClaim) as exc:
        return _refused(request, claim, exc)
    return _changed(request, claim)


@login_required
@require_POST
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    """A reviewer corrects the claim's kind."""
    claim = _based_on(request, _get_claim_for_user(request, pk))
    try:
        correct_claim(claim=claim, user=request.user, kind=request.POST.get("kind", ""))
    except ValidationError as exc:
        current = _get_claim_for_user(request, pk)
        return render_panel(
            request, current, status=422, action_errors=exc.message_dict
        )
    except (NotAllowed, StaleClaim) as exc:
        return _refused(request, claim, exc)
    return _changed(request, claim)


def _submit(
    request: HttpRequest, claim: Claim, form, name: str, action
) -> HttpResponse:
    """Validate `form` and run `action(**cleaned_data)`; the panel redrawn, or
    again with the errors next to the fields (the form is the context's `name`)."""
    if form.is_valid():
        try:
            action(**form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        except (NotAllowed, InvalidTransition, StaleClaim) as exc:
            return _refused(request, claim, exc, **{name: form})
        else:
            return _changed(request, claim)
    return render_panel(request, claim, status=422, **{name: form})


@login_required
@require_POST
def submit_verdict(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _based_on(request, _get_claim_for_user(request, pk))

    def submit(**data) -> None:
        workflow.submit_verdict(claim=claim, user=request.user, **data)

    return _submit(request, claim, VerdictForm(request.POST), "verdict_form", submit)


@login_required
@require_POST
def add_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim_for_user(request, pk)

    def add(**data) -> None:
        evidence.add_evidence(claim=claim, user=request.user, **data)

    return _submit(request, claim, EvidenceForm(request.POST), "evidence_form", add)


@login_required
@require_POST
def remove_evidence(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    claim = _get_claim_for_user(request, pk)
    item = get_object_or_404(Evidence, pk=evidence_pk, claim=claim)
    try:
        evidence.remove_evidence(evidence=item, user=request.user)
    except NotAllowed as exc:
        return _refused(request, claim, exc)
    return _changed(request, claim)


@login_required
@require_POST
def add_comment(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim_for_user(request, pk)

    def post(**data) -> None:
        evidence.add_comment(claim=claim, user=request.user, **data)

    return _submit(request, claim, CommentForm(request.POST), "comment_form", post)


@login_required
@require_POST
def add_claim_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Selected text becomes a manual claim. The browser counts offsets in the
    text as shown (code points, line breaks as LF): mapped back here."""
    article = get_article_for_user(request, pk)
    try:
        shown = [int(request.POST.get("start", "")), int(request.POST.get("end", ""))]
    except ValueError:
        return _add_claim_error(request, "Select some text in the article first.", 422)
    start, end = from_rendered(article.body, shown)
    try:
        claim = add_claim(
            article=article,
            start=start,
            end=end,
            user=request.user,
            kind=request.POST.get("kind") or Claim.Kind.OTHER,
        )
    except NotAllowed as exc:
        return _add_claim_error(request, str(exc), 403)
    except ValidationError as exc:
        return _add_claim_error(request, " ".join(exc.messages), 422)
    response = render_panel(request, claim, status=201)
    push_url(response, claim.get_absolute_url())
    return trigger_client_event(response, "claim-changed")


def _add_claim_error(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(
        request,
        "annotations/partials/add_claim_error.html",
        {"message": message},
        status=status,
    )


def _add_errors(form, exc: ValidationError) -> None:
    """Domain errors next to the fields they name (the domain says `quote` and
    `url` where the form has the same names; anything else goes on top)."""
    for field, messages in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)
