"""Settings come from the environment, with safe defaults."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRINT = "from django.conf import settings; print(settings.DEBUG, settings.DATABASES['default']['ENGINE'])"


def settings_with(env: dict, show: str = PRINT) -> subprocess.CompletedProcess:
    code = f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup(); {show}"
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_secret_key_is_required_unless_debug():
    result = settings_with({})
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_debug_is_off_by_default_and_sqlite_is_the_default_database():
    result = settings_with({"SECRET_KEY": "x"})
    assert result.stdout.split() == ["False", "django.db.backends.sqlite3"]


def test_database_url_selects_postgresql():
    result = settings_with(
        {"SECRET_KEY": "x", "DATABASE_URL": "postgres://u@127.0.0.1:5432/db"}
    )
    assert result.stdout.split() == ["False", "django.db.backends.postgresql"]


def test_debug_runs_without_a_secret_key():
    result = settings_with({"DEBUG": "1"})
    assert result.stdout.split()[0] == "True"


POSTGRES = {"SECRET_KEY": "x", "DATABASE_URL": "postgres://u@127.0.0.1:5432/db"}
OPTIONS = "from django.conf import settings; o = settings.DATABASES['default']['OPTIONS']; print(o.get('server_side_binding'), o.get('prepare_threshold'))"


def database_options(env: dict) -> subprocess.CompletedProcess:
    return settings_with(env, OPTIONS)


def test_postgresql_prepares_what_a_connection_runs_again_unless_told_not_to():
    assert database_options(POSTGRES).stdout.split() == ["True", "5"]
    off = database_options({**POSTGRES, "DATABASE_PREPARE_THRESHOLD": "0"})
    assert off.stdout.split() == ["True", "None"]
    assert database_options({"SECRET_KEY": "x"}).stdout.split() == ["None", "None"]


def test_postgresql_connections_plan_for_an_ssd_unless_told_otherwise():
    show = "from django.conf import settings; print(repr(settings.DATABASES['default']['OPTIONS'].get('options')))"
    assert settings_with(POSTGRES, show).stdout.strip() == "'-c random_page_cost=1.1'"
    custom = {**POSTGRES, "DATABASE_STARTUP_OPTIONS": "-c work_mem=8MB"}
    assert settings_with(custom, show).stdout.strip() == "'-c work_mem=8MB'"
    # Empty (behind PgBouncer): nothing sent; SQLite has no such thing.
    empty = {**POSTGRES, "DATABASE_STARTUP_OPTIONS": " "}
    assert settings_with(empty, show).stdout.strip() == "None"
    assert settings_with({"SECRET_KEY": "x"}, show).stdout.strip() == "None"


def test_a_number_setting_that_is_not_a_whole_number_is_named():
    for value in ("five", "-1", "2.5", "٣"):
        result = database_options({**POSTGRES, "DATABASE_PREPARE_THRESHOLD": value})
        assert result.returncode != 0
        assert f"DATABASE_PREPARE_THRESHOLD must be a whole number, not {value!r}" in (
            result.stderr
        )
    result = settings_with({"SECRET_KEY": "x", "EMAIL_PORT": "smtp"})
    assert "EMAIL_PORT must be a whole number" in result.stderr
