"""The REST API of what people add to claims."""

from claims.api.etags import declare_etag_operations

# The answers that carry an ETag, for the schema (claims.api.etags).
declare_etag_operations(
    *(
        f"{resource}_{action}"
        for resource in ("claims", "evidence", "sources", "verdicts", "comments")
        for action in ("retrieve", "create")
    ),
    "claims_partial_update",
    "claims_transitions_create",
    "claim_reviews_retrieve",
    "articles_annotations_retrieve",
    "articles_annotations_create",
)
