"""The self-assessment form and import, the comparison page, its exports and its query counts."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from interlocal.benchmark.imports import profiles_import_run
from interlocal.benchmark.models import Profile, ProfileImport
from interlocal.benchmark.tasks import run_profiles_import
from interlocal.diplomacy.models import Membership
from interlocal.ecosystem.models import ManagementUnit, Organisation, UnitYear
from interlocal.territory.models import Territory

from ..factories import make

GOOD = {
    "metropolis_name": "Greater Lyon", "name": "Lyon Métropole", "country": "FR", "governance_scenario": "1",
    "planning_kind": "1", "plan_has_sectoral_strategies": "true", "transversal_space": "false",
    "measures_externalities": "false", "has_web_page": "true", "cooperation_budget_eur": "7000000",
    "total_budget_eur": "1000000000", "declared_staff": "25", "plans": "Lyon international strategy 2020-2026",
    "measured_variables": ["investments", "jobs"], "visibility": "public", "language": "en",
}  # fmt: skip


def editor(world) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.users["editor"])
    return client


def test_self_assessment_creates_the_metropolis_and_its_profile(world) -> None:  # type: ignore[no-untyped-def]
    response = editor(world).post("/profiles/new/", {**GOOD, "owner": world.own.pk})
    assert response.status_code == 302, response.content.decode()[:3000]
    profile = Profile.objects.get(name="Lyon Métropole")
    assert (profile.kind, profile.territory.name, profile.territory.kind) == (
        "self_assessment",
        "Greater Lyon",
        "metropolis",
    )
    assert profile.plans == ["Lyon international strategy 2020-2026"]
    assert profile.cooperation_share == pytest.approx(0.7)
    assert profile.history.count() == 1
    page = Client().get(profile.get_absolute_url()).content.decode()
    assert "Recommendation:" in page and "25" in page


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"metropolis_name": ""}, "metropolis_name"),
        ({"country": "XX"}, "country"),
        ({"governance_scenario": "7"}, "governance_scenario"),
        ({"cooperation_share_percent": "140"}, "cooperation_share_percent"),
        ({"cooperation_budget_eur": "-5"}, "cooperation_budget_eur"),
        ({"cooperation_budget_eur": "2000000000"}, "cooperation_budget_eur"),
        ({"measured_variables": ["happiness"]}, "measured_variables"),
    ],
)
def test_bad_self_assessment_is_explained_and_saves_nothing(world, change: dict, field: str) -> None:
    response = editor(world).post("/profiles/new/", {**GOOD, **change, "owner": world.own.pk})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Profile.objects.filter(name="Lyon Métropole").exists()
    assert not Territory.objects.filter(name="Greater Lyon").exists()


def _upload(client: Client, name: str, content: bytes):  # type: ignore[no-untyped-def]
    return client.post("/benchmark/import/", {"file": SimpleUploadedFile(name, content)})


def _import(client: Client, name: str, content: bytes) -> ProfileImport:
    """Upload a file and run its job as the worker would; the job as it ended."""
    response = _upload(client, name, content)
    job = ProfileImport.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == f"/benchmark/import/{job.pk}/"
    return profiles_import_run(import_id=job.pk)


def test_import_json_and_csv(world, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    client = editor(world)
    rows = [
        {**GOOD, "owner": world.own.pk},
        {**GOOD, "name": "Porto Metro", "metropolis_name": "Porto", "country": "PT", "owner": world.own.pk},
    ]
    with django_capture_on_commit_callbacks(execute=True):  # the task is queued once the upload commits
        response = _upload(client, "profiles.json", json.dumps(rows).encode())
    job = ProfileImport.objects.get()
    [queued] = DBTaskResult.objects.ready()
    assert queued.task_path.endswith("benchmark.tasks.run_profiles_import") and queued.args_kwargs["args"] == [job.pk]
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in page and "Queued" in page
    run_profiles_import.call(job.pk)
    partial = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in partial and "2 profiles were imported" in partial
    assert "p=lyon-metropole&amp;p=porto-metro" in partial
    csv = f"name,metropolis_name,country,owner,visibility,language,governance_scenario,measured_variables\nTurin,Turin metropolitan city,IT,{world.own.pk},public,en,3,investments;tourists\n"
    assert _import(client, "more.csv", csv.encode()).status == "succeeded"
    assert Profile.objects.get(name="Turin").measured_variables == ["investments", "tourists"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("p.json", b"{not json", "malformed"),
        ("p.json", b"[1, 2]", "list of objects"),
        ("p.csv", "name,country\nLyon,FR\n".encode("utf-16"), "UTF-8"),
        ("p.json", b"[]", "no profile"),
        ("p.csv", b"name,country\nLy\x00on,FR\n", "NUL"),
        ("p.json", b"[" * 200_000, "The JSON is nested too deeply"),
    ],
)
def test_unreadable_import_files_are_refused(world, name: str, content: bytes, message: str) -> None:
    profiles = Profile.objects.count()
    job = _import(editor(world), name, content)
    assert job.status == "failed" and job.error == "Nothing was imported."
    assert message in " ".join(job.errors)
    assert Profile.objects.count() == profiles and bytes(job.content) == b""


def test_a_file_that_is_not_csv_or_json_is_refused_at_once(world) -> None:  # type: ignore[no-untyped-def]
    response = _upload(editor(world), "p.xlsx", b"PK\x03\x04")
    assert response.status_code == 400 and ".csv or .json" in response.content.decode()
    assert not ProfileImport.objects.exists()


def test_import_is_all_or_nothing_with_row_errors(world) -> None:  # type: ignore[no-untyped-def]
    rows = [
        {**GOOD, "owner": world.own.pk},
        {**GOOD, "name": "Bad", "metropolis_name": "Bad", "country": "ZZ", "owner": world.own.pk},
    ]
    job = _import(editor(world), "p.json", json.dumps(rows).encode())
    assert job.status == "failed"
    assert any(e.startswith("Row 2, country") for e in job.errors)
    assert not Profile.objects.filter(name="Lyon Métropole").exists()


def test_rows_past_the_cap_are_refused(world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.IMPORT_MAX_ROWS = 2
    rows = "".join(f"City {n},FR\n" for n in range(3))
    job = _import(editor(world), "p.csv", f"name,country\n{rows}".encode())
    assert job.status == "failed" and "more than 2 rows" in job.errors[0]


def test_viewer_cannot_import(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.users["viewer"])
    assert _upload(client, "p.json", json.dumps([GOOD]).encode()).status_code == 403
    editor_job = _import(editor(world), "p.json", json.dumps([GOOD]).encode())
    assert client.get(f"/benchmark/import/{editor_job.pk}/").status_code == 404  # not for others


def _profile(world, n: int) -> Profile:  # type: ignore[no-untyped-def]
    territory = make(Territory, key=f"metro-{n}", name=f"Metro {n}", kind="metropolis", country="FR", owner=world.amb)
    government = make(
        Organisation,
        key=f"gov-{n}",
        name=f"Government {n}",
        kind="metropolitan_government",
        territory=territory,
        owner=world.amb,
    )
    unit = make(
        ManagementUnit, organisation=government, name="International office", scope="relations", owner=world.amb
    )
    make(UnitYear, unit=unit, year=2019, staff=n, owner=world.amb)
    make(Membership, organisation=government, network=world.network, role="member", priority=True, owner=world.amb)
    return make(
        Profile,
        key=f"metro-{n}",
        name=f"Metro {n}",
        kind="case_study",
        territory=territory,
        country="FR",
        owner=world.amb,
    )


def test_comparison_derives_figures_from_the_registry(world) -> None:  # type: ignore[no-untyped-def]
    _profile(world, 7)
    records = Client().get("/api/v1/benchmark/compare", {"p": "metro-7"}).json()
    assert records[0]["staff"] == "7"
    assert records[0]["networks"] == "UCLG (Member)"
    assert records[0]["governance_scenario"] == "Information not available"


def _queries(url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(url).status_code == 200
    return len(queries)


def test_comparison_page_and_api_use_a_fixed_number_of_queries(world) -> None:  # type: ignore[no-untyped-def]
    for n in range(2):
        _profile(world, n)
    few = [
        _queries(u)
        for u in (
            "/benchmark/compare/",
            "/api/v1/benchmark/compare",
            "/benchmark/tables/",
            "/benchmark/compare/?format=csv",
        )
    ]
    for n in range(2, 12):
        _profile(world, n)
    assert [
        _queries(u)
        for u in (
            "/benchmark/compare/",
            "/api/v1/benchmark/compare",
            "/benchmark/tables/",
            "/benchmark/compare/?format=csv",
        )
    ] == few


def test_comparison_exports(world) -> None:  # type: ignore[no-untyped-def]
    _profile(world, 3)
    client = Client()
    csv = client.get("/benchmark/compare/", {"p": "metro-3", "format": "csv"}).content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("key,name,kind,governance_scenario")
    assert "metro-3,Metro 3" in csv
    data = json.loads(client.get("/benchmark/compare/", {"p": "metro-3", "format": "json"}).content)
    assert data[0]["name"] == "Metro 3"
    printable = client.get("/benchmark/compare/", {"p": "metro-3", "print": "1"}).content.decode()
    assert "Metro 3" in printable and "<nav" not in printable
