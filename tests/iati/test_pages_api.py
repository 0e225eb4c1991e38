"""The IATI pages and API: public download, import for editors and coordinators only."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult
from lxml import etree
from ninja.testing import TestClient

from interlocal.iati.api import router
from interlocal.iati.imports import run_job
from interlocal.iati.models import ImportJob
from interlocal.iati.reference import schema
from interlocal.iati.tasks import run_import
from interlocal.projects.models import Project
from tests.factories import make

from .test_export_import import crafted_project
from .test_validation import BILLION_LAUGHS

PARTNER_FILE = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
 <iati-activity default-currency="EUR" xml:lang="en">
  <iati-identifier>FR-RNA-W123-{n}</iati-identifier>
  <reporting-org ref="FR-RNA-W123" type="22"><narrative>Cités Unies Partner</narrative></reporting-org>
  <title><narrative>Partner project {n}</narrative></title>
  <description><narrative>From a partner.</narrative></description>
  <participating-org role="2" ref="FR-RNA-W123"><narrative>Cités Unies Partner</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="2" iso-date="2025-03-01"/>
  <budget><period-start iso-date="2025-03-01"/><period-end iso-date="2025-12-31"/><value value-date="2025-03-01">12000</value></budget>
 </iati-activity>
</iati-activities>"""


def login(client: Client, world, name: str) -> Client:  # type: ignore[no-untyped-def]
    client.force_login(world.users[name])
    return client


def test_anyone_downloads_the_public_projects_as_valid_iati(world, client) -> None:  # type: ignore[no-untyped-def]
    public = crafted_project(world)
    make(Project, title="Draft plan", kind="other", lead=world.own, owner=world.own, visibility="draft")
    response = client.get("/iati/activities.xml?download=1")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert 'filename="iati-activities.xml"' in response["Content-Disposition"]
    root = etree.fromstring(response.content)
    assert schema().validate(root)
    titles = root.xpath("//title/narrative/text()")
    assert public.title in titles and "Draft plan" not in titles
    # Logged in as coordinator, the published file is the same: public projects only.
    assert "Draft plan" not in login(Client(), world, "coordinator").get("/iati/activities.xml").content.decode()


def test_the_overview_page_links_the_download_and_the_import_for_editors(world, client) -> None:  # type: ignore[no-untyped-def]
    crafted_project(world)
    page = client.get("/iati/").content.decode()
    assert "/iati/activities.xml" in page and "/iati/import/" not in page
    assert "/iati/import/" in login(client, world, "editor").get("/iati/").content.decode()


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_download_runs_a_fixed_number_of_queries(world, client) -> None:  # type: ignore[no-untyped-def]
    crafted_project(world, "one")
    few = _queries(client, "/iati/activities.xml")
    for tag in ("two", "three", "four"):
        crafted_project(world, tag)
    assert _queries(client, "/iati/activities.xml") == few


