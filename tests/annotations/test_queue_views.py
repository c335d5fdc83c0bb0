"""The claims queue and its bulk actions, as every role."""

import pytest
from django.urls import reverse

from claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory
from tests.pages import article_with_claims, queries_for

QUEUE = reverse("annotations:queue")
BULK = reverse("annotations:bulk")


def shown(response) -> set[int]:
    return {c.pk for c in response.context["page"].object_list}


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    assert client.get(QUEUE).status_code == 302
    assert client.post(BULK).status_code == 302


@pytest.mark.parametrize("role", ["viewer", "reviewer", "other_reviewer", "editor"])
def test_members_see_every_claim_and_only_editors_get_bulk_controls(
    client, users, role
):
    claim = ClaimFactory()
    client.force_login(users[role])
    response = client.get(QUEUE)
    assert response.status_code == 200 and shown(response) == {claim.pk}
    assert ("Apply to selected" in response.text) == (role == "editor")


def test_someone_without_a_role_sees_published_claims_only(client, users, db):
    ClaimFactory()
    published = ClaimFactory(status="published")
    client.force_login(users["nobody"])
    assert shown(client.get(QUEUE)) == {published.pk}


def test_filters(client, users):
    article = ArticleFactory()
    mine = ClaimFactory(article=article, status="in_review", assignee=users["reviewer"])
    rule = ClaimFactory(kind="rule", score=0.2)
    rated = ClaimFactory(status="submitted")
    VerdictFactory(claim=rated, rating="false")
    client.force_login(users["reviewer"])
    assert shown(client.get(QUEUE, {"status": "in_review"})) == {mine.pk}
    assert shown(client.get(QUEUE, {"kind": "rule"})) == {rule.pk}
    assert shown(client.get(QUEUE, {"article": article.pk})) == {mine.pk}
    assert shown(client.get(QUEUE, {"assignee": "me"})) == {mine.pk}
    assert shown(client.get(QUEUE, {"assignee": "none"})) == {rule.pk, rated.pk}
    assert shown(client.get(QUEUE, {"rating": "false"})) == {rated.pk}
    # Words, not substrings: full-text search (claims/search.py).
    words = " ".join(mine.text.split()[1:3]).upper()
    assert shown(client.get(QUEUE, {"q": words})) >= {mine.pk}
    ordered = list(client.get(QUEUE, {"ordering": "score"}).context["page"].object_list)
    assert ordered[0] == rule


def test_best_match_first_when_asked_and_words_are_given(client, users):
    article = ArticleFactory(body="Sanctions here. Sanctions, sanctions and sanctions.")
    one = ClaimFactory(article=article, start=0, end=15, sentence_start=0,
                       sentence_end=15, score=0.9)  # fmt: skip
    many = ClaimFactory(article=article, start=16, end=len(article.body),
                        sentence_start=16, sentence_end=len(article.body),
                        score=0.1)  # fmt: skip
    client.force_login(users["viewer"])

    def order(**params) -> list:
        return list(client.get(QUEUE, params).context["page"].object_list)

    assert order(q="sanctions") == [one, many]  # by score, the default
    assert order(q="sanctions", ordering="rank") == [many, one]
    assert order(ordering="rank") == [one, many]  # no words: by score


def test_a_bad_filter_value_is_reported_not_a_crash(client, users, db):
    ClaimFactory()
    client.force_login(users["viewer"])
    response = client.get(QUEUE, {"status": "bogus", "article": "x"})
    assert response.status_code == 200 and "Select a valid choice" in response.text


def test_pages_keep_their_filters(client, users):
    article = article_with_claims(60)
    client.force_login(users["viewer"])
    response = client.get(QUEUE, {"kind": "event", "page": 1})
    assert response.context["page"].paginator.num_pages == 2
    assert "kind=event&amp;page=2" in response.text
    assert len(shown(client.get(QUEUE, {"kind": "event", "page": 2}))) == 10
    assert article.claims.count() == 60


