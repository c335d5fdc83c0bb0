"""Article versions, how each claim was re-anchored, needs_recheck.

The three NOT NULL columns with a default (article.version, claim.anchor,
claim.needs_recheck) are added with ALTER TABLE ADD COLUMN on both databases:
Django's AddField would rebuild the SQLite tables, dropping their triggers
(the body check of 0002, the counters and full-text index of 0009).

The body trigger (0002) now leaves orphaned claims alone: an orphan keeps the
offsets and text it had in an earlier version of its article's body
(`orphaned_from`), which the newest body no longer holds.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# (table, column, SQLite type, PostgreSQL type)
COLUMNS = [
    ("claims_article", "version",
     'integer unsigned NOT NULL DEFAULT 1 CHECK ("version" >= 0)',
     'integer NOT NULL DEFAULT 1 CHECK ("version" >= 0)'),
    ("claims_claim", "anchor",
     "varchar(8) NOT NULL DEFAULT 'exact'", "varchar(8) NOT NULL DEFAULT 'exact'"),
    ("claims_claim", "needs_recheck",
     "bool NOT NULL DEFAULT 0", "boolean NOT NULL DEFAULT false"),
]  # fmt: skip

SQLITE_BODY = """
    CREATE TRIGGER claims_claim_inside_body_{op} BEFORE {OP} ON claims_claim
    WHEN NEW."end" > NEW.start {spare}AND (
      NEW."end" > (SELECT length(body) FROM claims_article WHERE id = NEW.article_id)
      OR NEW.text <> (SELECT substr(body, NEW.start + 1, NEW."end" - NEW.start)
                      FROM claims_article WHERE id = NEW.article_id))
    BEGIN SELECT RAISE(ABORT, 'claim_inside_body: the claim must lie inside its article body'); END
"""
POSTGRES_BODY = """
    CREATE OR REPLACE FUNCTION claims_claim_inside_body() RETURNS trigger AS $$
    DECLARE article_body text;
    BEGIN
      {spare}
      SELECT body INTO article_body FROM claims_article WHERE id = NEW.article_id;
      -- An empty or reversed span is the check constraint's to refuse.
      IF NEW."end" > NEW.start AND (NEW."end" > length(article_body)
         OR NEW.text <> substr(article_body, NEW.start + 1, NEW."end" - NEW.start)) THEN
        RAISE EXCEPTION 'claim_inside_body: the claim must lie inside its article body'
          USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql
"""
SPARE = {
    "sqlite": "AND NEW.anchor <> 'orphaned' ",
    # An orphan keeps its text from an earlier version of the body.
    "postgresql": "IF NEW.anchor = 'orphaned' THEN RETURN NEW; END IF;",
}


def add_columns(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, column, sqlite, postgres in COLUMNS:
        kind = sqlite if vendor == "sqlite" else postgres
        schema_editor.execute(f'ALTER TABLE {table} ADD COLUMN "{column}" {kind}')


def drop_columns(apps, schema_editor):
    for table, column, *_ in reversed(COLUMNS):
        schema_editor.execute(f'ALTER TABLE {table} DROP COLUMN "{column}"')


def body_trigger(*, orphans_spared: bool):
    def replace(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        spare = SPARE.get(vendor, "") if orphans_spared else ""
        if vendor == "postgresql":
            schema_editor.execute(POSTGRES_BODY.format(spare=spare))
        elif vendor == "sqlite":
            for op in ("insert", "update"):
                name = f"claims_claim_inside_body_{op}"
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
                sql = SQLITE_BODY.format(op=op, OP=op.upper(), spare=spare)
                schema_editor.execute(sql)

    return replace


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0010_claim_embeddings_groups_matches"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="article",
                    name="version",
                    field=models.PositiveIntegerField(default=1, editable=False),
                ),
                migrations.AddField(
                    model_name="claim",
                    name="anchor",
                    field=models.CharField(
                        choices=[
                            ("exact", "Exact"),
                            ("moved", "Moved"),
                            ("changed", "Changed"),
                            ("orphaned", "Orphaned"),
                        ],
                        default="exact",
                        editable=False,
                        max_length=8,
                    ),
                ),
                migrations.AddField(
                    model_name="claim",
                    name="needs_recheck",
                    field=models.BooleanField(default=False, editable=False),
                ),
            ],
            database_operations=[migrations.RunPython(add_columns, drop_columns)],
        ),
        migrations.CreateModel(
            name="ArticleVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("number", models.PositiveIntegerField()),
                ("title", models.CharField(max_length=500)),
                ("body", models.TextField()),
                ("fetched_at", models.DateTimeField()),
                ("replaced_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "ordering": ["article", "-number"],
            },
        ),
        migrations.AddField(
            model_name="claim",
            name="orphaned_from",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="anchor",
            field=models.CharField(
                choices=[
                    ("exact", "Exact"),
                    ("moved", "Moved"),
                    ("changed", "Changed"),
                    ("orphaned", "Orphaned"),
                ],
                default="exact",
                editable=False,
                max_length=8,
            ),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="needs_recheck",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="orphaned_from",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="importitem",
            name="note",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="importitem",
            name="refresh",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="claims.article",
            ),
        ),
        migrations.AlterField(
            model_name="importitem",
            name="outcome",
            field=models.CharField(
                choices=[
                    ("pending", "Pending"),
                    ("imported", "Imported"),
                    ("existing", "Existing"),
                    ("failed", "Failed"),
                    ("refreshed", "Refreshed"),
                    ("unchanged", "Unchanged"),
                ],
                default="pending",
                max_length=16,
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                condition=models.Q(("needs_recheck", True)),
                fields=["-score"],
                name="claim_needs_recheck",
            ),
        ),
        migrations.AddField(
            model_name="articleversion",
            name="article",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="versions",
                to="claims.article",
            ),
        ),
        migrations.AddField(
            model_name="articleversion",
            name="snapshot",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="claims.articlesnapshot",
            ),
        ),
        migrations.AddConstraint(
            model_name="articleversion",
            constraint=models.UniqueConstraint(
                fields=("article", "number"), name="article_version_number"
            ),
        ),
        migrations.RunPython(
            body_trigger(orphans_spared=True), body_trigger(orphans_spared=False)
        ),
    ]
