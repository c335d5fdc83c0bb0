"""The schema tells the truth about pages and addresses (issue 9, 4.7)."""

import pytest
from rest_framework.test import APIClient

from tests.factories import EvidenceFactory, SourceFactory


@pytest.fixture(scope="module")
def openapi(django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    return response.json()


def _resolve(openapi: dict, node: dict) -> dict:
    while "$ref" in node:
        node = openapi["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _list_pages(openapi: dict):
    for path, item in openapi["paths"].items():
        schema = (
            item.get("get", {})
            .get("responses", {})
            .get("200", {})
            .get("content", {})
            .get("application/json", {})
            .get("schema")
        )
        if schema is None:
            continue
        page = _resolve(openapi, schema)
        if "results" in page.get("properties", {}):
            yield path, page


def test_no_list_is_paginated_twice(openapi):
    pages = dict(_list_pages(openapi))
    assert "/api/v1/claim-reviews/" in pages
    for path, page in pages.items():
        item = _resolve(openapi, page["properties"]["results"]["items"])
        assert "results" not in item.get("properties", {}), path
        assert "next" not in item.get("required", []), path


def test_a_claim_review_page_holds_claim_reviews(openapi):
    page = dict(_list_pages(openapi))["/api/v1/claim-reviews/"]
    item = _resolve(openapi, page["properties"]["results"]["items"])
    assert {"@context", "@type", "claimReviewed"} <= set(item["required"])


def test_a_source_address_is_not_promised_to_be_a_uri(openapi):
    url = openapi["components"]["schemas"]["Source"]["properties"]["url"]
    assert "format" not in url
    assert url["pattern"] == "^https?://"
    assert "internationalised" in url["description"]


def test_an_internationalised_source_matches_its_schema(openapi, db):
    """What the schema promised before (format: uri) this answer broke."""
    import re

    source = SourceFactory(url="https://bücher.example/straße")
    EvidenceFactory(source=source, claim__status="published")
    response = APIClient().get(f"/api/v1/sources/{source.pk}/")
    assert response.status_code == 200
    url = response.json()["url"]
    assert url == "https://bücher.example/straße"
    schema = openapi["components"]["schemas"]["Source"]["properties"]["url"]
    assert re.search(schema["pattern"], url)


def test_page_size_is_documented_from_one(openapi):
    parameters = openapi["paths"]["/api/v1/claims/"]["get"]["parameters"]
    page_size = next(p for p in parameters if p["name"] == "page_size")
    assert page_size["schema"] == {"type": "integer", "minimum": 1}
