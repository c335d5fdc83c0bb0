"""The Celery task around ingest: eager without a broker, and on a real worker
over Redis (the broker production uses to spread extraction over machines)."""

import os
import uuid

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker
from celery.result import EagerResult

from claims.models import Article
from claims.tasks import ingest_article_task
from config.celery import app as claimdesk_app
from tests.conftest import need_redis

BODY = "Russia vetoed a UN resolution on March 28. More than 20 soldiers crossed the border."
BROKER = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/15"


@pytest.mark.django_db
def test_the_ingest_task_runs_in_process_without_a_broker(users):
    pk = ingest_article_task.delay(
        body=BODY, title="Veto", user_id=users["reviewer"].pk
    ).get()
    article = Article.objects.get(pk=pk)
    assert article.title == "Veto" and article.added_by == users["reviewer"]
    assert article.claims.filter(kind="quantity").exists()


@pytest.fixture
def redis_app():
    need_redis(BROKER)
    app = Celery("claimdesk-test", broker=BROKER, backend=BROKER)
    app.conf.task_always_eager = False
    app.conf.broker_connection_retry_on_startup = False
    # A queue of its own: another test run on this Redis must not take the task.
    app.conf.task_default_queue = f"claimdesk-test-{uuid.uuid4().hex}"
    yield app
    claimdesk_app.set_current()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_ingest_task_runs_on_a_real_worker_over_redis(redis_app):
    # The worker runs in a thread of this process with its own connection, so
    # the test must commit (transaction=True) for the worker to see its data.
    with start_worker(redis_app, pool="solo", perform_ping_check=False):
        result = ingest_article_task.delay(body=BODY, title="Veto")
        pk = result.get(timeout=60)
    assert not isinstance(result, EagerResult)  # it went through the broker
    assert result.successful()
    assert Article.objects.get(pk=pk).claims.count() >= 2
