"""The admin reads freely and writes only through the domain.

Every field the workflow governs is read-only here; the moves are admin
actions that call the same functions as the pages and the API, so the rules
table is asked, and history and the change feed record each one. What a
reader of a published verdict sees is never removed (rules: published is
final)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from annotations import evidence as domain
from annotations import rules, workflow
from annotations.models import (
    Comment,
    Evidence,
    Notification,
    Source,
    Transition,
    Verdict,
)
from claims.errors import ClaimGone, InvalidTransition, NotAllowed, StaleClaim
from claims.models import Claim


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never added or edited here."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # deletions one by one, each checked
        return actions


def _run(modeladmin, request, queryset, label: str, move) -> None:
    """`move(claim)` for each selected claim; say what was done and refused."""
    done, refused = 0, []
    for claim in queryset:
        try:
            move(claim)
        except (
            NotAllowed,
            InvalidTransition,
            StaleClaim,
            ClaimGone,
            ValidationError,
        ) as exc:
            refused.append(
                f"#{claim.pk}: {' '.join(getattr(exc, 'messages', [str(exc)]))}"
            )
        else:
            done += 1
    if done:
        modeladmin.message_user(request, f"{label}: {done} claim(s).", messages.SUCCESS)
    if refused:
        modeladmin.message_user(
            request, f"Refused — {'; '.join(refused)}", messages.ERROR
        )


def _transition(name: str):
    label = rules.RULES[name].label

    @admin.action(description=f"{label} the selected claims")
    def action(modeladmin, request, queryset):
        def move(claim):
            workflow.perform(action=name, claim=claim, user=request.user)

        _run(modeladmin, request, queryset, label, move)

    action.__name__ = name
    return action


@admin.action(description="Assign the selected claims to me")
def assign_to_me(modeladmin, request, queryset):
    def move(claim):
        workflow.assign(claim=claim, assignee=request.user, user=request.user)

    _run(modeladmin, request, queryset, "Assigned to you", move)


@admin.action(description="Unassign the selected claims")
def unassign(modeladmin, request, queryset):
    def move(claim):
        workflow.assign(claim=claim, assignee=None, user=request.user)

    _run(modeladmin, request, queryset, "Unassigned", move)


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin, ReadOnlyAdmin):
    list_display = (
        "short_text",
        "article_title",
        "kind",
        "score",
        "status",
        "speaker",
        "quoted",
        "assignee",
        "updated_at",
    )
    # No filter by article: with thousands of articles the sidebar would list
    # them all; search by the article's title instead.
    list_filter = ("status", "kind", "origin", "quoted")
    search_fields = ("text", "speaker", "article__title")
    list_select_related = ("article", "assignee")
    ordering = ("-score",)
    actions = [
        *(
            _transition(name)
            for name in ("start_review", "approve", "dismiss", "restore")
        ),
        assign_to_me,
        unassign,
    ]
    fieldsets = (
        (None, {"fields": ("article", "text", "kind", "score", "status", "assignee")}),
        ("Span", {"fields": ("start", "end", "sentence_start", "sentence_end")}),
        ("Attribution", {"fields": ("speaker", "quoted")}),
        ("Quantity", {"fields": ("quantity_value", "quantity_low", "quantity_high", "quantity_unit",
                                 "quantity_subject", "quantity_qualifier")}),
        ("Provenance", {"fields": ("origin", "extractor_version", "version", "created_at", "updated_at")}),
    )  # fmt: skip

    def get_queryset(self, request):
        # The list shows the article's title: never load every body with it.
        return super().get_queryset(request).defer("article__body")

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.status == Claim.Status.PUBLISHED:
            return False  # published is final
        return super().has_delete_permission(request, obj)

    @admin.display(ordering="text", description="claim")
    def short_text(self, obj: Claim) -> str:
        return obj.text if len(obj.text) <= 90 else f"{obj.text[:89]}…"

    @admin.display(ordering="article__title", description="article")
    def article_title(self, obj: Claim) -> str:
        return obj.article.title


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    """Titles and publishers may be tidied; the URL is the source's identity
    (normalised by the evidence functions) and stays as it is."""

    list_display = ("url", "title", "publisher", "published", "created_at")
    search_fields = ("url", "title", "publisher")
    list_filter = ("publisher",)
    readonly_fields = ("url", "created_at", "updated_at")

    def has_add_permission(self, request) -> bool:
        return False  # sources come with evidence


class RemovedThroughTheDomain:
    """Deleted one at a time through the domain function, as the rules allow
    (`rule`: the action of the rules table; `remove(obj, user)`)."""

    rule: str

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is None:
            return super().has_delete_permission(request)
        return rules.refusal(request.user, obj.claim, self.rule, item=obj) is None

    def delete_model(self, request, obj) -> None:
        self.remove(obj, request.user)


@admin.register(Evidence)
class EvidenceAdmin(RemovedThroughTheDomain, SimpleHistoryAdmin, ReadOnlyAdmin):
    list_display = ("claim", "stance", "source", "added_by", "created_at")
    list_filter = ("stance",)
    search_fields = ("claim__text", "source__url", "source__title", "quote", "note")
    list_select_related = ("claim", "source", "added_by")

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is None:
            return super().has_delete_permission(request)
        return (
            rules.refusal(request.user, obj.claim, "remove_evidence", item=obj) is None
        )

    def delete_model(self, request, obj: Evidence) -> None:
        domain.remove_evidence(evidence=obj, user=request.user)


@admin.register(Verdict)
class VerdictAdmin(SimpleHistoryAdmin, ReadOnlyAdmin):
    """Verdicts are proposed, approved and returned in the workflow only."""

    list_display = (
        "claim",
        "rating",
        "outcome",
        "proposed_by",
        "decided_by",
        "created_at",
        "decided_at",
    )
    list_filter = ("rating", "outcome")
    search_fields = ("claim__text", "summary")
    list_select_related = ("claim", "proposed_by", "decided_by")

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ("claim", "author", "body", "created_at")
    search_fields = ("body", "claim__text")
    list_select_related = ("claim", "author")

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is None:
            return super().has_delete_permission(request)
        return (
            rules.refusal(request.user, obj.claim, "delete_comment", item=obj) is None
        )

    def delete_model(self, request, obj: Comment) -> None:
        domain.remove_comment(comment=obj, user=request.user)


@admin.register(Transition)
class TransitionAdmin(ReadOnlyAdmin):
    """The record of what happened: never edited, added or removed."""

    list_display = (
        "claim",
        "action",
        "from_status",
        "to_status",
        "actor",
        "created_at",
    )
    list_filter = ("action", "to_status")
    search_fields = ("claim__text", "note")
    list_select_related = ("claim", "actor")

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """Made by the workflow and read by their recipients: only shown here."""

    list_display = ("recipient", "kind", "actor", "claim", "created_at", "read_at")
    list_filter = ("kind",)
    search_fields = ("recipient__username", "claim__text", "message")
    list_select_related = ("recipient", "actor", "claim")
    ordering = ("-created_at", "-id")

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
