"""Timestamps come back from the database as the instants written, in UTC as Django gives them, on both databases.

On PostgreSQL they are read by `core.postgresql_backend`'s loader (psycopg's parser, Django's tzinfo)."""

import datetime
import zoneinfo
from typing import Any

from django.db import connection
from django.db.models.functions import Now

from interlocal.core.postgresql_backend.base import TimestamptzLoader
from interlocal.results.models import Observation

MADRID = zoneinfo.ZoneInfo("Europe/Madrid")


def test_timestamps_are_read_back_as_the_instants_written_in_utc(every_kind_world: Any, db: Any) -> None:
    world = every_kind_world()
    observation = world.records["observations"]
    written = [
        datetime.datetime(2026, 3, 29, 1, 59, 59, 999999, tzinfo=MADRID),  # the last instant before summer time
        datetime.datetime(2026, 10, 25, 2, 30, tzinfo=MADRID),  # the hour that happens twice
        datetime.datetime(1999, 12, 31, 23, 0, 0, 1, tzinfo=datetime.UTC),
    ]
    for when in written:
        Observation.objects.filter(pk=observation.pk).update(updated_at=when)
        read = Observation.objects.values_list("updated_at", flat=True).get(pk=observation.pk)
        assert read == when.astimezone(datetime.UTC)  # (an instant of the twice-happening hour equals no other zone)
        assert read.tzinfo == datetime.UTC and read.utcoffset() == datetime.timedelta(0)
    now = Observation.objects.annotate(now=Now()).values_list("now", flat=True).get(pk=observation.pk)
    assert abs(now - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(minutes=5)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            loader = cursor.cursor.adapters.get_loader(1184, 0)  # timestamptz, as text
        assert issubclass(loader, TimestamptzLoader) and loader.timezone == datetime.UTC
