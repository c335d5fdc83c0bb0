"""Password guessing (issue 9, section 4.2): the client address behind
trusted proxies only, sign-in lockout on every sign-in form, throttle
counters in a cache every worker shares."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from rest_framework.test import APIClient

from claims.signin import client_ip

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "/api/v1/auth/token/"
FORMS = ["/accounts/login/", "/admin/login/"]


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _guess(client, path: str, username: str, password: str, **headers):
    if path == TOKEN:
        body = {"username": username, "password": password}
        return client.post(path, body, format="json", **headers)
    return client.post(path, {"username": username, "password": password}, **headers)


# --- the client address --------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "", "10.0.0.9"),
        (0, "1.2.3.4", "10.0.0.9"),  # no proxy trusted: the header is ignored
        (1, "1.2.3.4", "1.2.3.4"),
        (1, "6.6.6.6, 1.2.3.4", "1.2.3.4"),  # the client wrote 6.6.6.6
        (2, "6.6.6.6, 1.2.3.4, 10.0.0.1", "1.2.3.4"),
        (3, "1.2.3.4", "1.2.3.4"),  # fewer hops than proxies: the leftmost
        (1, "not-an-address", "10.0.0.9"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_trusts_only_configured_proxies(
    settings, proxies, forwarded, expected
):
    settings.CLAIMDESK_TRUSTED_PROXIES = proxies
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", **headers)
    assert client_ip(request) == expected


def test_rotating_x_forwarded_for_buys_no_token_guesses(
    api_client, users, settings, fresh_cache
):
    """Before: DRF keyed on the raw header; 40 rotating guesses were all 400."""
    settings.CLAIMDESK_API_TOKEN_RATE = "3/minute"
    statuses = [
        _guess(
            api_client, TOKEN, users["editor"].username, "guess",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        ).status_code
        for n in range(4)
    ]  # fmt: skip
    assert statuses == [400, 400, 400, 429]


def test_behind_a_trusted_proxy_each_client_has_its_own_budget(
    api_client, users, settings, fresh_cache
):
    settings.CLAIMDESK_TRUSTED_PROXIES = 1
    settings.CLAIMDESK_API_ANON_RATE = "2/minute"
    first = {"HTTP_X_FORWARDED_FOR": "9.9.9.9, 203.0.113.1"}
    second = {"HTTP_X_FORWARDED_FOR": "203.0.113.2"}
    assert [api_client.get("/api/v1/claims/", **first).status_code for _ in "abc"] == [
        200,
        200,
        429,
    ]
    # The spoofed left part does not matter; the proxy's address does.
    spoofed = {"HTTP_X_FORWARDED_FOR": "8.8.8.8, 203.0.113.1"}
    assert api_client.get("/api/v1/claims/", **spoofed).status_code == 429
    assert api_client.get("/api/v1/claims/", **second).status_code == 200


# --- sign-in lockout -----------------------------------------------------------


@pytest.mark.parametrize("path", [*FORMS, TOKEN])
def test_repeated_failed_sign_ins_lock_the_address_out(users, settings, path):
    """Before: 60 guesses on the sign-in forms were all 200, and then the
    right password signed in."""
    settings.AXES_FAILURE_LIMIT = 3
    client = APIClient()
    user = users["editor"]
    wrong = [_guess(client, path, user.username, "guess").status_code for _ in "ab"]
    assert wrong == [400 if path == TOKEN else 200] * 2
    locked = _guess(client, path, user.username, "guess")
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    # Locked out: even the right password is refused, and nobody signs in.
    right = _guess(client, path, user.username, "pw")
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    if path == TOKEN:
        assert "Too many failed sign-ins" in right.json()["detail"]
    else:
        assert b"Too many failed sign-ins" in right.content


@pytest.mark.parametrize("path", [*FORMS, TOKEN])
def test_rotating_x_forwarded_for_does_not_escape_the_lockout(users, settings, path):
    settings.AXES_FAILURE_LIMIT = 3
    client = APIClient()
    statuses = [
        _guess(
            client, path, users["editor"].username, "guess",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        ).status_code
        for n in range(5)
    ]  # fmt: skip
    assert statuses[2:] == [429, 429, 429]


def test_the_lockout_is_per_address_and_lifted_by_axes_reset(users, settings):
    settings.AXES_FAILURE_LIMIT = 2
    user = users["editor"]
    guesser, colleague = APIClient(), APIClient(REMOTE_ADDR="192.0.2.7")
    for _ in "ab":
        _guess(guesser, "/accounts/login/", user.username, "guess")
    assert _guess(guesser, "/accounts/login/", user.username, "pw").status_code == 429
    # Someone at another address signs in as usual.
    assert _guess(colleague, "/accounts/login/", user.username, "pw").status_code == 302
    call_command("axes_reset", verbosity=0)
    assert _guess(guesser, "/accounts/login/", user.username, "pw").status_code == 302


@pytest.mark.parametrize("path", [FORMS[0], TOKEN])
def test_a_successful_sign_in_resets_the_count(users, settings, path):
    settings.AXES_FAILURE_LIMIT = 3
    client, user = APIClient(), users["editor"]
    failed = 400 if path == TOKEN else 200
    for _ in range(2):
        assert _guess(client, path, user.username, "guess").status_code == failed
    assert _guess(client, path, user.username, "pw").status_code in (200, 302)
    client.logout()
    for _ in range(2):
        assert _guess(client, path, user.username, "guess").status_code == failed


# --- the shared cache ----------------------------------------------------------


@pytest.fixture
def database_cache(settings, db):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "claimdesk_cache",
        }
    }
    call_command("createcachetable", verbosity=0)
    cache.clear()
    return "claimdesk_cache"


def test_throttle_counters_live_in_the_database_cache(
    api_client, settings, database_cache
):
    settings.CLAIMDESK_API_ANON_RATE = "2/minute"
    statuses = [api_client.get("/api/v1/claims/").status_code for _ in "abc"]
    assert statuses == [200, 200, 429]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {database_cache}")
        keys = [row[0] for row in cursor.fetchall()]
    assert any("throttle_anon" in key for key in keys), keys


def _cache_backend(env: dict[str, str]) -> str:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "c = settings.CACHES['default']; print(c['BACKEND'], c['LOCATION'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"DJANGO_SETTINGS_MODULE": "config.settings", "SECRET_KEY": "x", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "django.core.cache.backends.db.DatabaseCache claimdesk_cache"),
        (
            {"CLAIMDESK_CACHE_URL": "redis://127.0.0.1:6379/1"},
            "django.core.cache.backends.redis.RedisCache redis://127.0.0.1:6379/1",
        ),
        (
            {"REDIS_URL": "redis://cache:6379/0"},
            "django.core.cache.backends.redis.RedisCache redis://cache:6379/0",
        ),
    ],
)
def test_the_cache_is_the_database_unless_redis_is_configured(env, expected):
    assert _cache_backend(env) == expected


def test_trusted_proxies_default_to_none_and_drf_agrees():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "from rest_framework.settings import api_settings as a; "
        "print(settings.CLAIMDESK_TRUSTED_PROXIES, a.NUM_PROXIES)"
    )
    for env, expected in (({}, "0 0"), ({"CLAIMDESK_TRUSTED_PROXIES": "2"}, "2 2")):
        result = subprocess.run(
            [sys.executable, "-c", code],
            env={"DJANGO_SETTINGS_MODULE": "config.settings", "SECRET_KEY": "x", **env},
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.stdout.strip() == expected, result.stderr


# --- Content-Security-Policy -----------------------------------------------------


@pytest.mark.parametrize(
    ("path", "signed_in"),
    [
        ("/accounts/login/", False),
        ("/admin/login/", False),
        ("/", True),
        ("/articles/", True),
        ("/claims/", True),
        ("/api/v1/claims/", False),
        ("/api/schema/", False),
    ],
)
def test_every_answer_carries_a_policy_without_inline_script(
    client, users, path, signed_in
):
    if signed_in:
        client.force_login(users["editor"])
    response = client.get(path)
    assert response.status_code == 200
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"


def test_the_browsable_api_has_the_api_pages_policy(client, users):
    client.force_login(users["viewer"])
    page = client.get("/api/v1/claims/", HTTP_ACCEPT="text/html")
    assert page["Content-Type"].startswith("text/html")
    assert "style-src 'self' 'unsafe-inline'" in page["Content-Security-Policy"]
    assert "script-src 'self';" in page["Content-Security-Policy"]
    data = client.get("/api/v1/claims/")  # JSON: the strict policy
    assert "style-src 'self';" in data["Content-Security-Policy"]


def test_the_api_docs_have_their_own_policy_with_scripts_still_ours(client, db):
    page = client.get("/api/docs/")
    policy = page["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "style-src 'self' 'unsafe-inline'" in policy
    # Swagger UI's set-up script comes from a URL, not from the page.
    assert b"<script>" not in page.content
    script = client.get("/api/docs/", {"script": ""})
    assert script.status_code == 200
    assert b"SwaggerUIBundle" in script.content
