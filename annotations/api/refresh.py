"""`POST /api/v1/articles/{id}/refresh/`: fetch an article's page again."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from annotations.refreshing import refresh_article
from claims.api.base import MAX_ID
from claims.api.examples import field_errors, response
from claims.api.imports import JOB, ImportJobSerializer
from claims.models import Article, ImportJob

REFRESHED_JOB = JOB | {
    "items": [
        JOB["items"][0]
        | {
            "outcome": "refreshed",
            "claims": 2,
            "note": "Version 2: claims re-anchored (1 changed, 30 exact), 2 new "
            "claims found, 1 published verdicts to re-check.",
        }
    ]
}


class ArticleRefreshView(APIView):
    @extend_schema(
        summary="Fetch an article's page again; changed text becomes a new version",
        description="Reviewers and editors. A job (202, `Location: "
        "/api/v1/imports/{id}/` to poll): its item is `refreshed` (a new "
        "version, claims re-anchored, new claims found) or `unchanged` (the "
        "same text, no new version), with a `note` saying so.",
        request=None,
        responses={
            202: OpenApiResponse(ImportJobSerializer, description="A job to poll."),
            400: field_errors("The article has no URL to fetch again."),
        },
        examples=[response("A refresh that found new text", REFRESHED_JOB, "202")],
    )
    def post(self, request: Request, pk: int) -> Response:
        if pk > MAX_ID:  # past what the databases store: no such article
            raise Http404("No such article.")
        article = get_object_or_404(Article.objects.visible_to(request.user), pk=pk)
        job = refresh_article(article=article, user=request.user)
        job = ImportJob.objects.prefetch_related("items").get(pk=job.pk)
        location = reverse("importjob-detail", args=[job.pk])
        return Response(
            ImportJobSerializer(job).data,
            status.HTTP_202_ACCEPTED,
            headers={"Location": location},
        )
