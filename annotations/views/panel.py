"""The claim panel: everything about one claim, and every action on it.

Each action calls the same domain function as the API and answers with the
panel redrawn, plus `HX-Trigger: claim-changed` so the reader repaints its
highlights. Refusals keep the panel and say why: 403 for a role or owner
rule, 409 for a claim that moved on (with its current values), 422 for a form
with errors next to its fields.
"""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST
from django_htmx.http import push_url, trigger_client_event

from annotations import groups, rules, workflow
from annotations.corrections import add_claim, correct_claim
from annotations.forms import CommentForm, EvidenceForm, VerdictForm
from annotations.models import Evidence, Rating, Transition, Verdict
from claims.errors import ClaimGone, InvalidTransition, NotAllowed, StaleClaim
from claims.highlighting import from_rendered
from claims.http import HtmxHttpRequest
from claims.models import Claim, ClaimMatch
from claims.views.reader import get_article_for_user, reader_context

# The buttons and forms of the panel that post to `act`: the workflow's
# moves, assignment, and "assign to me".
ACTIONS = (*rules.TRANSITIONS, "assign", "assign_me")
# ClaimGone: refused() looks the claim up again, a 404.
REFUSED = (NotAllowed, InvalidTransition, StaleClaim, ClaimGone)


class VersionMissing(Exception):
    """A form that changes the claim did not say which version it was based on."""


def claim_for_user(request: HtmxHttpRequest, pk: int) -> Claim:
    claim = (
        Claim.objects.visible_to(request.user)
        .select_related("article", "assignee")
        .filter(pk=pk)
        .first()
    )
    if claim is None:
        raise Http404("No such claim.")
    return claim


def panel_context(request: HtmxHttpRequest, claim: Claim, **extra) -> dict:
    """The panel offers exactly what the rules table allows this person."""
    user = request.user
    verdicts = list(claim.verdicts.select_related("proposed_by", "decided_by"))
    found = list(ClaimMatch.objects.of(claim).select_related("decided_by"))
    facts = rules.known_facts(verdicts, found)
    allowed = set(rules.allowed_actions(user, claim, facts=facts))
    items = list(claim.evidence.select_related("source", "added_by"))
    comments = list(claim.comments.select_related("author"))
    editing = extra.get("edit_form")
    for item in items:
        item.removable = "remove_evidence" in allowed and not rules.refusal(
            user, claim, "remove_evidence", item=item
        )
        item.editable = "edit_evidence" in allowed and not rules.refusal(
            user, claim, "edit_evidence", item=item
        )
        if item.editable:
            item.form = _evidence_form(item, editing)
    for comment in comments:
        comment.removable = "delete_comment" in allowed and not rules.refusal(
            user, claim, "delete_comment", item=comment
        )
    may_assign_others = "assign" in allowed and not rules.refusal(
        user, claim, "assign", assignee=None
    )
    # Returned: the editor's note first, and the verdict to rework filled in.
    returned = next(
        (v for v in reversed(verdicts) if v.outcome == Verdict.Outcome.RETURNED), None
    )
    if claim.status != Claim.Status.RETURNED:
        returned = None
    again = (
        {"rating": returned.rating, "summary": returned.summary} if returned else None
    )
    context = {
        "claim": claim,
        "sentence": claim.article.body_of(claim)[
            claim.sentence_start : claim.sentence_end
        ],
        "evidence": items,
        "verdicts": verdicts,
        "returned": returned,
        "comments": comments,
        "history": [
            (t, rules.RULES[t.action].label if t.action in rules.RULES else t.action)
            for t in Transition.objects.filter(claim=claim).select_related("actor")
        ],
        "kinds": Claim.Kind.choices,
        "allowed": allowed,
        "assign_me": "assign" in allowed
        and claim.assignee_id != user.pk
        and not rules.refusal(user, claim, "assign", assignee=user),
        "assignees": rules.assignee_choices() if may_assign_others else [],
        "matches": _matches(user, claim, found, allowed),
        "group_others": groups.others_in_group(claim, user),
        "evidence_form": EvidenceForm(),
        "verdict_form": VerdictForm(initial=again),
        "comment_form": CommentForm(),
    }
    return context | extra


def _evidence_form(item: Evidence, editing: EvidenceForm | None) -> EvidenceForm:
    """The edit form of one piece of evidence: the one that just failed, with
    its errors, or one filled with what it says now."""
    prefix = f"edit-{item.pk}"
    if editing is not None and editing.prefix == prefix:
        return editing
    source = item.source
    initial = {"url": source.url, "title": source.title}
    initial |= {"publisher": source.publisher, "stance": item.stance}
    initial |= {"quote": item.quote, "note": item.note}
    return EvidenceForm(initial=initial, prefix=prefix)


