"""The reader's claim list folds numbers under their sentence's claim
(claims/folding.py); the text still highlights every claim."""

import pytest

from claims.models import Claim
from tests.pages import article_with_claims, claims_with_numbers, queries_for


@pytest.fixture
def claims(db) -> dict[str, Claim]:
    return claims_with_numbers()


def items(response) -> dict[int, list[int]]:
    return {c.pk: [f.pk for f in c.folded] for c in response.context["items"]}


@pytest.mark.parametrize("role", ["viewer", "reviewer", "other_reviewer", "editor"])
def test_members_see_numbers_folded_under_their_sentence(client, users, claims, role):
    client.force_login(users[role])
    response = client.get(claims["sentence"].article.get_absolute_url())
    assert items(response) == {
        claims["sentence"].pk: [claims["containers"].pk],
        claims["fired"].pk: [claims["times"].pk],
        claims["lone"].pk: [],
    }
    html = response.text
    assert html.count('<details class="fold">') == 2
    assert html.count("<summary>1 number</summary>") == 2
    # A folded number is still a claim of the list, with its link, and its
    # words are highlighted in the text.
    number = claims["containers"]
    assert f'data-url="{number.get_absolute_url()}"' in html
    assert html.count(f'data-claim="{number.pk}"') == 2  # the mark and the item


def test_someone_without_a_role_sees_a_published_number_alone(client, users, claims):
    Claim.objects.filter(pk__in=[claims["containers"].pk, claims["fired"].pk,
                                 claims["times"].pk]).update(status="published")  # fmt: skip
    client.force_login(users["nobody"])
    response = client.get(claims["sentence"].article.get_absolute_url())
    assert items(response) == {
        claims["containers"].pk: [],
        claims["fired"].pk: [claims["times"].pk],
    }


def test_a_dismissed_sentence_still_holds_its_numbers(client, users, claims):
    Claim.objects.filter(pk=claims["sentence"].pk).update(status="dismissed")
    client.force_login(users["viewer"])
    response = client.get(claims["sentence"].article.get_absolute_url())
    assert items(response)[claims["sentence"].pk] == [claims["containers"].pk]


def test_the_list_alone_for_htmx_keeps_the_folds(client, users, claims):
    client.force_login(users["viewer"])
    response = client.get(
        f"{claims['sentence'].article.get_absolute_url()}?part=list",
        headers={"HX-Request": "true"},
    )
    assert response.text.count('<details class="fold">') == 2


def test_folding_costs_no_query(client, users):
    client.force_login(users["viewer"])
    counts = []
    for n in (10, 300):
        article = article_with_claims(n, numbers=True)
        counts.append(queries_for(client, article.get_absolute_url()))
    # session, the user with their role, the article, its claims (folded
    # in memory), its latest snapshot (for the link)
    assert counts == [5, 5]
