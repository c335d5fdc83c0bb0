"""Numbers fold under the claim of their sentence in the queue (claims/folding.py)."""

import pytest
from django.urls import reverse

from claims.models import Claim
from tests.pages import article_with_claims, claims_with_numbers, queries_for

QUEUE = reverse("annotations:queue")


@pytest.fixture
def claims(db) -> dict[str, Claim]:
    return claims_with_numbers()


def rows(response) -> list[Claim]:
    return list(response.context["page"].object_list)


def folded(response) -> dict[int, list[int]]:
    return {
        c.pk: [f.pk for f in c.folded]
        for c in rows(response)
        if getattr(c, "folded", None)
    }


@pytest.mark.parametrize("role", ["viewer", "reviewer", "other_reviewer", "editor"])
def test_numbers_fold_under_their_sentence_for_every_member(
    client, users, claims, role
):
    client.force_login(users[role])
    response = client.get(QUEUE)
    pks = [c.pk for c in rows(response)]
    assert pks == [claims["sentence"].pk, claims["fired"].pk, claims["lone"].pk]
    assert folded(response) == {
        claims["sentence"].pk: [claims["containers"].pk],
        claims["fired"].pk: [claims["times"].pk],
    }
    html = response.text
    assert html.count('<details class="fold">') == 2
    assert "<summary>1 number</summary>" in html
    assert f'href="{claims["containers"].get_absolute_url()}"' in html
    # j / k walk the rows only: a folded number is no row link.
    assert html.count("data-claim-link") == 3


def test_someone_without_a_role_sees_a_published_number_whose_sentence_is_not(
    client, users, claims
):
    Claim.objects.filter(pk__in=[claims["containers"].pk, claims["fired"].pk,
                                 claims["times"].pk]).update(status="published")  # fmt: skip
    client.force_login(users["nobody"])
    response = client.get(QUEUE)
    # The first sentence is not published: its number is a row of its own.
    assert {c.pk for c in rows(response)} == {claims["containers"].pk,
                                              claims["fired"].pk}  # fmt: skip
    assert folded(response) == {claims["fired"].pk: [claims["times"].pk]}


def test_numbers_follow_their_sentence_whatever_its_status(client, users, claims):
    Claim.objects.filter(pk=claims["fired"].pk).update(status="dismissed")
    client.force_login(users["reviewer"])
    response = client.get(QUEUE)
    assert folded(response)[claims["fired"].pk] == [claims["times"].pk]


def test_a_number_whose_sentence_a_filter_leaves_out_is_a_row(client, users, claims):
    Claim.objects.filter(pk=claims["fired"].pk).update(status="dismissed")
    client.force_login(users["reviewer"])
    response = client.get(QUEUE, {"status": "new"})
    shown = {c.pk for c in rows(response)}
    assert claims["times"].pk in shown and claims["fired"].pk not in shown
    # Assigned to me, under a sentence assigned to nobody: mine is a row.
    Claim.objects.filter(pk=claims["containers"].pk).update(assignee=users["reviewer"])
    mine = rows(client.get(QUEUE, {"assignee": "me"}))
    assert [c.pk for c in mine] == [claims["containers"].pk]


def test_asking_for_quantities_lists_the_numbers_as_rows(client, users, claims):
    client.force_login(users["editor"])
    response = client.get(QUEUE, {"kind": "quantity"})
    assert {c.pk for c in rows(response)} == {
        claims["fired"].pk, claims["times"].pk, claims["containers"].pk,
        claims["lone"].pk,
    }  # fmt: skip
    assert folded(response) == {} and '<details class="fold">' not in response.text


def test_a_search_lists_every_claim_that_has_the_words(client, users, claims):
    client.force_login(users["editor"])
    response = client.get(QUEUE, {"q": "containers munitions"})
    assert {c.pk for c in rows(response)} == {
        claims["sentence"].pk,
        claims["containers"].pk,
    }


def test_an_orphaned_sentence_holds_no_numbers(client, users, claims):
    Claim.objects.filter(pk=claims["sentence"].pk).update(
        anchor="orphaned", orphaned_from=1
    )
    client.force_login(users["editor"])
    assert claims["containers"].pk in {c.pk for c in rows(client.get(QUEUE))}


def test_the_api_lists_every_claim_folded_or_not(client, users, claims):
    client.force_login(users["editor"])
    data = client.get("/api/v1/claims/").json()
    ids = {c["id"] for c in data["results"]}
    assert {claims["containers"].pk, claims["times"].pk} <= ids


def test_folding_costs_one_query_for_the_page(client, users):
    client.force_login(users["editor"])
    counts = []
    for n in (10, 300):
        article_with_claims(n, numbers=True)
        counts.append(queries_for(client, QUEUE))
    # session, the user with their role, count for the pager (capped at 1,001 rows,
    # numbers under a sentence of the list left out by a NOT EXISTS), the page
    # of claims with their article and assignee, the numbers folded under the
    # page's rows (one query for all), assignable users
    assert counts == [6, 6]


@pytest.mark.parametrize("role", ["reviewer", "editor"])
def test_an_editor_selects_a_folded_number_on_its_own(client, users, claims, role):
    client.force_login(users[role])
    html = client.get(QUEUE).text
    number = claims["containers"].pk
    box = (
        f'<input type="checkbox" name="claims" value="{number}" data-folded '
        f'aria-label="Select claim {number}">'
    )
    assert (box in html) == (role == "editor")
    assert html.count("data-folded") == (2 if role == "editor" else 0)
    if role == "editor":  # and the bulk action takes it as any claim
        answer = client.post(
            reverse("annotations:bulk"),
            {"action": "dismiss", "claims": [number], "next": QUEUE},
        )
        assert answer.status_code == 302
        assert Claim.objects.get(pk=number).status == "dismissed"
        assert Claim.objects.get(pk=claims["sentence"].pk).status == "new"
