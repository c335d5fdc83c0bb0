"""Re-anchoring claims into a new body: exact, moved, changed or orphaned.

The bodies are the seed articles; the claims are plain sentence spans, so no
spaCy is needed. Edits are applied to the body while the true place of every
claim is tracked beside them, and the engine's answer is checked against it.
"""

import re
from pathlib import Path

import edlib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.anchoring import (
    AnchorState,
    BodyMap,
    Quote,
    find_quote,
    max_errors,
    reanchor,
)

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"
TIME, NEW_STATESMAN = (
    (SEEDS / name).read_text(encoding="utf-8")
    for name in ("000_d4964704e57e77cf.txt", "003_ffb13bc2b1fe4265.txt")
)
SENTENCE = re.compile(r"[A-Z][^.!?\n]{20,}[.!?]")
TWIN = "Both leaders said the treaty would last for twenty years."
# The Time article with one sentence twice, in two different places.
PARAGRAPHS = TIME.split("\n\n")
TWINNED = "\n\n".join(
    PARAGRAPHS[:4] + [f"Officials added: {TWIN}"] + PARAGRAPHS[4:9] + [f"{TWIN} So it was reported."] + PARAGRAPHS[9:]
)  # fmt: skip
BODIES = [TIME, NEW_STATESMAN, TWINNED]
EXACT_OR_MOVED = {AnchorState.EXACT, AnchorState.MOVED}


def sentence_spans(body: str) -> list[tuple[int, int]]:
    return [m.span() for m in SENTENCE.finditer(body)]


def apply_edits(
    body: str, spans: list[tuple[int, int]], edits: list[tuple[int, int, str]]
) -> tuple[str, list[tuple[int, int]], list[bool]]:
    """Apply each edit ``(position, deleted length, inserted text)`` in turn, and
    follow every span: where it is now, and whether an edit touched its text."""
    spans, touched = list(spans), [False] * len(spans)
    for at, length, text in edits:
        at = min(at, len(body))
        end = min(at + length, len(body))
        body = body[:at] + text + body[end:]

        def moved(x: int, *, is_start: bool, at=at, end=end, text=text) -> int:
            if x < at or (x == at and not is_start):
                return x
            if x <= end:  # inside the deletion (or at the insertion point)
                return at + len(text) if is_start or x == end else at
            return x + len(text) - (end - at)

        for i, (s, e) in enumerate(spans):
            if (end > at and at < e and s < end) or (at == end and s < at < e):
                touched[i] = True
            spans[i] = (moved(s, is_start=True), moved(e, is_start=False))
    return body, spans, touched


def edits_for(body: str):
    """Up to 10 random insertions, deletions and replacements; the sentences
    inserted come from the other article, so none is a copy of a claim."""
    other = TIME if body == NEW_STATESMAN else NEW_STATESMAN
    inserted = st.one_of(
        st.text(alphabet="abc xyz,.’“”\n", min_size=1, max_size=12),
        st.sampled_from([m.group() + " " for m in SENTENCE.finditer(other)][:20]),
    )
    edit = st.tuples(
        st.integers(0, len(body)), st.integers(0, 80), st.one_of(st.just(""), inserted)
    ).filter(lambda e: e[1] or e[2])
    return st.lists(edit, min_size=1, max_size=10)


def is_clear_of(edit: tuple[int, int, str], spans: list[tuple[int, int]]) -> bool:
    at, length, _ = edit
    return all(at + length <= s or at >= e for s, e in spans)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)
@given(data=st.data())
def test_claims_not_touched_by_edits_are_exact_or_moved_at_their_place(data):
    body = data.draw(st.sampled_from(BODIES))
    spans = sentence_spans(body)[::3]  # every third sentence is a claim
    edits = data.draw(edits_for(body))
    # Edits are applied in turn, so each is checked against where the claims are
    # when it comes; one that would touch a claim is dropped.
    kept: list[tuple[int, int, str]] = []
    for edit in edits:
        _, now, _ = apply_edits(body, spans, kept)
        if is_clear_of(edit, now):
            kept.append(edit)
    new, truth, touched = apply_edits(body, spans, kept)
    assert not any(touched)
    anchors = reanchor(body, new, spans)
    for (s, e), place, anchor in zip(spans, truth, anchors, strict=True):
        assert anchor.state in EXACT_OR_MOVED, (body[s:e], anchor)
        assert anchor.text == body[s:e] == new[anchor.start : anchor.end]
        assert (anchor.start, anchor.end) == place  # its own copy, even of a twin
        assert 0 < anchor.score <= 1


@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_edited_claims_are_changed_or_orphaned_never_moved(data):
    body = data.draw(st.sampled_from(BODIES))
    spans = sentence_spans(body)
    new, truth, touched = apply_edits(body, spans, data.draw(edits_for(body)))
    anchors = reanchor(body, new, spans)
    for (s, e), (ts, te), edited, anchor in zip(
        spans, truth, touched, anchors, strict=True
    ):
        quote = body[s:e]
        if not edited:
            assert anchor.state in EXACT_OR_MOVED
            assert new[anchor.start : anchor.end] == quote
            continue
        assert anchor.state in {AnchorState.CHANGED, AnchorState.ORPHANED}, anchor
        if anchor.state is AnchorState.ORPHANED:
            assert (anchor.start, anchor.end, anchor.text) == (s, e, quote)
            assert anchor.score == 0
            continue
        assert anchor.text == new[anchor.start : anchor.end] != quote
        # On what became of its own words, not on other words elsewhere.
        assert anchor.start <= te and anchor.end >= ts, (quote, anchor, (ts, te))
        distance = edlib.align(quote, anchor.text, mode="NW")["editDistance"]
        assert distance <= max_errors(quote)


