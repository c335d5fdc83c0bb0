from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import User
from django.db import models
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from claims import people
from claims.models import Article, ChangeEvent, Claim


class ClaimInline(admin.TabularInline):
    model = Claim
    fields = ("start", "end", "text", "kind", "score", "status", "assignee")
    # Status and assignee move through annotations.workflow, which records
    # who, when and why; the admin shows them only.
    readonly_fields = fields
    extra = 0
    show_change_link = True


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

    def get_readonly_fields(self, request, obj=None):
        # The body is what every claim's offsets point into: fixed once imported.
        return (*self.readonly_fields, "body") if obj else self.readonly_fields

    @admin.display(ordering="claim_count", description="claims")
    def claim_count(self, obj: Article) -> int:
        return obj.claim_count


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
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
    raw_id_fields = ("article",)
    readonly_fields = (
        "status",  # moved by the workflow (pages, API), which records each move
        "assignee",
        "text",
        "version",
        "extractor_version",
        "created_at",
        "updated_at",
    )
    ordering = ("-score",)
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

    @admin.display(ordering="text", description="claim")
    def short_text(self, obj: Claim) -> str:
        return obj.text if len(obj.text) <= 90 else f"{obj.text[:89]}…"

    @admin.display(ordering="article__title", description="article")
    def article_title(self, obj: Claim) -> str:
        return obj.article.title


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
