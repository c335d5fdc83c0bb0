"""The notifications page, opening one, "Mark all as read" and the
navigation's unread count (annotations/views/notifications.py): every role,
the query count, bad input."""

import pytest

from annotations.models import Notification
from claims.models import Claim
from tests.factories import ClaimFactory, NotificationFactory
from tests.pages import queries_for

pytestmark = pytest.mark.django_db
S = Claim.Status


@pytest.fixture
def mine(users) -> list[Notification]:
    """Three for the reviewer, newest last; one read. One for someone else."""
    reviewer, editor = users["reviewer"], users["editor"]
    rows = [
        NotificationFactory(recipient=reviewer, actor=editor, kind=kind)
        for kind in ("assigned", "returned", "mentioned")
    ]
    Notification.objects.filter(pk=rows[0].pk).update(read_at=rows[0].created_at)
    NotificationFactory(recipient=users["other_reviewer"], message="Not yours")
    return rows


def test_the_list_shows_ones_own_newest_first_the_unread_marked(client, users, mine):
    client.force_login(users["reviewer"])
    page = client.get("/notifications/").text
    assert "2 unread" in page and "Not yours" not in page
    at = [page.index(f'href="/notifications/{n.pk}/open/"') for n in mine]
    assert at == sorted(at, reverse=True)  # newest first
    assert page.count('class="notification unread"') == 2
    assert page.count(">new</span>") == 2
    assert f"{users['editor'].username}</strong> returned your verdict" in page
    assert mine[0].claim.text in page
    assert "Mark all as read" in page


@pytest.mark.parametrize("role", ["other_reviewer", "editor", "viewer", "nobody"])
def test_everyone_else_sees_their_own_or_a_helpful_empty_page(
    client, users, mine, role
):
    client.force_login(users[role])
    page = client.get("/notifications/").text
    assert not any(f"/notifications/{n.pk}/open/" in page for n in mine)
    if role == "other_reviewer":
        assert "Not yours" in page
    else:
        assert "No notifications yet" in page and "Mark all as read" not in page
        assert f"@{users[role].username}" in page


