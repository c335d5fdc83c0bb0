"""The article reader, as every role, with its query count."""

import pytest

from claims.highlighting import from_rendered, highlight
from tests.factories import ArticleFactory, ClaimFactory
from tests.pages import article_with_claims, queries_for

PAYLOAD = "<script>window.pwned=1</script>"


@pytest.fixture
def article(db):
    return ArticleFactory()


def test_anonymous_visitors_are_sent_to_sign_in(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["viewer", "reviewer", "other_reviewer", "editor"])
def test_members_read_the_article_with_its_claims(client, users, article, role):
    claim = ClaimFactory(article=article)
    client.force_login(users[role])
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert f'data-claim="{claim.pk}"' in response.text
    assert f'data-url="{claim.get_absolute_url()}"' in response.text
    assert "HX-Request" in response["Vary"]
    assert ("To add a claim, select its words in the article" in response.text) == (
        role != "viewer"
    )


def test_someone_without_a_role_sees_only_articles_with_published_work(
    client, users, article
):
    client.force_login(users["nobody"])
    assert client.get(article.get_absolute_url()).status_code == 404
    ClaimFactory(article=article, status="published")
    assert client.get(article.get_absolute_url()).status_code == 200


def test_htmx_asks_for_the_text_or_the_list_alone(client, users, article):
    ClaimFactory(article=article)
    client.force_login(users["viewer"])
    text = client.get(
        f"{article.get_absolute_url()}?part=text", headers={"HX-Request": "true"}
    )
    listed = client.get(
        f"{article.get_absolute_url()}?part=list", headers={"HX-Request": "true"}
    )
    assert (
        text.text.lstrip().startswith('<div id="reader-text"')
        and "<html" not in text.text
    )
    assert listed.text.lstrip().startswith('<ol id="claim-list"')


def test_highlighting_can_be_turned_off(client, users, article):
    ClaimFactory(article=article)
    client.force_login(users["viewer"])
    response = client.get(f"{article.get_absolute_url()}?highlight=0")
    assert "<mark" not in response.text


def test_html_in_the_article_and_its_claims_is_shown_as_text(client, users):
    article = ArticleFactory(title=f"Title {PAYLOAD}", body=f"Said {PAYLOAD} today.")
    ClaimFactory(article=article, start=0, end=len(article.body))
    client.force_login(users["viewer"])
    response = client.get(article.get_absolute_url())
    assert PAYLOAD not in response.text
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in response.text


def test_the_reader_costs_the_same_queries_for_10_and_300_claims(client, users):
    client.force_login(users["viewer"])
    counts = []
    for n in (10, 300):
        article = article_with_claims(n)
        counts.append(queries_for(client, article.get_absolute_url()))
    # session, the user with their role, the article, its claims, its
    # latest snapshot (for the link)
    assert counts == [5, 5]


class FakeClaim:
    def __init__(self, pk, start, end, status="new"):
        self.pk, self.start, self.end, self.status = pk, start, end, status


def test_nested_and_crossing_spans_nest_properly():
    body = "abcdefghij"
    html = highlight(body, [FakeClaim(1, 0, 6), FakeClaim(2, 2, 4), FakeClaim(3, 5, 9)])
    assert html == (
        '<mark class="s-new" data-claim="1">ab</mark>'
        '<mark class="s-new" data-claim="1"><mark class="s-new" data-claim="2">cd</mark></mark>'
        '<mark class="s-new" data-claim="1">e</mark>'
        '<mark class="s-new" data-claim="1"><mark class="s-new" data-claim="3">f</mark></mark>'
        '<mark class="s-new" data-claim="3">ghi</mark>j'
    )


def test_highlighting_escapes_every_piece():
    html = highlight("<b>&", [FakeClaim(1, 1, 2)])
    assert html == '&lt;<mark class="s-new" data-claim="1">b</mark>&gt;&amp;'


def test_offsets_as_shown_map_back_past_cr_lf():
    body = "one\r\ntwo\rthree"
    # shown as "one\ntwo\nthree": "two" at 4-7, "three" at 8-13
    assert [body[i] for i in from_rendered(body, [4, 8])] == ["t", "t"]
    start, end = from_rendered(body, [8, 13])
    assert body[start:end] == "three"
