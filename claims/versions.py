"""A new text of an article: the old one kept as a version, every claim
re-anchored into the new one, claims on new text found.

`refresh_from_url` fetches the article's page again; `new_version` takes any
new text. In one transaction: the old body becomes an ArticleVersion, each
claim is re-anchored by claims/anchoring.py (`exact`, `moved`, `changed`,
`orphaned`), the body is replaced, and claims extracted from the new text are
added where no re-anchored claim already stands. A published claim whose words
changed or went gets `needs_recheck` (an editor reconfirms or withdraws its
verdict: annotations/workflow.py).

Orphans: the database checks every claim's text against the newest body (the
trigger of migrations 0002 and 0010), except an orphan's, which keeps the
offsets and text it had in version `orphaned_from` (kept as an
ArticleVersion), with its evidence and verdicts. An orphan stays one: later
versions are not searched for it.

Who may refresh is the caller's question (annotations/rules.py, asked by the
views and the API); the import jobs and the `refresh_articles` command call
this directly.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from claims import tracking
from claims.anchoring import AnchorState, BodyMap, Quote, reanchor_quote
from claims.extraction import ClaimCandidate, extract_claims
from claims.ingest import claim_from_candidate, nlp, save_claims
from claims.models import Article, ArticleSnapshot, ArticleVersion, Claim, body_sha256
from claims.records import ArticleRecord, ImportProblem, max_bytes, validate_article

A = Claim.Anchor
# A published verdict on words in these states was given on other words.
RECHECK = frozenset({A.CHANGED, A.ORPHANED})


@dataclass
class Refreshed:
    """What a refresh did to an article."""

    article: Article
    changed: bool  # False: the same text, no new version
    anchors: Counter = field(default_factory=Counter)  # claims per anchor state
    added: int = 0  # claims found on the new text
    recheck: int = 0  # published claims that now need re-checking

    def describe(self) -> str:
        if not self.changed:
            return (
                f"The text is unchanged: no new version (still version "
                f"{self.article.version})."
            )
        states = ", ".join(f"{n} {state}" for state, n in sorted(self.anchors.items()))
        added = f"{self.added} new claim{'' if self.added == 1 else 's'} found"
        recheck = "verdict" if self.recheck == 1 else "verdicts"
        return (
            f"Version {self.article.version}: claims re-anchored ({states or 'none'}), "
            f"{added}, {self.recheck} published {recheck} to re-check."
        )


def source_url(article: Article) -> str:
    """Where the article is fetched again: the page it was last fetched from
    (after redirects), else its URL."""
    snapshot = article.snapshots.only("url").first()
    url = snapshot.url if snapshot else article.url
    if not url:
        raise ImportProblem(f"Article #{article.pk} has no URL to fetch again.")
    return url


def refresh_from_url(*, article: Article, user: User | None) -> Refreshed:
    """Fetch the article's page again; a changed text becomes a new version.
    ImportProblem when the page cannot be fetched or holds no article."""
    from claims.intake import record_from_url  # intake imports claims.ingest

    return new_version(
        article=article, record=record_from_url(source_url(article)), user=user
    )


def new_version(
    *,
    article: Article,
    record: ArticleRecord,
    user: User | None,
    candidates: list[ClaimCandidate] | None = None,
) -> Refreshed:
    """`record.body` as the article's next version, unless it is the same text.
    Claims are extracted before the transaction opens."""
    validate_article(
        body=record.body,
        title=record.title,
        url=record.url,
        publisher=record.publisher,
        byline=record.byline[:300],
        max_size=max_bytes(),
    )
    if record.body == article.body:
        return Refreshed(article, changed=False)
    if candidates is None:
        candidates = extract_claims(record.body, nlp=nlp())
    return _apply(article.pk, record, candidates, user)


@transaction.atomic
def _apply(
    pk: int,
    record: ArticleRecord,
    candidates: list[ClaimCandidate],
    user: User | None,
) -> Refreshed:
    article = Article.objects.select_for_update().get(pk=pk)
    old, new = article.body, record.body
    if old == new:  # a concurrent refresh got there first
        return Refreshed(article, changed=False)
    other = Article.objects.filter(sha256=body_sha256(new)).exclude(pk=pk).first()
    if other is not None:
        raise ValidationError(
            {"body": f"The new text is that of article #{other.pk} already."}
        )
    _keep_version(article)
    claims = list(article.claims.select_for_update().order_by("pk"))
    plan = _reanchor(claims, old, new)
    _resolve_collisions(claims, plan)
    recheck = _write(article, claims, plan, record, user)
    taken = [(p.start, p.end) for p in plan.values() if p.state != A.ORPHANED]
    keys = {(plan[c.pk].start, plan[c.pk].end, c.kind) for c in claims}
    fresh = []
    for c in candidates:
        key = (c.start, c.end, c.kind)
        if key not in keys and not any(c.start < e and s < c.end for s, e in taken):
            keys.add(key)
            fresh.append(c)
    added = []
    if fresh:  # as at import: embedded, saved, matched with other articles
        new_claims = [claim_from_candidate(None, c) for c in fresh]
        tracking.embed(new_claims)
        added = save_claims(article, new_claims)
        tracking.match_new_claims(added)
    return Refreshed(
        article,
        changed=True,
        anchors=Counter(str(p.state) for p in plan.values() if p.reanchored),
        added=len(added),
        recheck=recheck,
    )


def _keep_version(article: Article) -> None:
    """The body about to be replaced, as version `article.version`."""
    snapshot = article.snapshots.only("pk", "fetched_at").first()
    previous = article.versions.only("replaced_at").first()
    if snapshot is not None:
        taken_in = snapshot.fetched_at
    elif previous is not None:
        taken_in = previous.replaced_at
    else:
        taken_in = article.created_at
    ArticleVersion.objects.create(
        article=article,
        number=article.version,
        title=article.title,
        body=article.body,
        fetched_at=taken_in,
        snapshot=snapshot,
    )


@dataclass
class _Place:
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    text: str
    state: str
    reanchored: bool  # False for an orphan of an earlier version, left alone


def _reanchor(claims: list[Claim], old: str, new: str) -> dict[int, _Place]:
    """Where each claim goes in `new`, by claim id."""
    body_map = BodyMap(old, new)
    plan = {}
    for claim in claims:
        if claim.is_orphaned:
            plan[claim.pk] = _stay(claim, reanchored=False)
            continue
        anchor = reanchor_quote(Quote.from_span(old, claim.start, claim.end), body_map)
        if anchor.state == AnchorState.ORPHANED:
            plan[claim.pk] = _stay(claim, reanchored=True)
            continue
        s = body_map.to_new(claim.sentence_start, after_insertions=True)
        e = body_map.to_new(claim.sentence_end, after_insertions=False)
        plan[claim.pk] = _Place(
            anchor.start,
            anchor.end,
            min(s, anchor.start),
            max(e, anchor.end),
            anchor.text,
            A(anchor.state.value),
            reanchored=True,
        )
    return plan


def _stay(claim: Claim, *, reanchored: bool) -> _Place:
    return _Place(
        claim.start,
        claim.end,
        claim.sentence_start,
        claim.sentence_end,
        claim.text,
        A.ORPHANED,
        reanchored=reanchored,
    )


def _resolve_collisions(claims: list[Claim], plan: dict[int, _Place]) -> None:
    """One claim per (start, end, kind), as the database requires: a claim
    that would land where another already is stays behind as an orphan.

    Orphans keep the keys they had, which were unique; so demoting repeats
    until nothing collides, at worst with every claim orphaned."""
    by_id = {c.pk: c for c in claims}
    while True:
        seen: dict[tuple, int] = {}
        loser = None
        # Orphans first (they cannot move), then by anchor quality.
        order = sorted(plan.items(), key=lambda kv: (kv[1].state != A.ORPHANED, kv[0]))
        for pk, place in order:
            key = (place.start, place.end, by_id[pk].kind)
            if key in seen:
                loser = pk
                break
            seen[key] = pk
        if loser is None:
            return
        plan[loser] = _stay(by_id[loser], reanchored=True)


def _write(
    article: Article,
    claims: list[Claim],
    plan: dict[int, _Place],
    record: ArticleRecord,
    user: User | None,
) -> int:
    """Save the new body and every claim that moved; how many published
    claims now need re-checking."""
    moving = [
        c
        for c in claims
        if plan[c.pk].reanchored
        and (plan[c.pk].start, plan[c.pk].end, plan[c.pk].state, plan[c.pk].text)
        != (c.start, c.end, c.anchor, c.text)
    ]
    # Out of the way first: every moving claim shifted past both bodies (as an
    # orphan, which the body trigger spares), so that no claim lands on a span
    # another has not left yet (one claim per span and kind).
    past = max([len(article.body), len(record.body)] + [c.end for c in claims]) + 1
    Claim.objects.filter(pk__in=[c.pk for c in moving]).update(
        anchor=A.ORPHANED,
        start=F("start") + past,
        end=F("end") + past,
        sentence_start=F("sentence_start") + past,
        sentence_end=F("sentence_end") + past,
    )
    old_version = article.version
    article.body = record.body
    article.version = old_version + 1
    if record.title.strip():
        article.title = record.title.strip()[:500]
    article.save()
    if record.snapshot is not None:
        page = record.snapshot
        ArticleSnapshot.of(
            article, url=page.url, raw=page.raw, content_type=page.content_type
        ).save()
    recheck = 0
    # Claims whose words changed are embedded again (claims/tracking.py).
    retexted = {c.pk for c in moving if plan[c.pk].text != c.text}
    for claim in moving:
        place = plan[claim.pk]
        claim.start, claim.end, claim.text = place.start, place.end, place.text
        claim.sentence_start, claim.sentence_end = (
            place.sentence_start,
            place.sentence_end,
        )
        claim.anchor = place.state
        orphaned = place.state == A.ORPHANED
        claim.orphaned_from = old_version if orphaned else None
        if claim.status == Claim.Status.PUBLISHED and place.state in RECHECK:
            recheck += not claim.needs_recheck
            claim.needs_recheck = True
        claim.version += 1  # a write based on the claim before is refused
        claim._change_reason = (
            f"re-anchored in version {article.version}: {place.state}"
        )
        if user is not None:
            claim._history_user = user
        if claim.pk in retexted:
            tracking.embed([claim])
        claim.save()
    return recheck
