"""Text in, claim candidates out: sentences and clauses worth checking, and each
numeric phrase, with what it counts, as a quantity claim of its own."""

import bisect
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from claims.extraction.attribution import attribute, is_quoted, quote_regions
from claims.extraction.furniture import is_furniture
from claims.extraction.kinds import Classified, classify
from claims.extraction.pipeline import hard_breaks, load_nlp
from claims.extraction.quantities import find_quantities
from claims.extraction.scoring import score_span
from claims.extraction.types import ClaimCandidate, Quantity

# 1.3: a quantity claim says what is counted ("fired warning shots three
# times in June"), not only the number ("three times"); kinds and speakers
# carry the extractor's confidence; the score is calibrated. 1.4: curly
# apostrophes are read as straight ones ("didn’t" was tagged a number, and
# "’s" cost every possessive in the score).
EXTRACTOR_VERSION = "1.4"
# Sentences scoring below this are opinion or rhetoric, not claims (best F1 on
# held-out ClaimBuster scores, README). Numbers are always kept as quantities.
MIN_SCORE = 0.26
_CLAUSE_MARKERS = frozenset({"but", "while", "whereas", "yet", ";"})
_EDGE_PUNCT = frozenset("“”\"‘’'«»,;:–—-([)]•·")
# An amount the quantity finder read: a quantity claim, whatever its sentence.
COUNTED = Classified("quantity", 0.95)


def extract_claims(text: str, *, nlp: Language | None = None) -> list[ClaimCandidate]:
    return claims_from_doc((nlp or load_nlp())(text))


def extract_many(
    texts: Iterable[str],
    *,
    nlp: Language | None = None,
    batch_size: int = 16,
    n_process: int = 1,
) -> Iterator[list[ClaimCandidate]]:
    """Claims per text, in order, through `nlp.pipe` batches."""
    nlp = nlp or load_nlp()
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        yield claims_from_doc(doc)


def _trim(span: Span, punct: frozenset[str] = frozenset("•·")) -> Span | None:
    """The span without white space (and `punct`) at its edges; None if empty."""
    start, end = span.start, span.end
    while start < end and (span.doc[start].is_space or span.doc[start].text in punct):
        start += 1
    while end > start and (
        span.doc[end - 1].is_space or span.doc[end - 1].text in punct
    ):
        end -= 1
    return span.doc[start:end] if end > start else None


def _is_question(sent: Span) -> bool:
    return sent.text.rstrip(" ”\"’')]").endswith("?")


def _clauses(sent: Span, regions: list[tuple[int, int]]) -> list[Span]:
    """ "X, but Y" with a subject on each side gives two claims; so does ";"."""
    doc = sent.doc
    for t in sent:
        if t.lower_ not in _CLAUSE_MARKERS or t.i in (sent.start, sent.end - 1):
            continue
        if t.text != ";":
            conjuncts = [c for c in t.head.children if c.dep_ == "conj" and c.i > t.i]
            if t.dep_ != "cc" or not any(
                c.dep_ in ("nsubj", "nsubjpass", "expl")
                for k in conjuncts
                for c in k.children
            ):
                continue
        left, right = doc[sent.start : t.i], doc[t.i + 1 : sent.end]
        for s, e in regions:  # a split inside a quotation stays inside it
            if s <= t.idx < e:
                left = doc.char_span(
                    max(s, sent.start_char), t.idx, alignment_mode="contract"
                )
                right = doc.char_span(
                    t.idx + len(t), min(e, sent.end_char), alignment_mode="contract"
                )
        parts = [_trim(p, _EDGE_PUNCT) for p in (left, right) if p is not None]
        if len(parts) == 2 and all(p is not None and len(p) >= 4 for p in parts):
            return parts
    return [sent]


def _entities_by_sentence(doc: Doc, sentences: list[Span]) -> list[list[Span]]:
    """Each sentence's entities, from one pass over `doc.ents`."""
    ents = list(doc.ents)
    starts = [e.start for e in ents]
    return [
        [e for e in ents[bisect.bisect_left(starts, s.start) :
                         bisect.bisect_left(starts, s.end)] if e.end <= s.end]
        for s in sentences
    ]  # fmt: skip