def test_htmx_gets_the_table_alone(client, users, db):
    ClaimFactory()
    client.force_login(users["viewer"])
    response = client.get(
        QUEUE, headers={"HX-Request": "true", "HX-Target": "queue-table"}
    )
    assert response.text.lstrip().startswith('<div id="queue-table"')
    assert "<h1>" not in response.text
    assert "HX-Request" in response["Vary"]


def test_the_queue_costs_the_same_queries_for_10_and_300_claims(client, users):
    client.force_login(users["editor"])
    counts = []
    for n in (10, 300):
        article_with_claims(n)
        counts.append(queries_for(client, QUEUE))
    # session, the user with their role, count for the pager (capped at 1,001 rows),
    # the page of claims with their article and assignee (the latest rating is
    # a column of the claim), the numbers folded under the page's claims (one
    # query for the page: claims/folding.py), assignable users for the
    # assignee filter and the bulk form (the article filter lists no articles)
    assert counts == [6, 6]


def test_editors_assign_several_at_once(client, users):
    claims = [ClaimFactory(), ClaimFactory()]
    client.force_login(users["editor"])
    response = client.post(
        BULK,
        {
            "action": "assign",
            "assignee": users["reviewer"].pk,
            "claims": [c.pk for c in claims],
        },
        follow=True,
    )
    assert "2 claims assigned to" in response.text
    assert set(Claim.objects.values_list("assignee", flat=True)) == {
        users["reviewer"].pk
    }


def test_bulk_dismiss_reports_the_claims_it_refused(client, users):
    new, published = ClaimFactory(), ClaimFactory(status="published")
    client.force_login(users["editor"])
    response = client.post(
        BULK, {"action": "dismiss", "claims": [new.pk, published.pk]}, follow=True
    )
    assert "1 claim dismissed" in response.text
    assert f"#{published.pk}: Cannot dismiss a claim that is published" in response.text
    assert Claim.objects.get(pk=published.pk).status == "published"


@pytest.mark.parametrize(
    ("data", "message"),
    [({"action": "dismiss"}, "Select at least one claim"),
     ({"action": "burn", "claims": ["1"]}, "Choose an action"),
     ({"action": "assign", "claims": ["1"], "assignee": "999"}, "Choose whom")],
)  # fmt: skip
def test_bad_bulk_requests_say_what_is_wrong(client, users, data, message):
    ClaimFactory()
    client.force_login(users["editor"])
    response = client.post(BULK, data, follow=True)
    assert message in response.text
    assert not Claim.objects.exclude(status="new").exists()


@pytest.mark.parametrize("role", ["viewer", "reviewer"])
def test_bulk_is_for_editors(client, users, role):
    claim = ClaimFactory()
    client.force_login(users[role])
    assert (
        client.post(BULK, {"action": "dismiss", "claims": [claim.pk]}).status_code
        == 403
    )
    assert Claim.objects.get(pk=claim.pk).status == "new"


def test_bulk_never_redirects_off_site(client, users, db):
    client.force_login(users["editor"])
    response = client.post(BULK, {"action": "dismiss", "next": "https://evil.example/"})
    assert response["Location"] == QUEUE


def test_blank_filters_mean_any_and_show_no_error(client, users):
    """The live search sends every field, blank or not."""
    ClaimFactory(status="new")
    client.force_login(users["editor"])
    blank = {"q": "", "status": "", "kind": "", "article": "", "assignee": "",
             "rating": "", "ordering": ""}  # fmt: skip
    response = client.get(QUEUE, blank)
    assert response.status_code == 200
    assert 'class="error"' not in response.text
    assert len(shown(response)) == 1


@pytest.mark.parametrize(
    "params",
    [{"article": "9223372036854775808"}, {"article": "²"}, {"assignee": "²"},
     {"assignee": "99999999999999999999"}, {"status": "bogus"}, {"q": "\x00"}],
)  # fmt: skip
def test_hostile_filter_values_are_reported_not_a_crash(client, users, params):
    client.force_login(users["editor"])
    response = client.get(QUEUE, params)
    assert response.status_code == 200