def verdict_label(claim: Claim) -> str:
    """ "False" for a published verdict, "proposed: False" for one awaiting
    approval or returned, "" with none."""
    if not claim.rating:
        return ""
    label = Rating(claim.rating).label
    return label if claim.status == Claim.Status.PUBLISHED else f"proposed: {label}"


def _matches(
    user, claim: Claim, found: list[ClaimMatch], allowed: set[str]
) -> list[ClaimMatch]:
    """ "Same claim elsewhere": those of the claim's matches (`found`) whose
    other claim `user` may see, confirmed first, each with `other` and what
    may be decided."""
    others = (
        Claim.objects.visible_to(user)
        .select_related("article")
        .defer("article__body", "embedding")
        .in_bulk([m.other(claim) for m in found])
    )
    shown = []
    for match in found:
        match.other_claim = others.get(match.other(claim))
        if match.other_claim is None:
            continue
        match.verdict = verdict_label(match.other_claim)
        match.may_confirm = "confirm_match" in allowed and not rules.refusal(
            user, match.other_claim, "confirm_match", item=match
        )
        match.may_reject = "reject_match" in allowed and not rules.refusal(
            user, match.other_claim, "reject_match", item=match
        )
        shown.append(match)
    order = {"confirmed": 0, "suggested": 1, "rejected": 2}
    return sorted(shown, key=lambda m: (order[m.state], -m.score))


def render_panel(
    request: HtmxHttpRequest, claim: Claim, *, status: int = 200, **extra
) -> HttpResponse:
    """The panel alone for htmx; for a page load or a form sent without
    htmx (no script yet, or none at all), the reader with the panel open."""
    context = panel_context(request, claim, **extra)
    if request.htmx:
        template = "annotations/partials/claim_panel.html"
    else:
        template = "claims/reader.html"
        context = reader_context(request, claim.article) | context
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def claim_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The claim's own URL: the panel alone for htmx, else the reader with it open."""
    return render_panel(request, claim_for_user(request, pk))


def changed(request: HtmxHttpRequest, claim: Claim, **extra) -> HttpResponse:
    """Done: htmx redraws the panel; a form sent without htmx is redirected to
    the claim's own URL (so that a reload does not send it again)."""
    if not request.htmx:
        return redirect(claim.get_absolute_url())
    claim.refresh_from_db()
    return trigger_client_event(render_panel(request, claim, **extra), "claim-changed")


def refused(
    request: HtmxHttpRequest, claim: Claim, exc: Exception, **extra
) -> HttpResponse:
    """The panel again, with the reason: nothing was saved."""
    current = claim_for_user(request, claim.pk)
    if isinstance(exc, StaleClaim):
        return render_panel(request, current, status=409, conflict=True, **extra)
    if isinstance(exc, VersionMissing):
        return render_panel(request, current, status=428, refusal=str(exc), **extra)
    status = 403 if isinstance(exc, NotAllowed) else 409
    return render_panel(request, current, status=status, refusal=str(exc), **extra)


def _based_on(request: HtmxHttpRequest, claim: Claim) -> Claim:
    """The claim at the version the person was looking at when they acted.

    A form that changes the claim must say it: without it, a click on an old
    page would overwrite what someone else did meanwhile."""
    version = request.POST.get("version", "")
    if not (version.isascii() and version.isdigit() and len(version) < 10):
        raise VersionMissing(
            "This form did not say which version of the claim it changes; "
            "nothing was saved. Reload the claim and try again."
        )
    claim.version = int(version)
    return claim


def _assignee(request: HtmxHttpRequest) -> User | None:
    """The person chosen in an assignee select: "" is nobody, anything else
    must be someone who can be assigned."""
    value = request.POST.get("assignee", "")
    if value == "":
        return None
    user = None
    if value.isascii() and value.isdigit() and len(value) < 10:
        user = User.objects.filter(pk=int(value)).first()
    if user is None:
        raise ValidationError(
            {"assignee": "No such user; choose someone from the list."}
        )
    return user


