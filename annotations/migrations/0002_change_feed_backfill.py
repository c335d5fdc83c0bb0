"""Rows that existed before the change feed enter it as creations, so that a
consumer replaying the feed from the start rebuilds everything."""

import datetime

from django.db import migrations


def _jsonable(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def backfill(apps, schema_editor):
    ChangeEvent = apps.get_model("claims", "ChangeEvent")
    ChangeSequence = apps.get_model("claims", "ChangeSequence")
    seq = ChangeSequence.objects.get(pk=1)
    events = []
    for label in ("claims.Claim", "annotations.Verdict", "annotations.Evidence"):
        model = apps.get_model(label)
        for obj in model.objects.order_by("pk").iterator():
            seq.value += 1
            events.append(
                ChangeEvent(
                    seq=seq.value,
                    model=label.lower(),
                    object_id=obj.pk,
                    operation="create",
                    state={
                        f.attname: _jsonable(getattr(obj, f.attname))
                        for f in model._meta.concrete_fields
                    },
                )
            )
    ChangeEvent.objects.bulk_create(events, batch_size=1000)
    seq.save()


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0001_initial"),
        ("claims", "0003_change_feed"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