def test_the_article_filter_names_the_article_instead_of_listing_all(client, users):
    chosen = ArticleFactory(title="The chosen one")
    ArticleFactory(title="Another article")
    ClaimFactory(article=chosen)
    client.force_login(users["editor"])
    response = client.get(QUEUE, {"article": chosen.pk})
    assert "The chosen one" in response.text
    assert "Another article" not in response.text
    assert "any article" in response.text


def test_the_sort_box_shows_the_order_in_force(client, users):
    client.force_login(users["editor"])
    page = client.get(QUEUE, {"ordering": "-updated_at"}).text
    assert '<option value="-updated_at" selected>' in page
    page = client.get(QUEUE).text
    assert '<option value="-score" selected>' in page


@pytest.mark.parametrize(
    ("data", "message"),
    [({"claims": ["²"]}, "not a claim id"),
     ({"claims": [str(2**64)]}, "not a claim id"),
     ({"claims": ["1"], "assignee": "abc"}, "Choose whom to assign"),
     ({"claims": ["1"], "assignee": ""}, "Choose whom to assign")],
)  # fmt: skip
def test_hostile_bulk_input_is_a_message(client, users, data, message):
    client.force_login(users["editor"])
    response = client.post(
        reverse("annotations:bulk"), {"action": "assign", **data}, follow=True
    )
    assert response.status_code == 200 and message in response.text


@pytest.mark.parametrize("role", ["reviewer", "editor", "viewer"])
def test_saved_views_are_a_click_away(client, users, role):
    returned = ClaimFactory(status="returned", assignee=users[role])
    ClaimFactory(status="returned", assignee=users["other_reviewer"])
    client.force_login(users[role])
    page = client.get(QUEUE).text
    if role == "viewer":
        assert 'aria-label="Saved views"' not in page
        return
    assert "My open claims" in page and "Returned to me" in page
    assert ("Awaiting approval" in page) == (role == "editor")
    response = client.get(QUEUE + "?assignee=me&status=returned")
    assert [c.pk for c in response.context["page"]] == [returned.pk]
    current = [label for label, _, on in response.context["views"] if on]
    assert current == ["Returned to me"]


def test_recurring_claims_and_needs_recheck_are_views(client, users):
    from claims.models import ClaimGroup

    group = ClaimGroup.objects.create()
    grouped = ClaimFactory(group=group)
    ClaimFactory()
    flagged = ClaimFactory(status="published", needs_recheck=True)
    client.force_login(users["editor"])
    page = client.get(QUEUE).text
    assert "Recurring claims" in page and "Needs re-check" in page
    recurring = client.get(QUEUE + "?recurring=true").context["page"]
    assert [c.pk for c in recurring] == [grouped.pk]
    recheck = client.get(QUEUE + "?needs_recheck=true").context["page"]
    assert [c.pk for c in recheck] == [flagged.pk]
    bad = client.get(QUEUE + "?recurring=%3Cscript%3E")
    assert bad.status_code == 200 and "<script>" not in bad.text
    client.force_login(users["reviewer"])
    assert "Needs re-check" not in client.get(QUEUE).text


def test_hostile_assignee_names_and_filter_values_are_escaped(client, users):
    """The assignee lists are written by a tag from (id, name) pairs: a name
    or a filter value with markup in it reaches the page as text."""
    from tests.factories import UserFactory

    UserFactory(role="reviewer", username='<script>alert("x")</script>')
    ClaimFactory()
    client.force_login(users["editor"])
    response = client.get(QUEUE, {"assignee": '"><script>alert(1)</script>'})
    assert response.status_code == 200
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in response.text
    assignee = response.text.split('id="id_assignee"')[1].split("</select>")[0]
    assert " selected" not in assignee  # nobody is that value
