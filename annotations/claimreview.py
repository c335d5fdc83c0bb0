"""Published verdicts as schema.org ClaimReview JSON-LD.

A pure function of a claim, its approved verdict and the publisher settings:
no queries beyond the claim's article, which callers select_related.
"""

import re
from urllib.parse import quote, urlsplit, urlunsplit

from annotations.models import Rating, Verdict
from claims.models import Claim

_ORGANISATION_WORDS = re.compile(
    r"\b(officials?|ministry|ministers|government|agency|news|council|committee|"
    r"department|office|army|military|police|party|union|bank|institute|"
    r"association|organi[sz]ation|company|corporation|kcna|tass|reuters|"
    r"ap|afp|bbc|un|nato|eu)\b",
    re.IGNORECASE,
)
_FRAGMENT_WORDS = 5  # at most this many words of prefix and suffix


NEEDS_RECHECK = "NeedsRecheck"


def fragment_encode(text: str) -> str:
    """Percent-encode one text-directive value (Text Fragments spec).

    Beyond what `quote` escapes, `-` must be: with `&` and `,` it is syntax.
    """
    return quote(text, safe="").replace("-", "%2D")


def _occurrences(body: str, prefix: str, text: str, suffix: str) -> int:
    # Text fragments match prefix and suffix across white space.
    pattern = (
        (re.escape(prefix) + r"\s*" if prefix else "")
        + re.escape(text)
        + (r"\s*" + re.escape(suffix) if suffix else "")
    )
    return len(re.findall(pattern, body))


def text_fragment(body: str, start: int, end: int) -> str:
    """`:~:text=` directive pointing at body[start:end].

    When the text occurs more than once in the body, words before and after
    it are added as `prefix-,` and `,-suffix` until the match is unique.
    """
    text = " ".join(body[start:end].split())
    directive = fragment_encode(text)
    if body.count(body[start:end]) <= 1:
        return f":~:text={directive}"
    before = body[:start].split()
    after = body[end:].split()
    prefix = suffix = ""
    for n in range(1, _FRAGMENT_WORDS + 1):
        prefix = " ".join(before[-n:])
        suffix = " ".join(after[:n])
        if _occurrences(body, prefix, body[start:end], suffix) <= 1:
            break
    parts = [f"{fragment_encode(prefix)}-"] if prefix else []
    parts.append(directive)
    if suffix:
        parts.append(f"-{fragment_encode(suffix)}")
    return ":~:text=" + ",".join(parts)


def with_fragment(url: str, fragment: str) -> str:
    scheme, netloc, path, query, _ = urlsplit(url)
    return urlunsplit((scheme, netloc, path, query, fragment))


def speaker_node(speaker: str) -> dict | None:
    if not speaker.strip():
        return None
    kind = "Organization" if _ORGANISATION_WORDS.search(speaker) else "Person"
    return {"@type": kind, "name": speaker.strip()}


def rating_node(verdict: Verdict) -> dict:
    label = Rating(verdict.rating).label
    value = verdict.rating_value
    if value is None:  # misleading, unverifiable: no place on the scale
        return {"@type": "Rating", "alternateName": label}
    return {
        "@type": "Rating",
        "ratingValue": value,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": label,
    }


def appearance_node(claim: Claim) -> dict:
    """Where the claim appears: its article, the URL pointing at its text."""
    article = claim.article
    appearance: dict = {"@type": "CreativeWork"}
    if article.link and claim.is_orphaned:  # its words are no longer there
        appearance["url"] = article.link
    elif article.link:  # never a URL stored before the URL rule (javascript:)
        appearance["url"] = with_fragment(
            article.link, text_fragment(article.body, claim.start, claim.end)
        )
    if article.title:
        appearance["headline"] = article.title
    if article.publisher:
        appearance["publisher"] = {"@type": "Organization", "name": article.publisher}
    if article.published:
        appearance["datePublished"] = article.published.isoformat()
    return appearance


def claim_review(
    claim: Claim,
    verdict: Verdict,
    *,
    url: str,
    publisher_name: str,
    publisher_url: str,
    appearances: list[Claim] | None = None,
) -> dict:
    """The ClaimReview for `claim` judged by its approved `verdict`.

    `url` is the review's canonical address; the publisher is the organisation
    that publishes the review (settings CLAIMDESK_PUBLISHER_NAME and _URL).
    `appearances` are the claims of its group published with the same verdict
    (`claim` among them): one review lists every article the claim appears in.
    """
    article = claim.article
    shown = appearances or [claim]
    item: dict = {"@type": "Claim", "appearance": [appearance_node(c) for c in shown]}
    if (author := speaker_node(claim.speaker)) is not None:
        item["author"] = author
    if article.published:
        item["datePublished"] = article.published.isoformat()
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim.text,
        "itemReviewed": item,
        "reviewRating": rating_node(verdict),
        "reviewBody": verdict.summary,
        "author": {
            "@type": "Organization",
            "name": publisher_name,
            "url": publisher_url,
        },
    }
    if verdict.decided_at:
        review["datePublished"] = verdict.decided_at.date().isoformat()
    if claim.needs_recheck:
        # The article changed under the claim after this review was published
        # (claims/versions.py): schema.org's lifecycle status says so until an
        # editor reconfirms or withdraws the verdict.
        review["creativeWorkStatus"] = NEEDS_RECHECK
    return review
