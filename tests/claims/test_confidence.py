"""Kinds and speakers with how sure the extractor is of them: speakers who
can speak, guesses marked, a person's correction no longer a guess, and the
corrections exported as training data."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from annotations import workflow
from annotations.corrections import add_claim, correct_claim
from claims.extraction import extract_claims
from claims.extraction.attribution import GUESSED, attribute
from claims.extraction.kinds import GUESS, classify
from claims.ingest import ingest_article
from claims.models import Claim
from tests.claims.conftest import NEW_STATESMAN, TIME


def speakers(nlp, text: str) -> list:
    doc = nlp(text)
    sents = list(doc.sents)
    ents = [
        [e for e in doc.ents if s.start <= e.start and e.end <= s.end] for s in sents
    ]
    return attribute(sents, [0] * len(sents), ents)


@pytest.mark.parametrize(
    ("text", "name", "confidence"),
    [
        ("Victor Cha said the talks failed on Monday.", "Victor Cha", 0.9),
        ("Officials said the talks failed on Monday.", "Officials", 0.8),
        ("The ministry said the talks failed on Monday.", "ministry", 0.8),
        ("Credible reports say the ship sank in March.", None, None),
        ("The treaty says both sides must help each other.", None, None),
        ("The message said the talks had failed.", None, None),
        ("He said the talks failed on Monday.", None, None),  # nobody to resolve to
        ("Putin's message said the war would go on.", "Putin", GUESSED),
        # A thing said, then who characterised it: the name speaks.
        ("Putin's message to Japan, says Alexander Gabuev, the director of "
         "the centre, is that help has a price.", "Alexander Gabuev", 0.9),
        # …but not the subject of what was said, nor an object.
        ("The report says Kim Jong Un fired two missiles on Monday.", None, None),
        ("Washington and Seoul have accused Kim Jong Un of supplying Russia.",
         "Washington and Seoul", 0.9),
    ],
)  # fmt: skip
def test_a_speaker_is_someone_who_can_speak(nlp, text, name, confidence):
    found = speakers(nlp, text)[0]
    assert (found.name, found.confidence) == (name, confidence)


def test_a_speaker_borrowed_from_a_nearby_sentence_is_a_guess(nlp):
    text = "Victor Cha spoke on Monday. He said the talks had failed completely."
    first, second = speakers(nlp, text)
    assert first.name is None  # "spoke" reports nothing said
    text = "Victor Cha said the talks failed. He said the army had left already."
    first, second = speakers(nlp, text)
    assert (first.name, first.confidence) == ("Victor Cha", 0.9)
    assert (second.name, second.confidence) == ("Victor Cha", GUESSED)


@pytest.mark.parametrize(
    ("text", "kind", "sure"),
    [
        ("The army will withdraw from the border by May.", "prediction", True),
        ("Russia vetoed the resolution in March 2024.", "event", True),
        ("They were wrong about everything.", "other", False),
    ],
)
def test_each_kind_says_how_sure_its_cue_is(nlp, text, kind, sure):
    found = classify(nlp(text)[:])
    assert found.kind == kind and 0 < found.confidence <= 1
    assert (found.confidence >= GUESS) == sure


def test_every_seed_claim_carries_its_confidences(seed_texts):
    said = {"treaty", "Credible reports", "Putin’s message", "Pyongyang’s version"}
    for text in seed_texts.values():
        for claim in extract_claims(text):
            assert 0 < claim.kind_confidence <= 1
            assert (claim.speaker is None) == (claim.speaker_confidence is None)
            assert claim.speaker not in said


# --- stored, shown, corrected, exported -----------------------------------------


@pytest.fixture
def article(db, seed_texts):
    return ingest_article(body=seed_texts[TIME], title="Seed")[0]


def test_ingest_stores_the_confidences(article):
    claims = list(article.claims.all())
    assert all(c.kind_confidence is not None for c in claims)
    assert any(c.kind_is_guess for c in claims) and any(
        not c.kind_is_guess for c in claims
    )
    assert all((c.speaker == "") == (c.speaker_confidence is None) for c in claims)


def test_the_panel_marks_a_guess_and_a_correction_ends_it(client, users, article):
    claim = next(c for c in article.claims.all() if c.kind_is_guess)
    client.force_login(users["reviewer"])
    panel = client.get(claim.get_absolute_url(), HTTP_HX_REQUEST="true").text
    assert 'class="badge guess"' in panel and "only 0." in panel
    # Saved unchanged is confirmed: a person's kind is no guess.
    extractors = claim.kind_confidence
    correct_claim(claim=claim, user=users["reviewer"], kind=claim.kind)
    fresh = Claim.objects.get(pk=claim.pk)
    assert fresh.kind_confidence is None and not fresh.kind_is_guess
    panel = client.get(claim.get_absolute_url(), HTTP_HX_REQUEST="true").text
    assert 'class="badge guess"' not in panel or fresh.speaker_is_guess
    # The history keeps what the extractor said.
    assert fresh.history.last().kind_confidence == extractors


def test_a_kind_chosen_when_marking_is_no_guess(users, article):
    start = article.body.index("Putin")
    made = add_claim(
        article=article, start=start, end=start + 40, user=users["reviewer"],
        kind="event",
    )  # fmt: skip
    assert made.kind == "event" and made.kind_confidence is None
    analysed = add_claim(
        article=article, start=start + 1, end=start + 40, user=users["reviewer"]
    )
    assert analysed.kind_confidence is not None


def test_the_api_shows_the_confidences(client, users, article):
    claim = article.claims.exclude(speaker="").first()
    client.force_login(users["viewer"])
    data = client.get(f"/api/v1/claims/{claim.pk}/").json()
    assert data["kind_confidence"] == claim.kind_confidence
    assert data["speaker_confidence"] == claim.speaker_confidence


def test_corrections_are_exported_as_training_data(users, article):
    kinds = article.claims.order_by("pk")
    first, second = kinds[0], kinds[1]
    correct_claim(claim=first, user=users["reviewer"], kind="rule", speaker="Kim")
    assert first.speaker == "Kim"
    # A move in the workflow is in the history too, but it is no correction.
    workflow.start_review(claim=second, user=users["reviewer"])
    assert second.history.count() == 2
    out = StringIO()
    call_command("export_claims", "--corrections", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["claim"] for line in lines] == [first.pk]
    line = lines[0]
    assert line["extracted"]["kind"] != "rule" or line["extracted"]["speaker"] != "Kim"
    assert line["extracted"]["kind_confidence"] is not None
    assert line["corrected"] == {
        "kind": "rule", "speaker": "Kim", "start": first.start, "end": first.end,
        "text": first.text,
    }  # fmt: skip
    assert line["by"] == users["reviewer"].username
    assert first.text in line["sentence"]


def test_corrections_are_jsonl_only(db):
    with pytest.raises(CommandError, match="JSONL"):
        call_command("export_claims", "--corrections", "--format", "csv")


def test_no_corrections_no_lines(article):
    out = StringIO()
    call_command("export_claims", "--corrections", stdout=out)
    assert out.getvalue() == ""


def test_the_seeds_name_no_thing_as_a_speaker(seed_texts):
    claims = extract_claims(seed_texts[NEW_STATESMAN])
    rule = next(c for c in claims if c.text.startswith("In its updated form"))
    assert rule.speaker == "Pyongyang" and rule.speaker_confidence == GUESSED
