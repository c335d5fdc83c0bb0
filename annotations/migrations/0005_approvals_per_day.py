"""Approvals per day (ApprovalsPerDay), kept by the database on every insert,
change or deletion of an approving transition (`approve`, or `approve_group`
for each claim of a group published at once), for the dashboard's chart.

Days are UTC days, as settings.TIME_ZONE is UTC: PostgreSQL takes the date of
the timestamp at UTC, SQLite the date of the stored UTC text."""

from django.db import migrations, models

from claims.dbsql import per_database

POSTGRES = [
    """
    CREATE FUNCTION annotations_count_approvals() RETURNS trigger AS $$
    BEGIN
      IF TG_OP <> 'INSERT' AND OLD.action IN ('approve', 'approve_group') THEN
        UPDATE annotations_approvalsperday SET approvals = approvals - 1
        WHERE day = (OLD.created_at AT TIME ZONE 'UTC')::date;
      END IF;
      IF TG_OP <> 'DELETE' AND NEW.action IN ('approve', 'approve_group') THEN
        INSERT INTO annotations_approvalsperday AS c (day, approvals)
        VALUES ((NEW.created_at AT TIME ZONE 'UTC')::date, 1)
        ON CONFLICT (day) DO UPDATE SET approvals = c.approvals + 1;
      END IF;
      RETURN NULL;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER annotations_count_approvals_insert AFTER INSERT
    ON annotations_transition FOR EACH ROW WHEN (NEW.action IN ('approve', 'approve_group'))
    EXECUTE FUNCTION annotations_count_approvals()
    """,
    """
    CREATE TRIGGER annotations_count_approvals_delete AFTER DELETE
    ON annotations_transition FOR EACH ROW WHEN (OLD.action IN ('approve', 'approve_group'))
    EXECUTE FUNCTION annotations_count_approvals()
    """,
    """
    CREATE TRIGGER annotations_count_approvals_update AFTER UPDATE OF action, created_at
    ON annotations_transition FOR EACH ROW
    WHEN (OLD.action IN ('approve', 'approve_group') OR NEW.action IN ('approve', 'approve_group'))
    EXECUTE FUNCTION annotations_count_approvals()
    """,
]
SQLITE = [
    """
    CREATE TRIGGER annotations_count_approvals_insert AFTER INSERT
    ON annotations_transition WHEN NEW.action IN ('approve', 'approve_group') BEGIN
      INSERT INTO annotations_approvalsperday (day, approvals)
      VALUES (date(NEW.created_at), 1)
      ON CONFLICT (day) DO UPDATE SET approvals = approvals + 1;
    END
    """,
    """
    CREATE TRIGGER annotations_count_approvals_delete AFTER DELETE
    ON annotations_transition WHEN OLD.action IN ('approve', 'approve_group') BEGIN
      UPDATE annotations_approvalsperday SET approvals = approvals - 1
      WHERE day = date(OLD.created_at);
    END
    """,
    """
    CREATE TRIGGER annotations_count_approvals_update AFTER UPDATE OF action, created_at
    ON annotations_transition
    WHEN OLD.action IN ('approve', 'approve_group') OR NEW.action IN ('approve', 'approve_group') BEGIN
      UPDATE annotations_approvalsperday SET approvals = approvals - 1
      WHERE OLD.action IN ('approve', 'approve_group') AND day = date(OLD.created_at);
      INSERT INTO annotations_approvalsperday (day, approvals)
      SELECT date(NEW.created_at), 1 WHERE NEW.action IN ('approve', 'approve_group')
      ON CONFLICT (day) DO UPDATE SET approvals = approvals + 1;
    END
    """,
]
# bench/scale.py counts the same after a bulk load with the triggers off.
COUNT = {
    "postgresql": ["INSERT INTO annotations_approvalsperday (day, approvals) "
    "SELECT (created_at AT TIME ZONE 'UTC')::date, count(*) "
    "FROM annotations_transition WHERE action IN ('approve', 'approve_group') GROUP BY 1"],
    "sqlite": ["INSERT INTO annotations_approvalsperday (day, approvals) "
    "SELECT date(created_at), count(*) "
    "FROM annotations_transition WHERE action IN ('approve', 'approve_group') GROUP BY 1"],
}
DROP = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS annotations_count_approvals_insert "
        "ON annotations_transition",
        "DROP TRIGGER IF EXISTS annotations_count_approvals_delete "
        "ON annotations_transition",
        "DROP TRIGGER IF EXISTS annotations_count_approvals_update "
        "ON annotations_transition",
        "DROP FUNCTION IF EXISTS annotations_count_approvals()",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS annotations_count_approvals_insert",
        "DROP TRIGGER IF EXISTS annotations_count_approvals_delete",
        "DROP TRIGGER IF EXISTS annotations_count_approvals_update",
    ],
}


class Migration(migrations.Migration):
    dependencies = [("annotations", "0004_verdict_outcome_transition_action_indexes")]

    operations = [
        migrations.CreateModel(
            name="ApprovalsPerDay",
            fields=[
                ("day", models.DateField(primary_key=True, serialize=False)),
                ("approvals", models.BigIntegerField(default=0)),
            ],
            options={"ordering": ["day"]},
        ),
        per_database({"sqlite": SQLITE, "postgresql": POSTGRES}, DROP, COUNT),
        # The chart read approvals from this index; it reads the counters now.
        migrations.RemoveIndex(model_name="transition", name="transition_action_day"),
    ]
