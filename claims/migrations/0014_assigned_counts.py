"""How many claims each person is assigned in each status (AssignedCount),
kept by the database on every write, as StatusCount (0009) and group sizes
(0013): the dashboard's open work per reviewer reads a few rows instead of
counting the claims people hold."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from claims.dbsql import per_database

POSTGRES = [
    """
    CREATE FUNCTION claims_count_assigned() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND OLD.status = NEW.status
         AND OLD.assignee_id IS NOT DISTINCT FROM NEW.assignee_id THEN
        RETURN NULL;
      END IF;
      -- One statement, rows locked in key order: two moves never deadlock.
      INSERT INTO claims_assignedcount AS c (assignee_id, status, claims)
      SELECT a, s, d FROM (VALUES
          (CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.assignee_id END,
           CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.status END, -1),
          (CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.assignee_id END,
           CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.status END, 1)
        ) AS moves (a, s, d)
      WHERE a IS NOT NULL ORDER BY a, s
      ON CONFLICT (assignee_id, status) DO UPDATE SET claims = c.claims + excluded.claims;
      RETURN NULL;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER claims_count_assigned
    AFTER INSERT OR DELETE OR UPDATE OF status, assignee_id
    ON claims_claim FOR EACH ROW EXECUTE FUNCTION claims_count_assigned()
    """,
]
_ADD = """
      INSERT INTO claims_assignedcount (assignee_id, status, claims)
      SELECT NEW.assignee_id, NEW.status, 1 WHERE NEW.assignee_id IS NOT NULL
      ON CONFLICT (assignee_id, status) DO UPDATE SET claims = claims + 1;
"""
_REMOVE = """
      UPDATE claims_assignedcount SET claims = claims - 1
      WHERE assignee_id = OLD.assignee_id AND status = OLD.status;
"""
SQLITE = [
    f"CREATE TRIGGER claims_assigned_insert AFTER INSERT ON claims_claim BEGIN {_ADD} END",
    f"CREATE TRIGGER claims_assigned_delete AFTER DELETE ON claims_claim BEGIN {_REMOVE} END",
    f"""
    CREATE TRIGGER claims_assigned_update AFTER UPDATE OF status, assignee_id
    ON claims_claim WHEN OLD.status <> NEW.status
      OR OLD.assignee_id IS NOT NEW.assignee_id BEGIN {_REMOVE} {_ADD} END
    """,
]
COUNT = (
    "INSERT INTO claims_assignedcount (assignee_id, status, claims) "
    "SELECT assignee_id, status, count(*) FROM claims_claim "
    "WHERE assignee_id IS NOT NULL GROUP BY assignee_id, status"
)
DROP = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS claims_count_assigned ON claims_claim",
        "DROP FUNCTION IF EXISTS claims_count_assigned()",
    ],
    "sqlite": [
        f"DROP TRIGGER IF EXISTS claims_assigned_{op}"
        for op in ("insert", "delete", "update")
    ],
}


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0013_group_sizes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AssignedCount",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "assignee_id",
                        "status",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("status", models.CharField(max_length=16)),
                ("claims", models.BigIntegerField(default=0)),
                (
                    "assignee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        per_database({"sqlite": SQLITE, "postgresql": POSTGRES}, DROP, [COUNT]),
    ]
