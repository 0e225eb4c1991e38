"""The leak walk's machinery (the tests are test_leak_walk*.py, one module per reader so that parallel runs
share them out): hidden records are planted, then every URL is read; see test_leak_walk.py."""

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection
from django.test import Client

from interlocal.coordination.findings import all_findings
from interlocal.coordination.findings.base import Settings
from interlocal.coordination.models import BodyMember, FollowUpAction, Meeting
from interlocal.core import services, urlmap
from interlocal.core.entities import REGISTRY
from interlocal.core.permissions import SYSTEM
from interlocal.diplomacy.models import Agreement, Engagement, Membership, PartnerPlace
from interlocal.ecosystem.models import Fact, Organisation, Person, Position
from interlocal.knowledge.models import Practice
from interlocal.knowledge.services import search_index_rebuild, transfer_request_submit
from interlocal.portal.models import AnnualReport
from interlocal.portal.report import generate
from interlocal.projects.models import Funding, Project
from interlocal.results.models import Counterweight, Indicator, Observation

from .factories import build_world, make, settle_at_home
from .plants import planters

ABSENT = "qqnowhereword"
TEXT_TYPES = ("text/", "application/json", "application/xml")
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[0-9.:+Z-]*")
VOLATILE = re.compile(r'(csrfmiddlewaretoken" value="|name="csrf-token" content="|csrftoken=|nonce=")[^"&;]*')


@dataclass
class Planted:
    draft: list[str] = field(default_factory=list)  # hidden from every reader of another organisation
    internal: list[str] = field(default_factory=list)  # hidden from anonymous visitors only
    searchable: list[str] = field(default_factory=list)  # names a list might be searched by
    ids: dict[type, set[int]] = field(default_factory=dict)  # records worth visiting, per model

    def add(self, record: Any) -> Any:
        self.ids.setdefault(type(record), set()).add(record.pk)
        return record