def test_only_editors_and_coordinators_may_import(world, client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/iati/import/").status_code in (302, 403)
    assert login(Client(), world, "viewer").get("/iati/import/").status_code == 403
    assert login(Client(), world, "editor").get("/iati/import/").status_code == 200


def test_an_editor_imports_a_partner_file_in_the_background(world, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    client = login(Client(), world, "editor")
    upload = SimpleUploadedFile("partner.xml", PARTNER_FILE.format(n=1).encode(), content_type="application/xml")
    with django_capture_on_commit_callbacks(execute=True):  # the task is queued once the upload commits
        response = client.post("/iati/import/", {"file": upload, "owner": world.own.pk, "visibility": "internal"})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/iati/import/{job.pk}/"
    page = client.get(f"/iati/import/{job.pk}/").content.decode()
    assert "Queued" in page and f'hx-get="/iati/import/{job.pk}/"' in page
    assert not Project.objects.filter(title="Partner project 1").exists()

    # The queued task, run as the worker would (running db_worker here would close the connection holding this
    # test's transaction on PostgreSQL).
    [queued] = DBTaskResult.objects.ready()
    assert queued.task_path.endswith("iati.tasks.run_import") and queued.args_kwargs["args"] == [job.pk]
    run_import.call(*queued.args_kwargs["args"])

    project = Project.objects.get(title="Partner project 1")
    assert (project.owner, project.visibility, project.budget_eur, project.lead.name) == (
        world.own, "internal", 12000, "Cités Unies Partner"
    )  # fmt: skip
    assert project.history.first().history_user == world.users["editor"]
    status = client.get(f"/iati/import/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "Imported" in status and "Partner project 1" in status and "hx-get" not in status
    assert Client().get(f"/iati/import/{job.pk}/").status_code in (302, 403)  # not for others
    assert login(Client(), world, "viewer").get(f"/iati/import/{job.pk}/").status_code == 403


def _upload_and_run(client: Client, world, name: str, raw: bytes, owner) -> ImportJob:  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile(name, raw, content_type="application/xml")
    client.post("/iati/import/", {"file": upload, "owner": owner.pk, "visibility": "internal"})
    job = ImportJob.objects.latest("pk")
    run_job(job.pk)
    job.refresh_from_db()
    return job


def test_a_hostile_upload_is_refused_with_its_reason_and_changes_nothing(world) -> None:  # type: ignore[no-untyped-def]
    client = login(Client(), world, "editor")
    before = Project.objects.count()
    job = _upload_and_run(client, world, "lol.xml", BILLION_LAUGHS, world.own)
    assert job.status == "failed" and job.errors[0].startswith("lol.xml, line 2, <!DOCTYPE>")
    page = client.get(f"/iati/import/{job.pk}/").content.decode()
    assert "Nothing was imported" in page and "lol.xml, line 2, &lt;!DOCTYPE&gt;" in page
    assert Project.objects.count() == before
    assert bytes(job.raw) == b""  # the uploaded file is not kept


def test_an_oversized_upload_is_refused(world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.INTERLOCAL_IATI_UPLOAD_MAX_BYTES = 512 * 1024  # the upload's own limit, below the command's
    client = login(Client(), world, "editor")
    upload = SimpleUploadedFile("big.xml", b" " * (512 * 1024 + 1), content_type="application/xml")
    response = client.post("/iati/import/", {"file": upload, "owner": world.own.pk, "visibility": "internal"})
    assert response.status_code == 400 and "larger than 0.5 MB" in response.content.decode()


def test_an_editor_cannot_import_for_another_organisation(world) -> None:  # type: ignore[no-untyped-def]
    client = login(Client(), world, "editor")
    upload = SimpleUploadedFile("partner.xml", PARTNER_FILE.format(n=2).encode(), content_type="application/xml")
    response = client.post("/iati/import/", {"file": upload, "owner": world.other.pk, "visibility": "internal"})
    assert response.status_code == 400 and not ImportJob.objects.exists()
    assert "Select a valid choice" in response.content.decode()


def test_api_export_and_import(world) -> None:  # type: ignore[no-untyped-def]
    api = TestClient(router)
    crafted_project(world)
    response = api.get("/activities.xml")
    assert response.status_code == 200 and schema().validate(etree.fromstring(response.content))

    files = {"file": SimpleUploadedFile("p.xml", PARTNER_FILE.format(n=3).encode())}
    refused = api.post("/import", data={"owner": "bcn"}, FILES=files)
    assert refused.status_code == 401
    files = {"file": SimpleUploadedFile("p.xml", PARTNER_FILE.format(n=3).encode())}
    auth = {"Authorization": f"Bearer {world.tokens['editor']}"}
    done = api.post("/import", data={"owner": "bcn"}, FILES=files, headers=auth)
    assert done.status_code == 200, done.content
    assert done.json()["created"] == [Project.objects.get(title="Partner project 3").pk]

    files = {"file": SimpleUploadedFile("p.xml", PARTNER_FILE.format(n=4).encode())}
    other = api.post("/import", data={"owner": "gava"}, FILES=files, headers=auth)
    assert other.status_code == 403

    files = {"file": SimpleUploadedFile("lol.xml", BILLION_LAUGHS)}
    hostile = api.post("/import", data={"owner": "bcn"}, FILES=files, headers=auth)
    assert hostile.status_code == 400 and "DOCTYPE" in hostile.json()["errors"][0]


def test_the_overview_and_job_pages_run_a_fixed_number_of_queries(world) -> None:  # type: ignore[no-untyped-def]
    client = login(Client(), world, "editor")
    few_projects = _queries(client, "/iati/")
    job = _upload_and_run(client, world, "p.xml", PARTNER_FILE.format(n=5).encode(), world.own)
    few = _queries(client, f"/iati/import/{job.pk}/")
    many = "".join(PARTNER_FILE.format(n=n).split("<iati-activities version=\"2.03\">")[1].split("</iati-activities>")[0]
                   for n in range(10, 16))  # fmt: skip
    raw = f'<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">{many}</iati-activities>'.encode()
    bigger = _upload_and_run(client, world, "six.xml", raw, world.own)
    assert bigger.status == "succeeded" and len(bigger.created_ids) == 6
    assert _queries(client, f"/iati/import/{bigger.pk}/") == few
    assert _queries(client, "/iati/") == few_projects


def test_with_no_project_to_publish_there_is_no_file_and_the_page_says_so(world, client) -> None:  # type: ignore[no-untyped-def]
    Project.objects.update(visibility="internal")  # the world's public projects, unpublished

    page = client.get("/iati/").content.decode()
    response = client.get("/iati/activities.xml")
    api_response = TestClient(router).get("/activities.xml")

    assert "0 public cooperation projects are published" in page and "/iati/activities.xml" not in page
    assert response.status_code == 404 and "No project is published yet" in response.content.decode()
    assert api_response.status_code == 404 and api_response.json()["detail"] == "No project is published yet."
