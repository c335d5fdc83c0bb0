"""Claims tracked across articles: embeddings stored at ingest, candidates
from other articles, the seeds' shared facts found, re-embedding, exports."""

import base64
import io
import json

import pytest
from django.core.management import call_command

from annotations import exports
from claims import tracking
from claims.ingest import ingest_article
from claims.matching import DIMENSIONS, MODEL_ID, vector_from_bytes
from claims.models import Article, Claim, ClaimMatch
from tests.annotations.test_exports import ARTICLE, CLAIM, restore, with_changes

pytestmark = pytest.mark.django_db

# The facts both seed articles report (issue 11), as words of the claim in
# each: (the TIME article, the other one).
SHARED_FACTS = {
    "the March veto of UN sanctions monitoring": (
        "Russia on March 28 vetoed",
        "Russia used its Security Council veto in March",
    ),
    "the munitions North Korea shipped": (
        "accused Kim of supplying Russia with artillery, munitions",
        "Pyongyang has sent Russia 11,000 containers of munitions in the past",
    ),
    "the warning shots at the border": (
        "retreated following warning shots",
        "South Korean soldiers have fired warning shots",
    ),
    "Russia's earlier votes for sanctions": (
        "Despite previously supporting the most robust sanctions regime",
        "voting in favour of UN sanctions",
    ),
    "the new partnership": (
        "inking partnerships on security",
        "sign a security treaty",
    ),
}


@pytest.fixture
def seeds(seed_texts) -> list[Article]:
    return [ingest_article(body=body)[0] for body in seed_texts.values()]


def claim_with(article: Article, words: str) -> Claim:
    """The longest claim of the article holding `words` (the clause, not the
    quantity inside it)."""
    found = sorted(
        article.claims.filter(text__contains=words), key=lambda c: -len(c.text)
    )
    assert found, words
    return found[0]


def test_every_ingested_claim_has_its_embedding_and_model(seeds):
    claims = Claim.objects.all()
    assert claims.count() > 40
    for claim in claims:
        assert claim.embedding_model == MODEL_ID
        vector = vector_from_bytes(bytes(claim.embedding))
        assert vector.shape == (DIMENSIONS,)
        assert abs(float(vector @ vector) - 1) < 0.01  # a unit vector


def test_each_shared_fact_of_the_seeds_is_suggested_for_its_counterpart(seeds):
    first, second = seeds
    missed = []
    for fact, (words_1, words_2) in SHARED_FACTS.items():
        one, two = claim_with(first, words_1), claim_with(second, words_2)
        for claim, counterpart in ((one, two), (two, one)):
            top = [f.claim for f in tracking.candidates_for(claim)]
            if counterpart not in top:
                missed.append((fact, claim.text[:60], [c.text[:40] for c in top]))
    assert missed == []


def test_ingest_stores_a_few_candidates_of_other_articles_only(seeds):
    first, second = seeds
    matches = list(ClaimMatch.objects.select_related("claim", "candidate"))
    assert matches
    for match in matches:
        assert match.claim.article_id != match.candidate.article_id
        assert match.claim_id < match.candidate_id
        assert match.score >= tracking.MIN_SCORE
    for claim in second.claims.all():
        assert ClaimMatch.objects.of(claim).count() <= tracking.CANDIDATES_PER_CLAIM
    veto = claim_with(first, "Russia on March 28 vetoed")
    other = claim_with(second, "Russia used its Security Council veto in March")
    match = ClaimMatch.objects.get(claim=veto, candidate=other)
    assert (match.relation, match.state) == ("same", "suggested")


def test_a_claims_own_text_ranks_itself_first(seeds):
    for claim in Claim.objects.filter(kind="event")[:8]:
        found = tracking.similar_to_text(claim.text, queryset=Claim.objects.all(), k=3)
        assert found[0].claim == claim
        assert found[0].relation.kind == "same"


def test_the_same_sentence_with_another_number_is_a_conflict(db):
    ingest_article(
        body="US officials said that Pyongyang has sent Russia 11,000 containers "
        "of munitions in the past year."
    )
    article, _ = ingest_article(
        body="US officials said that Pyongyang has sent Russia 1,100 containers "
        "of munitions in the past year."
    )
    relations = {
        m.relation for m in ClaimMatch.objects.filter(candidate__article=article)
    }
    assert "conflict" in relations and "same" not in relations
    conflict = ClaimMatch.objects.filter(relation="conflict").first()
    assert "11,000" in conflict.reason and "1,100" in conflict.reason


def test_a_deleted_or_corrected_claim_is_not_offered_from_the_index(seeds):
    first, second = seeds
    veto = claim_with(second, "Russia used its Security Council veto in March")
    query = veto.text
    everyone = Claim.objects.all()
    assert tracking.similar_to_text(query, queryset=everyone)[0].claim == veto
    Claim.objects.filter(pk=veto.pk).delete()
    assert veto.pk not in [
        f.claim.pk for f in tracking.similar_to_text(query, queryset=everyone)
    ]


def test_a_claims_corrected_words_replace_its_old_ones_in_the_index(seeds, users):
    from annotations.corrections import correct_claim

    first, second = seeds
    veto = claim_with(second, "Russia used its Security Council veto in March")
    everyone = Claim.objects.all()
    old = veto.text
    assert tracking.similar_to_text(old, queryset=everyone)[0].claim == veto
    words = "Russia used its Security Council veto in March"
    start = second.body.index(words)
    correct_claim(claim=veto, user=users["editor"], start=start, end=start + len(words))
    # The same process, its index loaded before: the new words are found...
    assert tracking.similar_to_text(words, queryset=everyone)[0].claim == veto
    # ...and the claim is not offered twice (once for the words it had).
    found = [f.claim.pk for f in tracking.similar_to_text(old, queryset=everyone)]
    assert found.count(veto.pk) <= 1


