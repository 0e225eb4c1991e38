"""schemathesis fuzzes the REST API from its OpenAPI document, through the WSGI app: no server error.

Reads are fuzzed anonymously; writes with a coordinator's bearer token. The data
of the shared test world is built once for the module and rolled back after it.
The number of examples per operation is bounded so the module runs in well
under two minutes.
"""

from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from tests.factories import World, build_world


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker) -> Any:  # type: ignore[no-untyped-def]
    # As django.test.Client does: the WSGI app must not close the test's connection after each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            world = build_world()
            yield world
            transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# Loading the document builds it from the routers; it reads no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
READS = settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
)
WRITES = settings(READS, max_examples=2)


@schema.include(method="GET").parametrize()
@READS
def test_reads_never_fail_on_the_server(case: Any, fuzz_world: World, db) -> None:  # type: ignore[no-untyped-def]
    case.call_and_validate(checks=[not_a_server_error])


@schema.exclude(method="GET").parametrize()
@WRITES
def test_writes_with_a_token_never_fail_on_the_server(case: Any, fuzz_world: World, db) -> None:  # type: ignore[no-untyped-def]
    token = fuzz_world.tokens["coordinator"]
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=[not_a_server_error])
