"""What an export holds of each model: the fields of the format, shared by
the writing and the restore."""

from claims.matching import DIMENSIONS
from claims.models import Claim

CHUNK = 500
EMBEDDING_BYTES = DIMENSIONS * 2  # float16 (claims.matching.embedding)
MAX_ID = 2**63 - 1  # the largest id the databases store
ARTICLE_FIELDS = ("id", "title", "byline", "publisher", "url", "published",
                  "body", "language", "created_at", "updated_at")  # fmt: skip
# Not the rating: it is the latest verdict's, restored from the verdicts.
# The embedding is written as base64 (see claim_record); the group and the
# matches are written on their own (claim_record, _Restore.matches). How a claim was re-anchored
# into its article's newest version (ANCHOR_FIELDS) is written and restored,
# with the article's version number; the earlier texts themselves are not.
CLAIM_FIELDS = tuple(
    f.attname
    for f in Claim._meta.concrete_fields
    if f.attname
    not in (
        "assignee_id",
        "rating",
        "embedding",
        "embedding_model",
        "group_id",
        "anchor",
        "orphaned_from",
        "needs_recheck",
        "kind_confidence",
        "speaker_confidence",
    )  # fmt: skip
)
# Absent from exports made before versions: a claim then was exact.
ANCHOR_FIELDS = {"anchor": "exact", "orphaned_from": None, "needs_recheck": False}
# Absent from exports made before the extractor said how sure it was.
CONFIDENCE_FIELDS = ("kind_confidence", "speaker_confidence")
VERDICT_FIELDS = ("id", "rating", "summary", "outcome", "created_at", "decided_at",
                  "decision_note", "updated_at")  # fmt: skip
EVIDENCE_FIELDS = ("id", "stance", "quote", "note", "created_at", "updated_at")
SOURCE_FIELDS = ("url", "title", "publisher", "published")
TRANSITION_FIELDS = ("id", "action", "from_status", "to_status", "note", "created_at")
COMMENT_FIELDS = ("id", "body", "created_at", "updated_at")
MATCH_FIELDS = ("id", "score", "similarity", "relation", "reason", "state",
                "decided_at", "created_at", "updated_at")  # fmt: skip
