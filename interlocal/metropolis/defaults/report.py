"""The seminar report's facts (DESIGN.md §5.1), each citing the report's section.

Source: ecosystem/data/report_facts.json, extracted by hand from the report in
the project's seed. Counts without names (e.g. Barcelona's 22 twinning
agreements) stay facts; no partner is invented.
"""

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from interlocal.core.reference import find_city
from interlocal.core.services import create_if_missing
from interlocal.diplomacy.models import Agreement, Membership, PartnerPlace
from interlocal.ecosystem.defaults import amb_organisation
from interlocal.ecosystem.models import Fact, ManagementUnit, Organisation, Person, Position, UnitYear
from interlocal.territory.models import Territory

REPORT_JSON = Path(__file__).resolve().parent.parent.parent / "ecosystem" / "data" / "report_facts.json"
PUBLIC = {"visibility": "public"}


def _territories(data: dict[str, Any], owner: Organisation) -> dict[str, Territory]:
    found: dict[str, Territory] = {}
    for item in data["territories"]:
        # AMB municipalities are already loaded from the official list: match them by name.
        existing = (
            Territory.objects.filter(key=item["key"]).first()
            or Territory.objects.filter(kind="municipality", name__iexact=item["name"], parent__key="amb").first()
        )
        if existing is None:
            existing, _ = create_if_missing(
                Territory,
                {"key": item["key"]},
                {
                    "name": item["name"],
                    "kind": item["kind"],
                    "country": item["country"],
                    "parent": found.get(item["parent"] or "")
                    or Territory.objects.filter(key=item["parent"] or "").first(),
                    "owner": owner,
                    "citation": item["citation"],
                    **PUBLIC,
                },
            )
        found[item["key"]] = existing
    return found


def _organisations(
    data: dict[str, Any], owner: Organisation, territories: dict[str, Territory]
) -> dict[str, Organisation]:
    found: dict[str, Organisation] = {"amb": owner}
    pending = [item for item in data["organisations"] if item["key"] != "amb"]
    # Parents first: loop until every organisation whose parent is known is created.
    while pending:
        progress = False
        for item in list(pending):
            parent_key = item.get("parent")
            if parent_key and parent_key not in found:
                continue
            found[item["key"]], _ = create_if_missing(
                Organisation,
                {"key": item["key"]},
                {
                    "name": item["name"],
                    "acronym": item.get("acronym", ""),
                    "kind": item["kind"],
                    "country": item.get("country") or "",
                    "territory": territories.get(item.get("territory") or ""),
                    "parent": found.get(parent_key or ""),
                    "description": item.get("description", ""),
                    "owner": owner,
                    "citation": item["citation"],
                    **PUBLIC,
                },
            )
            pending.remove(item)
            progress = True
        if not progress:
            raise ValueError(f"Unresolvable parents in report_facts.json: {[i['key'] for i in pending]}")
    return found


def _partner_place(name: str, country: str, owner: Organisation, citation: str) -> PartnerPlace:
    city = find_city(name, country)
    if city is not None:
        place, _ = create_if_missing(
            PartnerPlace,
            {"geonameid": city.geonameid},
            {
                "name": city.name, "kind": "city", "country": city.country, "latitude": city.latitude,
                "longitude": city.longitude, "population": city.population, "owner": owner, **PUBLIC,
            },
        )  # fmt: skip
        return place
    # Not a GeoNames city (e.g. a metropolitan region): registered as a region without coordinates.
    place, _ = create_if_missing(
        PartnerPlace,
        {"name": name, "country": country, "geonameid": None},
        {"kind": "region", "owner": owner, "citation": citation, **PUBLIC},
    )
    return place


def _positions(data: dict[str, Any], organisations: dict[str, Organisation]) -> None:
    """The posts the report names, each held by the person named with it (ecosystem.models.Person).

    The report states who spoke and in which post, not that anyone agreed to be published here: the
    people are internal records without consent, their positions public. The portal shows the post
    and its source; a name appears only once a consent is recorded.
    """
    for item in data["positions"]:
        organisation = organisations[item["organisation"]]
        person, _ = create_if_missing(
            Person,
            {"name": item["person"]},
            {"owner": organisation, "visibility": "internal", "citation": item["citation"]},
        )
        unit = (
            ManagementUnit.objects.filter(organisation=organisation, name=item["unit"]).first()
            if item["unit"]
            else None
        )
        create_if_missing(
            Position,
            {"person": person, "organisation": organisation, "title": item["title"]},
            {"unit": unit, "owner": organisation, "citation": item["citation"], **PUBLIC},
        )


def load_report() -> str:
    data = json.loads(REPORT_JSON.read_text(encoding="utf-8"))
    owner = amb_organisation()
    territories = _territories(data, owner)
    organisations = _organisations(data, owner, territories)

    for item in data["units"]:
        organisation = organisations[item["organisation"]]
        unit, _ = create_if_missing(
            ManagementUnit,
            {"organisation": organisation, "name": item["name"]},
            {
                "scope": item["scope"],
                "note": item.get("note", ""),
                "owner": organisation,
                "citation": item["citation"],
                **PUBLIC,
            },
        )
        budget = item.get("budget_eur")
        create_if_missing(
            UnitYear,
            {"unit": unit, "year": item["year"]},
            {
                "staff": item.get("staff"),
                "budget_eur": Decimal(str(budget)) if budget is not None else None,
                "owner": organisation,
                "citation": item["citation"],
                **PUBLIC,
            },
        )

    for item in data["memberships"]:
        member = organisations[item["organisation"]]
        create_if_missing(
            Membership,
            {"organisation": member, "network": organisations[item["network"]], "role": item["role"]},
            {
                "main_link": item.get("main_link", ""),
                "priority": bool(item.get("priority")),
                "owner": member,
                "citation": item["citation"],
                **PUBLIC,
            },
        )

    for item in data["agreements"]:
        organisation = organisations[item["organisation"]]
        place = _partner_place(item["partner_place"], item["partner_country"], owner, item["citation"])
        create_if_missing(
            Agreement,
            {"organisation": organisation, "partner_place": place, "kind": item["kind"]},
            {
                "title": f"{organisation.acronym or organisation.name} – {place.name}",
                "aims": item.get("aims", ""),
                "status": "active",
                "owner": organisation,
                "citation": item["citation"],
                **PUBLIC,
            },
        )

    for item in data["facts"]:
        subject: dict[str, Any] = (
            {"territory": territories[item["subject"]]}
            if item["subject_type"] == "territory"
            else {"organisation": organisations[item["subject"]]}
        )
        value = item.get("value")
        create_if_missing(
            Fact,
            {**subject, "statement": item["statement"]},
            {
                "topic": item["topic"],
                "value": Decimal(str(value)) if value is not None else None,
                "value_unit": item.get("value_unit", ""),
                "owner": owner,
                "citation": item["citation"],
                **PUBLIC,
            },
        )
    _positions(data, organisations)
    return (
        f"Report: {len(organisations)} organisations, {len(data['units'])} units, "
        f"{len(data['memberships'])} memberships, {len(data['agreements'])} agreements, {len(data['facts'])} facts, "
        f"{len(data['positions'])} positions."
    )
