"""The import writes a batch of activities at once: organisations and places found or created per batch, with
their history, the same as one at a time, and a number of queries that does not grow with the activities."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from interlocal.core.permissions import access_for
from interlocal.diplomacy.models import PartnerPlace
from interlocal.ecosystem.models import Organisation
from interlocal.iati.imports import import_activities
from interlocal.iati.models import OrganisationIdentifier
from interlocal.knowledge.models import SearchEntry
from interlocal.results.models import Observation
from tests.factories import make

RESULT = """
  <result type="1"><title><narrative>Connections</narrative></title>
   <indicator measure="1" ascending="1"><title><narrative>Households connected</narrative></title>
    <baseline year="2023" value="0"/>
    <period><period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/>
     <target value="100"/><actual value="80"/></period>
   </indicator>
  </result>"""


def activity(
    n: int, *, funder: str, funder_name: str, implementer: str, place: str, geonameid: int, results: bool = False
) -> str:
    return f"""
 <iati-activity default-currency="EUR">
  <iati-identifier>XM-TEST-A{n}</iati-identifier>
  <reporting-org ref="XM-TEST" type="21"><narrative>Test publisher</narrative></reporting-org>
  <title><narrative>Activity {n}</narrative></title>
  <description><narrative>Water for activity {n}.</narrative></description>
  <participating-org ref="{funder}" type="10" role="1"><narrative>{funder_name}</narrative></participating-org>
  <participating-org type="22" role="4"><narrative>{implementer}</narrative></participating-org>
  <participating-org ref="{funder}" type="10" role="2"><narrative>{funder_name}</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2024-01-01"/>
  <recipient-country code="MZ"/>
  <location><location-id vocabulary="G1" code="{geonameid}"/><name><narrative>{place}</narrative></name></location>
  <transaction><transaction-type code="1"/><transaction-date iso-date="2024-03-01"/><value value-date="2024-03-01">{n}000</value>
   <provider-org ref="{funder}" type="10"><narrative>{funder_name}</narrative></provider-org></transaction>{RESULT if results else ""}
 </iati-activity>"""


def file(*activities: str) -> bytes:
    return f'<?xml version="1.0"?>\n<iati-activities version="2.03">{"".join(activities)}\n</iati-activities>'.encode()


def test_a_batch_creates_each_organisation_and_place_once_with_history(
    world, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    editor = world.users["editor"]
    raw = file(
        activity(1, funder="XM-TEST-F", funder_name="Fund", implementer="Maputo Water", place="Maputo", geonameid=1040652),
        activity(2, funder="XM-TEST-F", funder_name="Fund", implementer="maputo water", place="Maputo", geonameid=1040652),
        # another ref, the same name: found by its name, and its ref is not kept (the organisation has one)
        activity(3, funder="XM-TEST-G", funder_name="FUND", implementer="Beira Water", place="Beira", geonameid=1052373),
    )  # fmt: skip
    organisations, places = Organisation.objects.count(), PartnerPlace.objects.count()
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        result = import_activities(access=access_for(editor), user=editor, raw=raw, filename="t.xml", owner=world.own)
    assert result.ok, result.errors.lines()
    assert (Organisation.objects.count(), PartnerPlace.objects.count()) == (organisations + 3, places + 2)
    fund = Organisation.objects.get(iati_identifier__ref="XM-TEST-F")
    assert (fund.name, fund.kind, fund.owner, fund.citation) == ("Fund", "national_government", world.own,
                                                                "IATI identifier XM-TEST-F")  # fmt: skip
    assert not OrganisationIdentifier.objects.filter(ref="XM-TEST-G").exists()
    water = Organisation.objects.get(name="Maputo Water")
    for record in (fund, water, PartnerPlace.objects.get(geonameid=1040652)):
        (version,) = record.history.all()
        assert (version.history_user, version.history_type, version.history_change_reason) == (editor, "+", "created")
    first, second, third = sorted(result.created, key=lambda p: p.title)
    beira = Organisation.objects.get(name="Beira Water")
    assert [(p.lead, list(p.partners.all())) for p in (first, second, third)] == [
        (fund, [water]), (fund, [water]), (fund, [beira])
    ]  # fmt: skip
    assert [f.amount_eur for f in third.fundings.all()] == [Decimal("3000.00")]
    assert [p.name for p in first.places.all()] == ["Maputo"] and list(first.places.all()) == list(second.places.all())
    (version,) = first.history.all()
    assert [link.organisation for link in version.partners.all()] == [water]
    assert SearchEntry.objects.filter(kind="organisations", object_id=water.pk, title="Maputo Water").exists()
    assert SearchEntry.objects.filter(kind="projects", object_id=third.pk, title="Activity 3").exists()


@pytest.mark.parametrize("results", [False, True])
def test_the_queries_do_not_grow_with_the_activities(world, results: bool) -> None:  # type: ignore[no-untyped-def]
    """With results too: indicators, targets, values and the country's territory are written per batch."""
    editor = world.users["editor"]

    def queries(first: int, count: int) -> int:
        raw = file(*(
            activity(n, funder=f"XM-TEST-F{n}", funder_name=f"Fund {n}", implementer=f"Water {n}", place=f"Town {n}",
                     geonameid=5000 + n, results=results)
            for n in range(first, first + count)
        ))  # fmt: skip
        with CaptureQueriesContext(connection) as captured:
            result = import_activities(
                access=access_for(editor), user=editor, raw=raw, filename="t.xml", owner=world.own
            )
        assert result.ok and len(result.created) == count, result.errors.lines()
        if results:
            assert Observation.objects.filter(indicator__projects__in=result.created, value=80).count() == count
        return len(captured)

    queries(100, 1)  # what is looked up once per process (content types…)
    assert queries(1, 2) == queries(10, 8)


def test_an_organisation_in_the_registry_is_found_by_its_name_whatever_its_case(world) -> None:  # type: ignore[no-untyped-def]
    """The names a file gives are looked up in one query through `organisation_name_upper`: the case of ASCII letters
    aside, a name must be the same (an underscore or a percent sign is a character, not a wildcard)."""
    editor = world.users["editor"]
    board = make(Organisation, key="maputo-board", name="Maputo Water Board", kind="ngo", owner=world.own)
    make(Organisation, key="fund-1", name="Fund 1", kind="ngo", owner=world.own)
    raw = file(
        activity(1, funder="", funder_name="Fund_1%", implementer="MAPUTO water BOARD", place="Maputo", geonameid=1),
    )
    with translation.override("en"):
        result = import_activities(access=access_for(editor), user=editor, raw=raw, filename="t.xml", owner=world.own)
    assert result.ok, result.errors.lines()
    (project,) = result.created
    assert list(project.partners.all()) == [board]
    assert project.lead.name == "Fund_1%" and project.lead.key != "fund-1"
