"""A partner's activity, every element of the 2.03 activity standard, through import and `iati_export --all`."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from lxml import etree

from interlocal.core.permissions import SYSTEM, access_for
from interlocal.ecosystem.models import Organisation
from interlocal.iati.export import export_bytes, write_activities
from interlocal.iati.imports import import_activities
from interlocal.iati.models import ActivityLink, OrganisationIdentifier
from interlocal.iati.reading import MAX_LISTED
from interlocal.iati.reference import SCHEMA_FILE, XML_LANG, schema
from interlocal.knowledge.models import SearchEntry
from interlocal.projects.models import Project
from tests.factories import make

EVERY_ELEMENT = Path(__file__).resolve().parents[1] / "fixtures" / "iati" / "round-trip" / "every-element.xml"
IDENTIFIER = "GB-COH-09876543-WASH-7"


def canonical(element: etree._Element) -> tuple:
    """An element as a comparable value: tag, sorted attributes, whitespace-normalised text, children in order."""
    text = " ".join((element.text or "").split())
    children = [canonical(child) for child in element if isinstance(child.tag, str)]
    return (element.tag, sorted(element.attrib.items()), text, children)


def every_stored() -> etree._Element:
    output = io.BytesIO()
    write_activities(output, every_stored=True)
    root = etree.fromstring(output.getvalue())
    assert schema().validate(root), [str(e) for e in schema().error_log]
    return root


def import_every_element(world, raw: bytes | None = None):  # type: ignore[no-untyped-def]
    result = import_activities(
        access=SYSTEM, user=None, raw=raw or EVERY_ELEMENT.read_bytes(), filename="partner.xml", owner=world.own
    )
    assert result.ok, result.errors.lines()
    return result


def test_the_test_file_holds_every_element_of_the_standard() -> None:
    """Each element the 2.03 activity schema declares appears in the file, which the schema accepts."""
    namespaces = {"xsd": "http://www.w3.org/2001/XMLSchema"}
    schemas = [SCHEMA_FILE, SCHEMA_FILE.with_name("iati-common.xsd")]
    declared = {
        name for path in schemas for name in etree.parse(str(path)).xpath("//xsd:element/@name", namespaces=namespaces)
    }
    root = etree.parse(str(EVERY_ELEMENT)).getroot()
    assert declared - {e.tag for e in root.iter() if isinstance(e.tag, str)} == set()
    assert schema().validate(root)


def test_every_element_and_value_comes_back_from_the_export(world) -> None:  # type: ignore[no-untyped-def]
    result = import_every_element(world)
    assert not result.warnings, result.warnings.lines()  # nothing dropped: what the model has no place for is kept

    original = etree.parse(str(EVERY_ELEMENT)).getroot()[0]
    (exported,) = every_stored().xpath(f"iati-activity[iati-identifier='{IDENTIFIER}']")
    assert canonical(exported) == canonical(original)
    assert len(list(exported.iter())) == len(list(original.iter())) > 200

    # The values the issue found changed: the type-1 transaction, the 2014 budget, the publisher.
    (incoming,) = exported.xpath("transaction[transaction-type/@code='1']")
    assert incoming.xpath("transaction-date/@iso-date") == ["2012-01-01"]
    assert (incoming.findtext("value"), incoming.find("value").get("currency")) == ("1000", "USD")
    assert exported.xpath("budget[@type='1']/period-start/@iso-date") == ["2014-01-01"]
    assert exported.xpath("budget[@type='1']/period-end/@iso-date") == ["2014-12-31"]
    assert exported.xpath("reporting-org/@ref") == ["GB-COH-09876543"]
    assert not exported.xpath(".//@ref[starts-with(., 'ZZ-')]")


def test_a_partners_activity_keeps_its_publisher_and_stays_out_of_the_metropolis_file(world) -> None:  # type: ignore[no-untyped-def]
    (project,) = import_every_element(world).created
    link = ActivityLink.objects.get(project=project)
    assert (link.identifier, link.reporting_org_ref, link.reporting_org_name, link.partner) == (
        IDENTIFIER, "GB-COH-09876543", "Waterways Trust", True
    )  # fmt: skip
    # The project: the modelled part. Roles 2 and 4 lead and partner; the 2014 budget covers one year of the
    # 2012-2015 activity, so it is not the project's budget; amounts in USD are not fundings in EUR.
    assert (project.title, project.status, project.start_on, project.end_on) == (
        "Safe water for riverside neighbourhoods", "active", datetime.date(2012, 4, 28), datetime.date(2015, 12, 31)
    )  # fmt: skip
    assert project.lead.name == "Waterways Trust"
    assert [o.name for o in project.partners.all()] == ["Riverside Residents Association"]
    assert project.budget_eur is None and not project.fundings.exists()
    assert [(p.name, p.country, p.geonameid) for p in project.places.all()] == [("Maputo", "MZ", 1040652)]
    # Organisations keep their refs.
    refs = dict(OrganisationIdentifier.objects.values_list("ref", "organisation__name"))
    assert refs["GB-COH-09876543"] == "Waterways Trust" and refs["MZ-ORG-555"] == "Riverside Residents Association"

    Project.objects.filter(pk=project.pk).update(visibility="public")
    Organisation.objects.filter(pk=project.lead_id).update(visibility="public")
    make(Project, title="Metropolitan water plan", kind="other", lead=project.lead, owner=world.own)
    published = etree.fromstring(export_bytes())
    assert IDENTIFIER not in published.xpath("//iati-identifier/text()")  # never republished as the metropolis's
    own = published.xpath("iati-activity[title/narrative='Metropolitan water plan']")[0]
    assert own.xpath("participating-org[@role='2']/@ref") == ["GB-COH-09876543"]  # the real ref, not ZZ-


def test_importing_the_export_again_updates_the_same_project(world) -> None:  # type: ignore[no-untyped-def]
    (project,) = import_every_element(world).created
    exported = etree.tostring(every_stored())  # the world's published projects and the partner's activity
    again = import_every_element(world, exported.replace(b"Safe water for", b"Clean water for"))
    assert project in again.updated and not again.created
    project.refresh_from_db()
    assert project.title == "Clean water for riverside neighbourhoods"
    assert "Clean water for" in ActivityLink.objects.get(project=project).xml


def test_a_new_project_in_bulk_has_its_history_and_is_searchable(world, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    editor = world.users["editor"]
    with django_capture_on_commit_callbacks(execute=True):
        result = import_activities(access=access_for(editor), user=editor, raw=EVERY_ELEMENT.read_bytes(),
                                   filename="partner.xml", owner=world.own)  # fmt: skip
    (project,) = result.created
    (version,) = project.history.all()
    assert (version.history_user, version.history_change_reason, version.history_type) == (editor, "IATI import", "+")
    assert [o.organisation.name for o in version.partners.all()] == ["Riverside Residents Association"]
    assert SearchEntry.objects.filter(kind="projects", object_id=project.pk, title=project.title).exists()


def test_the_export_command_writes_every_stored_activity(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import_every_element(world)
    target = tmp_path / "all.xml"
    out = io.StringIO()
    call_command("iati_export", str(target), "--all", stdout=out)
    identifiers = etree.parse(str(target)).xpath("//iati-identifier/text()")
    assert IDENTIFIER in identifiers and len(identifiers) == Project.objects.filter(visibility="public").count() + 1
    assert out.getvalue() == f"{len(identifiers)} activities written to {target}.\n"


def test_the_api_writes_every_stored_activity_its_reader_may_read(world, client) -> None:  # type: ignore[no-untyped-def]
    """`?all=true` is the API's `iati_export --all`: an internal partner activity is written for a signed-in reader
    only; the anonymous file has the public ones, and the metropolis's own file never has the partner's."""
    import_every_element(world)  # internal by default
    url = "/api/v1/iati/activities.xml"

    def identifiers(response) -> list[str]:  # type: ignore[no-untyped-def]
        assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
        root = etree.fromstring(response.content)
        assert schema().validate(root), [str(e) for e in schema().error_log]
        return [str(i) for i in root.xpath("//iati-identifier/text()")]

    signed_in = identifiers(client.get(url, {"all": "true"}, HTTP_AUTHORIZATION=f"Bearer {world.tokens['viewer']}"))
    anonymous = identifiers(client.get(url, {"all": "true"}))
    assert IDENTIFIER in signed_in and IDENTIFIER not in anonymous
    assert len(anonymous) == Project.objects.filter(visibility="public").count()
    assert IDENTIFIER not in identifiers(client.get(url, HTTP_AUTHORIZATION=f"Bearer {world.tokens['viewer']}"))


def test_the_import_command_prints_what_it_did(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("iati_import", str(EVERY_ELEMENT), "--owner", "bcn", stdout=out)
    line = out.getvalue().strip().splitlines()[-1]
    assert line.startswith("every-element.xml: imported; 1 activities read, 1 created, 0 updated, 0 warnings, 0 errors")
    assert " activities/s; " in line and line.endswith(" per second of CPU time)")
    assert Project.objects.get(iati_link__identifier=IDENTIFIER).owner == world.own


def test_the_import_command_refuses_a_file_over_its_limit(world, tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.INTERLOCAL_IATI_MAX_BYTES = 1000
    err = io.StringIO()
    with pytest.raises(Exception, match="1 of 1 files refused"):
        call_command("iati_import", str(EVERY_ELEMENT), "--owner", "bcn", stdout=io.StringIO(), stderr=err)
    assert "The file is larger than 0 MB." in err.getvalue()


def test_a_file_with_thousands_of_bad_attributes_gives_a_short_answer(world) -> None:  # type: ignore[no-untyped-def]
    """The issue's 4.7 MB file with 400,000 bad attributes answered 50 MB; the list is capped, the rest counted."""
    bad = " ".join(f'bad-{n}="x"' for n in range(5000))
    raw = EVERY_ELEMENT.read_bytes().replace(b"<activity-status ", f"<activity-status {bad} ".encode())
    result = import_activities(access=SYSTEM, user=None, raw=raw, filename="bad.xml", owner=world.own)
    assert not result.ok and Project.objects.filter(iati_link__identifier=IDENTIFIER).count() == 0
    lines = result.errors.lines()
    assert len(lines) == MAX_LISTED + 1
    assert lines[-1] == f"… and {result.errors.count - MAX_LISTED:,} more errors"
    assert result.errors.count >= 5000 and sum(len(line) for line in lines) < 50_000


