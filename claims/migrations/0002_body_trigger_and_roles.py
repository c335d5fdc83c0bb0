"""The claim-inside-body rule, enforced by the database, and the role groups.

A CheckConstraint cannot look at another table, so a trigger refuses a claim
whose end lies past its article's body or whose text is not body[start:end].
Both SQLite and PostgreSQL count characters (code points), as Python does.
"""

from django.db import migrations

from claims.dbsql import per_database

SQLITE = [
    """
    CREATE TRIGGER claims_claim_inside_body_{op} BEFORE {OP} ON claims_claim
    WHEN NEW."end" > NEW.start AND (
      NEW."end" > (SELECT length(body) FROM claims_article WHERE id = NEW.article_id)
      OR NEW.text <> (SELECT substr(body, NEW.start + 1, NEW."end" - NEW.start)
                      FROM claims_article WHERE id = NEW.article_id))
    BEGIN SELECT RAISE(ABORT, 'claim_inside_body: the claim must lie inside its article body'); END
    """.format(op=op.lower(), OP=op)
    for op in ("INSERT", "UPDATE")
]
POSTGRES = [
    """
    CREATE FUNCTION claims_claim_inside_body() RETURNS trigger AS $$
    DECLARE article_body text;
    BEGIN
      SELECT body INTO article_body FROM claims_article WHERE id = NEW.article_id;
      -- An empty or reversed span is the check constraint's to refuse.
      IF NEW."end" > NEW.start AND (NEW."end" > length(article_body)
         OR NEW.text <> substr(article_body, NEW.start + 1, NEW."end" - NEW.start)) THEN
        RAISE EXCEPTION 'claim_inside_body: the claim must lie inside its article body'
          USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER claims_claim_inside_body BEFORE INSERT OR UPDATE ON claims_claim
    FOR EACH ROW EXECUTE FUNCTION claims_claim_inside_body()
    """,
]
DROP = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS claims_claim_inside_body_insert",
        "DROP TRIGGER IF EXISTS claims_claim_inside_body_update",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS claims_claim_inside_body ON claims_claim",
        "DROP FUNCTION IF EXISTS claims_claim_inside_body()",
    ],
}


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ("viewer", "reviewer", "editor"):
        Group.objects.get_or_create(name=name)


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=("viewer", "reviewer", "editor")).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        per_database({"sqlite": SQLITE, "postgresql": POSTGRES}, DROP),
        migrations.RunPython(create_groups, delete_groups),
    ]
