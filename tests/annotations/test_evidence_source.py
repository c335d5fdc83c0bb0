"""Evidence: title and publisher read from the source's page when it can be
fetched (the intake fetcher, with its address checks); silent when not."""

import pytest

from tests.factories import ClaimFactory
from tests.webserver import PageServer

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def server():
    with PageServer() as running:
        yield running


@pytest.fixture
def open_fetch(settings):
    settings.CLAIMDESK_FETCH_ALLOW_PRIVATE = True  # the server is on loopback


def source(client, claim, **values):
    return client.get(f"/claims/{claim.pk}/evidence/source/", values)


def test_title_and_publisher_come_from_the_page(client, users, server, open_fetch):
    client.force_login(users["reviewer"])
    answer = source(client, ClaimFactory(), url=server.url("/news.html"))
    assert answer.status_code == 200
    assert 'value="Putin and Kim sign a mutual defence pact"' in answer.text
    assert 'value="The Daily Example"' in answer.text


def test_what_the_person_typed_is_kept(client, users, server, open_fetch):
    client.force_login(users["reviewer"])
    answer = source(
        client, ClaimFactory(), url=server.url("/news.html"), title="My own title"
    )
    assert 'value="My own title"' in answer.text
    assert 'value="The Daily Example"' in answer.text


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "http://169.254.169.254/latest/meta-data/",  # link-local: never
        "/gone",
        "/report.pdf",
        "/slow.html",
        "not a url",
        "http://x/\x00",
        "",
    ],
)
def test_a_source_that_cannot_be_read_leaves_the_fields_empty(
    client, users, server, url
):
    """Loopback is refused here too (no CLAIMDESK_FETCH_ALLOW_PRIVATE)."""
    client.force_login(users["reviewer"])
    if url.startswith("/"):
        url = server.url(url)
    answer = source(client, ClaimFactory(), url=url)
    assert answer.status_code == 200
    assert answer.text.count('value=""') == 2


def test_a_private_address_is_not_fetched_by_default(client, users, server):
    client.force_login(users["reviewer"])
    answer = source(client, ClaimFactory(), url=server.url("/news.html"))
    assert "Daily Example" not in answer.text


@pytest.mark.parametrize(
    ("role", "status"), [("viewer", 403), ("nobody", 404), ("editor", 200)]
)
def test_only_who_may_add_evidence_may_ask(client, users, role, status):
    client.force_login(users[role])
    assert source(client, ClaimFactory(), url="").status_code == status


def test_a_published_claim_takes_no_evidence(client, users):
    client.force_login(users["reviewer"])
    assert source(client, ClaimFactory(status="published"), url="").status_code == 403


def test_script_in_the_title_stays_text(client, users):
    client.force_login(users["reviewer"])
    answer = source(client, ClaimFactory(), url="", title='"><script>x()</script>')
    assert "<script>x()" not in answer.text and "&lt;script&gt;" in answer.text