def claims_from_doc(doc: Doc) -> list[ClaimCandidate]:
    text = doc.text
    breaks = hard_breaks(text)

    def paragraph_of(offset: int) -> int:
        return bisect.bisect_left(breaks, offset)

    def paragraph_bounds(para: int) -> tuple[int, int]:
        return (breaks[para - 1] + 1 if para else 0), (
            breaks[para] if para < len(breaks) else len(text)
        )

    furniture: dict[int, bool] = {}
    sentences, paragraphs = [], []
    for raw in doc.sents:
        sent = _trim(raw)
        if sent is None or _is_question(sent):
            continue
        para = paragraph_of(sent.start_char)
        if para not in furniture:
            furniture[para] = is_furniture(text[slice(*paragraph_bounds(para))])
        if not furniture[para]:
            sentences.append(sent)
            paragraphs.append(para)

    ents = _entities_by_sentence(doc, sentences)
    speakers = attribute(sentences, paragraphs, ents)
    regions_by_para: dict[int, list[tuple[int, int]]] = {}
    found: dict[tuple[int, int, str], ClaimCandidate] = {}
    for sent, para, speaker, sent_ents in zip(
        sentences, paragraphs, speakers, ents, strict=True
    ):
        if para not in regions_by_para:
            regions_by_para[para] = quote_regions(text, *paragraph_bounds(para))
        regions = regions_by_para[para]

        claims: list[tuple[int, int, Classified, float, Quantity | None]] = []
        sentence_score = 0.0
        quantities = find_quantities(sent, sent_ents)
        for clause in _clauses(sent, regions):
            # A clause is a quantity claim only if it holds a real amount:
            # not "the two leaders", not "Article 4".
            counts = any(
                clause.start_char <= q.start < clause.end_char for q in quantities
            )
            kind = classify(clause, has_quantity=counts)
            score = score_span(
                clause, attributed=speaker.name is not None, kind=kind.kind
            )
            sentence_score = max(sentence_score, score)
            if score >= MIN_SCORE:
                claims.append((clause.start_char, clause.end_char, kind, score, None))
        for q in quantities:
            claims.append(
                (q.claim_start, q.claim_end, COUNTED, sentence_score, q.quantity)
            )
        for start, end, kind, score, quantity in claims:
            # A quantity claim whose words are a whole clause ("More than 20
            # soldiers crossed the border, but …") is that clause's claim,
            # with its amount.
            kept = found.get((start, end, kind.kind))
            if kept is not None and (quantity is None or kept.quantity is not None):
                continue
            found[start, end, kind.kind] = ClaimCandidate(
                start=start,
                end=end,
                text=text[start:end],
                sentence_start=sent.start_char,
                sentence_end=sent.end_char,
                kind=kind.kind,
                score=round(score, 4),
                speaker=speaker.name,
                quoted=is_quoted(start, end, regions),
                quantity=quantity,
                kind_confidence=kind.confidence,
                speaker_confidence=speaker.confidence,
            )
    return sorted(found.values(), key=lambda c: (c.start, -c.end, c.kind))


def analyse_span(
    text: str, start: int, end: int, *, nlp: Language | None = None
) -> ClaimCandidate:
    """A span someone marked by hand, analysed as the extractor analyses one it
    found: its kind, score, speaker, quotation and quantity, read in its
    paragraph (not the whole text: a person is waiting)."""
    breaks = hard_breaks(text)
    para = bisect.bisect_left(breaks, start)
    low = breaks[para - 1] + 1 if para else 0
    high = max(end, breaks[para] if para < len(breaks) else len(text))
    doc = (nlp or load_nlp())(text[low:high])
    span = doc.char_span(start - low, end - low, alignment_mode="expand")
    if span is None or not len(span):  # only spaces: nothing to analyse
        return ClaimCandidate(
            start=start, end=end, text=text[start:end], sentence_start=start,
            sentence_end=end, kind="other", score=0.0, speaker=None, quoted=False,
        )  # fmt: skip
    sent = span[0].sent
    sent_ents = [e for e in doc.ents if sent.start <= e.start and e.end <= sent.end]
    speaker = attribute([sent], [0], [sent_ents])[0]
    quantities = [
        q for q in find_quantities(sent, sent_ents)
        if start - low <= q.start and q.end <= end - low
    ]  # fmt: skip
    # A span that is one amount ("11,000 containers"), or one amount with
    # what it counts as the extractor gives it, is a quantity claim.
    marked = (start - low, end - low)
    whole = [
        q
        for q in quantities
        if marked in ((q.start, q.end), (q.claim_start, q.claim_end))
    ]
    kind = COUNTED if whole else classify(span, has_quantity=bool(quantities))
    score = score_span(
        sent if whole else span, attributed=speaker.name is not None, kind=kind.kind
    )
    regions = quote_regions(text, low, high)
    counted = whole or quantities
    return ClaimCandidate(
        start=start,
        end=end,
        text=text[start:end],
        sentence_start=min(sent.start_char + low, start),
        sentence_end=max(sent.end_char + low, end),
        kind=kind.kind,
        score=round(score, 4),
        speaker=speaker.name,
        quoted=is_quoted(start, end, regions),
        quantity=counted[0].quantity if counted else None,
        kind_confidence=kind.confidence,
        speaker_confidence=speaker.confidence,
    )
