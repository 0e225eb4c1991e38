"""Export of public projects as IATI 2.03, import back, and the schema's files through the whole import."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from interlocal.core.models import SdgGoal, SdgTarget
from interlocal.core.permissions import SYSTEM, access_for
from interlocal.diplomacy.models import PartnerPlace
from interlocal.ecosystem.models import Organisation
from interlocal.iati.export import export_bytes
from interlocal.iati.imports import import_activities
from interlocal.iati.reference import schema
from interlocal.projects.models import Funding, Project
from tests.factories import make

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "iati" / "activity-tests"


def assert_valid(raw: bytes) -> etree._Element:
    root = etree.fromstring(raw)
    validator = schema()
    assert validator.validate(root), [str(e) for e in validator.error_log]
    return root


def crafted_project(world, tag: str = "a", **extra):  # type: ignore[no-untyped-def]
    target_12, _ = SdgTarget.objects.get_or_create(
        code="17.17",
        defaults={
            "goal": SdgGoal.objects.get_or_create(
                number=17, defaults={f"{f}_{lang}": "Partnerships" for f in ("title", "short") for lang in ("en", "ca", "es")}
            )[0],
            "position": 17,
            "title_en": "Partnerships",
            "title_ca": "Aliances",
            "title_es": "Alianzas",
        },
    )  # fmt: skip
    lyon = make(PartnerPlace, name=f"Lyon {tag}", country="FR", geonameid=2996944 + PartnerPlace.objects.count(), latitude=45.75,
                longitude=4.85, owner=world.own)  # fmt: skip
    maputo = make(PartnerPlace, name=f"Maputo {tag}", country="MZ", owner=world.own)
    fields = {
        "title": f"Water & “cities” <{tag}>",
        "description": "Technical cooperation on water management.\nSecond line.",
        "kind": "decentralised_cooperation",
        "status": "active",
        "lead": world.own,
        "owner": world.own,
        "budget_eur": Decimal("250000.50"),
        "start_on": datetime.date(2023, 1, 15),
        "end_on": datetime.date(2026, 12, 31),
        "language": "ca",
        "partners": [world.network, world.other],
        "places": [lyon, maputo],
        "sdg_targets": [SdgTarget.objects.get(code="11.4"), target_12],
    }
    fields.update(extra)
    project = make(Project, **fields)
    make(Funding, project=project, funder=world.amb, amount_eur=Decimal("100000"), owner=world.own)
    make(Funding, project=project, funder=world.other, amount_eur=Decimal("20000.25"), owner=world.own)
    return project


def test_export_of_crafted_projects_validates_and_carries_the_mapping(world) -> None:  # type: ignore[no-untyped-def]
    project = crafted_project(world)
    hidden = make(
        Project, title="Internal project", kind="other", lead=world.own, owner=world.own, visibility="internal"
    )
    root = assert_valid(export_bytes())
    assert root.get("version") == "2.03"
    identifiers = root.xpath("//iati-identifier/text()")
    assert f"ZZ-INTERLOCAL-BCN-P{project.pk}" in identifiers
    assert f"ZZ-INTERLOCAL-BCN-P{hidden.pk}" not in identifiers  # only public projects
    activity = root.xpath(f"iati-activity[iati-identifier='ZZ-INTERLOCAL-BCN-P{project.pk}']")[0]
    assert activity.xpath("title/narrative/text()") == [project.title]
    assert activity.xpath("title/narrative/@xml:lang") == ["ca"]
    assert activity.xpath("activity-status/@code") == ["2"]
    assert activity.xpath("activity-date/@type") == ["2", "3"]
    assert activity.xpath("participating-org[@role='2']/narrative/text()") == ["Barcelona City Council"]
    assert set(activity.xpath("participating-org[@role='4']/@ref")) == {"ZZ-INTERLOCAL-UCLG", "ZZ-INTERLOCAL-GAVA"}
    assert activity.xpath("recipient-country/@code") == ["FR", "MZ"]
    assert activity.xpath("recipient-country/@percentage") == ["50.00", "50.00"]
    assert activity.xpath("location/location-id[@vocabulary='G1']/@code") == [
        str(project.places.get(country="FR").geonameid)
    ]
    assert sorted(activity.xpath("tag[@vocabulary='3']/@code")) == ["11.4", "17.17"]
    assert activity.xpath("budget/value/text()") == ["250000.50"]
    assert sorted(activity.xpath("transaction/value/text()")) == ["100000.00", "20000.25"]
    assert set(activity.xpath("transaction/transaction-type/@code")) == {"11"}


def test_the_organisation_identifier_prefix_is_configurable(world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.IATI_ORGANISATION_IDENTIFIERS = {"bcn": "ES-DIR3-TEST0001"}
    project = crafted_project(world)
    root = assert_valid(export_bytes())
    activity = root.xpath(f"iati-activity[iati-identifier='ES-DIR3-TEST0001-P{project.pk}']")[0]
    assert activity.xpath("reporting-org/@ref") == ["ES-DIR3-TEST0001"]
    assert "ZZ-INTERLOCAL-GAVA-P" in root.xpath("string(iati-activity[2]/iati-identifier)")  # others: derived


def test_the_demo_publishes_its_own_cited_projects_only(db) -> None:  # type: ignore[no-untyped-def]
    from interlocal.metropolis.defaults import load_default_data

    load_default_data(log=lambda _message: None, illustrative=True)
    assert Project.objects.filter(illustrative=True, visibility="public").count() == 40
    amb = Organisation.objects.get(key="amb")
    medellin = Organisation.objects.get(key="aci-medellin")  # a peer's agency: never in the AMB's file
    own = make(Project, title="Metropolitan cooperation project", kind="other", lead=amb, owner=amb)
    peer = make(Project, title="Sustainable transport (Medellín)", kind="other", lead=medellin, owner=medellin)
    root = assert_valid(export_bytes())
    assert root.xpath("iati-activity/title/narrative/text()") == [own.title]
    assert peer.title not in export_bytes().decode()


def _export_queries() -> int:
    with CaptureQueriesContext(connection) as queries:
        export_bytes()
    return len(queries)


def test_export_runs_a_fixed_number_of_queries(world) -> None:  # type: ignore[no-untyped-def]
    crafted_project(world, "a")
    few = _export_queries()
    for tag in ("b", "c", "d", "e"):
        crafted_project(world, tag)
    assert _export_queries() == few


def snapshot(project: Project) -> dict:
    return {
        "title": project.title,
        "description": project.description,
        "language": project.language,
        "status": project.status,
        "dates": (project.start_on, project.end_on),
        "budget": project.budget_eur,
        "lead": project.lead.key,
        "partners": sorted(o.key for o in project.partners.all()),
        "places": sorted((p.name, p.country, p.geonameid, p.latitude, p.longitude) for p in project.places.all()),
        "targets": sorted(t.code for t in project.sdg_targets.all()),
        "fundings": sorted((f.funder.key, f.amount_eur) for f in project.fundings.filter(archived_at__isnull=True)),
    }


@pytest.mark.parametrize("status", ["pipeline", "active", "completed", "cancelled"])
def test_export_then_import_loses_nothing(world, status) -> None:  # type: ignore[no-untyped-def]
    original = crafted_project(world, status=status)
    before = snapshot(original)
    raw = export_bytes(Project.objects.filter(pk=original.pk))
    Funding.objects.filter(project=original).delete()
    original.delete()
    organisations, places = Organisation.objects.count(), PartnerPlace.objects.count()

    result = import_activities(access=SYSTEM, user=None, raw=raw, filename="export.xml", owner=world.own)
    assert result.ok, [str(e) for e in result.errors]
    assert not result.warnings, result.warnings.lines()
    (imported,) = result.created
    assert snapshot(Project.objects.get(pk=imported.pk)) == before
    assert (Organisation.objects.count(), PartnerPlace.objects.count()) == (organisations, places)  # found, not doubled

    # Exported again, it keeps its identifier; imported again, it updates instead of duplicating.
    again = export_bytes(Project.objects.filter(pk=imported.pk))
    assert etree.fromstring(again).xpath("//iati-identifier/text()") == etree.fromstring(raw).xpath(
        "//iati-identifier/text()"
    )
    count = Project.objects.count()
    second = import_activities(access=SYSTEM, user=None, raw=again, filename="again.xml", owner=world.own)
    assert second.ok and [p.pk for p in second.updated] == [imported.pk]
    assert Project.objects.count() == count


def test_importing_an_own_export_updates_the_project(world) -> None:  # type: ignore[no-untyped-def]
    project = crafted_project(world)
    raw = export_bytes(Project.objects.filter(pk=project.pk)).replace(b"250000.50", b"300000.00")
    result = import_activities(access=SYSTEM, user=None, raw=raw, filename="e.xml", owner=world.own)
    assert result.ok and result.updated == [project]
    project.refresh_from_db()
    assert project.budget_eur == Decimal("300000.00")
    assert project.history.first().history_change_reason == "IATI import"


def test_an_editor_cannot_overwrite_another_organisations_project(world) -> None:  # type: ignore[no-untyped-def]
    project = crafted_project(world, owner=world.other, lead=world.other)
    raw = export_bytes(Project.objects.filter(pk=project.pk)).replace(b"250000.50", b"1.00")
    editor = access_for(world.users["editor"])
    result = import_activities(access=editor, user=world.users["editor"], raw=raw, filename="e.xml", owner=world.own)
    assert not result.ok
    assert "own organisation" in str(result.errors[0])
    project.refresh_from_db()
    assert project.budget_eur == Decimal("250000.50")


def test_one_bad_activity_imports_nothing(world) -> None:  # type: ignore[no-untyped-def]
    good = crafted_project(world, "good")
    bad = crafted_project(world, "bad")
    raw = export_bytes(Project.objects.filter(pk__in=[good.pk, bad.pk]).order_by("pk"))
    Funding.objects.all().delete()
    Project.objects.all().delete()
    root = etree.fromstring(raw)
    (end,) = root[1].xpath("activity-date[@type='3' or @type='4']")
    end.set("iso-date", "1999-01-01")  # now it ends before it starts
    before = Organisation.objects.count()
    result = import_activities(
        access=SYSTEM, user=None, raw=etree.tostring(root), filename="partner.xml", owner=world.own
    )
    assert [(e.file, e.element) for e in result.errors] == [("partner.xml", "iati-activity")]
    assert "The end date comes before the start date." in str(result.errors[0])
    assert Project.objects.count() == 0 and Organisation.objects.count() == before


def test_codes_off_their_codelist_are_named_and_not_imported(world) -> None:  # type: ignore[no-untyped-def]
    """As in the IATI Datastore only the schema refuses a file; an unknown code is a warning and is dropped."""
    project = crafted_project(world, "codes")
    raw = export_bytes(Project.objects.filter(pk=project.pk))
    Funding.objects.all().delete()
    Project.objects.all().delete()
    root = etree.fromstring(raw)
    root[0].find("activity-status").set("code", "42")
    result = import_activities(
        access=SYSTEM, user=None, raw=etree.tostring(root), filename="partner.xml", owner=world.own
    )
    assert result.ok, [str(e) for e in result.errors]
    (imported,) = result.created
    assert imported.status == Project._meta.get_field("status").default  # the unknown status set nothing
    (warning,) = [w for w in result.warnings if w.element == "activity-status"]
    assert str(warning).startswith("partner.xml, line ")
    assert "“42” is not on the ActivityStatus codelist. Not imported." in warning.message


def test_a_partner_file_creates_organisations_and_places(world) -> None:  # type: ignore[no-untyped-def]
    raw = b"""<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
 <iati-activity default-currency="EUR" xml:lang="es">
  <iati-identifier>XM-DAC-41114-PROJ-1</iati-identifier>
  <reporting-org ref="XM-DAC-41114" type="40"><narrative>UNDP</narrative></reporting-org>
  <title><narrative xml:lang="en">Urban resilience</narrative><narrative>Resiliencia urbana</narrative></title>
  <description><narrative>Planes de resiliencia.</narrative></description>
  <participating-org role="4" type="22" ref="MZ-XX-1"><narrative>Associa\xc3\xa7\xc3\xa3o Maputo</narrative></participating-org>
  <activity-status code="3"/>
  <activity-date type="1" iso-date="2024-02-01"/>
  <recipient-country code="MZ"/>
  <location><name><narrative>Maputo</narrative></name><point srsName="http://www.opengis.net/def/crs/EPSG/0/4326"><pos>-25.97 32.57</pos></point></location>
  <sector vocabulary="8" code="11.4"/>
  <budget><period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/><value currency="USD" value-date="2024-01-01">5000</value></budget>
  <result type="1"><title><narrative>Plans</narrative></title><indicator measure="1"><title><narrative>Plans adopted</narrative></title></indicator></result>
 </iati-activity>
