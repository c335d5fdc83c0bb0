from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from annotations.api.changes import ChangeFeedView
from annotations.api.claim_exports import ClaimExportView
from annotations.api.claims import ClaimViewSet
from annotations.api.evidence import (
    CommentViewSet,
    EvidenceViewSet,
    SourceViewSet,
    VerdictViewSet,
)
from annotations.api.feeds import ArticleAnnotationsView, ClaimReviewViewSet
from annotations.api.notifications import NotificationViewSet
from annotations.api.refresh import ArticleRefreshView
from claims.api.articles import ArticleViewSet
from claims.api.auth import TokenView
from claims.api.imports import ImportJobViewSet
from claims.api.routing import Router

handler404 = "claims.api.errors.not_found"

api = Router()
api.register("articles", ArticleViewSet, basename="article")
api.register("imports", ImportJobViewSet, basename="importjob")
api.register("claims", ClaimViewSet, basename="claim")
api.register("evidence", EvidenceViewSet, basename="evidence")
api.register("sources", SourceViewSet, basename="source")
api.register("verdicts", VerdictViewSet, basename="verdict")
api.register("comments", CommentViewSet, basename="comment")
api.register("claim-reviews", ClaimReviewViewSet, basename="claim-review")
api.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/auth/token/", TokenView.as_view(), name="api-token"),
    path(
        "api/v1/articles/<int:pk>/annotations/",
        ArticleAnnotationsView.as_view(),
        name="article-annotations",
    ),
    path(
        "api/v1/articles/<int:pk>/refresh/",
        ArticleRefreshView.as_view(),
        name="article-refresh",
    ),
    path("api/v1/changes/", ChangeFeedView.as_view(), name="changes"),
    path("api/v1/exports/claims/", ClaimExportView.as_view(), name="claim-export"),
    path("api/v1/", include(api.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        # Its set-up script from a URL of its own, not inline (config/csp.py).
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
    path("", include("claims.urls")),
    path("", include("annotations.urls")),
]
