"""The OpenAPI document: valid, every operation documented with an example,
and every example valid against the schema it illustrates."""

import jsonschema
import pytest
from drf_spectacular.validation import validate_schema


@pytest.fixture(scope="module")
def openapi(django_db_blocker) -> dict:
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    return response.json()


def _json_schema(node):
    """OpenAPI 3.0 `nullable` → JSON Schema's null type."""
    if isinstance(node, list):
        return [_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: _json_schema(v) for k, v in node.items()}
    if node.pop("nullable", False):
        if "type" in node:
            node["type"] = [node["type"], "null"]
            if "enum" in node:
                node["enum"] = [*node["enum"], None]
        else:
            node = {"anyOf": [node, {"type": "null"}]}
    return node


def _operations(openapi):
    for path, item in openapi["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


def _examples(operation):
    """(where, schema, example value) for every JSON example of the operation."""
    body = operation.get("requestBody", {}).get("content", {})
    for media in body.values():
        for name, example in media.get("examples", {}).items():
            yield f"request {name}", media["schema"], example["value"]
    for code, response in operation["responses"].items():
        for media in response.get("content", {}).values():
            for name, example in media.get("examples", {}).items():
                yield f"{code} {name}", media["schema"], example["value"]


def test_schema_is_valid_openapi(openapi):
    validate_schema(openapi)
    assert openapi["openapi"].startswith("3.")


def test_every_operation_has_an_example_and_declares_its_errors(openapi):
    for label, operation in _operations(openapi):
        assert list(_examples(operation)), f"{label} has no example"
        assert operation.get("summary"), f"{label} has no summary"
        assert {"400", "401", "403", "404", "429"} <= set(operation["responses"])


def test_every_example_matches_its_schema(openapi):
    components = _json_schema(openapi["components"])
    checked = 0
    for label, operation in _operations(openapi):
        for where, schema, value in _examples(operation):
            validator = jsonschema.Draft7Validator(
                {**_json_schema(schema), "components": components}
            )
            errors = [e.message for e in validator.iter_errors(value)]
            assert not errors, f"{label} {where}: {errors}"
            checked += 1
    assert checked >= 40


def test_changes_to_a_claim_document_if_match_and_their_answers(openapi):
    for path in ("/api/v1/claims/{id}/", "/api/v1/claims/{id}/transitions/"):
        operation = openapi["paths"][path][
            "patch" if "transitions" not in path else "post"
        ]
        headers = [p for p in operation["parameters"] if p["in"] == "header"]
        assert [h["name"] for h in headers] == ["If-Match"]
        assert {"409", "412", "428"} <= set(operation["responses"])


def test_detail_answers_declare_their_etag(openapi):
    for path in ("/api/v1/claims/{id}/", "/api/v1/articles/{id}/"):
        responses = openapi["paths"][path]["get"]["responses"]
        assert responses["200"]["headers"]["ETag"]["required"] is True
        assert "ETag" in responses["304"]["headers"]
    change = openapi["paths"]["/api/v1/claims/{id}/"]["patch"]["responses"]
    assert "ETag" in change["412"]["headers"]
    listing = openapi["paths"]["/api/v1/claims/"]["get"]["responses"]["200"]
    assert "ETag" not in listing.get("headers", {})
