"""The engine side of the search index, kept in step with knowledge_searchentry by triggers.

SQLite: an external-content FTS5 table (unicode61, diacritics removed).
PostgreSQL: a tsvector column (title weight A, body B, unaccented, cut at every
non-alphanumeric character) with a GIN index, and the `knowledge_fold` text
search configuration used to highlight accented text.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE knowledge_searchfts USING fts5(title, body, content='knowledge_searchentry', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER knowledge_searchentry_ai AFTER INSERT ON knowledge_searchentry BEGIN "
    "INSERT INTO knowledge_searchfts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER knowledge_searchentry_ad AFTER DELETE ON knowledge_searchentry BEGIN "
    "INSERT INTO knowledge_searchfts(knowledge_searchfts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER knowledge_searchentry_au AFTER UPDATE ON knowledge_searchentry BEGIN "
    "INSERT INTO knowledge_searchfts(knowledge_searchfts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); "
    "INSERT INTO knowledge_searchfts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS knowledge_searchentry_au",
    "DROP TRIGGER IF EXISTS knowledge_searchentry_ad",
    "DROP TRIGGER IF EXISTS knowledge_searchentry_ai",
    "DROP TABLE IF EXISTS knowledge_searchfts",
]

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public",
    "CREATE TEXT SEARCH CONFIGURATION knowledge_fold (COPY = pg_catalog.simple)",
    "ALTER TEXT SEARCH CONFIGURATION knowledge_fold ALTER MAPPING FOR hword, hword_part, word "
    "WITH public.unaccent, pg_catalog.simple",
    "CREATE FUNCTION knowledge_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
    "SELECT regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, coalesce($1, ''))), "
    "'[^[:alnum:]]+', ' ', 'g') $$",
    "ALTER TABLE knowledge_searchentry ADD COLUMN search_vector tsvector",
    "CREATE FUNCTION knowledge_searchentry_vector() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "NEW.search_vector := setweight(to_tsvector('pg_catalog.simple', knowledge_fold(NEW.title)), 'A') "
    "|| setweight(to_tsvector('pg_catalog.simple', knowledge_fold(NEW.body)), 'B'); RETURN NEW; END $$",
    "CREATE TRIGGER knowledge_searchentry_vector BEFORE INSERT OR UPDATE OF title, body ON knowledge_searchentry "
    "FOR EACH ROW EXECUTE FUNCTION knowledge_searchentry_vector()",
    "CREATE INDEX knowledge_searchentry_vector_gin ON knowledge_searchentry USING gin (search_vector)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS knowledge_searchentry_vector_gin",
    "DROP TRIGGER IF EXISTS knowledge_searchentry_vector ON knowledge_searchentry",
    "DROP FUNCTION IF EXISTS knowledge_searchentry_vector()",
    "ALTER TABLE knowledge_searchentry DROP COLUMN IF EXISTS search_vector",
    "DROP FUNCTION IF EXISTS knowledge_fold(text)",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS knowledge_fold",
]


def _run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