def plant(world: Any) -> Planted:
    """Hidden records owned by Gavà, and public records of Gavà that point at them."""
    gava = world.other
    p = Planted(
        draft=[
            "zqdraftorg",
            "zqdraftplace",
            "zqdraftperson",
            "zqdraftindicator",
            "zqdraftnetwork",
            "zqhistoryword",
            "zqpendingrequest",
        ],
        internal=["zqinternalorg", "zqarchivedorg", "zqdraftvalue", "zqobsdraftindicator"],
        searchable=["zqdraftorg", "zqdraftplace", "zqdraftperson", "zqdraftnetwork", "zqinternalorg"],
    )
    hidden = {"owner": gava, "visibility": "draft"}
    org = p.add(make(Organisation, key="zqdraftorg", name="Zqdraftorg Agency", kind="investment_agency", **hidden))
    internal_org = p.add(
        make(Organisation, key="zqinternalorg", name="Zqinternalorg", kind="ngo", owner=gava, visibility="internal")
    )
    archived_org = p.add(make(Organisation, key="zqarchivedorg", name="Zqarchivedorg", kind="ngo", owner=gava))
    services.record_set_archived(access=SYSTEM, user=None, instance=archived_org, archived=True)
    network = p.add(make(Organisation, key="zqdraftnetwork", name="Zqdraftnetwork", kind="city_network", **hidden))
    place = p.add(make(PartnerPlace, name="Zqdraftplace", country="FR", latitude=44.0, longitude=3.0, **hidden))
    person = p.add(make(Person, name="Zqdraftperson", **hidden))
    indicator = p.add(
        make(
            Indicator, key="zqdraftindicator", name="Zqdraftindicator", kind="outcome", unit="units",
            polarity="higher_better", aggregation="sum", periodicity="year", territorial_level="municipality",
            role="externality", **hidden,
        )
    )  # fmt: skip
    public = {"owner": gava, "visibility": "public"}
    project = p.add(
        make(
            Project, title="Public project", kind="cooperation", lead=org,
            partners=[org, internal_org, archived_org, world.own], places=[place], **public,
        )
    )  # fmt: skip
    p.add(make(Funding, project=project, funder=org, amount_eur=1000, **public))
    p.add(make(Agreement, organisation=org, partner_place=place, title="Public agreement", kind="twinning", **public))
    p.add(
        make(
            Engagement, title="Public mission", kind="outgoing_mission", start_on=datetime.date(2024, 6, 1),
            place=place, network=network, participants=[org, internal_org, gava], **public,
        )
    )  # fmt: skip
    p.add(make(Membership, organisation=gava, network=network, role="member", **public))
    p.add(make(Membership, organisation=org, network=world.network, role="presidency", **public))
    practice = p.add(
        make(Practice, title="Public practice", summary="Shared", partners=[org], places=[place], **public)
    )
    # A request from the public form, internal but awaiting Gavà's moderation: read by no one else.
    pending = transfer_request_submit(
        practice=practice, organisation="Zqpendingrequest City", name="Zqpendingrequest",
        email="zqpendingrequest@example.org", message="zqpendingrequest wants to know how", language="en",
    )  # fmt: skip
    p.add(pending.request)
    p.add(make(Position, person=person, organisation=gava, title="Head", **public))
    p.add(make(Fact, organisation=org, topic="other", statement="A public fact", **public))
    body = p.add(make(Organisation, key="pub-body", name="Public roundtable", kind="coordination_body", **public))
    p.add(make(BodyMember, body=body, organisation=org, **public))
    meeting = p.add(
        make(Meeting, body=body, title="Public meeting", held_on=datetime.date(2024, 3, 1), attendees=[org], **public)
    )
    p.add(make(FollowUpAction, title="Public action", responsible=org, meeting=meeting, **public))
    gain = world.others["indicators"]
    p.add(make(Counterweight, attraction=gain, cost=indicator, rationale="Because", **public))
    territory = world.others["territories"]
    observation = {"territory": territory, "period_kind": "year", "value": 7, **public}
    p.add(
        make(
            Observation, indicator=indicator, period_start=datetime.date(2024, 1, 1),
            source="zqobsdraftindicator", status="approved", **observation,
        )
    )  # fmt: skip
    p.add(
        make(Observation, indicator=gain, period_start=datetime.date(2024, 1, 1), source="zqdraftvalue", **observation)
    )
    # A record that was a draft (with words no one else was to read) before it was made public.
    history = p.add(make(Project, title="Once a draft", description="zqhistoryword", kind="other", lead=gava, **hidden))
    services.record_update(
        access=SYSTEM, user=None, instance=history, fields={"description": "Now public", "visibility": "public"}
    )
    for plant_more in planters():  # each app's own hidden records (tests/plants/)
        plant_more(world, p)
    for record in [*world.records.values(), *world.others.values()]:
        p.add(record)
    search_index_rebuild()
    for year in (2024, 2025):
        p.add(generate(AnnualReport.objects.create(year=year).pk))
    return p


def ids_from_the_start() -> None:
    """Number the records the walk creates from just past what the database holds, as in a new database.

    A route whose record kind the map does not know is tried with every planted id, and a route with two such ids
    with every pair. SQLite numbers rows again after a test's rollback; PostgreSQL's sequences are not rolled back,
    so after a thousand tests the planted ids no longer overlap across kinds and the walk read 4,700 URLs where it
    reads 940 on a new database. Set outside the test's transaction, the sequences stay where this leaves them,
    which is past every committed row.
    """
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
            cursor.execute(statement)


def candidates(name: str, converter: str, model: Any, planted: Planted, strings: dict[str, list[str]]) -> list[str]:
    if converter == "int" or name == "pk":
        if model is not None:
            return [str(pk) for pk in sorted(planted.ids.get(model, set()))]
        return [str(pk) for pk in sorted(set().union(*planted.ids.values()))]
    return strings.get(name, strings["*"])


def urls_to_read(planted: Planted, strings: dict[str, list[str]]) -> Iterator[str]:
    """Every GET-able URL of the URL conf, with every worthwhile value for its parameters."""
    return urlmap.page_urls(lambda converter, name, model, _: candidates(name, converter, model, planted, strings))


def openapi_urls(client: Client, planted: Planted) -> Iterator[str]:
    document = client.get("/api/v1/openapi.json").json()
    return urlmap.api_urls(document, lambda _, name, model, __: candidates(name, "int", model, planted, {"*": []}))


