"""Full-text search indexes (claims/search.py) and the claims-per-status
counters (StatusCount), both kept by the database on every write.

PostgreSQL: a stored generated `tsvector` column on claims and on articles
(`search_vector`, unknown to the models: the database fills it), with a GIN
index; a trigger function counts claims in and out of each status.
SQLite: FTS5 tables over claims and articles (external content: the text is
not stored twice), kept by triggers; three triggers count statuses.
"""

from django.db import migrations

from claims.dbsql import per_database
from claims.search import ARTICLE_CHARS

POSTGRES = [
    # Stored, not an index on an expression: a row the index finds (or a row
    # an ordered scan meets) is tested without parsing its text again.
    "ALTER TABLE claims_claim ADD COLUMN search_vector tsvector GENERATED ALWAYS "
    "AS (to_tsvector('english', text)) STORED",
    "CREATE INDEX claim_text_search ON claims_claim USING gin (search_vector)",
    "ALTER TABLE claims_article ADD COLUMN search_vector tsvector GENERATED ALWAYS "
    "AS (to_tsvector('english', title || ' ' || "
    f"left(body, {ARTICLE_CHARS}))) STORED",
    "CREATE INDEX article_text_search ON claims_article USING gin (search_vector)",
    """
    CREATE FUNCTION claims_count_status() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND OLD.status = NEW.status THEN
        RETURN NULL;
      END IF;
      -- One statement, rows locked in key order: two moves never deadlock.
      INSERT INTO claims_statuscount AS c (status, claims)
      SELECT s, d FROM (VALUES
          (CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.status END, -1),
          (CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.status END, 1)
        ) AS moves (s, d)
      WHERE s IS NOT NULL ORDER BY s
      ON CONFLICT (status) DO UPDATE SET claims = c.claims + excluded.claims;
      RETURN NULL;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER claims_count_status AFTER INSERT OR DELETE OR UPDATE OF status
    ON claims_claim FOR EACH ROW EXECUTE FUNCTION claims_count_status()
    """,
]
_FTS = {
    "claims_claim_fts": ("claims_claim", ["text"]),
    "claims_article_fts": ("claims_article", ["title", "body"]),
}
SQLITE = [
    """
    CREATE TRIGGER claims_count_insert AFTER INSERT ON claims_claim BEGIN
      INSERT INTO claims_statuscount (status, claims) VALUES (NEW.status, 1)
      ON CONFLICT (status) DO UPDATE SET claims = claims + 1;
    END
    """,
    """
    CREATE TRIGGER claims_count_delete AFTER DELETE ON claims_claim BEGIN
      UPDATE claims_statuscount SET claims = claims - 1 WHERE status = OLD.status;
    END
    """,
    """
    CREATE TRIGGER claims_count_update AFTER UPDATE OF status ON claims_claim
    WHEN OLD.status <> NEW.status BEGIN
      UPDATE claims_statuscount SET claims = claims - 1 WHERE status = OLD.status;
      INSERT INTO claims_statuscount (status, claims) VALUES (NEW.status, 1)
      ON CONFLICT (status) DO UPDATE SET claims = claims + 1;
    END
    """,
]
for fts, (table, columns) in _FTS.items():
    names = ", ".join(columns)
    new = ", ".join(f"NEW.{c}" for c in columns)
    old = ", ".join(f"OLD.{c}" for c in columns)
    SQLITE += [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='{table}', "
        "content_rowid='id', tokenize='porter unicode61')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts} (rowid, {names}) VALUES (NEW.id, {new}); END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts} ({fts}, rowid, {names}) VALUES ('delete', OLD.id, {old}); "
        "END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {names} ON {table} BEGIN "
        f"INSERT INTO {fts} ({fts}, rowid, {names}) VALUES ('delete', OLD.id, {old}); "
        f"INSERT INTO {fts} (rowid, {names}) VALUES (NEW.id, {new}); END",
        f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')",
    ]
COUNT = (
    "INSERT INTO claims_statuscount (status, claims) "
    "SELECT status, count(*) FROM claims_claim GROUP BY status"
)
DROP = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS claims_count_status ON claims_claim",
        "DROP FUNCTION IF EXISTS claims_count_status()",
        "DROP INDEX IF EXISTS claim_text_search",
        "DROP INDEX IF EXISTS article_text_search",
        "ALTER TABLE claims_claim DROP COLUMN IF EXISTS search_vector",
        "ALTER TABLE claims_article DROP COLUMN IF EXISTS search_vector",
    ],
    "sqlite": [
        *(f"DROP TRIGGER IF EXISTS claims_count_{op}"
          for op in ("insert", "delete", "update")),
        *(f"DROP TRIGGER IF EXISTS {fts}_{op}" for fts in _FTS
          for op in ("insert", "delete", "update")),
        *(f"DROP TABLE IF EXISTS {fts}" for fts in _FTS),
    ],
}  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("claims", "0008_claim_rating_indexes_status_counts")]

    operations = [
        per_database(
            {"sqlite": SQLITE, "postgresql": POSTGRES},
            DROP,
            ["DELETE FROM claims_statuscount", COUNT],
        )
    ]
