"""Example bodies for the API documentation (checked against the schema by
tests/api/test_schema.py)."""

from drf_spectacular.utils import OpenApiExample, OpenApiResponse

TIME = "2026-11-22T09:30:00Z"

CLAIM_SPAN = {
    "id": 17,
    "article": 3,
    "start": 0,
    "end": 97,
    "text": "US officials said that Pyongyang has sent Russia 11,000 containers "
    "of munitions in the past year.",
    "sentence_start": 0,
    "sentence_end": 97,
    "kind": "quantity",
    "kind_confidence": 0.95,
    "score": 0.82,
    "speaker": "US officials",
    "speaker_confidence": 0.8,
    "quoted": False,
    "quantity": {
        "value": 11000.0,
        "low": None,
        "high": None,
        "unit": "containers",
        "subject": "munitions",
        "qualifier": "",
    },
    "origin": "extracted",
    "extractor_version": "1.4",
    "status": "in_review",
    "assignee": "reviewer",
    "version": 3,
    "anchor": "exact",
    "orphaned_from": None,
    "needs_recheck": False,
    "created_at": TIME,
    "updated_at": TIME,
}

ARTICLE = {
    "id": 3,
    "title": "Putin and Kim sign a defence pact",
    "byline": "A. Reporter",
    "publisher": "Example News",
    "url": "https://news.example.com/putin-kim",
    "published": "2024-06-19",
    "language": "en",
    "sha256": "5b2805df6cd0ab83790973b6dab711952ab2d130f2b49b11980a58f971866a3a",
    "version": 1,
    "added_by": "editor",
    "created_at": TIME,
    "updated_at": TIME,
}

ARTICLE_DETAIL = {
    **ARTICLE,
    "body": CLAIM_SPAN["text"],
    "claims": [CLAIM_SPAN],
}


def response(name: str, value, *codes: str) -> OpenApiExample:
    return OpenApiExample(
        name, value=value, response_only=True, status_codes=list(codes or ["200"])
    )


def field_errors(description: str) -> OpenApiResponse:
    """`{field: [messages]}`; the component is added by add_error_responses."""
    return OpenApiResponse(
        {"$ref": "#/components/schemas/FieldErrors"}, description=description
    )
