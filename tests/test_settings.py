"""Settings come from the environment, with safe defaults."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRINT = "from django.conf import settings; print(settings.DEBUG, settings.DATABASES['default']['ENGINE'])"


def settings_with(env: dict) -> subprocess.CompletedProcess:
    code = f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup(); {PRINT}"
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
