"""`manage.py check --deploy` for a production configuration: with
CLAIMDESK_HTTPS=1 it is clean, without it the HTTPS warnings stay."""

import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HTTPS_WARNINGS = ("security.W004", "security.W008", "security.W012", "security.W016")


def check_deploy(**env: str) -> subprocess.CompletedProcess:
    production = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "claims.example.org",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={**production, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_https_on():
    result = check_deploy(CLAIMDESK_HTTPS="1")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_is_clean_with_hsts_preload_too():
    result = check_deploy(CLAIMDESK_HTTPS="1", CLAIMDESK_HSTS_PRELOAD="1")
    assert result.returncode == 0, result.stderr


def test_without_https_check_deploy_warns_about_it():
    result = check_deploy()
    assert result.returncode != 0
    for warning in HTTPS_WARNINGS:
        assert warning in result.stderr


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "0 False False None False"),
        (
            {"CLAIMDESK_HTTPS": "1"},
            "31536000 True True ('HTTP_X_FORWARDED_PROTO', 'https') True",
        ),
        (
            {
                "CLAIMDESK_HTTPS": "1",
                "CLAIMDESK_HSTS_SECONDS": "3600",
                "CLAIMDESK_HSTS_INCLUDE_SUBDOMAINS": "0",
            },
            "3600 True True ('HTTP_X_FORWARDED_PROTO', 'https') False",
        ),
    ],
)
def test_one_switch_turns_on_every_https_setting(env, expected):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, "
        "s.SESSION_COOKIE_SECURE and s.CSRF_COOKIE_SECURE, "
        "s.SECURE_PROXY_SSL_HEADER, s.SECURE_HSTS_INCLUDE_SUBDOMAINS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": "x" * 50,
            **env,
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip() == expected, result.stderr
