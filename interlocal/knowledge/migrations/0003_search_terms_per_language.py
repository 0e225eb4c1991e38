"""Search in English, Catalan and Spanish: the engines index stemmed terms computed in Python.

Each entry gets `title_terms` and `body_terms` (its words folded and stemmed in
its language, knowledge/terms.py), filled here for the entries already there.
SQLite: the FTS5 table now indexes the two term columns. PostgreSQL: the
tsvector is built from them with the `simple` configuration. The engine
structures of 0002 are replaced; the reverse restores them.
"""

from importlib import import_module

from django.db import migrations, models

from interlocal.knowledge.terms import index_terms

before = import_module("interlocal.knowledge.migrations.0002_search_engines")

SQLITE_DROP = before.SQLITE_REVERSE
SQLITE = [
    "CREATE VIRTUAL TABLE knowledge_searchfts USING fts5(title_terms, body_terms, "
    "content='knowledge_searchentry', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO knowledge_searchfts(knowledge_searchfts) VALUES ('rebuild')",
    "CREATE TRIGGER knowledge_searchentry_ai AFTER INSERT ON knowledge_searchentry BEGIN "
    "INSERT INTO knowledge_searchfts(rowid, title_terms, body_terms) "
    "VALUES (new.id, new.title_terms, new.body_terms); END",
    "CREATE TRIGGER knowledge_searchentry_ad AFTER DELETE ON knowledge_searchentry BEGIN "
    "INSERT INTO knowledge_searchfts(knowledge_searchfts, rowid, title_terms, body_terms) "
    "VALUES ('delete', old.id, old.title_terms, old.body_terms); END",
    "CREATE TRIGGER knowledge_searchentry_au AFTER UPDATE ON knowledge_searchentry BEGIN "
    "INSERT INTO knowledge_searchfts(knowledge_searchfts, rowid, title_terms, body_terms) "
    "VALUES ('delete', old.id, old.title_terms, old.body_terms); "
    "INSERT INTO knowledge_searchfts(rowid, title_terms, body_terms) "
    "VALUES (new.id, new.title_terms, new.body_terms); END",
]
SQLITE_RESTORE = [
    before.SQLITE[0],
    "INSERT INTO knowledge_searchfts(knowledge_searchfts) VALUES ('rebuild')",
    *before.SQLITE[1:],
]

POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS knowledge_searchentry_vector ON knowledge_searchentry",
    "DROP FUNCTION IF EXISTS knowledge_searchentry_vector()",
]
POSTGRESQL = [
    "CREATE FUNCTION knowledge_searchentry_vector() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "NEW.search_vector := setweight(to_tsvector('pg_catalog.simple', NEW.title_terms), 'A') "
    "|| setweight(to_tsvector('pg_catalog.simple', NEW.body_terms), 'B'); RETURN NEW; END $$",
    "CREATE TRIGGER knowledge_searchentry_vector BEFORE INSERT OR UPDATE OF title_terms, body_terms "
    "ON knowledge_searchentry FOR EACH ROW EXECUTE FUNCTION knowledge_searchentry_vector()",
    "UPDATE knowledge_searchentry SET search_vector = "
    "setweight(to_tsvector('pg_catalog.simple', title_terms), 'A') "
    "|| setweight(to_tsvector('pg_catalog.simple', body_terms), 'B')",
]
POSTGRESQL_RESTORE = [
    *[s for s in before.POSTGRESQL if s.startswith(("CREATE FUNCTION knowledge_searchentry", "CREATE TRIGGER"))],
    "UPDATE knowledge_searchentry SET search_vector = "
    "setweight(to_tsvector('pg_catalog.simple', knowledge_fold(title)), 'A') "
    "|| setweight(to_tsvector('pg_catalog.simple', knowledge_fold(body)), 'B')",
]


def _run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


def fill_terms(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    """The terms of the entries already there (the triggers come after, then index them in one pass)."""
    entry_model = apps.get_model("knowledge", "SearchEntry")
    batch = []
    for entry in entry_model.objects.only("pk", "title", "body", "language").iterator(chunk_size=2000):
        entry.title_terms = index_terms(entry.title, entry.language)
        entry.body_terms = index_terms(entry.body, entry.language)
        batch.append(entry)
        if len(batch) == 2000:
            entry_model.objects.bulk_update(batch, ["title_terms", "body_terms"])
            batch = []
    entry_model.objects.bulk_update(batch, ["title_terms", "body_terms"])


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0002_search_engines")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}),
            _run({"sqlite": SQLITE_RESTORE, "postgresql": POSTGRESQL_RESTORE}),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="title_terms",
            field=models.TextField(blank=True, default="", editable=False),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="searchentry",
            name="body_terms",
            field=models.TextField(blank=True, default="", editable=False),
            preserve_default=False,
        ),
        migrations.RunPython(fill_terms, migrations.RunPython.noop),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}),
        ),
    ]
