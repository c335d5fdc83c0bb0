"""Import jobs on a real Celery worker: `celery -A config worker` started as a
process of its own, over Redis, against a database of its own (a worker
cannot see a test's in-memory database), the job made and watched by another
process, as the web server and a worker would be.

Runs whenever Redis answers (CI has one); outside CI, without Redis, it skips
saying so, as the browser tests do without Chromium."""

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import need_redis

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("CLAIMDESK_TEST_BROKER", "redis://127.0.0.1:6379/5")
BODY = (
    "Russia vetoed a UN resolution on March 28. More than 20 soldiers crossed "
    "the border, the military said. Exports rose by 12 percent in 2023."
)
# Made and watched from a second process: the job goes to the worker through
# the broker, and this process polls the database until it is over.
SCRIPT = """
import json, sys, time
import django
django.setup()
from claims.records import ArticleRecord
from claims.intake.jobs import create_job
from claims.models import ImportJob
body = sys.argv[1]
job = create_job(user=None, items=[
    (f"text {i}", ArticleRecord(body=f"{body} ({i})", title=f"Story {i}"))
    for i in range(3)
] + [("pasted nothing", ArticleRecord(body=""))])
seen = set()
deadline = time.monotonic() + 90
while time.monotonic() < deadline:
    job.refresh_from_db()
    seen.add(job.finished)
    if job.is_over:
        break
    time.sleep(0.2)
items = list(job.items.values("outcome", "claims", "problem"))
print(json.dumps({"status": job.status, "finished": job.finished,
                  "total": job.total, "seen": sorted(seen), "items": items}))
"""


@pytest.fixture
def worker_env(tmp_path):
    need_redis(BROKER)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "CELERY_BROKER_URL": BROKER,
        # A queue of its own: another run on this Redis must not take the job.
        "CELERY_TASK_DEFAULT_QUEUE": f"claimdesk-test-{uuid.uuid4().hex}",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    return env


def test_an_import_job_runs_on_a_celery_worker_process(worker_env):
    celery = Path(sys.executable).with_name("celery")
    worker = subprocess.Popen(
        [str(celery), "-A", "config", "worker", "--pool", "solo", "--concurrency",
         "1", "--loglevel", "WARNING", "-Q", worker_env["CELERY_TASK_DEFAULT_QUEUE"],
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=worker_env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, BODY],
            cwd=ROOT, env=worker_env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout.strip().splitlines()[-1])
        assert time.monotonic() - started < 120
    finally:
        worker.terminate()
        log, _ = worker.communicate(timeout=30)
    assert result["status"] == "done", (result, log)
    assert (result["finished"], result["total"]) == (4, 4)
    outcomes = [item["outcome"] for item in result["items"]]
    assert outcomes == ["imported", "imported", "imported", "failed"]
    assert all(item["claims"] >= 2 for item in result["items"][:3])
    assert "empty" in result["items"][3]["problem"]
    # The creating process did not run it: it saw the job unfinished first.
    assert result["seen"][0] < 4


# A reviewer's verdict returned, with e-mail on: the notification's mail is
# sent by the worker (to a folder, Django's file backend), not by the request.
RETURN = """
import django
django.setup()
from django.contrib.auth.models import Group, User
from annotations import workflow
from claims.editing import create_claim
from claims.models import Article
def person(name, role):
    user = User.objects.create_user(name, email=f"{name}@example.org")
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user
rita, ed = person("rita", "reviewer"), person("ed", "editor")
body = "Russia vetoed a UN resolution on March 28."
article = Article.objects.create(title="Veto", body=body)
claim = create_claim(article=article, start=0, end=len(body), kind="event")
workflow.start_review(claim=claim, user=rita)
workflow.submit_verdict(claim=claim, user=rita, rating="false", summary="No.")
workflow.return_claim(claim=claim, user=ed, note="Check the date.")
print("returned")
"""


def test_notification_mail_is_sent_by_the_worker(worker_env, tmp_path):
    mail = tmp_path / "mail"
    mail.mkdir()
    env = worker_env | {
        "CLAIMDESK_NOTIFY_EMAIL": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail),
    }
    creator = {**env, "EMAIL_FILE_PATH": str(tmp_path / "not-here")}
    celery = Path(sys.executable).with_name("celery")
    worker = subprocess.Popen(
        [str(celery), "-A", "config", "worker", "--pool", "solo", "--concurrency",
         "1", "--loglevel", "WARNING", "-Q", env["CELERY_TASK_DEFAULT_QUEUE"],
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        done = subprocess.run(
            [sys.executable, "-c", RETURN],
            cwd=ROOT, env=creator, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0 and "returned" in done.stdout, done.stderr
        deadline = time.monotonic() + 60
        while not list(mail.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        worker.terminate()
        log, _ = worker.communicate(timeout=30)
    sent = "".join(f.read_text() for f in mail.iterdir())
    assert "To: rita@example.org" in sent, log
    assert "returned your verdict" in sent and "Check the date." in sent
    # The process that returned the claim wrote no mail itself.
    assert not (tmp_path / "not-here").exists()
