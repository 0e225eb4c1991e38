"""The version of a record, as an edit form and the API's ETag carry it, so no edit overwrites a newer one.

A record's version is its `updated_at` in microseconds: every write through the
services saves the record, and so moves it on; its history rows keep the same
`updated_at`, so the version a form was loaded from can be found in the history
and compared with the present one.
"""

import datetime

from django.utils.http import parse_etags

from .models import Record

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
MICROSECOND = datetime.timedelta(microseconds=1)


class StaleVersion(Exception):  # noqa: N818 - an outcome the pages and the API answer, not a programming error
    """The record changed since the version an edit was made from: nothing was written."""

    def __init__(self, record: Record, version: str) -> None:
        super().__init__(f"{record._meta.label} {record.pk} is no longer at version {version}")
        self.record = record
        self.version = version


def version_of(record: Record) -> str:
    return version_at(record.updated_at)


def version_at(updated_at: datetime.datetime) -> str:
    return str((updated_at - EPOCH) // MICROSECOND)


def updated_at_of(version: str) -> datetime.datetime | None:
    """The `updated_at` a version stands for, or None for a value no version can have."""
    if not version.isdigit() or len(version) > 18:
        return None
    return EPOCH + int(version) * MICROSECOND


def etag_of(record: Record) -> str:
    """A strong validator: it changes with every write to the record."""
    return f'"{version_of(record)}"'


def if_match_versions(header: str) -> list[str] | None:
    """The versions an If-Match header names, or None for `*` (any version).

    A weak tag W/"v" matches as "v" does (a weak comparison, where RFC 9110 asks If-Match for a
    strong one): a proxy that compresses the answer (nginx's gzip) turns our "v" into W/"v", and
    clients send back what they got. The tag is the record's version and names no byte content,
    so the weak form says as much about the record as the strong one.
    """
    tags = parse_etags(header)
    if "*" in tags:
        return None
    return [tag.removeprefix("W/").strip('"') for tag in tags]
