"""schemathesis fuzzes the REST API from its OpenAPI document, through the WSGI app, with every check it has.

Every operation of the document is called anonymously and with an editor's bearer token, and each answer
must match the document: its status code is declared, its content type and body match the declared schema,
no server error, a request the document calls valid is accepted, one it calls invalid is refused. The data
of the shared test world is built once for the module and rolled back after it. Examples per operation are
few and there is no deadline, so the module stays fast; schemathesis's coverage phase (every boundary value the
document defines) runs for the reads, anonymously, and not for the writes.

Two allowances, for writes only, for what JSON Schema cannot state. A body names related records by id (or
code), and whether such a record exists and the writer may use it is the form's check: a write the document
calls valid may be refused with 422 naming the field (for instance "organisation": 0). An uploaded file is
read by the importer, not by the document: an upload whose file (or owning organisation) is refused answers
400 with the reasons.
"""

from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from tests.factories import World, build_world

READERS = ["anonymous", "editor"]
WRITES = ["POST", "PATCH", "PUT", "DELETE"]
UPLOADS = ["iati_import", "registry_import_upload"]
POSITIVE_STATUSES = ["2xx", "3xx", "401", "403", "404", "409", "429"]  # schemathesis's, less "5xx"


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


CONFIG = SchemathesisConfig.from_dict(
    {
        # The coverage phase (every boundary case the document defines) takes ten times as long as the
        # rest on each database; the examples and fuzzing phases run here, every check on each answer, and the
        # coverage phase for the reads only, anonymously (below).
        "phases": {"coverage": {"enabled": False}},
        "checks": {"positive_data_acceptance": {"expected-statuses": POSITIVE_STATUSES}},
        "operations": [  # the first that applies to an operation wins
            *(
                {
                    "include-operation-id": operation,
                    "checks": {"positive_data_acceptance": {"expected-statuses": [*POSITIVE_STATUSES, "400", "422"]}},
                }
                for operation in UPLOADS
            ),
            *(
                {
                    "include-method": method,
                    "checks": {"positive_data_acceptance": {"expected-statuses": [*POSITIVE_STATUSES, "422"]}},
                }
                for method in WRITES
            ),
        ],
    }
)
# Loading the document builds it from the routers; it reads no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application(), config=CONFIG)
FEW = settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
)


@pytest.mark.parametrize("reader", READERS)
@schema.parametrize()
@FEW
def test_every_answer_matches_the_document(case: Any, reader: str, fuzz_world: World, db) -> None:  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {fuzz_world.tokens[reader]}"} if reader != "anonymous" else {}
    case.call_and_validate(headers=headers)


# The coverage phase, for reads: every boundary value the document defines for each query parameter.
READS = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json",
    get_wsgi_application(),
    config=SchemathesisConfig.from_dict(
        {
            "phases": {"examples": {"enabled": False}, "fuzzing": {"enabled": False}, "stateful": {"enabled": False}},
        }
    ),
).include(method="GET")


@READS.parametrize()
@FEW
def test_every_boundary_of_every_read_is_answered_as_documented(case: Any, fuzz_world: World, db) -> None:  # type: ignore[no-untyped-def]
    case.call_and_validate()