def test_reembed_claims_fills_what_is_missing_and_resumes(seeds):
    Claim.objects.filter(pk__in=Claim.objects.values("pk")[:5]).update(
        embedding=None, embedding_model=None
    )
    Claim.objects.filter(pk__in=Claim.objects.values("pk")[5:8]).update(
        embedding_model="an older model"
    )
    out = io.StringIO()
    call_command("reembed_claims", "--batch", "3", "--no-progress", stdout=out)
    assert out.getvalue().startswith(f"8 claims embedded with {MODEL_ID}.")
    assert not Claim.objects.exclude(embedding_model=MODEL_ID).exists()
    again = io.StringIO()
    call_command("reembed_claims", "--no-progress", stdout=again)
    assert again.getvalue().startswith("0 claims embedded")


@pytest.mark.parametrize("batch", ["0", "x", "10001", "-1", "١٢"])
def test_reembed_claims_refuses_a_bad_batch(db, batch, capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command("reembed_claims", "--batch", batch, "--no-progress")
    assert exit_.value.code == 1
    assert "error: --batch:" in capsys.readouterr().err


def test_the_export_keeps_embeddings_and_the_restore_reads_them(seeds):
    claim = Claim.objects.first()
    lines = list(exports.jsonl_lines(Claim.objects.filter(pk=claim.pk)))
    record = json.loads(lines[-1])
    assert record["embedding"]["model"] == MODEL_ID
    assert base64.b64decode(record["embedding"]["base64"]) == bytes(claim.embedding)
    data = base64.b64encode(bytes(claim.embedding)).decode()
    good = with_changes(CLAIM, "embedding", {"model": MODEL_ID, "base64": data})
    Claim.objects.all().delete()
    Article.objects.all().delete()
    out, err = restore(ARTICLE, good)
    assert err == "", err
    assert bytes(Claim.objects.get(pk=7).embedding) == bytes(claim.embedding)


@pytest.mark.parametrize(
    ("embedding", "reason"),
    [
        ("AAAA", "embedding: expected"),
        ({"model": MODEL_ID, "base64": "not base64!"}, "'base64' is not base64"),
        ({"model": MODEL_ID, "base64": "AAAA"}, "3 bytes, expected 768"),
        ({"model": "", "base64": "AAAA"}, "'model' must be a name"),
        ({"model": MODEL_ID, "base64": "AAAA", "x": 1}, "embedding: expected"),
    ],
)
def test_a_bad_embedding_stops_the_restore_naming_it(db, embedding, reason):
    out, err = restore(ARTICLE, with_changes(CLAIM, "embedding", embedding))
    assert err.startswith("error: FILE: line 2: "), err
    assert reason in err
    assert not Claim.objects.exists()


def test_a_claim_marked_by_hand_is_embedded_and_matched(users):
    from annotations.corrections import add_claim, correct_claim

    ingest_article(
        body="Russia used its veto in March to halt UN sanctions monitoring."
    )
    body = "Moscow vetoed the UN sanctions monitoring panel in March. Kim smiled."
    article = Article.objects.create(body=body, title="By hand")
    end = body.index(".") + 1
    claim = add_claim(article=article, start=0, end=end, user=users["reviewer"])
    claim.refresh_from_db()
    assert claim.embedding_model == MODEL_ID
    before = bytes(claim.embedding)
    assert ClaimMatch.objects.of(claim).filter(relation="same").exists()
    correct_claim(claim=claim, user=users["reviewer"], start=0, end=end - 9)
    claim.refresh_from_db()
    assert bytes(claim.embedding) != before


def test_a_bare_quantity_of_two_words_is_only_related(db):
    # An aside between dashes: the number's claim is not widened across them.
    ingest_article(body="The talks – twenty-four years in all – ended, officials said.")
    ingest_article(body="The talks – five to ten years in all – ended, officials said.")
    short = ClaimMatch.objects.get(reason="too short to compare")
    assert (short.claim.text, short.relation) == ("twenty-four years", "related")
    # The sentences still conflict.
    conflict = ClaimMatch.objects.get(relation="conflict")
    assert conflict.claim.text.startswith("The talks – twenty-four years")


def test_claims_saved_after_a_rolled_back_import_are_still_found(db):
    from django.db import transaction

    ingest_article(
        body="Russia used its veto in March to halt UN sanctions monitoring."
    )
    with pytest.raises(RuntimeError), transaction.atomic():
        gone, _ = ingest_article(body="Officials said 300 tanks were sent in May.")
        assert gone.claims.exists()
        raise RuntimeError  # e.g. the import's transaction failed
    # The same event numbers are used again, by claims that stay (more of
    # them than were rolled back).
    article, _ = ingest_article(
        body="Moscow vetoed the UN sanctions monitoring panel in March. "
        "Kim gave Putin two hunting dogs in June. Officials said 20 soldiers "
        "crossed the border on Tuesday."
    )
    assert article.claims.count() >= 2
    found = tracking.similar_to_text(
        "Moscow vetoed the UN sanctions monitoring panel in March.",
        queryset=Claim.objects.all(),
    )
    assert found and found[0].claim.article == article
