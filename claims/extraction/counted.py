"""A quantity claim's words: the number phrase widened, through the dependency
parse, to the smallest stretch of its sentence that says what is counted.

"three times" counts firings: "fired warning shots three times in June".
"11,000 containers of munitions" is what was sent: "sent Russia 11,000
containers of munitions in the past year". "less than two weeks" is a time
between two events: "the second time in less than two weeks". "3.5 miles"
measures "3.5 miles long"; "$5bn" is what something was: "the cost was $5bn".
A number in a name ("the 1950-53 Korean War") stays as it is.
"""

from spacy.tokens import Span, Token

_VERBS = frozenset({"VERB", "AUX"})
# How a number phrase hangs on a verb when it counts what the verb does or
# what it acts on: its object, an adverbial ("three times"), its subject.
_VERB_ROLES = frozenset(
    {"dobj", "dative", "npadvmod", "advmod", "nsubj", "nsubjpass", "attr", "oprd"}
)
# The verb's other words a claim about it needs, when they follow on directly.
_VERB_ARGUMENTS = frozenset({"dobj", "dative", "prt", "attr", "oprd", "acomp"})
# Longer than this, the widened span is most of a sentence: the sentence claim
# says it already, so the number keeps its own words.
MAX_TOKENS = 30
# The subject of "be" taken in, up to this many words ("the cost was …").
_SHORT_SUBJECT = 6
# Punctuation that ends a fragment: a span widened across it takes in an
# aside ("the talks, twenty-four years in all, ended").
_BREAKS = frozenset(',;:()[]—–"“”«»')


def claim_bounds(sent: Span, start: int, end: int) -> tuple[int, int]:
    """Token bounds [start, end) of the claim for the number phrase at
    doc[start:end], inside `sent`."""
    doc = sent.doc
    root = doc[start:end].root
    if root.pos_ == "PROPN":  # a name: "1950-53 Korean War"
        return start, end
    low, high = start, end
    verb, hinge = _hinge(root)
    if hinge is not None:  # "within" in "goal within five to ten years"
        low, high = min(low, hinge.i), max(high, _compact_end(hinge, sent))
        holder = hinge.head
        if holder.pos_ in _VERBS:
            verb = holder
        elif holder.pos_ in ("NOUN", "PROPN") and holder.i < hinge.i:
            low = min(low, holder.left_edge.i)  # "the second time in …"
    elif root.dep_ == "npadvmod" and root.head.pos_ in ("ADJ", "ADV"):
        # A measure of an adjective: "3.5 miles long", "three times higher
        # than a decade ago".
        adjective = root.head
        high = max(high, adjective.i + 1)
        for child in adjective.rights:
            if child.left_edge.i == high and child.dep_ == "prep":
                high = _compact_end(child, sent)
            break
    elif verb is None:
        # "Twenty-four years on", "ten days ago": a bare particle after it.
        for child in root.rights:
            bare = not list(child.children)
            if child.i == high and child.dep_ in ("prep", "advmod", "prt") and bare:
                high = child.i + 1
    if verb is not None:
        low, high = _with_verb(verb, low, high, sent)
    low, high = max(low, sent.start), min(high, sent.end)
    while low < start and (doc[low].is_punct or doc[low].is_space):
        low += 1
    while high > end and (doc[high - 1].is_punct or doc[high - 1].is_space):
        high -= 1
    added = [*range(low, start), *range(end, high)]
    if high - low > MAX_TOKENS or any(doc[i].text in _BREAKS for i in added):
        return start, end  # too long, or across a comma: not one fragment
    return low, high


def _hinge(root: Token) -> tuple[Token | None, Token | None]:
    """The verb the phrase is an argument of, or the preposition it hangs on
    ("for 60%", "500 miles from Beijing")."""
    head = root.head
    if head is root:
        return None, None
    if root.dep_ in _VERB_ROLES and head.pos_ in _VERBS:
        return head, None
    if root.dep_ in ("pobj", "npadvmod") and head.dep_ == "prep":
        return None, head
    return None, None


def _with_verb(verb: Token, low: int, high: int, sent: Span) -> tuple[int, int]:
    """The verb, its negation, and what follows it directly: its objects and
    one prepositional phrase ("in June", "into the DMZ")."""
    low, high = min(low, verb.i), max(high, verb.i + 1)
    for child in verb.lefts:
        if child.dep_ == "neg":
            low = min(low, child.i)
        # "was $5bn" says nothing without what was: "the cost was $5bn".
        short = len(list(child.subtree)) <= _SHORT_SUBJECT
        if verb.lemma_ == "be" and child.dep_ in ("nsubj", "expl") and short:
            low = min(low, child.left_edge.i)
    prep_taken = False
    for child in verb.rights:
        if child.i < high:
            continue
        if child.left_edge.i != high or child.is_punct:
            break
        if child.dep_ in _VERB_ARGUMENTS:
            high = _compact_end(child, sent)
        elif child.dep_ == "npadvmod" and len(list(child.subtree)) <= 3:
            high = child.right_edge.i + 1  # "today", "last year"
        elif child.dep_ == "prep" and not prep_taken:
            high = _compact_end(child, sent)
            prep_taken = True
        else:
            break
    return low, high


def _compact_end(token: Token, sent: Span) -> int:
    """Where the token's short phrase ends: a preposition with its object, a
    noun with its "of …" and its conjuncts ("bags of trash and excrement"),
    not the clauses and further phrases hanging on them."""
    end = token.i + 1
    for child in token.rights:
        if child.left_edge.i != end or child.i >= sent.end:
            break
        object_ = token.dep_ == "prep" and child.dep_ in ("pobj", "pcomp")
        of = child.dep_ == "prep" and child.lower_ == "of"
        if not (object_ or of or child.dep_ in ("cc", "conj")):
            break
        end = _compact_end(child, sent)
    return end