def spans_of(body: str, *quotes: str) -> list[tuple[int, int]]:
    return [(body.index(q), body.index(q) + len(q)) for q in quotes]


OLD = (
    "Alpha said the sky is green today. Beta wrote that the sky is green today. "
    "Gamma counted 11,000 containers of munitions."
)


def test_a_claim_after_an_insertion_is_exact_at_its_shifted_offset():
    new = "A new first sentence. " + OLD
    start, end = spans_of(OLD, "11,000 containers")[0]
    [anchor] = reanchor(OLD, new, [(start, end)])
    assert anchor.state is AnchorState.EXACT
    assert (anchor.start, anchor.end) == (start + 22, end + 22)
    assert anchor.score == 1.0


def test_a_corrected_number_is_changed_and_points_at_the_new_text():
    new = OLD.replace("11,000", "12,000")
    [anchor] = reanchor(OLD, new, spans_of(OLD, "11,000 containers"))
    assert anchor.state is AnchorState.CHANGED
    assert anchor.text == "12,000 containers" == new[anchor.start : anchor.end]
    assert 0.9 < anchor.score < 1


def test_a_changed_span_keeps_the_quote_length_on_a_tie():
    [anchor] = reanchor("Hello world.", "Hello world!", [(6, 12)])
    assert (anchor.state, anchor.text) == (AnchorState.CHANGED, "world!")


def test_an_emptied_body_orphans_every_claim():
    anchors = reanchor("Hello world.", "", [(0, 5), (6, 12)])
    assert [a.state for a in anchors] == [AnchorState.ORPHANED] * 2


def test_a_rewritten_claim_is_orphaned_and_keeps_its_old_text():
    new = OLD.replace("11,000 containers", "many boxes")
    span = spans_of(OLD, "11,000 containers")[0]
    [anchor] = reanchor(OLD, new, [span])
    assert anchor.state is AnchorState.ORPHANED
    assert (anchor.start, anchor.end, anchor.text) == (*span, "11,000 containers")


def test_the_error_bound_separates_changed_from_orphaned():
    quote = "the mutual defence provisions from the defunct 1961 treaty"
    old = f"The pact reinstates {quote} with the Soviet Union."
    limit = max_errors(quote)
    assert limit == int(len(quote) * 0.2)
    for errors, state in ((limit, AnchorState.CHANGED), (limit + 3, "orphaned")):
        edited = "#" * errors + quote[errors:]
        [anchor] = reanchor(old, old.replace(quote, edited), spans_of(old, quote))
        assert anchor.state == state, errors


def test_a_deleted_sentence_is_not_moved_onto_its_twin():
    first, second = (
        spans_of(OLD, "Alpha said the sky is green today.")[0],
        (
            OLD.index("the sky", 40),
            OLD.index("the sky", 40) + len("the sky is green today."),
        ),
    )
    new = OLD.replace("Alpha said the sky is green today. ", "")
    twin = (first[0] + len("Alpha said "), first[1])
    lost, kept = reanchor(OLD, new, [twin, second])
    assert lost.state is AnchorState.ORPHANED
    assert kept.state is AnchorState.EXACT
    assert (kept.start, kept.text) == (new.index("the sky"), "the sky is green today.")


def test_a_moved_paragraph_takes_its_claim_with_it():
    first = "The first paragraph, which is longer than the claim's own."
    last = "The last paragraph, which is also longer than the claim's own."
    old = f"{first}\n\nThe count was 11,000 containers.\n\n{last}"
    new = f"{first}\n\n{last}\n\nThe count was 11,000 containers."
    [anchor] = reanchor(old, new, spans_of(old, "The count was 11,000 containers."))
    assert anchor.state is AnchorState.MOVED
    assert anchor.start == new.index("The count")
    assert anchor.text == new[anchor.start : anchor.end]


def test_a_moved_claim_goes_to_the_copy_with_its_context():
    old = "Intro. Alpha said the sky is green today. Outro."
    new = (
        "Intro. Beta wrote the sky is green today and more. Outro. "
        "Alpha said the sky is green today. Then."
    )
    [anchor] = reanchor(old, new, spans_of(old, "the sky is green today."))
    assert anchor.state in EXACT_OR_MOVED
    assert anchor.start == new.index("the sky is green today.", 40)


def test_the_context_chooses_between_repeated_quotes_over_position():
    body = "Alpha said the sky is green. Beta wrote the sky is green. Gamma."
    second = body.index("the sky", 20)
    quote = Quote.from_span(body, second, second + len("the sky is green."))
    # Hinted at the first copy, the second still wins by its context.
    assert find_quote(body, quote, hint=0) == (second, second + 17)
    assert find_quote("nothing here", quote) is None


def test_insertions_at_a_span_edge_stay_outside_it():
    old = "one two three"
    body_map = BodyMap(old, "one XX two YY three")
    assert body_map.to_new(4, after_insertions=True) == 7  # the start of "two"
    assert body_map.to_new(7, after_insertions=False) == 10  # its end
    assert body_map.copied_from(7, 10) == [(4, 7)]


def test_a_span_outside_the_body_is_refused():
    with pytest.raises(ValueError, match="not inside"):
        Quote.from_span("short", 2, 9)
