"""The registry import's pages: templates in the reader's language, the dry run, confirmation, the job."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from interlocal.core.models import Role, UserRole
from interlocal.diplomacy.models import Membership
from interlocal.registry.models import RegistryImport
from interlocal.registry.tasks import run_registry_import
from tests.factories import build_world

from .conftest import as_file, check


def client_for(user, language: str = "en") -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    return client


def test_a_catalan_template_reads_back_through_the_pages(world, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.users["editor"], "ca")
    response = client.get("/registry/import/memberships.xlsx")
    assert response.status_code == 200 and response["Content-Disposition"] == 'attachment; filename="memberships.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    records, help_sheet = book.worksheets
    header = [cell.value for cell in records[1]]
    assert header[:4] == ["id", "Membre", "Xarxa", "Rol"]  # the field labels in Catalan
    assert len(set(header)) == len(header)
    help_rows = {row[1]: row for row in help_sheet.iter_rows(min_row=2, values_only=True) if row and row[1]}
    assert help_rows["role"][5].startswith("member (") and help_rows["organisation"][2] != help_rows["main_link"][2]
    records.append([None, "bcn", "uclg", "Membre", None, None, None, "1500", "sí"])  # a role by its Catalan label
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("membres.xlsx", buffer.getvalue())
    response = client.post(
        "/registry/import/", {"kind": "memberships", "file": upload, "owner": world.own.pk, "visibility": "public"}
    )
    assert response.status_code == 302, response.content.decode()
    page = client.get(response["Location"]).content.decode()
    assert "Confirm and import" in page or "Confirma" in page
    run = RegistryImport.objects.get()
    assert run.stage == "checked" and run.plan["counts"]["diplomacy.Membership"]["created"] == 1
    assert not Membership.objects.filter(organisation=world.own).exists()  # a dry run
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/registry/import/{run.pk}/confirm/")
    [queued] = DBTaskResult.objects.ready()
    assert queued.task_path.endswith("run_registry_import") and queued.args_kwargs["args"] == [run.pk]
    polling = client.get(f"/registry/import/{run.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in polling
    run_registry_import.call(*queued.args_kwargs["args"])
    partial = client.get(f"/registry/import/{run.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "every 1s" not in partial and 'data-status="succeeded"' in partial
    membership = Membership.objects.get(organisation=world.own)
    assert (membership.role, membership.priority, membership.visibility) == ("member", True, "public")
    again = client.post(f"/registry/import/{run.pk}/confirm/", follow=True).content.decode()
    assert Membership.objects.filter(organisation=world.own).count() == 1 and "no es pot confirmar" in again


def test_csv_template_and_help_page_in_english(world) -> None:  # type: ignore[no-untyped-def]
    client = client_for(None)
    header = client.get("/registry/import/agreements.csv").content.decode("utf-8-sig").splitlines()[0]
    assert (
        header
        == "id,Organisation,Partner,Title,Kind,Status,Other parties,Aims,Resources,Themes,SDG targets,Signed on,Ends on,Document link,Citation"
    )
    page = client.get("/registry/import/agreements/help/").content.decode()
    assert "<code>twinning</code> (Twinning)" in page and "matched by organisation, partner place and title" in page
    assert client.get("/registry/import/castles.csv").status_code == 404
    assert client.get("/registry/import/castles/help/").status_code == 404


def test_who_may_import_and_who_sees_an_import(world) -> None:  # type: ignore[no-untyped-def]
    anonymous = client_for(None).get("/registry/import/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    assert client_for(world.users["viewer"]).get("/registry/import/").status_code == 403
    editor = client_for(world.users["editor"])
    rows = [["key", "name", "kind"], ["upf", "UPF", "university"]]
    filename, content = as_file(rows, "csv")
    refused = editor.post(
        "/registry/import/",
        {"kind": "organisations", "file": SimpleUploadedFile(filename, content), "owner": world.other.pk},
    )
    assert refused.status_code == 400 and "Select a valid choice" in refused.content.decode()
    assert not RegistryImport.objects.exists()
    run = check(world, "organisations", rows)
    assert editor.get("/registry/import/").content.decode().count(f"/registry/import/{run.pk}/") == 1
    stranger = get_user_model().objects.create_user("stranger")
    UserRole.objects.create(user=stranger, organisation=world.own, role=Role.EDITOR)
    assert client_for(stranger).get(f"/registry/import/{run.pk}/").status_code == 404
    assert f"/registry/import/{run.pk}/" not in client_for(stranger).get("/registry/import/").content.decode()
    assert client_for(stranger).post(f"/registry/import/{run.pk}/confirm/").status_code == 404
    assert client_for(None).get(f"/registry/import/{run.pk}/").status_code == 302  # to the login page, whatever the id
    coordinator = client_for(world.users["coordinator"])
    page = coordinator.get(f"/registry/import/{run.pk}/").content.decode()
    assert "Only the person who uploaded the file may confirm its import." in page
    assert "Import registry" in editor.get("/").content.decode()
    assert "Import registry" not in client_for(world.users["viewer"]).get("/").content.decode()


def test_the_dry_run_page_names_every_bad_row(world) -> None:  # type: ignore[no-untyped-def]
    editor = client_for(world.users["editor"])
    rows = [["name", "email"], ["Ada", "not an address"], ["", "x@example.org"], ["Jo", ""]]
    filename, content = as_file(rows, "csv")
    response = editor.post(
        "/registry/import/", {"kind": "people", "file": SimpleUploadedFile(filename, content), "owner": world.own.pk,
                              "visibility": "internal"}, follow=True,
    )  # fmt: skip
    page = response.content.decode()
    assert "The dry run found 2 problems" in page and "Confirm and import" not in page
    assert '<td class="num">2</td><td>email</td>' in page and '<td class="num">3</td><td>name</td>' in page


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_a_confirmed_import() -> None:
    """The task through django-tasks' database worker (one batch, in this process: it shares the test database)."""
    world = build_world()
    run = check(world, "organisations", [["key", "name", "kind"], ["upf", "UPF", "university"]])
    client = client_for(world.users["editor"])
    client.post(f"/registry/import/{run.pk}/confirm/")
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    run.refresh_from_db()
    assert (run.status, run.created_count, bytes(run.content)) == ("succeeded", 1, b"")
    page = client.get(f"/registry/import/{run.pk}/").content.decode()
    assert "Imported: 1 created, 0 updated, 0 unchanged." in page


def test_past_imports_are_listed_in_as_many_queries_for_one_as_for_four(world) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = [["key", "name", "kind"], ["upf", "UPF", "university"]]
    client = client_for(world.users["coordinator"])
    check(world, "organisations", rows, user="editor")
    client.get("/registry/import/")  # the session and the caches warmed
    with CaptureQueriesContext(connection) as one:
        page = client.get("/registry/import/").content.decode()
    assert page.count("registry.csv") == 1
    for user in ("editor", "coordinator", "editor"):
        check(world, "organisations", rows, user=user)
    with CaptureQueriesContext(connection) as four:
        page = client.get("/registry/import/").content.decode()
    assert page.count("registry.csv") == 4 and len(four.captured_queries) == len(one.captured_queries)
