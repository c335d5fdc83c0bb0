"""The one claim filter: the queue page and the API's claim list both use it.

An empty value always means "any", so a form that sends every field, blank
or not, never shows a false error. Every value is checked before it reaches
the database: a bad one is a message naming the field (400 in the API).
"""

import django_filters
from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet

from annotations.models import Rating
from claims.api.base import MAX_ID, AfterFilter, IdFilter
from claims.models import Claim
from claims.search import search

# ?ordering= values of the queue and the API, with the queue's labels.
ORDERINGS = {
    "-score": "Score, highest first",
    "score": "Score, lowest first",
    "-updated_at": "Recently changed",
    "-created_at": "Newest first",
    "created_at": "Oldest first",
    "rank": "Best match (with words to find)",
}


class AnyOfField(forms.MultipleChoiceField):
    """Several choices, each `?name=` repeated; blank values are ignored."""

    def to_python(self, value) -> list[str]:
        return [v for v in super().to_python(value) if v != ""]


class AnyOfFilter(django_filters.MultipleChoiceFilter):
    """Claims with any of the chosen values. One claim has one status and one
    kind, so no DISTINCT is needed (django-filter adds one by default)."""

    field_class = AnyOfField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


def _user_id(value: str) -> int | None:
    """An id as a person types it: ASCII digits within the databases' range
    (`"²".isdigit()` is true, and int() of it fails)."""
    if value.isascii() and value.isdigit() and int(value) <= MAX_ID:
        return int(value)
    return None


class ClaimFilter(django_filters.FilterSet):
    status = AnyOfFilter(choices=Claim.Status.choices, help_text="Any of these.")
    kind = AnyOfFilter(choices=Claim.Kind.choices, help_text="Any of these.")
    article = IdFilter(field_name="article_id", help_text="An article id.")
    assignee = django_filters.CharFilter(
        method="filter_assignee",
        max_length=150,
        help_text='"me", "none" (unassigned), or a user\'s id or username.',
    )
    rating = django_filters.ChoiceFilter(
        choices=Rating.choices,
        method="filter_rating",
        help_text="The rating of the claim's latest verdict (for anonymous "
        "callers, who see published claims only, its published verdict).",
    )
    score_min = django_filters.NumberFilter(
        field_name="score", lookup_expr="gte", min_value=0, max_value=1
    )
    score_max = django_filters.NumberFilter(
        field_name="score", lookup_expr="lte", min_value=0, max_value=1
    )
    # A choice, not a BooleanFilter: that reads "<script>" as "any".
    needs_recheck = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_needs_recheck",
        help_text="Published claims whose words changed in a newer version of "
        "their article, awaiting an editor (true), or the others (false).",
    )
    recurring = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_recurring",
        help_text="Claims confirmed as the same claim as one in another "
        "article (in a group: true), or the others (false).",
    )
    anchor = AnyOfFilter(
        choices=Claim.Anchor.choices,
        help_text="How the claims were found in their article's newest version.",
    )
    updated_after = AfterFilter()
    q = django_filters.CharFilter(
        method="filter_text",
        max_length=200,
        help_text="Words in the claim, each in any form (full-text search).",
    )

    class Meta:
        model = Claim
        fields = [
            "status",
            "kind",
            "article",
            "assignee",
            "rating",
            "score_min",
            "score_max",
            "needs_recheck",
            "recurring",
            "anchor",
            "updated_after",
            "q",
        ]

    @property
    def user(self):
        return self.request.user

    def filter_assignee(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "me":
            if not self.user.is_authenticated:
                return queryset.none()
            return queryset.filter(assignee=self.user)
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        pk = _user_id(value)
        users = User.objects.filter(pk=pk) if pk else User.objects.none()
        user = users.first() or User.objects.filter(username=value).first()
        return queryset.filter(assignee=user) if user else queryset.none()

    def filter_rating(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Claim.rating is the latest verdict's. Anonymous callers see only
        published claims, whose latest verdict is the published one."""
        return queryset.filter(rating=value)

    def filter_needs_recheck(
        self, queryset: QuerySet, name: str, value: str
    ) -> QuerySet:
        return queryset.filter(needs_recheck=value == "true")

    def filter_recurring(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(group__isnull=value != "true")

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search(queryset, value)
