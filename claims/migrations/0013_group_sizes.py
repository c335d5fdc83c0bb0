"""How many claims each group holds (ClaimGroup.size), kept by the database as
claims join, leave or are deleted — the dashboard's "claims that recur" reads
the largest groups from an index instead of grouping every grouped claim —
and the indexes the tracking lists need at scale: the newest conflicts, and
the claims of groups by score (the queue's "Recurring claims")."""

from django.db import migrations, models

from claims.dbsql import per_database

POSTGRES = [
    """
    CREATE FUNCTION claims_count_group() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND OLD.group_id IS NOT DISTINCT FROM NEW.group_id THEN
        RETURN NULL;
      END IF;
      IF TG_OP <> 'INSERT' AND OLD.group_id IS NOT NULL THEN
        UPDATE claims_claimgroup SET size = size - 1 WHERE id = OLD.group_id;
      END IF;
      IF TG_OP <> 'DELETE' AND NEW.group_id IS NOT NULL THEN
        UPDATE claims_claimgroup SET size = size + 1 WHERE id = NEW.group_id;
      END IF;
      RETURN NULL;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER claims_count_group AFTER INSERT OR DELETE OR UPDATE OF group_id
    ON claims_claim FOR EACH ROW EXECUTE FUNCTION claims_count_group()
    """,
]
SQLITE = [
    """
    CREATE TRIGGER claims_group_insert AFTER INSERT ON claims_claim
    WHEN NEW.group_id IS NOT NULL BEGIN
      UPDATE claims_claimgroup SET size = size + 1 WHERE id = NEW.group_id;
    END
    """,
    """
    CREATE TRIGGER claims_group_delete AFTER DELETE ON claims_claim
    WHEN OLD.group_id IS NOT NULL BEGIN
      UPDATE claims_claimgroup SET size = size - 1 WHERE id = OLD.group_id;
    END
    """,
    """
    CREATE TRIGGER claims_group_update AFTER UPDATE OF group_id ON claims_claim
    WHEN OLD.group_id IS NOT NEW.group_id BEGIN
      UPDATE claims_claimgroup SET size = size - 1 WHERE id = OLD.group_id;
      UPDATE claims_claimgroup SET size = size + 1 WHERE id = NEW.group_id;
    END
    """,
]
COUNT = (
    "UPDATE claims_claimgroup SET size = (SELECT count(*) FROM claims_claim "
    "WHERE claims_claim.group_id = claims_claimgroup.id)"
)
DROP = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS claims_count_group ON claims_claim",
        "DROP FUNCTION IF EXISTS claims_count_group()",
    ],
    "sqlite": [
        f"DROP TRIGGER IF EXISTS claims_group_{op}"
        for op in ("insert", "delete", "update")
    ],
}


class Migration(migrations.Migration):
    dependencies = [("claims", "0012_claim_confidences")]

    operations = [
        migrations.AddField(
            model_name="claimgroup",
            name="size",
            field=models.IntegerField(default=0, editable=False),
        ),
        migrations.AddIndex(
            model_name="claimgroup",
            index=models.Index(fields=["-size", "id"], name="group_largest"),
        ),
        migrations.AddIndex(
            model_name="claimmatch",
            index=models.Index(
                fields=["relation", "-created_at", "-id"], name="match_relation_newest"
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                fields=["-score", "id"],
                condition=models.Q(group__isnull=False),
                name="claim_grouped_score",
            ),
        ),
        per_database({"sqlite": SQLITE, "postgresql": POSTGRES}, DROP, [COUNT]),
    ]