def test_an_organisation_is_matched_by_its_ref_before_its_name(world) -> None:  # type: ignore[no-untyped-def]
    named = make(Organisation, key="trust", name="A Trust Renamed", kind="ngo", owner=world.own)
    OrganisationIdentifier.objects.create(ref="GB-COH-09876543", organisation=named)
    (project,) = import_every_element(world).created
    assert project.lead == named
    assert Decimal(0) == sum(f.amount_eur for f in project.fundings.all())


def test_the_project_page_says_whose_publication_it_is(world, client) -> None:  # type: ignore[no-untyped-def]
    (project,) = import_every_element(world).created
    Project.objects.filter(pk=project.pk).update(visibility="public")
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Published in IATI by Waterways Trust (GB-COH-09876543) as GB-COH-09876543-WASH-7." in page
    own = client.get(Project.objects.exclude(pk=project.pk).filter(visibility="public").first().get_absolute_url())
    assert "Published in IATI by" not in own.content.decode()


def test_an_own_activity_is_published_with_the_elements_the_model_has_no_home_for(world) -> None:  # type: ignore[no-untyped-def]
    """Imported from the metropolis's own organisation: generated from the project, with the kept elements
    (contact, sectors, documents, results…) in the schema's order, and the amounts' currencies unchanged."""
    raw = EVERY_ELEMENT.read_bytes().replace(
        b'<reporting-org ref="GB-COH-09876543"', b'<reporting-org ref="ZZ-INTERLOCAL-BCN"'
    )
    result = import_activities(access=SYSTEM, user=None, raw=raw, filename="own.xml", owner=world.own,
                               visibility="public")  # fmt: skip
    assert result.ok, result.errors.lines()
    (project,) = result.created
    assert not project.iati_link.partner

    published = etree.fromstring(export_bytes())
    assert schema().validate(published), [str(e) for e in schema().error_log]
    (activity,) = published.xpath(f"iati-activity[iati-identifier='{IDENTIFIER}']")
    original = etree.parse(str(EVERY_ELEMENT)).getroot()[0]
    kept = ["other-identifier", "contact-info", "activity-scope", "recipient-region", "sector", "country-budget-items",
            "humanitarian-scope", "policy-marker", "collaboration-type", "default-flow-type", "default-finance-type",
            "default-aid-type", "default-tied-status", "planned-disbursement", "capital-spend", "document-link",
            "related-activity", "legacy-data", "conditions", "result", "crs-add", "fss"]  # fmt: skip
    for tag in kept:
        assert [canonical(e) for e in activity.findall(tag)] == [canonical(e) for e in original.findall(tag)], tag
    assert (activity.get("default-currency"), activity.get("humanitarian")) == ("USD", "1")
    assert activity.xpath("reporting-org/@ref") == ["ZZ-INTERLOCAL-BCN"]

    # Of the kinds the generator writes, what the model has no home for comes back too.
    def narratives(element: etree._Element, tag: str) -> list[tuple[str | None, list[tuple[str, str]]]]:
        language = element.get(XML_LANG)  # a narrative without @xml:lang is in the activity's language
        return [
            (e.get("type"), [(n.get(XML_LANG, language), " ".join(n.text.split())) for n in e.iterfind("narrative")])
            for e in element.findall(tag)
        ]

    for tag in ("title", "description"):
        assert narratives(activity, tag) == narratives(original, tag), tag
    assert [(e.get("vocabulary"), e.get("code")) for e in activity.findall("tag")] == [
        ("3", "11.4"), ("1", "riverside"), ("99", "T-9")
    ]  # fmt: skip
    assert [(e.get("role"), e.get("ref")) for e in activity.findall("participating-org")] == [
        ("2", "GB-COH-09876543"), ("4", "MZ-ORG-555"), ("1", "XM-DAC-98765"), ("3", "XI-IATI-EXTN")
    ]  # fmt: skip
    assert [(e.get("code"), e.get("percentage")) for e in activity.findall("recipient-country")] == [("MZ", "75")]
    assert project.description == "Piped water and sanitation for 12,000 residents."


def test_an_identifier_used_twice_refuses_the_file(world) -> None:  # type: ignore[no-untyped-def]
    activity = EVERY_ELEMENT.read_bytes().split(b"<iati-activity ", 1)[1].rsplit(b"</iati-activities>", 1)[0]
    raw = EVERY_ELEMENT.read_bytes().replace(
        b"</iati-activities>", b"<iati-activity " + activity + b"</iati-activities>"
    )
    result = import_activities(access=SYSTEM, user=None, raw=raw, filename="twice.xml", owner=world.own)
    assert [e.message for e in result.errors] == [f"The identifier {IDENTIFIER} is used twice in the file."]
    assert not Project.objects.filter(iati_link__identifier=IDENTIFIER).exists()