def test_anonymous_visitors_are_sent_to_sign_in(client, mine):
    for url in ("/notifications/", f"/notifications/{mine[1].pk}/open/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    # The count, polled by a page whose session ended: nothing to swap in.
    response = client.get("/notifications/count/")
    assert response.status_code == 204 and response.content == b""
    response = client.post("/notifications/read/", {"upto": mine[2].pk})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Notification.objects.unread().count() == 3


def test_the_list_costs_the_same_with_more_notifications(client, users):
    client.force_login(users["reviewer"])
    counts = []
    for n in (2, 40):  # 40: two pages
        for _ in range(n):
            NotificationFactory(recipient=users["reviewer"])
        counts.append(queries_for(client, "/notifications/"))
    # session, the user with their role, count (the pager, capped), the page's
    # rows with their actors and claims, the unread count and newest unread
    assert counts == [5, 5]


@pytest.mark.parametrize("page", ["2", "abc", "0", "-1", "9" * 30, "1\x00"])
def test_any_page_number_answers(client, users, mine, page):
    client.force_login(users["reviewer"])
    assert client.get("/notifications/", {"page": page}).status_code == 200


def test_opening_one_marks_it_read_and_shows_the_claim(client, users, mine):
    client.force_login(users["reviewer"])
    response = client.get(f"/notifications/{mine[1].pk}/open/")
    assert response.status_code == 302
    assert response["Location"] == mine[1].claim.get_absolute_url()
    mine[1].refresh_from_db()
    assert mine[1].read_at is not None
    assert (
        Notification.objects.filter(recipient=users["reviewer"]).unread().count() == 1
    )
    # Again: still the claim, still read.
    assert client.get(f"/notifications/{mine[1].pk}/open/").status_code == 302


@pytest.mark.parametrize("role", ["other_reviewer", "editor", "viewer", "nobody"])
def test_nobody_else_opens_it(client, users, mine, role):
    client.force_login(users[role])
    assert client.get(f"/notifications/{mine[1].pk}/open/").status_code == 404
    mine[1].refresh_from_db()
    assert mine[1].read_at is None


@pytest.mark.parametrize("pk", ["0", "99999999", "1%00", "%00", "1e3", "-1", "9" * 40])
def test_bad_ids_are_not_found(client, users, mine, pk):
    client.force_login(users["reviewer"])
    assert client.get(f"/notifications/{pk}/open/").status_code == 404


def test_each_endpoint_takes_only_its_method(client, users, mine):
    client.force_login(users["reviewer"])
    assert client.get("/notifications/read/").status_code == 405
    assert client.post(f"/notifications/{mine[1].pk}/open/").status_code == 405
    assert client.post("/notifications/").status_code == 405
    assert client.post("/notifications/count/").status_code == 405
    assert Notification.objects.unread().count() == 3


def test_mark_all_as_read_marks_what_was_seen_not_what_came_since(client, users, mine):
    client.force_login(users["reviewer"])
    page = client.get("/notifications/").text
    assert f'name="upto" value="{mine[2].pk}"' in page
    later = NotificationFactory(recipient=users["reviewer"])
    response = client.post("/notifications/read/", {"upto": mine[2].pk}, follow=True)
    assert response.redirect_chain[-1][0] == "/notifications/"
    assert "2 notifications marked as read." in response.text
    assert list(Notification.objects.unread().order_by("pk")) == [
        Notification.objects.get(recipient=users["other_reviewer"]),
        later,
    ]


def test_mark_all_as_read_touches_nobody_elses(client, users, mine):
    client.force_login(users["other_reviewer"])
    client.post("/notifications/read/", {"upto": mine[2].pk + 1})
    assert (
        Notification.objects.filter(recipient=users["reviewer"]).unread().count() == 2
    )


@pytest.mark.parametrize("upto", ["", "abc", "1\x00", "-1", "٣", "9" * 40, "<b>"])
def test_mark_all_as_read_refuses_what_is_not_an_id(client, users, mine, upto):
    client.force_login(users["reviewer"])
    response = client.post("/notifications/read/", {"upto": upto})
    assert response.status_code == 400
    assert Notification.objects.unread().count() == 3


def test_the_navigation_count(client, users, mine):
    client.force_login(users["reviewer"])
    response = client.get("/notifications/count/")
    assert ">2<" in response.text and "2 unread" in response.text
    assert "no-cache" in response["Cache-Control"]  # opening one lowers it
    assert 'hx-trigger="every 60s"' in response.text
    client.force_login(users["editor"])
    assert "unread" not in client.get("/notifications/count/").text
    page = client.get("/my-work/").text
    assert 'href="/notifications/"' in page and 'hx-get="/notifications/count/"' in page
    client.force_login(users["nobody"])
    assert 'href="/notifications/"' not in client.get("/my-work/").text


def test_the_count_costs_one_query_after_the_role(
    client, users, mine, django_assert_num_queries
):
    client.force_login(users["reviewer"])
    # session, the user with their role, the unread count
    with django_assert_num_queries(3):
        client.get("/notifications/count/")


def test_script_in_a_comment_and_its_mentions_stays_text(client, users):
    claim = ClaimFactory()
    reviewer = users["reviewer"]
    client.force_login(users["editor"])
    body = f"<script>alert(1)</script> @<script> @{reviewer.username}<img src=x>"
    response = client.post(f"/claims/{claim.pk}/comments/", {"body": body})
    assert response.status_code == 302
    assert Notification.objects.get().recipient == reviewer
    client.force_login(reviewer)
    page = client.get("/notifications/").text
    assert "<script>alert(1)" not in page and "<img src=x>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "mentioned you in a comment" in page
