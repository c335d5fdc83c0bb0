"""The queue's rows as the page writes them (annotations/templatetags/queue.py):
every cell, every value escaped."""

from html.parser import HTMLParser

from django.urls import reverse

from claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory
from tests.pages import claims_with_numbers

QUEUE = reverse("annotations:queue")
HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


class _Rows(HTMLParser):
    """The body's rows: each a list of its cells' text, and every link and
    tag met inside the table body."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.links: list[str] = []
        self.tags: set[str] = set()
        self.in_body = False

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self.in_body = True
        elif self.in_body:
            self.tags.add(tag)
            if tag == "tr":
                self.rows.append([])
            elif tag == "td":
                self.rows[-1].append("")
            elif tag == "a":
                self.links.append(dict(attrs)["href"])

    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_body = False

    def handle_data(self, data):
        if "\n" in data and data.isspace():  # the template's indentation
            return
        if self.in_body and self.rows and self.rows[-1]:
            self.rows[-1][-1] += data


def parse(response) -> _Rows:
    assert response.status_code == 200
    rows = _Rows()
    rows.feed(response.text)
    return rows


def test_each_cell_says_what_the_claim_is(client, users, db):
    claim = ClaimFactory(
        status="submitted",
        assignee=users["reviewer"],
        speaker="a ministry spokesperson",
        quoted=True,
        score=0.8734,
        rating="mostly_true",
        needs_recheck=True,
    )
    client.force_login(users["reviewer"])
    (row,) = parse(client.get(QUEUE)).rows
    words, title, kind, score, status, assignee, rating = row
    assert words == f"{claim.text}a ministry spokesperson, quoted"
    assert title == claim.article.title
    assert (kind, score, assignee, rating) == (
        "quantity",
        "0.87",
        users["reviewer"].username,
        "Mostly true",
    )
    assert status == "submitted needs re-check"


def test_a_claim_without_assignee_or_rating_shows_dashes(client, users, db):
    ClaimFactory()
    client.force_login(users["viewer"])
    (row,) = parse(client.get(QUEUE)).rows
    assert [row[5], row[6]] == ["—", "—"]
    assert row[4] == "new"


def test_an_orphan_says_so(client, users, db):
    ClaimFactory(anchor=Claim.Anchor.ORPHANED)
    client.force_login(users["viewer"])
    (row,) = parse(client.get(QUEUE)).rows
    assert row[4] == "new orphaned"


def test_editors_get_a_labelled_checkbox_a_row(client, users, db):
    claim = ClaimFactory()
    client.force_login(users["editor"])
    response = client.get(QUEUE)
    assert f'aria-label="Select claim {claim.pk}"' in response.text
    (row,) = parse(response).rows
    assert len(row) == 8  # the checkbox's cell first
    client.force_login(users["reviewer"])
    assert "Select claim" not in client.get(QUEUE).text


def test_folded_numbers_are_listed_under_their_sentence_with_links(client, users, db):
    claims = claims_with_numbers()
    client.force_login(users["viewer"])
    page = parse(client.get(QUEUE))
    assert page.rows[0][0].startswith(claims["sentence"].text + "1 number")
    assert "sent Russia 11,000 containers of munitions" in page.rows[0][0]
    links = [claims[k].get_absolute_url() for k in ("sentence", "containers")]
    assert page.links[:2] == links
    assert {"details", "summary", "ul", "li"} <= page.tags


def test_every_value_is_escaped(client, users, db):
    article = ArticleFactory(title=HOSTILE, body=HOSTILE + ". The rest.")
    ClaimFactory(article=article, speaker=HOSTILE)
    client.force_login(users["editor"])
    response = client.get(QUEUE)
    page = parse(response)
    assert "script" not in page.tags and "img" not in page.tags
    assert "<script>alert(1)" not in response.text
    words, title = page.rows[0][1:3]  # after the checkbox's cell
    assert words == f"{HOSTILE}.{HOSTILE}" and title == HOSTILE  # as text, whole
