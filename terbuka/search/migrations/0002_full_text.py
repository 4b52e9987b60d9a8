"""The engine's index beside search_searchentry, by database vendor.

SQLite: an external-content FTS5 table `search_fts` (rowid = search_searchentry.id) over the
stemmed columns, kept in step by triggers. PostgreSQL: a generated `tsv` column (title at
weight A, text at B, facets at D, configuration `simple`) with a GIN index. Other vendors get
nothing; the search then refuses to run.

The SQL is frozen here on purpose; `terbuka.search.engines.sqlite.TRIGGERS` repeats the
triggers for bulk loading.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
      title_stems, text_stems, facets,
      content='search_searchentry', content_rowid='id',
      tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN
      INSERT INTO search_fts(rowid, title_stems, text_stems, facets)
      VALUES (new.id, new.title_stems, new.text_stems, new.facets);
    END
    """,
    """
    CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN
      INSERT INTO search_fts(search_fts, rowid, title_stems, text_stems, facets)
      VALUES ('delete', old.id, old.title_stems, old.text_stems, old.facets);
    END
    """,
    """
    CREATE TRIGGER search_fts_update AFTER UPDATE OF title_stems, text_stems, facets
    ON search_searchentry BEGIN
      INSERT INTO search_fts(search_fts, rowid, title_stems, text_stems, facets)
      VALUES ('delete', old.id, old.title_stems, old.text_stems, old.facets);
      INSERT INTO search_fts(rowid, title_stems, text_stems, facets)
      VALUES (new.id, new.title_stems, new.text_stems, new.facets);
    END
    """,
    # Rows written before this migration (none in practice) enter the index too.
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRES_FORWARD = [
    """
    ALTER TABLE search_searchentry ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('simple'::regconfig, title_stems), 'A')
      || setweight(to_tsvector('simple'::regconfig, text_stems), 'B')
      || setweight(to_tsvector('simple'::regconfig, facets), 'D')
    ) STORED
    """,
    "CREATE INDEX search_entry_tsv ON search_searchentry USING gin (tsv)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_tsv",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS tsv",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