def reader_client(world: Any, reader: str) -> Client:
    client = Client(raise_request_exception=False)
    if reader != "anonymous":
        client.force_login(world.users[reader])
    return client


def leaks(text: str, words: list[str]) -> list[str]:
    """Each hidden word found in `text`, with what surrounds it (to find where it came from)."""
    lowered = text.lower()
    found = []
    for word in words:
        at = lowered.find(word)
        if at >= 0:
            found.append(f"{word} in …{text[max(0, at - 120) : at + 40]!r}…")
    return found


def body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace") + response.get("Location", "")


def normalised(text: str, word: str) -> str:
    """A response with the searched word and per-response tokens blanked, to compare two searches."""
    text = TIMESTAMP.sub("TIME", re.sub(re.escape(word), "WORD", text, flags=re.IGNORECASE))
    return VOLATILE.sub(r"\1", text)


def read_everything_as(reader: str) -> None:
    """Read every URL as `reader`: no hidden word may show, no page may fail."""
    ids_from_the_start()
    world = build_world(every_kind=True)
    settle_at_home(world)  # so that the own account (portal, report, data package) shows the planted records
    planted = plant(world)
    hidden = planted.draft + (planted.internal if reader == "anonymous" else [])
    client = reader_client(world, reader)
    fingerprints = [f.fingerprint for f in all_findings(SYSTEM, Settings(), include_decided=True).findings]
    strings = {
        "entity": sorted(REGISTRY),
        "kind": ["organisation", "place", "network", "agreement"],
        "fingerprint": fingerprints or ["none"],
        "key": sorted(REGISTRY),
        "fmt": ["csv", "json"],
        "*": ["x"],
    }
    urls = set(urls_to_read(planted, strings)) | set(openapi_urls(client, planted))
    urls |= {f"/{spec.key}/?format=csv" for spec in REGISTRY.values()}
    urls |= {f"/{spec.key}/?archived=1" for spec in REGISTRY.values()}
    found: list[str] = []
    errors: list[str] = []
    for url in sorted(urls):
        response = client.get(url)
        if response.status_code >= 500:
            errors.append(f"{url} → {response.status_code} {getattr(response, 'exc_info', None)!r:.300}")
            continue
        found += [f"{url}: {word}" for word in leaks(body(response), hidden)]
    assert len(urls) > 300  # the walk reached the whole URL map, not a handful of pages
    assert not errors and not found, "\n".join(["", *errors, *found])


def search_everything_as(reader: str) -> None:
    """Search every list for each hidden name as `reader`: each must answer as for a name that exists nowhere."""
    ids_from_the_start()
    world = build_world(every_kind=True)
    planted = plant(world)
    hidden = [w for w in planted.searchable if w in planted.draft or reader == "anonymous"]
    client = reader_client(world, reader)
    strings: dict[str, list[str]] = {"*": []}
    lists = [url for url in urls_to_read(planted, strings) if "<" not in url]
    lists += [url for url in openapi_urls(client, planted) if "{" not in url]
    # The routes without a parameter (the lists); a page of one record is searched only if it reads `q`.
    plain = set(urls_to_read(Planted(), strings)) | set(openapi_urls(client, Planted()))
    different: list[str] = []
    for url in sorted(set(lists)):
        joiner = "&" if "?" in url else "?"
        baseline = client.get(f"{url}{joiner}q={ABSENT}")
        if baseline.status_code != 200 or not baseline["Content-Type"].startswith(TEXT_TYPES):
            continue
        expected = normalised(body(baseline), ABSENT)
        if url not in plain and normalised(body(client.get(url)), ABSENT) == expected:
            continue  # the page answers the same without `q`: no searched word can change it
        for word in hidden:
            response = client.get(f"{url}{joiner}q={word}")
            got = normalised(body(response), word)
            if got != expected:
                at = next(i for i, (a, b) in enumerate(zip(got, expected, strict=False)) if a != b) if got else 0
                different.append(f"{url}?q={word}: …{got[max(0, at - 80) : at + 80]!r}…")
    assert not different, different