@login_required
@require_POST
def act(request: HtmxHttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404("No such action.")
    claim = claim_for_user(request, pk)
    note = request.POST.get("note", "")
    try:
        _based_on(request, claim)
        if action == "assign_me":
            workflow.assign(claim=claim, assignee=request.user, user=request.user)
        elif action == "assign":
            workflow.assign(
                claim=claim, assignee=_assignee(request), user=request.user, note=note
            )
        else:
            workflow.perform(action=action, claim=claim, user=request.user, note=note)
    except ValidationError as exc:
        current = claim_for_user(request, pk)
        return render_panel(request, current, status=422, action_errors=_errors(exc))
    except (*REFUSED, VersionMissing) as exc:
        return refused(request, claim, exc)
    return changed(request, claim)


@login_required
@require_POST
def decide_match(request: HtmxHttpRequest, pk: int, match_pk: int) -> HttpResponse:
    """ "Same claim" or "not the same" on one of the claim's matches."""
    claim = claim_for_user(request, pk)
    match = get_object_or_404(ClaimMatch.objects.of(claim), pk=match_pk)
    decide = {"confirm": groups.confirm_match, "reject": groups.reject_match}
    decision = decide.get(request.POST.get("decision", ""))
    if decision is None:
        current = claim_for_user(request, pk)
        errors = {"decision": ["Choose “same claim” or “not the same”."]}
        return render_panel(request, current, status=422, action_errors=errors)
    try:
        _based_on(request, claim)
        decision(match=match, claim=claim, user=request.user)
    except (*REFUSED, VersionMissing) as exc:
        return refused(request, claim, exc)
    return changed(request, claim)


def _errors(exc: ValidationError) -> dict:
    return exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}


@login_required
@require_POST
def correct(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """A reviewer corrects the claim's kind, speaker or words (a selection
    in the article, in offsets as the browser counts them)."""
    claim = claim_for_user(request, pk)
    try:
        _based_on(request, claim)
        start, end = _selected_span(request, claim)
        correct_claim(
            claim=claim,
            user=request.user,
            kind=request.POST.get("kind") or None,
            speaker=request.POST.get("speaker"),
            start=start,
            end=end,
        )
    except ValidationError as exc:
        current = claim_for_user(request, pk)
        return render_panel(request, current, status=422, action_errors=_errors(exc))
    except (*REFUSED, VersionMissing) as exc:
        return refused(request, claim, exc)
    return changed(request, claim)


def _selected_span(
    request: HtmxHttpRequest, claim: Claim
) -> tuple[int, int] | tuple[None, None]:
    """The new words of a claim, if the form sends them: both offsets, as the
    browser counts them (code points, line breaks as LF), mapped back."""
    shown = [request.POST.get("start"), request.POST.get("end")]
    if shown == [None, None]:
        return None, None
    if not all(o and o.isascii() and o.isdigit() and len(o) < 10 for o in shown):
        raise ValidationError(
            {"start": "Select the claim's words in the article, then try again."}
        )
    start, end = from_rendered(claim.article.body, [int(o) for o in shown])
    return start, end


def submit_form(
    request: HtmxHttpRequest, claim: Claim, form, name: str, action
) -> HttpResponse:
    """Validate `form` and run `action(**cleaned_data)`; the panel redrawn, or
    again with the errors next to the fields (the form is the context's `name`)."""
    if form.is_valid():
        try:
            action(**form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        except (*REFUSED, VersionMissing) as exc:
            return refused(request, claim, exc, **{name: form})
        else:
            return changed(request, claim)
    return render_panel(request, claim, status=422, **{name: form})


@login_required
@require_POST
def submit_verdict(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    claim = claim_for_user(request, pk)

    def submit(**data) -> None:
        workflow.submit_verdict(
            claim=_based_on(request, claim), user=request.user, **data
        )

    return submit_form(
        request, claim, VerdictForm(request.POST), "verdict_form", submit
    )


@login_required
@require_POST
def add_claim_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
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
            **({"kind": kind} if (kind := request.POST.get("kind")) else {}),
        )
    except NotAllowed as exc:
        return _add_claim_error(request, str(exc), 403)
    except ValidationError as exc:
        return _add_claim_error(request, " ".join(exc.messages), 422)
    response = render_panel(request, claim, status=201)
    push_url(response, claim.get_absolute_url())
    return trigger_client_event(response, "claim-changed")


def _add_claim_error(
    request: HtmxHttpRequest, message: str, status: int
) -> HttpResponse:
    return render(
        request,
        "annotations/partials/add_claim_error.html",
        {"message": message},
        status=status,
    )


def _add_errors(form, exc: ValidationError) -> None:
    """Domain errors next to the fields they name (the domain says `quote` and
    `url` where the form has the same names; anything else goes on top)."""
    for field, messages in _errors(exc).items():
        form.add_error(field if field in form.fields else None, messages)
