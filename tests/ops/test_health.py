"""/health/: what a load balancer probes. Anonymous, 200 when the database answers, every migration is
applied and the worker keeps up; 503 otherwise, with a reason that names no host."""

import datetime

import pytest
from django.core import mail
from django.db import OperationalError, connection
from django.db.backends.utils import CursorWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from interlocal.core import health as health_module
from interlocal.portal.tasks import generate_annual_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_migrations_check() -> None:
    health_module.forget_migrations_check()


def health(client: Client) -> tuple[int, dict[str, str]]:
    response = client.get("/health/", HTTP_ACCEPT="application/json")
    return response.status_code, response.json()


def test_healthy_answers_200_to_an_anonymous_probe_with_each_check(client: Client) -> None:
    status, checks = health(client)
    assert status == 200
    assert checks == {
        "Database(alias='default')": "OK",
        "Migrations(alias='default')": "OK",
        "QueuedTasks()": "OK",
    }
    assert client.get("/health/?format=text").content.decode().count(": OK") == 3
    assert client.get("/health/").json() == checks  # a probe that states no preference gets JSON
    assert "System status" in client.get("/health/", HTTP_ACCEPT="text/html").content.decode()  # a browser, a page
    assert client.get("/health/")["Cache-Control"].startswith("max-age=0")


def test_a_task_queued_too_long_makes_it_unhealthy(client: Client) -> None:
    generate_annual_report.enqueue(1)
    assert health(client)[0] == 200  # just queued
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=11))
    status, checks = health(client)
    assert status == 503
    assert checks["QueuedTasks()"] == "Unavailable: a task has been queued for 11 minutes: is the worker running?"
    with override_settings(HEALTH_MAX_QUEUED_TASK_AGE=3600):
        assert health(client)[0] == 200
    DBTaskResult.objects.update(status="RUNNING")  # the worker took it
    assert health(client)[0] == 200


def test_a_migration_not_applied_makes_it_unhealthy(client: Client) -> None:
    [(app, latest)] = MigrationLoader(connection).graph.leaf_nodes("portal")
    MigrationRecorder(connection).record_unapplied(app, latest)
    status, checks = health(client)
    assert status == 503
    assert checks["Migrations(alias='default')"] == "Unavailable: 1 migrations not applied: run manage.py migrate"


def test_the_migration_plan_is_built_once_a_minute_while_all_is_applied(client: Client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    built = []
    executor = health_module.MigrationExecutor

    def counted(connection):  # type: ignore[no-untyped-def]
        built.append(connection.alias)
        return executor(connection)

    monkeypatch.setattr(health_module, "MigrationExecutor", counted)
    clock = [1000.0]
    monkeypatch.setattr(health_module, "_clock", lambda: clock[0])
    for _ in range(3):
        assert health(client)[0] == 200
    assert built == ["default"]  # three probes, one migration plan
    clock[0] += 61
    assert health(client)[0] == 200
    assert built == ["default", "default"]  # a minute later, checked again

    [(app, latest)] = MigrationLoader(connection).graph.leaf_nodes("portal")
    MigrationRecorder(connection).record_unapplied(app, latest)
    clock[0] += 61
    assert health(client)[0] == 503
    assert health(client)[0] == 503 and len(built) == 4  # a pending migration is looked for at every probe
    MigrationRecorder(connection).record_applied(app, latest)
    assert health(client)[0] == 200  # healthy as soon as `migrate` has run


@override_settings(ADMINS=[("IT", "it@example.org")])
def test_a_database_that_does_not_answer_is_reported_without_its_address(client: Client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def refuse(self, sql, params=None):  # type: ignore[no-untyped-def]
        raise OperationalError('connection to server at "db.internal.example" (10.1.2.3), port 5432 failed')

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response = client.get("/health/?format=json")
    monkeypatch.undo()
    assert response.status_code == 503
    assert response.json()["Database(alias='default')"] == "Unavailable: the database does not answer"
    assert "10.1.2.3" not in response.content.decode() and "db.internal" not in response.content.decode()
    assert mail.outbox == []  # the probe repeats every few seconds: its 503 is logged, not mailed


def test_it_is_exempt_from_the_https_redirect_for_a_plain_http_probe() -> None:
    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=[r"^health/$"]):
        client = Client()
        assert client.get("/health/?format=json").status_code == 200
        assert client.get("/portal/").status_code == 301
