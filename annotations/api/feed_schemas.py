"""JSON schemas and examples of the feed endpoints, for the OpenAPI document
(annotations/api/feeds.py); kept apart so the views read as views."""

_THING = {"type": "object", "additionalProperties": True}
CLAIM_REVIEW_SCHEMA = {
    "type": "object",
    "required": [
        "@context",
        "@type",
        "url",
        "claimReviewed",
        "itemReviewed",
        "reviewRating",
        "author",
    ],
    "properties": {
        "@context": {"type": "string", "enum": ["https://schema.org"]},
        "@type": {"type": "string", "enum": ["ClaimReview"]},
        "url": {"type": "string", "format": "uri"},
        "claimReviewed": {"type": "string"},
        "reviewBody": {"type": "string"},
        "datePublished": {"type": "string", "format": "date"},
        "author": _THING,
        "itemReviewed": {
            "type": "object",
            "required": ["@type", "appearance"],
            "properties": {
                "@type": {"type": "string", "enum": ["Claim"]},
                "appearance": {"type": "array", "items": _THING},
                "author": _THING,
                "datePublished": {"type": "string", "format": "date"},
            },
        },
        "reviewRating": {
            "type": "object",
            "required": ["@type", "alternateName"],
            "properties": {
                "@type": {"type": "string", "enum": ["Rating"]},
                "ratingValue": {"type": "integer", "minimum": 1, "maximum": 5},
                "bestRating": {"type": "integer", "enum": [5]},
                "worstRating": {"type": "integer", "enum": [1]},
                "alternateName": {"type": "string"},
            },
        },
    },
}
CLAIM_REVIEW_EXAMPLE = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://desk.example/api/v1/claim-reviews/17/",
    "claimReviewed": "Pyongyang has sent Russia 11,000 containers of munitions",
    "reviewBody": "US and South Korean officials' figure; not independently checked.",
    "datePublished": "2024-06-21",
    "author": {"@type": "Organization", "name": "ClaimDesk", "url": "https://desk.example/"},
    "reviewRating": {"@type": "Rating", "ratingValue": 4, "bestRating": 5,
                     "worstRating": 1, "alternateName": "Mostly true"},
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Organization", "name": "US officials"},
        "datePublished": "2024-06-19",
        "appearance": [{
            "@type": "CreativeWork",
            "url": "https://news.example/summit#:~:text=11%2C000%20containers%20of%20munitions",
            "headline": "Putin and Kim sign defence pact",
        }],
    },
}  # fmt: skip


ANNOTATION_SCHEMA = {
    "type": "object",
    "required": ["type", "target"],
    "properties": {
        "@context": {"type": "string"},
        "id": {"type": "string"},
        "type": {"type": "string", "enum": ["Annotation"]},
        "motivation": {"type": "string"},
        "created": {"type": "string"},
        "modified": {"type": "string"},
        "body": {"type": "array", "items": _THING},
        "target": {
            "type": "object",
            "required": ["selector"],
            "properties": {
                "source": {"type": "string"},
                "selector": {"type": "array", "items": _THING},
            },
        },
    },
}
COLLECTION_SCHEMA = {
    "type": "object",
    "required": ["@context", "type", "total", "first"],
    "properties": {
        "@context": {"type": "string"},
        "id": {"type": "string"},
        "type": {"type": "string", "enum": ["AnnotationCollection"]},
        "label": {"type": "string"},
        "total": {"type": "integer"},
        "first": {
            "type": "object",
            "properties": {
                "type": {"type": "string"},
                "startIndex": {"type": "integer"},
                "items": {"type": "array", "items": ANNOTATION_SCHEMA},
            },
        },
    },
}
ANNOTATION_EXAMPLE = {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    "id": "https://desk.example/api/v1/claims/17/",
    "type": "Annotation",
    "motivation": "classifying",
    "body": [
        {"type": "TextualBody", "purpose": "tagging", "value": "quantity"},
        {"type": "claimdesk:Claim", "kind": "quantity", "status": "new",
         "score": 0.82, "speaker": "US officials", "quoted": False,
         "quantity": {"value": 11000.0, "low": None, "high": None,
                      "unit": "containers", "subject": "munitions", "qualifier": ""}},
    ],
    "target": {
        "source": "https://news.example/summit",
        "selector": [
            {"type": "TextQuoteSelector", "exact": "11,000 containers of munitions",
             "prefix": "has sent Russia ", "suffix": " in the past year"},
            {"type": "TextPositionSelector", "start": 49, "end": 79},
        ],
    },
}  # fmt: skip

COLLECTION_EXAMPLE = {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    "id": "https://desk.example/api/v1/articles/3/annotations/",
    "type": "AnnotationCollection",
    "label": "Putin and Kim sign defence pact",
    "total": 1,
    "first": {"type": "AnnotationPage", "startIndex": 0, "items": [ANNOTATION_EXAMPLE]},
}
