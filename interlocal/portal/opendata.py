"""Open data: every kind of record in the registry as CSV and JSON, and a Frictionless data package.

Only public, unarchived records (the anonymous visitor's view) are exported,
one query per kind of record. Kinds of the metropolis's own account (units,
memberships, agreements, engagements, projects…) hold its own records only
(`ecosystem.home.own_records`); reference kinds (territories, places,
organisations, facts, SDGs, benchmark profiles) are published whole.

The CSV files and the ZIP are streamed as they are written (the ZIP by stream-zip): with ten million
observations the package is gigabytes, which no request should hold in memory or make wait.
"""

import json
import stat
import zlib
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import BooleanField, Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from stream_zip import ZIP_64, stream_zip

from interlocal.core import csvfiles
from interlocal.core.csvfiles import Column
from interlocal.core.entities import REGISTRY, EntitySpec, spec_for_model
from interlocal.core.permissions import ANONYMOUS
from interlocal.core.visibility import records
from interlocal.ecosystem.home import is_own_kind, own_records


def _frictionless_type(column: Column) -> str:
    field = column.field
    if column.label:
        return "string"
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


def data_columns(spec: EntitySpec) -> list[Column]:
    """The published columns: those of the list export as an anonymous visitor downloads it."""
    return csvfiles.record_columns(spec.model, hide=spec.hidden_fields(ANONYMOUS))


def published(model: type[models.Model]) -> "models.QuerySet[Any]":
    """The records of a kind the package holds: public, unarchived, and for an own kind the home metropolis's."""
    return own_records(records(model).visible_to(ANONYMOUS))


def _resource_of(model: Any) -> str | None:
    spec = spec_for_model(model)
    return spec.key if spec is not None else None


def _keys(columns: list[Column]) -> "list[models.ForeignKey[Any, Any]]":
    """The foreign keys that point at another resource of the package (or at the same one)."""
    return [c.field for c in columns if c.label and _resource_of(c.field.related_model) is not None]  # type: ignore[misc]


def public_records(spec: EntitySpec) -> Iterator[list[Any]]:
    """The published records of one kind, as raw values of `data_columns` (one query).

    Every id in a foreign-key column names a row of the package, so the declared foreign keys
    hold: a related record the public may not see leaves its id and name empty (`visible_to`),
    and one that is public but not in the package (another metropolis's project, say) keeps
    its name and leaves its id empty.
    """
    columns = data_columns(spec)
    own_targets = [f for f in _keys(columns) if is_own_kind(f.related_model)]
    flags = {
        f"packaged_{f.name}": Case(
            When(Q(**{f"{f.name}__in": own_records(records(f.related_model)).values("pk")}), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
        for f in own_targets
    }
    queryset = published(spec.model).select_related(*csvfiles.labelled_relations(columns)).annotate(**flags)
    for record in queryset.order_by("pk").iterator(chunk_size=2000):
        unlisted = {f.name for f in own_targets if not getattr(record, f"packaged_{f.name}")}
        yield csvfiles.record_values(record, columns, unlisted=unlisted)


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def csv_chunks(spec: EntitySpec, *, bom: bool = False) -> Iterator[bytes]:
    """A resource of the package, UTF-8 as its descriptor declares, a block of lines at a time; `bom` for the
    spreadsheet copy.

    The package's files carry no byte-order mark: the Data Package specification's "utf-8" has
    none, and tools that read it as such (R's read.csv, csvkit, most databases' COPY) would take
    the mark for part of the first column's name. The portal offers a spreadsheet copy beside it.
    """
    return csvfiles.blocks(csvfiles.csv_lines([c.name for c in data_columns(spec)], public_records(spec), bom=bom))


def json_chunks(spec: EntitySpec) -> Iterator[bytes]:
    """The same records as a JSON array of objects, one per record, written a block at a time."""
    names = [c.name for c in data_columns(spec)]

    def pieces() -> Iterator[str]:
        yield "["
        for n, row in enumerate(public_records(spec)):
            item = json.dumps({name: _json_value(v) for name, v in zip(names, row, strict=True)}, ensure_ascii=False)
            yield f", {item}" if n else item
        yield "]"

    return csvfiles.blocks(pieces())


def _field(column: Column) -> dict[str, Any]:
    field = column.field
    if column.label:
        title = _("%(field)s (name)") % {"field": field.verbose_name}
        return {"name": column.name, "title": title, "type": "string"}
    described = {"description": str(field.help_text)} if field.help_text else {}
    return {"name": column.name, "title": str(field.verbose_name), "type": _frictionless_type(column), **described}


def table_schema(spec: EntitySpec) -> dict[str, Any]:
    """The resource's columns and keys: each foreign key to a kind the package holds, declared."""
    columns = data_columns(spec)
    return {
        "fields": [_field(c) for c in columns],
        "missingValues": [""],
        "primaryKey": ["id"],
        "foreignKeys": [
            {
                "fields": [field.attname],
                # "" is the resource itself (a territory's parent territory)
                "reference": {
                    "resource": "" if field.related_model is spec.model else _resource_of(field.related_model),
                    "fields": ["id"],
                },
            }
            for field in _keys(columns)
        ],
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


def package_zip() -> Iterable[bytes]:
    """The ZIP of datapackage.json and one CSV per kind of record (paths relative to the package), streamed.

    Every member is written in the ZIP64 format, which every current unzip reads, so that no file of the package
    is limited to 4 GB; deflated at zlib's default level.
    """
    modified = timezone.now()
    mode = stat.S_IFREG | 0o644

    def members() -> Iterator[tuple[str, datetime, int, Any, Iterable[bytes]]]:
        yield (
            "datapackage.json",
            modified,
            mode,
            ZIP_64,
            [json.dumps(descriptor(), ensure_ascii=False, indent=2).encode()],
        )
        for key, spec in sorted(REGISTRY.items()):
            yield f"{key}.csv", modified, mode, ZIP_64, csv_chunks(spec)

    return stream_zip(members(), get_compressobj=lambda: zlib.compressobj(wbits=-zlib.MAX_WBITS))
