from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from annotations.models import Comment, Evidence, Source, Transition, Verdict


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("url", "title", "publisher", "published", "created_at")
    search_fields = ("url", "title", "publisher")
    list_filter = ("publisher",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ("claim", "stance", "source", "added_by", "created_at")
    list_filter = ("stance",)
    search_fields = ("claim__text", "source__url", "source__title", "quote", "note")
    list_select_related = ("claim", "source", "added_by")
    raw_id_fields = ("claim", "source", "added_by")


@admin.register(Verdict)
class VerdictAdmin(SimpleHistoryAdmin):
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
    raw_id_fields = ("claim", "proposed_by", "decided_by")


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("claim", "author", "body", "created_at")
    search_fields = ("body", "claim__text")
    list_select_related = ("claim", "author")
    raw_id_fields = ("claim", "author")


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
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
    raw_id_fields = ("claim", "actor")

    def has_change_permission(self, request, obj=None):
        return False  # the record of what happened is not edited
