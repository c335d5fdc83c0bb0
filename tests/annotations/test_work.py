"""My work (annotations/worklist.py and views/work.py): what needs each
person, the claim `n` opens, and the navigation's count."""

import pytest

from annotations import worklist
from tests.factories import ClaimFactory, VerdictFactory
from tests.pages import article_with_claims, queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(users):
    reviewer, other, editor = (
        users["reviewer"],
        users["other_reviewer"],
        users["editor"],
    )
    article = article_with_claims(4)
    free_low, free_high, *_ = article.claims.order_by("pk")
    free_low.score, free_high.score = 0.2, 0.9
    for claim in (free_low, free_high):
        claim.save()
    return {
        "returned": ClaimFactory(status="returned", assignee=reviewer),
        "in_review": ClaimFactory(status="in_review", assignee=reviewer),
        "theirs": ClaimFactory(status="in_review", assignee=other),
        "submitted": VerdictFactory(
            claim=ClaimFactory(status="submitted", assignee=reviewer),
            proposed_by=reviewer,
        ).claim,
        "own_verdict": VerdictFactory(
            claim=ClaimFactory(status="submitted", assignee=editor), proposed_by=editor
        ).claim,
        "free_high": free_high,
    }


def test_each_person_gets_their_lists_in_order(users, work):
    reviewer = {k: list(c) for k, _, c in worklist.lists_for(users["reviewer"])}
    assert reviewer == {"returned": [work["returned"]], "assigned": [work["in_review"]]}
    editor = {k: list(c) for k, _, c in worklist.lists_for(users["editor"])}
    assert editor["approval"] == [work["submitted"]]  # never their own verdict
    assert worklist.lists_for(users["viewer"]) == []
    assert worklist.counts_for(users["reviewer"]) == {"returned": 1, "assigned": 1}
    assert worklist.counts_for(users["editor"]) == {
        "returned": 0, "assigned": 0, "approval": 1
    }  # fmt: skip


def test_next_is_the_first_list_with_a_claim_then_the_best_free_one(users, work):
    reviewer = users["reviewer"]
    assert worklist.next_for(reviewer) == work["returned"]
    assert worklist.next_for(reviewer, after=work["returned"].pk) == work["in_review"]
    assert worklist.next_for(users["editor"]) == work["submitted"]
    assert worklist.next_for(users["other_reviewer"]) == work["theirs"]
    work["theirs"].status = "submitted"
    work["theirs"].save()
    assert worklist.next_for(users["other_reviewer"]) == work["free_high"]
    assert worklist.next_for(users["viewer"]) is None
    assert worklist.next_for(users["nobody"]) is None


@pytest.mark.parametrize(
    "after", ["", "abc", "-1", "1e9", "٣", "9" * 40, "1\x00", "<script>"]
)
def test_next_takes_any_after_without_an_error(client, users, work, after):
    client.force_login(users["reviewer"])
    response = client.get("/claims/next/", {"after": after})
    assert response.status_code == 302
    assert response["Location"] == work["returned"].get_absolute_url()


def test_next_says_when_nothing_needs_you(client, users):
    client.force_login(users["viewer"])
    response = client.get("/claims/next/", {"done": "submit"}, follow=True)
    assert response.redirect_chain[-1][0] == "/my-work/"
    assert "Nothing needs you now" in response.text
    assert "Verdict submitted." in response.text
    client.logout()
    assert client.get("/claims/next/").status_code == 302  # to sign in
    assert "/accounts/login/" in client.get("/claims/next/")["Location"]


def test_done_says_only_what_it_knows(client, users, work):
    client.force_login(users["reviewer"])
    page = client.get(
        "/claims/next/", {"done": "<script>alert(1)</script>"}, follow=True
    ).text
    assert "<script>alert(1)" not in page and "alert(1)" not in page


@pytest.mark.parametrize("role", ["reviewer", "editor", "viewer", "nobody"])
def test_my_work_shows_each_person_their_lists(client, users, work, role):
    client.force_login(users[role])
    response = client.get("/my-work/")
    assert response.status_code == 200
    text = response.text
    if role in ("viewer", "nobody"):
        assert "no reviewer or editor role" in text
    elif role == "reviewer":
        assert "Returned to me" in text and work["returned"].text[:30] in text
        assert "Awaiting my approval" not in text
    else:
        assert "Awaiting my approval" in text and "Nothing is assigned to you" in text


def test_my_work_costs_the_same_with_more_claims(client, users):
    client.force_login(users["editor"])
    counts = []
    for n in (2, 30):
        for _ in range(n):
            ClaimFactory(status="in_review", assignee=users["editor"])
        counts.append(queries_for(client, "/my-work/"))
    # session, the user with their role, counts (assigned), count (approvals),
    # then per list: awaiting approval, returned, assigned
    assert counts == [7, 7]


def test_the_navigation_count(client, users, work):
    client.force_login(users["reviewer"])
    assert ">2<" in client.get("/my-work/count/").text.replace(" ", "")
    client.force_login(users["viewer"])
    assert client.get("/my-work/count/").text.strip() == ""
    client.logout()
    assert client.get("/my-work/count/").status_code == 302
