"""Rows written in bulk without model instances, with their history: for imports of tens of thousands of records.

Django's ``bulk_create`` builds a model instance per row and passes every value through the SQL compiler,
and ``bulk_history_create`` does it again for the history rows: together most of an IATI import's time.
``insert_rows`` takes plain dicts of column values (field attnames), fills each missing field with its default
(``auto_now``/``auto_now_add`` with the time of the write), prepares only the values that need it (dates,
decimals, JSON) and sends one multi-row ``INSERT … RETURNING`` per chunk. ``insert_with_history`` writes the
django-simple-history rows beside them, as ``record_create`` and ``bulk_history_create`` do ("+", the user,
the reason), and ``insert_links_with_history`` the many-to-many rows of new records and their copies in
history. Callers check permissions first and tell ``core.hooks.records_changed`` what they wrote.
"""

from collections.abc import Sequence
from operator import itemgetter
from typing import Any, cast

import psycopg
from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils import timezone

# Field types whose values the database driver cannot take as Python gives them.
PREPARED = {"DateTimeField", "DateField", "DecimalField", "JSONField", "TimeField", "UUIDField", "DurationField"}
POSTGRESQL_MAX_PARAMS = 65535
UNNEST_ROWS = 5000


def insert_rows(model: type[models.Model], rows: Sequence[dict[str, Any]], *, returning: bool = True) -> list[Any]:
    """Insert `rows` (dicts of attname -> value) and return their primary keys, in order.

    Each dict is completed in place: the defaults of the fields it lacks, and the primary key."""
    if not rows:
        return []
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    given_pk = pk.attname in rows[0]
    fields = [f for f in meta.concrete_fields if given_pk or not f.primary_key]
    now = timezone.now()
    for field in fields:
        name = field.attname
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value: Any = now if isinstance(field, models.DateTimeField) else timezone.localdate(now)
            for row in rows:
                row[name] = value
        else:
            default = field.get_default()
            for row in rows:
                row.setdefault(name, default)
    database = connections[DEFAULT_DB_ALIAS]  # the connection itself: each use of the proxy costs a lookup
    prepared = [(i, field) for i, field in enumerate(fields) if field.get_internal_type() in PREPARED]
    names = [field.attname for field in fields]
    take = itemgetter(*names)  # one row's values in column order, in C (a tuple: more than one column)
    known: dict[tuple[int, Any], Any] = {}  # the same dates, times and amounts recur row after row
    values: list[list[Any]] = []
    for row in rows:
        line = list(take(row)) if len(names) > 1 else [row[names[0]]]
        for i, field in prepared:
            value = line[i]
            if value is None:
                continue
            try:
                line[i] = known[(i, value)]
            except KeyError:
                line[i] = known[(i, value)] = field.get_db_prep_save(value, connection=database)
            except TypeError:  # unhashable (JSON)
                line[i] = field.get_db_prep_save(value, connection=database)
        values.append(line)
    quote = database.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    head = f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608 (names from the model)
    tail = f" RETURNING {quote(str(pk.column))}" if returning and not given_pk else ""
    keys: list[Any] = []
    with database.cursor() as cursor:
        if database.vendor == "postgresql" and _unnestable(fields, database):
            # One array per column (as Django's bulk_create does there), sent as parameters in binary (`%b`) by a
            # cursor of the same connection that binds them on the server. Django's cursors bind on the client:
            # psycopg then writes each array into the statement as text, in Python, 60 ms for 5,000 rows of four
            # columns where binary takes 8 (a third of the IATI import's time).
            types = [str(f.db_type(database)).split("(")[0] for f in fields]
            arrays = "SELECT * FROM UNNEST(" + ", ".join(f"(%b)::{t}[]" for t in types) + ")"  # noqa: S608
            with _server_binding(database) as binding:
                for start in range(0, len(values), UNNEST_ROWS):
                    chunk = values[start : start + UNNEST_ROWS]
                    binding.execute(head + arrays + tail, [list(column) for column in zip(*chunk, strict=True)])
                    if tail:
                        keys.extend(r[0] for r in binding.fetchall())
        else:
            placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
            size = max(1, (database.features.max_query_params or POSTGRESQL_MAX_PARAMS) // len(fields))
            for start in range(0, len(values), size):
                chunk = values[start : start + size]
                statement = head + "VALUES " + ", ".join([placeholder] * len(chunk)) + tail
                cursor.execute(statement, [v for line in chunk for v in line])
                if tail:
                    keys.extend(r[0] for r in cursor.fetchall())
    if not tail:
        return [row[pk.attname] for row in rows] if given_pk else []
    for row, key in zip(rows, keys, strict=True):
        row[pk.attname] = key
    return keys


def _server_binding(database: Any) -> Any:
    """A cursor of the connection's own (its transaction) that binds parameters on the server, wrapped as Django
    wraps its cursors (queries counted and logged, execute wrappers run)."""
    raw = psycopg.Cursor(database.connection)
    return database.make_debug_cursor(raw) if database.queries_logged else database.make_cursor(raw)


def _unnestable(fields: list[Any], database: Any) -> bool:
    """Whether PostgreSQL can take every column as an array (Django's own test for its UNNEST inserts)."""
    return not any(
        hasattr(field, "get_placeholder")
        or (field.target_field if field.is_relation else field).get_internal_type() not in database.data_types
        for field in fields
    )


def insert_with_history(
    model: type[models.Model], rows: Sequence[dict[str, Any]], *, user: Any, reason: str
) -> tuple[list[Any], list[Any]]:
    """Insert new records and their first history rows ("+", `user` when signed in, `reason`): their primary keys
    and the history rows' ids, in order."""
    pks = insert_rows(model, rows)
    history_model = cast(Any, model).history.model
    tracked = [field.attname for field in history_model.tracked_fields]
    user_id = user.pk if getattr(user, "is_authenticated", False) else None
    date = timezone.now()
    extra = {"history_date": date, "history_change_reason": reason, "history_type": "+", "history_user_id": user_id}
    history = [{**{name: row[name] for name in tracked}, **extra} for row in rows]
    return pks, insert_rows(history_model, history)


def insert_links_with_history(model: type[models.Model], name: str, links: Sequence[tuple[Any, Any, Any]]) -> None:
    """The many-to-many rows `name` of new records, each (record pk, related pk, the record's history row id), and
    the copy simple-history keeps beside that version."""
    if not links:
        return
    field = model._meta.get_field(name)
    assert isinstance(field, models.ManyToManyField)
    through = cast(type[models.Model], field.remote_field.through)
    source, target = field.m2m_field_name() + "_id", field.m2m_reverse_field_name() + "_id"
    rows = [{source: record, target: related} for record, related, _version in links]
    insert_rows(through, rows)
    history_model = cast(Any, model).history.model
    historical_through = apps.get_model(model._meta.app_label, f"{history_model.__name__}_{name}")
    insert_rows(
        historical_through,
        [
            {"id": row["id"], source: row[source], target: row[target], "history_id": version}
            for row, (_record, _related, version) in zip(rows, links, strict=True)
        ],
        returning=False,
    )
