"""The change feed: every creation, update and deletion of claims, verdicts and
evidence, numbered so that a consumer reading `seq > after` in order never
skips or repeats an event.

Why a counter row and not the autoincrement id: an id is handed out when its
row is inserted but becomes visible only when its transaction commits, so a
reader can see id 8 while id 7 is still in flight; a cursor moved to 8 would
skip 7 for ever. Here a transaction numbers its events by incrementing the
single ChangeSequence row (`UPDATE ... RETURNING`). That UPDATE keeps the
row's write lock until the transaction ends (a row lock in PostgreSQL, the
database write lock in SQLite), so the next writer gets its numbers only once
this one has committed or rolled back: numbers become visible in the order
they were given. A rolled-back transaction leaves a gap, never a skip.

Events are recorded last in a transaction where we can (the receivers run
after the save they describe), which keeps the lock short; writers are
serialised only for the moment between their first event and their commit.

What records: post_save and post_delete receivers (connected in the apps'
`ready()`) cover `save()`, `delete()`, cascades (an article's deletion
deletes its claims one signal each) and the admin. `bulk_create` sends no
signals, so `claims.ingest.save_claims` and the JSONL restore call
`record_created()` themselves. A queryset `.update()` of these models would
bypass the feed: only `bump_version` does one, and a `save()` always follows.
"""

import datetime
from collections.abc import Iterable, Sequence

from django.db import connection, models, transaction

from claims.models import ChangeEvent, ChangeSequence


def _jsonable(value: object) -> object:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def serialize(obj: models.Model) -> dict:
    """The object's stored fields by column name (foreign keys as ids), but
    binary ones (a claim's embedding: 768 bytes no consumer reads as JSON)."""
    return {
        field.attname: _jsonable(getattr(obj, field.attname))
        for field in obj._meta.concrete_fields
        if not isinstance(field, models.BinaryField)
    }


def _allocate(count: int) -> int:
    """Reserve `count` consecutive numbers and return the first.

    Must run inside the transaction that writes the events: the UPDATE's lock
    is what keeps the numbers in commit order (see the module docstring).
    """
    table = connection.ops.quote_name(ChangeSequence._meta.db_table)
    sql = f"UPDATE {table} SET value = value + %s WHERE id = 1 RETURNING value"
    with connection.cursor() as cursor:
        cursor.execute(sql, [count])
        row = cursor.fetchone()
        if row is None:  # a flushed database (transactional tests): start again
            ChangeSequence.objects.bulk_create(
                [ChangeSequence(pk=1, value=0)], ignore_conflicts=True
            )
            cursor.execute(sql, [count])
            row = cursor.fetchone()
    return row[0] - count + 1


def record(operation: str, objects: Sequence[models.Model]) -> list[ChangeEvent]:
    """Append one event per object, in one transaction with the caller's."""
    if not objects:
        return []
    with transaction.atomic():
        first = _allocate(len(objects))
        return ChangeEvent.objects.bulk_create(
            ChangeEvent(
                seq=first + i,
                model=obj._meta.label_lower,
                object_id=obj.pk,
                operation=operation,
                state=serialize(obj),
            )
            for i, obj in enumerate(objects)
        )


def record_created(objects: Sequence[models.Model]) -> list[ChangeEvent]:
    """For rows written by bulk_create, which sends no signals."""
    return record(ChangeEvent.Operation.CREATE, objects)


def on_save(sender, instance: models.Model, created: bool, raw: bool, **kwargs):
    if raw:  # loaddata: fixtures are not changes
        return
    operation = (
        ChangeEvent.Operation.CREATE if created else ChangeEvent.Operation.UPDATE
    )
    record(operation, [instance])


def on_delete(sender, instance: models.Model, **kwargs):
    record(ChangeEvent.Operation.DELETE, [instance])


def connect(model: type[models.Model]) -> None:
    """Record every save and delete of `model` (called from AppConfig.ready)."""
    uid = f"claimdesk-changes-{model._meta.label_lower}"
    models.signals.post_save.connect(on_save, sender=model, dispatch_uid=uid)
    models.signals.post_delete.connect(on_delete, sender=model, dispatch_uid=uid)


def events_after(after: int, limit: int) -> list[ChangeEvent]:
    """The next `limit` events after cursor `after`, in order (one query)."""
    return list(ChangeEvent.objects.filter(seq__gt=after).order_by("seq")[:limit])


def replay(events: Iterable[dict], into: dict | None = None) -> dict:
    """Apply feed events to a mirror {(model, id): state}; what a consumer does."""
    mirror = {} if into is None else into
    for event in events:
        key = (event["model"], event["object_id"])
        if event["operation"] == ChangeEvent.Operation.DELETE:
            mirror.pop(key, None)
        else:
            mirror[key] = event["state"]
    return mirror