</iati-activities>"""
    result = import_activities(access=SYSTEM, user=None, raw=raw, filename="undp.xml", owner=world.own)
    assert result.ok, [str(e) for e in result.errors]
    (project,) = result.created
    assert (project.title, project.language, project.status, project.start_on) == (
        "Resiliencia urbana", "es", "completed", datetime.date(2024, 2, 1)
    )  # fmt: skip
    assert project.lead.name == "Associação Maputo" and project.lead.kind == "ngo"
    assert project.citation == "IATI activity XM-DAC-41114-PROJ-1, imported from undp.xml"
    assert [(p.name, p.country, p.latitude) for p in project.places.all()] == [("Maputo", "MZ", -25.97)]
    assert [t.code for t in project.sdg_targets.all()] == ["11.4"]
    assert project.budget_eur is None
    assert not result.warnings, result.warnings.lines()  # the USD budget and the result stay in the activity
    link = project.iati_link
    assert (link.reporting_org_ref, link.reporting_org_name, link.partner) == ("XM-DAC-41114", "UNDP", True)
    assert '<value currency="USD" value-date="2024-01-01">5000</value>' in link.xml and "<result " in link.xml


SHOULD_PASS = sorted((FIXTURES / "should-pass").rglob("*.xml"))


@pytest.mark.parametrize("path", SHOULD_PASS, ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_should_pass_files_through_the_whole_import(world, path: Path) -> None:  # type: ignore[no-untyped-def]
    """The schema accepts them (test_validation) and so does the import: their placeholder codes ("xx", "X")
    are named as warnings, line and element, and what they carry is left out."""
    before = Project.objects.count()
    result = import_activities(access=SYSTEM, user=None, raw=path.read_bytes(), filename=path.name, owner=world.own)
    assert result.ok, [str(e) for e in result.errors]
    activities = etree.fromstring(path.read_bytes()).findall("iati-activity")
    assert len(result.created) + len(result.updated) == len(activities)
    assert Project.objects.count() == before + len(result.created)
    for project in result.created:
        assert project.title and project.lead_id
    codes = [w for w in result.warnings if "codelist" in w.message]
    assert codes and all(w.file == path.name and w.line and w.element for w in codes)


def test_a_should_pass_file_with_real_codes_imports(world) -> None:  # type: ignore[no-untyped-def]
    """The same files, with real codes in place of the placeholders, map to projects."""
    path = FIXTURES / "should-pass" / "location" / "01-generic-location.xml"
    raw = (
        path.read_bytes()
        .replace(b'<activity-status code="xx"', b'<activity-status code="2"')
        .replace(b'activity-date type="xx"', b'activity-date type="1"')
        .replace(b'role="xx"', b'role="4"')
    )
    result = import_activities(access=SYSTEM, user=None, raw=raw, filename=path.name, owner=world.own)
    assert result.ok, [str(e) for e in result.errors]
    (project,) = result.created
    assert (project.title, project.status, project.start_on) == ("Xxxxxxx", "active", datetime.date(2013, 11, 27))
    assert project.lead.name == "Organisation name"  # the nameless participating-org: the reporting-org leads
    warnings = " ".join(str(w) for w in result.warnings)
    assert "<location>: A location needs a name and a country" in warnings  # Kandahar has no country code
    assert "no identifier" in warnings


def test_results_providers_add_result_elements_that_validate(world) -> None:  # type: ignore[no-untyped-def]
    """The extension point the results app uses to publish indicators."""
    from interlocal.iati import export

    project = crafted_project(world)

    def provider(projects: list) -> dict:
        result = etree.Element("result", type="1")
        etree.SubElement(etree.SubElement(result, "title"), "narrative").text = "Water plans adopted"
        indicator = etree.SubElement(result, "indicator", measure="1")
        etree.SubElement(etree.SubElement(indicator, "title"), "narrative").text = "Plans"
        return {project.pk: [result]}

    export.register_results_provider(provider)
    try:
        root = assert_valid(export_bytes(Project.objects.filter(pk=project.pk)))
    finally:
        export._results_providers.remove(provider)
    assert root.xpath("//result/indicator/title/narrative/text()") == ["Plans"]


def test_round_trip_recreates_places_from_the_file(world) -> None:  # type: ignore[no-untyped-def]
    """Into an instance that lacks the places: they are rebuilt from location (GeoNames id, A4 country, point)."""
    original = crafted_project(world, "trip")
    before = snapshot(original)
    place_ids = list(original.places.values_list("pk", flat=True))
    raw = export_bytes(Project.objects.filter(pk=original.pk))
    Funding.objects.filter(project=original).delete()
    original.delete()
    PartnerPlace.objects.filter(pk__in=place_ids).delete()

    result = import_activities(access=SYSTEM, user=None, raw=raw, filename="export.xml", owner=world.own)
    assert result.ok and not result.warnings, result.warnings.lines()
    (imported,) = result.created
    assert snapshot(Project.objects.get(pk=imported.pk)) == before
    assert not set(imported.places.values_list("pk", flat=True)) & set(place_ids)  # new records
