"""The product's URLs plus the baseline: the same rows through json.dumps."""

import json

from django.http import HttpRequest, HttpResponse
from django.urls import path

from claims.models import Claim
from config.urls import urlpatterns as product

FIELDS = ("id", "article", "start", "end", "text", "sentence_start", "sentence_end",
          "kind", "score", "speaker", "quoted", "origin", "extractor_version",
          "status", "version", "created_at", "updated_at")  # fmt: skip


def plain_claims(request: HttpRequest) -> HttpResponse:
    """What the API's claims list returns, without DRF: one query, json.dumps."""
    size = min(int(request.GET.get("page_size", 50)), 500)
    rows = list(
        Claim.objects.filter(status=request.GET.get("status", "new"))
        .order_by("-id")
        .values(
            *FIELDS,
            "kind",
            "quantity_value",
            "quantity_low",
            "quantity_high",
            "quantity_unit",
            "quantity_subject",
            "quantity_qualifier",
            "assignee__username",
        )[:size]  # fmt: skip
    )
    for row in rows:
        row["assignee"] = row.pop("assignee__username")
        quantity = {
            name: row.pop(f"quantity_{name}")
            for name in ("value", "low", "high", "unit", "subject", "qualifier")
        }
        row["quantity"] = quantity if row["kind"] == "quantity" else None
        row["published_verdict"] = None
    body = json.dumps({"next": None, "previous": None, "results": rows}, default=str)
    return HttpResponse(body, content_type="application/json")


urlpatterns = [path("bench/plain/claims/", plain_claims), *product]
