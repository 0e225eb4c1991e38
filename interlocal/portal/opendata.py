"""Open data: every kind of record in the registry as CSV and JSON, and a Frictionless data package.

Only public, unarchived records (the anonymous visitor's view) are exported,
one query per kind of record. Kinds of the metropolis's own account (units,
memberships, agreements, engagements, projects…) hold its own records only
(`ecosystem.home.own_records`); reference kinds (territories, places,
organisations, facts, SDGs, benchmark profiles) are published whole.
"""

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Case, F, When
from django.utils import timezone
from django.utils.translation import gettext as _

from interlocal.core.entities import REGISTRY, EntitySpec
from interlocal.core.permissions import ANONYMOUS
from interlocal.core.visibility import is_record_model, record_model, records
from interlocal.ecosystem.home import is_own_kind, own_records

SKIPPED = {"archived_at"}  # always empty in public data


def _frictionless_type(field: "models.Field[Any, Any]") -> str:
    if isinstance(field, models.ForeignKey | models.AutoField | models.BigAutoField):
        return "integer"
    if isinstance(field, models.BooleanField):
        return "boolean"
    if isinstance(field, models.IntegerField):
        return "integer"
    if isinstance(field, models.DecimalField | models.FloatField):
        return "number"
    if isinstance(field, models.DateTimeField):
        return "datetime"
    if isinstance(field, models.DateField):
        return "date"
    return "string"


def data_fields(spec: EntitySpec) -> "list[models.Field[Any, Any]]":
    """The exported columns: the concrete, non-many-to-many fields of the model."""
    return [f for f in spec.model._meta.concrete_fields if f.name not in SKIPPED and not f.many_to_many]


def column_name(field: "models.Field[Any, Any]") -> str:
    return field.attname  # "owner_id" for foreign keys


def _value(field: "models.Field[Any, Any]", value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(field, models.JSONField):
        return json.dumps(value, ensure_ascii=False)
    return value


def public_rows(spec: EntitySpec) -> Iterator[dict[str, Any]]:
    """The public records of one kind as dictionaries of JSON-ready values (one query)."""
    fields = data_fields(spec)
    names = [column_name(f) for f in fields]
    # A key to a record the public may not see is published empty, as if there were none.
    keys = {
        column_name(f): Case(
            When(record_model(f.related_model).visible_q(ANONYMOUS, prefix=f"{f.name}__"), then=F(f.attname))
        )
        for f in fields
        if f.is_relation and is_record_model(f.related_model)
    }
    queryset = own_records(records(spec.model).visible_to(ANONYMOUS)).order_by("pk")
    if keys:
        queryset = queryset.annotate(**{f"visible_{name}": expression for name, expression in keys.items()})
    rows = queryset.values_list(*[f"visible_{name}" if name in keys else name for name in names])
    for row in rows.iterator(chunk_size=2000):
        yield {name: _value(f, v) for name, f, v in zip(names, fields, row, strict=True)}


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def csv_text(spec: EntitySpec) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([column_name(f) for f in data_fields(spec)])
    for row in public_rows(spec):
        writer.writerow([_csv_cell(v) for v in row.values()])
    return out.getvalue()


def json_data(spec: EntitySpec) -> list[dict[str, Any]]:
    return list(public_rows(spec))


def table_schema(spec: EntitySpec) -> dict[str, Any]:
    return {
        "fields": [
            {
                "name": column_name(f),
                "title": str(f.verbose_name),
                "type": _frictionless_type(f),
                **({"description": str(f.help_text)} if f.help_text else {}),
            }
            for f in data_fields(spec)
        ],
        "primaryKey": ["id"],
        "missingValues": [""],
    }


def descriptor() -> dict[str, Any]:
    return {
        "name": "interlocal-public-data",
        "title": _("Interlocal: the public data of the international action of the metropolis"),
        "profile": "tabular-data-package",
        "licenses": [
            {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "CC BY 4.0"}
        ],
        "created": timezone.now().replace(microsecond=0).isoformat(),
        "resources": [
            {
                "name": key,
                "title": str(spec.model._meta.verbose_name_plural),
                "path": f"{key}.csv",  # beside datapackage.json: /portal/data/<key>.csv, and so in the ZIP
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                **({"description": _("The metropolis's own records only.")} if is_own_kind(spec.model) else {}),
                "schema": table_schema(spec),
            }
            for key, spec in sorted(REGISTRY.items())
        ],
    }


def package_zip() -> bytes:
    """datapackage.json and one CSV per kind of record, paths relative to the package."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(descriptor(), ensure_ascii=False, indent=2))
        for key, spec in sorted(REGISTRY.items()):
            archive.writestr(f"{key}.csv", csv_text(spec))
    return buffer.getvalue()
