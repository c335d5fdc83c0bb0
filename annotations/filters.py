"""Claim filters shared by the queue page and the API."""

import django_filters
from django.contrib.auth.models import User
from django.db.models import OuterRef, Q, QuerySet, Subquery

from annotations.models import Rating, Verdict
from claims.models import Article, Claim


def with_latest_rating(claims: QuerySet) -> QuerySet:
    """Annotate `latest_rating`: the rating of the claim's most recent verdict."""
    latest = Verdict.objects.filter(claim=OuterRef("pk")).order_by("-created_at", "-id")
    return claims.annotate(latest_rating=Subquery(latest.values("rating")[:1]))


class ClaimFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=Claim.Status.choices)
    kind = django_filters.MultipleChoiceFilter(choices=Claim.Kind.choices)
    article = django_filters.ModelChoiceFilter(queryset=Article.objects.none())
    assignee = django_filters.CharFilter(method="filter_assignee", label="Assignee")
    rating = django_filters.ChoiceFilter(
        choices=Rating.choices, method="filter_rating", label="Rating"
    )
    q = django_filters.CharFilter(method="filter_text", label="Text")
    ordering = django_filters.OrderingFilter(
        fields=(
            ("score", "score"),
            ("created_at", "created"),
            ("updated_at", "updated"),
        ),
        label="Sort by",
    )

    class Meta:
        model = Claim
        fields = ["status", "kind", "article"]

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["article"].queryset = Article.objects.visible_to(user).only(
            "pk", "title"
        )

    def filter_assignee(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """ "me", "none" (unassigned), or a user's id or username."""
        if value == "me":
            return queryset.filter(assignee=self.user)
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        match = Q(username=value) | (Q(pk=int(value)) if value.isdigit() else Q())
        user = User.objects.filter(match).first()
        return queryset.filter(assignee=user) if user else queryset.none()

    def filter_rating(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return with_latest_rating(queryset).filter(latest_rating=value)

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(text__icontains=value.strip())
