"""/health/ for a load balancer or a monitor (django-health-check): the database answers, every
migration is applied, and the task worker keeps up (no queued task older than
HEALTH_MAX_QUEUED_TASK_AGE seconds).

200 when all is well, 503 otherwise. JSON (`{"Database(alias='default')": "OK", …}`) unless the
client asks for another type: a browser gets a page, `?format=text` one line a check. Anonymous, and the
messages name no host, user or record: the details go to the log (logger `health_check`).

A probe comes every few seconds: "every migration is applied" (which reads every migration file)
is remembered for MIGRATIONS_CHECKED_FOR seconds by each process; a pending migration is not, so
/health/ turns healthy as soon as `migrate` has run.
"""

import dataclasses
import datetime
import time
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Min
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView


@dataclasses.dataclass
class Database(HealthCheck):  # type: ignore[misc]  # django-health-check has no types
    """The database answers a query (the connection's error, which may name the host, is only logged)."""

    alias: str = "default"

    async def run(self) -> None:
        await sync_to_async(self.probe)()

    def probe(self) -> None:
        try:
            with connections[self.alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                answered = cursor.fetchone()
        except DatabaseError as error:
            raise ServiceUnavailable("the database does not answer") from error
        if answered != (1,):
            raise ServiceUnavailable("the database answered wrongly")


MIGRATIONS_CHECKED_FOR = 60.0
_migrations_applied_at: dict[str, float] = {}  # database alias: when every migration was last found applied


def _clock() -> float:
    return time.monotonic()


def forget_migrations_check() -> None:
    """The next probe builds the migration plan again (tests; a process that has just migrated)."""
    _migrations_applied_at.clear()


@dataclasses.dataclass
class Migrations(HealthCheck):  # type: ignore[misc]  # django-health-check has no types
    """Every migration of the code is applied (after an upgrade: `manage.py migrate`)."""

    alias: str = "default"

    async def run(self) -> None:
        await sync_to_async(self.probe)()

    def probe(self) -> None:
        checked = _migrations_applied_at.get(self.alias)
        if checked is not None and _clock() - checked < MIGRATIONS_CHECKED_FOR:
            return
        try:
            executor = MigrationExecutor(connections[self.alias])
            pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except DatabaseError as error:
            raise ServiceUnavailable("the applied migrations cannot be read") from error
        if pending:
            raise ServiceUnavailable(f"{len(pending)} migrations not applied: run manage.py migrate")
        _migrations_applied_at[self.alias] = _clock()


@dataclasses.dataclass
class QueuedTasks(HealthCheck):  # type: ignore[misc]  # django-health-check has no types
    """The oldest task waiting for the worker waited less than HEALTH_MAX_QUEUED_TASK_AGE seconds."""

    async def run(self) -> None:
        await sync_to_async(self.probe)()

    def probe(self) -> None:
        try:
            oldest = DBTaskResult.objects.ready().aggregate(at=Min("enqueued_at"))["at"]
        except DatabaseError as error:
            raise ServiceUnavailable("the task queue cannot be read") from error
        if oldest is None:
            return
        waited = timezone.now() - oldest
        if waited > datetime.timedelta(seconds=settings.HEALTH_MAX_QUEUED_TASK_AGE):
            minutes = int(waited.total_seconds() // 60)
            raise ServiceUnavailable(f"a task has been queued for {minutes} minutes: is the worker running?")


class HealthView(HealthCheckView):  # type: ignore[misc]
    """django-health-check's view with the checks above, answering 503 (not 500) when unhealthy."""

    checks = (Database, Migrations, QueuedTasks)

    async def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = await super().get(request, *args, **kwargs)
        if "format" not in request.GET and request.headers.get("Accept", "*/*").strip() in ("", "*/*"):
            # A probe stating no preference (a load balancer, curl) gets JSON; a browser still gets the page.
            response = self.render_to_response_json(response.status_code)
        if response.status_code == 500:
            response.status_code = 503
        return response
