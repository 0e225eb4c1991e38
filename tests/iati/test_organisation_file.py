"""IATI organisation files: the home metropolis's own, and partners' imported, kept and written back whole."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from lxml import etree
from ninja.testing import TestClient

from interlocal.core.permissions import SYSTEM, access_for
from interlocal.diplomacy.models import PartnerPlace
from interlocal.iati.api import router
from interlocal.iati.imports import import_activities
from interlocal.iati.models import IatiOrganisation, OrganisationIdentifier
from interlocal.iati.organisation_file import write_organisations
from interlocal.iati.reading import MAX_LISTED
from interlocal.iati.reference import ORGANISATION_SCHEMA_FILE, organisation_schema
from interlocal.projects.models import Project
from tests.factories import make

from .test_pages_api import _upload_and_run, login
from .test_round_trip import canonical

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "iati"
EVERY_ELEMENT = FIXTURES / "organisation-round-trip" / "every-element.xml"
SHOULD_PASS = sorted((FIXTURES / "organisation-tests" / "should-pass").glob("*.xml"))
SHOULD_FAIL = sorted((FIXTURES / "organisation-tests" / "should-fail").glob("*.xml"))
PARTNER = "GB-COH-09876543"


def published(world) -> None:  # type: ignore[no-untyped-def]
    """Three published projects with budgets, and three the file must leave out."""
    lyon = make(PartnerPlace, name="Lyon", country="FR", owner=world.own)
    maputo = make(PartnerPlace, name="Maputo", country="MZ", owner=world.own)
    dakar = make(PartnerPlace, name="Dakar", country="SN", owner=world.own)
    thies = make(PartnerPlace, name="Thiès", country="SN", owner=world.own)
    hidden = make(PartnerPlace, name="Hidden place", country="PE", owner=world.own, visibility="internal")
    day = datetime.date
    common = {"kind": "other", "lead": world.own, "owner": world.own}
    make(Project, title="Water", budget_eur=Decimal("100000.00"), start_on=day(2025, 3, 1), end_on=day(2026, 2, 28),
         places=[lyon, maputo, hidden], **common)  # fmt: skip
    make(Project, title="Waste", budget_eur=Decimal("50000.50"), start_on=day(2025, 6, 1), end_on=day(2025, 12, 31),
         places=[dakar, thies], **{**common, "owner": world.amb})  # fmt: skip
    make(
        Project, title="Parks", budget_eur=Decimal("7000"), start_on=day(2026, 1, 10), end_on=day(2026, 5, 1), **common
    )
    # Left out: illustrative, not public, no end date (the activity file has no budget for it either).
    make(Project, title="Demo", budget_eur=Decimal("999"), start_on=day(2025, 1, 1), end_on=day(2025, 2, 1),
         illustrative=True, places=[lyon], **common)  # fmt: skip
    make(Project, title="Internal", budget_eur=Decimal("888"), start_on=day(2025, 1, 1), end_on=day(2025, 2, 1),
         visibility="internal", places=[lyon], **common)  # fmt: skip
    make(Project, title="Open-ended", budget_eur=Decimal("777"), start_on=day(2025, 1, 1), places=[lyon], **common)


def validated(raw: bytes) -> etree._Element:
    root = etree.fromstring(raw)
    assert organisation_schema().validate(root), [str(e) for e in organisation_schema().error_log]
    return root


def test_the_home_organisation_file_sums_the_published_budgets(world, client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.INTERLOCAL_SITE_URL = "https://international.example.org/"
    published(world)
    response = client.get("/iati/organisation.xml?download=1")
    assert response.status_code == 200 and 'filename="iati-organisation.xml"' in response["Content-Disposition"]
    (organisation,) = validated(response.content)
    assert organisation.findtext("organisation-identifier") == "ZZ-INTERLOCAL-AMB"
    assert organisation.xpath("name/narrative/text()") == ["AMB"]
    assert organisation.xpath("reporting-org/@ref") == ["ZZ-INTERLOCAL-AMB"]
    assert organisation.xpath("reporting-org/@type") == ["11"]  # Local Government
    budgets = [
        (b.find("period-start").get("iso-date"), b.find("period-end").get("iso-date"), b.findtext("value"))
        for b in organisation.iterfind("total-budget")
    ]
    assert budgets == [("2025-01-01", "2025-12-31", "150000.50"), ("2026-01-01", "2026-12-31", "7000.00")]
    countries = [
        (b.find("recipient-country").get("code"), b.find("period-start").get("iso-date"), b.findtext("value"))
        for b in organisation.iterfind("recipient-country-budget")
    ]
    assert countries == [("FR", "2025-01-01", "50000.00"), ("MZ", "2025-01-01", "50000.00"),
                         ("SN", "2025-01-01", "50000.50")]  # fmt: skip
    assert organisation.xpath("total-budget/value/@currency") == ["EUR", "EUR"]
    assert organisation.find("total-expenditure") is None  # the model holds no expenditure
    assert organisation.xpath("document-link/@url") == [
        "https://international.example.org/iati/",
        "https://international.example.org/portal/data/datapackage.zip",
    ]
    # The API gives the same file; the overview links it.
    api = TestClient(router).get("/organisation.xml")
    assert api.status_code == 200 and validated(api.content)[0].xpath("total-budget/value/text()") == [
        "150000.50",
        "7000.00",
    ]
    assert "/iati/organisation.xml" in client.get("/iati/").content.decode()


def test_with_nothing_published_there_is_no_organisation_file(world, client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    Project.objects.update(visibility="internal")  # the world's project is public
    response = client.get("/iati/organisation.xml")
    assert response.status_code == 404 and "No organisation file is published yet" in response.content.decode()
    assert TestClient(router).get("/organisation.xml").status_code == 404
    assert "/iati/organisation.xml" not in client.get("/iati/").content.decode()
    with pytest.raises(CommandError, match="No organisation to write"):
        call_command("iati_export", str(tmp_path / "org.xml"), "--organisation", stdout=io.StringIO())
    assert not (tmp_path / "org.xml").exists()


def test_the_test_file_holds_every_element_of_the_organisation_standard() -> None:
    namespaces = {"xsd": "http://www.w3.org/2001/XMLSchema"}
    tree = etree.parse(str(ORGANISATION_SCHEMA_FILE))
    declared = set(tree.xpath("//xsd:element/@name | //xsd:element/@ref", namespaces=namespaces))
    root = etree.parse(str(EVERY_ELEMENT)).getroot()
    assert declared - {e.tag for e in root.iter() if isinstance(e.tag, str)} == set()
    assert organisation_schema().validate(root)


def import_file(world, raw: bytes, **fields):  # type: ignore[no-untyped-def]
    options = {"access": SYSTEM, "user": None, "filename": "partner.xml", "owner": world.own, **fields}
    return import_activities(raw=raw, **options)


def test_a_partner_organisation_file_comes_back_whole(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    OrganisationIdentifier.objects.create(ref=PARTNER, organisation=world.network)  # not a home organisation
    result = import_file(world, EVERY_ELEMENT.read_bytes())
    assert result.ok and not result.warnings, (result.errors.lines(), result.warnings.lines())
    assert (result.created_ids, result.updated_ids) == ([], [])
    kept = IatiOrganisation.objects.get()
    assert result.organisation_ids == [kept.pk]
    assert (kept.identifier, kept.name, kept.organisation, kept.reporting_org_ref, kept.reporting_org_name) == (
        PARTNER, "Water for Cities Trust", world.network, PARTNER, "Water for Cities Trust"
    )  # fmt: skip
    assert (kept.partner, kept.owner, kept.visibility) == (True, world.own, "internal")

    call_command("iati_export", str(tmp_path / "all.xml"), "--organisations", stdout=io.StringIO())
    exported = validated((tmp_path / "all.xml").read_bytes())
    (back,) = exported.xpath(f"iati-organisation[organisation-identifier='{PARTNER}']")
    original = etree.parse(str(EVERY_ELEMENT)).getroot()[0]
    assert canonical(back) == canonical(original)
    assert len(list(back.iter())) == len(list(original.iter())) == 71

    # Imported again (through the command), it updates the kept organisation instead of doubling it.
    out = io.StringIO()
    call_command("iati_import", str(EVERY_ELEMENT), "--owner", world.own.key, stdout=out)
    assert "every-element.xml: imported; 1 organisations read, 1 kept, 0 warnings, 0 errors" in out.getvalue()
    assert IatiOrganisation.objects.count() == 1 and kept.history.count() == 2


def test_the_organisation_export_writes_home_and_imported_organisations(world) -> None:  # type: ignore[no-untyped-def]
    published(world)
    import_file(world, EVERY_ELEMENT.read_bytes())
    output = io.BytesIO()
    assert write_organisations(output, every_stored=True) == 2
    identifiers = validated(output.getvalue()).xpath("iati-organisation/organisation-identifier/text()")
    assert identifiers == ["ZZ-INTERLOCAL-AMB", PARTNER]


@pytest.mark.parametrize("path", SHOULD_PASS, ids=lambda p: p.name)
def test_the_schemas_should_pass_organisation_files_import(world, path: Path) -> None:  # type: ignore[no-untyped-def]
    result = import_file(world, path.read_bytes(), filename=path.name)
    assert result.ok, result.errors.lines()
    assert IatiOrganisation.objects.get().identifier == "12345"
    assert result.warnings.lines(errors=False)[0].endswith("@version “xx” is not 2.03; the file is read as IATI 2.03.")


@pytest.mark.parametrize("path", SHOULD_FAIL, ids=lambda p: p.name)
def test_the_schemas_should_fail_organisation_files_are_refused(world, path: Path) -> None:  # type: ignore[no-untyped-def]
    result = import_file(world, path.read_bytes(), filename=path.name)
    assert not result.ok
    assert all(line.startswith(f"{path.name}, line ") for line in result.errors.lines())
    assert not IatiOrganisation.objects.exists()


def test_a_file_with_many_bad_organisations_lists_the_first_hundred(world) -> None:  # type: ignore[no-untyped-def]
    bad = "<iati-organisation><organisation-identifier>X</organisation-identifier></iati-organisation>"
    good = EVERY_ELEMENT.read_text().split("<iati-organisation ", 1)[1].split("</iati-organisations>")[0]
    raw = f'<iati-organisations xmlns:ext="http://example.org/iati-extension" version="2.03"><iati-organisation {good}{bad * 150}</iati-organisations>'.encode()
    result = import_file(world, raw)
    assert result.errors.count == 150 and len(result.errors.lines()) == MAX_LISTED + 1
    assert result.errors.lines()[-1] == "… and 50 more errors"
    assert "Missing child element(s)" in result.errors.lines()[0]
    assert not IatiOrganisation.objects.exists()  # the good one neither: all or nothing


def test_non_public_imported_organisations_are_hidden_from_anonymous_readers(world) -> None:  # type: ignore[no-untyped-def]
    import_file(world, EVERY_ELEMENT.read_bytes(), visibility="internal")
    assert "Water for Cities Trust" not in Client().get("/iati/").content.decode()
    assert not IatiOrganisation.objects.visible_to(access_for(None)).exists()
    viewer = login(Client(), world, "viewer").get("/iati/").content.decode()
    assert "Water for Cities Trust" in viewer and PARTNER in viewer

    IatiOrganisation.objects.update(visibility="public")
    assert "Water for Cities Trust" in Client().get("/iati/").content.decode()


def test_the_upload_page_and_the_api_take_organisation_files(world) -> None:  # type: ignore[no-untyped-def]
    client = login(Client(), world, "editor")
    job = _upload_and_run(client, world, "org.xml", EVERY_ELEMENT.read_bytes(), world.own)
    kept = IatiOrganisation.objects.get()
    assert job.status == "succeeded" and job.organisation_ids == [kept.pk]
    page = client.get(f"/iati/import/{job.pk}/").content.decode()
    assert "Imported organisation files" in page and "Water for Cities Trust" in page
    assert kept.history.first().history_user == world.users["editor"]

    response = TestClient(router).post(
        "/import",
        FILES={"file": _upload("org.xml", EVERY_ELEMENT.read_bytes())},
        POST={"owner": world.own.key},
        headers={"Authorization": f"Bearer {world.tokens['editor']}"},
    )
    assert response.status_code == 200 and response.json()["organisations"] == [kept.pk]
    refused = TestClient(router).post(
        "/import",
        FILES={"file": _upload("bad.xml", SHOULD_FAIL[0].read_bytes())},
        POST={"owner": world.own.key},
        headers={"Authorization": f"Bearer {world.tokens['editor']}"},
    )
    assert refused.status_code == 400 and refused.json()["errors"][0].startswith("bad.xml, line ")


def _upload(name: str, raw: bytes):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, raw, content_type="application/xml")


def test_the_overview_lists_organisation_files_in_a_fixed_number_of_queries(world, client) -> None:  # type: ignore[no-untyped-def]
    original = EVERY_ELEMENT.read_text()
    import_file(world, original.encode(), visibility="public")
    with CaptureQueriesContext(connection) as one:
        assert "Water for Cities Trust" in client.get("/iati/").content.decode()
    for n in (2, 3):
        other = original.replace(PARTNER, f"{PARTNER}-{n}").replace("Water for Cities Trust", f"Trust {n}")
        import_file(world, other.encode(), visibility="public")
    with CaptureQueriesContext(connection) as three:
        page = client.get("/iati/").content.decode()
    assert "Trust 2" in page and "Trust 3" in page
    assert len(three) == len(one)


def test_the_overview_lists_imported_organisation_files_a_page_at_a_time(world) -> None:  # type: ignore[no-untyped-def]
    def files(numbers: range) -> None:
        for i in numbers:
            make(IatiOrganisation, identifier=f"XM-ZQ-{i:02}", name=f"Zq partner {i:02}", xml="<iati-organisation/>",
                 owner=world.amb)  # fmt: skip

    def queries() -> int:
        with CaptureQueriesContext(connection) as counted:
            Client().get("/iati/")
        return len(counted)

    files(range(1))
    one = queries()
    files(range(1, 30))  # thirty in all, listed by name
    first = Client().get("/iati/").content.decode()
    second = Client().get("/iati/?page=2").content.decode()
    assert "30 organisation files" in first and "Page 1 of 2" in first
    assert first.count('id="iati-organisation-') == 25 and second.count('id="iati-organisation-') == 5
    assert "Zq partner 24" in first and "Zq partner 25" in second and "Zq partner 25" not in first
    assert queries() == one
