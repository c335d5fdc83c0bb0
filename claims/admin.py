from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import User
from django.db import models
from django.db.models import Count

from claims import people
from claims.models import Article, ChangeEvent, Claim, ClaimGroup, ClaimMatch


class ClaimInline(admin.TabularInline):
    model = Claim
    fields = ("start", "end", "text", "kind", "score", "status", "assignee")
    # Claims change through the workflow and the corrections (annotations),
    # which check the rules and record who, when and why; shown only here.
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # claims come from extraction or the reader's "add claim"


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "publisher",
        "published",
        "claim_count",
        "added_by",
        "created_at",
    )
    list_filter = ("publisher", "language", "published")
    search_fields = ("title", "byline", "publisher", "url")
    date_hierarchy = "created_at"
    readonly_fields = ("sha256", "created_at", "updated_at")
    list_select_related = ("added_by",)
    raw_id_fields = ("added_by",)
    inlines = [ClaimInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    def has_delete_permission(self, request, obj=None) -> bool:
        # Published is final: an article with a published verdict stays.
        if (
            obj is not None
            and obj.claims.filter(status=Claim.Status.PUBLISHED).exists()
        ):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one at a time, each checked
        return actions

    def get_readonly_fields(self, request, obj=None):
        # The body is what every claim's offsets point into: fixed once imported.
        return (*self.readonly_fields, "body") if obj else self.readonly_fields

    @admin.display(ordering="claim_count", description="claims")
    def claim_count(self, obj: Article) -> int:
        return obj.claim_count


@admin.register(ChangeEvent)
class ChangeEventAdmin(admin.ModelAdmin):
    """The change feed, to look at: it is written by the feed alone, never here."""

    list_display = ("seq", "operation", "model", "object_id", "created_at")
    list_filter = ("operation", "model")
    search_fields = ("=object_id",)
    readonly_fields = ("seq", "model", "object_id", "operation", "state", "created_at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class _ReadOnly(admin.ModelAdmin):
    """To look at only: the tracking functions (annotations/groups.py) decide
    matches and groups under the rules table and record who and when."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ClaimMatch)
class ClaimMatchAdmin(_ReadOnly):
    """Suggested, confirmed and rejected matches between claims of two articles."""

    list_display = (
        "pk", "claim", "candidate", "relation", "state", "score", "decided_by",
        "decided_at",
    )  # fmt: skip
    list_filter = ("state", "relation")
    search_fields = ("=claim__id", "=candidate__id", "reason")
    list_select_related = ("claim", "candidate", "decided_by")
    raw_id_fields = ("claim", "candidate", "decided_by")


@admin.register(ClaimGroup)
class ClaimGroupAdmin(_ReadOnly):
    """Claims confirmed as the same claim in several articles."""

    list_display = ("pk", "appearances", "created_at")
    inlines = [ClaimInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(appearances=Count("claims"))

    @admin.display(ordering="appearances", description="appearances")
    def appearances(self, obj: ClaimGroup) -> int:
        return obj.appearances


# Users are deactivated, never deleted: everything people did names them.
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(auth_admin.UserAdmin):
    """Django's user admin without deletion; "Deactivate" instead (claims/people.py)."""

    actions = ["deactivate_users"]
    list_display = (*auth_admin.UserAdmin.list_display, "is_active")

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Deactivate selected users", permissions=["change"])
    def deactivate_users(self, request, queryset) -> None:
        count = people.deactivate(users=queryset)
        self.message_user(
            request,
            f"{count} user(s) deactivated: they can no longer sign in or be "
            "assigned, and keep their names on what they did.",
        )
