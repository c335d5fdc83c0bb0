"""Example bodies for the API documentation of claims and their annotations."""

from claims.api.examples import CLAIM_SPAN, TIME

SOURCE = {
    "id": 5,
    "url": "https://www.un.org/press/en/2024/sc15650.doc.htm",
    "title": "Security Council press release",
    "publisher": "United Nations",
    "published": "2024-03-28",
    "created_at": TIME,
}

EVIDENCE = {
    "id": 8,
    "claim": 17,
    "source": SOURCE,
    "stance": "supports",
    "quote": "The panel found evidence of arms transfers.",
    "note": "The UN panel reports the same shipments.",
    "added_by": "reviewer",
    "created_at": TIME,
    "updated_at": TIME,
}

VERDICT = {
    "id": 4,
    "claim": 17,
    "rating": "mostly_true",
    "rating_value": 4,
    "summary": "Officials did say so; the figure is theirs and unverified.",
    "proposed_by": "reviewer",
    "created_at": TIME,
    "outcome": "approved",
    "decided_by": "editor",
    "decided_at": TIME,
    "decision_note": "",
}

COMMENT = {
    "id": 2,
    "claim": 17,
    "author": "reviewer",
    "body": "Which officials said it?",
    "created_at": TIME,
}

CLAIM = {**CLAIM_SPAN, "published_verdict": None}

CLAIM_DETAIL = {
    **CLAIM,
    "evidence": [EVIDENCE],
    "verdicts": [],
    "actions": ["submit", "dismiss"],
}

PUBLISHED_CLAIM_DETAIL = {
    **CLAIM_DETAIL,
    "status": "published",
    "version": 5,
    "published_verdict": VERDICT,
    "verdicts": [VERDICT],
    "actions": [],
}
