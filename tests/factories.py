"""Test data built with the real services, and valid form data for every kind of record."""

import copy
import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from interlocal.benchmark.models import Profile
from interlocal.coordination.models import BodyMember, Decision, FollowUpAction, GovernmentChange, Meeting
from interlocal.core import services
from interlocal.core.models import ApiToken, Role, SdgGoal, SdgTarget, Theme, UserRole
from interlocal.core.permissions import SYSTEM
from interlocal.diplomacy.models import Agreement, Engagement, Membership, PartnerPlace
from interlocal.ecosystem.models import Fact, ManagementUnit, Organisation, Person, Position, UnitYear
from interlocal.knowledge.models import Practice, TransferRequest
from interlocal.projects.models import Funding, Project
from interlocal.territory.models import PopulationFigure, Territory


def make(model: Any, **fields: Any) -> Any:
    m2m = {k: fields.pop(k) for k in list(fields) if model._meta.get_field(k).many_to_many}
    fields.setdefault("visibility", "public")
    return services.record_create(access=SYSTEM, user=None, model=model, fields=fields, m2m=m2m)


@contextmanager
def built_once(django_db_blocker: Any, build: Callable[[], Any]) -> Iterator[Callable[[], Any]]:
    """Data built once for a module and rolled back after it, for a module-scoped fixture.

    Each test of the module runs in a savepoint inside (pytest-django's `db`), so every test starts from the
    same rows; what it yields gives each test its own copy of the built objects, so an object a test
    refreshed or changed does not carry over to the next.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        built = build()
        yield lambda: copy.deepcopy(built)
        transaction.set_rollback(True)


@dataclass
class World:
    amb: Organisation
    own: Organisation  # the editor's organisation
    other: Organisation  # someone else's
    network: Organisation
    users: dict[str, Any]
    tokens: dict[str, str]
    records: dict[str, Any]  # one record per entity key, owned by `own`
    others: dict[str, Any]  # one record per entity key, owned by `other`


def build_world(*, every_kind: bool = False) -> World:
    """The shared test world; `every_kind` adds a record of the later apps' kinds too."""
    amb = services.record_create(
        access=SYSTEM, user=None, model=Organisation,
        fields={"key": "amb", "name": "AMB", "kind": "metropolitan_government", "country": "ES", "visibility": "public"},
    )  # fmt: skip
    services.record_update(access=SYSTEM, user=None, instance=amb, fields={"owner": amb})
    own = make(
        Organisation, key="bcn", name="Barcelona City Council", kind="municipal_government", country="ES", owner=amb
    )
    other = make(
        Organisation, key="gava", name="Gavà City Council", kind="municipal_government", country="ES", owner=amb
    )
    network = make(
        Organisation,
        key="uclg",
        name="United Cities and Local Governments",
        acronym="UCLG",
        kind="city_network",
        owner=amb,
    )
    Theme.objects.get_or_create(slug="climate", defaults={"name": "Climate"})
    goal, _ = SdgGoal.objects.get_or_create(
        number=11,
        defaults={f"{f}_{lang}": "Sustainable cities" for f in ("title", "short") for lang in ("en", "ca", "es")},
    )
    SdgTarget.objects.get_or_create(
        code="11.4",
        defaults={
            "goal": goal,
            "position": 4,
            "title_en": "Heritage",
            "title_ca": "Patrimoni",
            "title_es": "Patrimonio",
        },
    )

    User = get_user_model()
    users: dict[str, Any] = {"anonymous": None}
    tokens: dict[str, str] = {}
    for username, role, organisation in [
        ("coordinator", Role.COORDINATOR, amb),
        ("editor", Role.EDITOR, own),
        ("viewer", Role.VIEWER, own),
    ]:
        user = User.objects.create_user(username=username, password="pw-" + username)
        UserRole.objects.create(user=user, organisation=organisation, role=role)
        raw = ApiToken.new_raw_token()
        ApiToken.objects.create(user=user, name="test", digest=ApiToken.digest_for(raw))
        users[username], tokens[username] = user, raw

    return World(
        amb=amb, own=own, other=other, network=network, users=users, tokens=tokens,
        records=records_for(own, network, "own", every_kind=every_kind),
        others=records_for(other, network, "other", every_kind=every_kind),
    )  # fmt: skip


def settle_at_home(world: World) -> Territory:
    """The home metropolis (settings.INTERLOCAL_HOME_METROPOLIS, "amb") with the world's organisations in it.

    Without it the world has no home ecosystem and the own account (portal, report, findings) is empty.
    The AMB sits in the metropolis, Barcelona and Gavà councils and their agencies in two of its municipalities.
    """
    home = make(
        Territory, key="amb", name="Barcelona Metropolitan Area", kind="metropolis", country="ES", owner=world.amb
    )
    barcelona = make(
        Territory,
        key="amb-barcelona",
        name="Barcelona",
        kind="municipality",
        country="ES",
        parent=home,
        owner=world.amb,
    )
    gava = make(Territory, key="amb-gava", name="Gavà", kind="municipality", country="ES", parent=home, owner=world.amb)
    settled = [(world.amb, home), (world.own, barcelona), (world.other, gava)]
    settled += [(o, barcelona) for o in Organisation.objects.filter(key__startswith="org-own")]
    settled += [(o, gava) for o in Organisation.objects.filter(key__startswith="org-other")]
    for organisation, territory in settled:
        services.record_update(access=SYSTEM, user=None, instance=organisation, fields={"territory": territory})
        organisation.refresh_from_db()
    return home


def records_for(owner: Organisation, network: Organisation, tag: str, *, every_kind: bool = False) -> dict[str, Any]:
    """One record of every kind, owned by `owner`."""
    territory = make(Territory, key=f"t-{tag}", name=f"Territory {tag}", kind="municipality", country="ES", owner=owner)
    unit = make(ManagementUnit, organisation=owner, name=f"Unit {tag}", scope="relations", owner=owner)
    person = make(Person, name=f"Person {tag}", owner=owner)
    place = make(PartnerPlace, name=f"Place {tag}", country="FR", latitude=45.0, longitude=4.0, owner=owner)
    agreement = make(
        Agreement, organisation=owner, partner_place=place, title=f"Agreement {tag}", kind="twinning", owner=owner
    )
    project = make(Project, title=f"Project {tag}", kind="eu_funded", lead=owner, owner=owner)
    agency = make(Organisation, key=f"org-{tag}", name=f"Agency {tag}", kind="investment_agency", owner=owner)
    records = {
        "territories": territory,
        "population": make(
            PopulationFigure, territory=territory, year=2020, population=1000, source="test", owner=owner
        ),
        "organisations": agency,
        "units": unit,
        "unit-years": make(UnitYear, unit=unit, year=2019, staff=3, owner=owner),
        "people": person,
        "positions": make(Position, person=person, organisation=owner, title="Head", owner=owner),
        "facts": make(Fact, organisation=owner, topic="other", statement=f"Fact {tag}", owner=owner),
        "memberships": make(Membership, organisation=agency, network=network, role="member", owner=owner),
        "places": place,
        "agreements": agreement,
        "engagements": make(
            Engagement,
            title=f"Mission {tag}",
            kind="outgoing_mission",
            start_on=datetime.date(2024, 5, 1),
            owner=owner,
            participants=[owner],
        ),
        "projects": project,
        "fundings": make(Funding, project=project, funder=owner, amount_eur=100, owner=owner),
        "profiles": make(
            Profile, key=f"profile-{tag}", name=f"Profile {tag}", territory=territory, country="ES", owner=owner
        ),
    }
    if not every_kind:
        return records
    body = make(Organisation, key=f"body-{tag}", name=f"Roundtable {tag}", kind="coordination_body", owner=owner)
    meeting = make(
        Meeting, body=body, title=f"Meeting {tag}", held_on=datetime.date(2025, 3, 1), owner=owner, attendees=[owner]
    )
    decision = make(Decision, meeting=meeting, text=f"Decision {tag}", owner=owner)
    practice = make(Practice, title=f"Practice {tag}", summary="Shared practice", owner=owner, partners=[owner])
    records.update(
        {
            "government-changes": make(
                GovernmentChange,
                territory=territory,
                changed_on=datetime.date(2023, 5, 28),
                description=f"Election {tag}",
                owner=owner,
            ),
            "body-members": make(BodyMember, body=body, organisation=owner, owner=owner),
            "meetings": meeting,
            "meeting-decisions": decision,
            "follow-up-actions": make(
                FollowUpAction,
                title=f"Action {tag}",
                responsible=owner,
                meeting=meeting,
                decision=decision,
                owner=owner,
            ),
            "practices": practice,
            "transfer-requests": make(
                TransferRequest,
                practice=practice,
                requester=network,
                question="How?",
                received_on=datetime.date(2025, 1, 1),
                owner=owner,
            ),
        }
    )
    from .results.registry import strategy_results_records

    records.update(strategy_results_records(make, owner, tag, records))
    from .talent.registry import talent_records

    records.update(talent_records(make, owner, tag, records))
    from .rankings.registry import rankings_records

    records.update(rankings_records(make, owner, tag, records))
    from .media.registry import media_records

    records.update(media_records(make, owner, tag, records))
    from .participation.registry import participation_records

    records.update(participation_records(make, owner, tag, records))
    return records


def valid_data(key: str, world: World, owner: Organisation) -> dict[str, Any]:
    """Form/API data that creates a valid new record of this kind owned by `owner`."""
    r = world.records
    common = {"owner": owner.pk, "visibility": "internal", "language": "en"}
    data: dict[str, dict[str, Any]] = {
        "territories": {"key": "new-t", "name": "New territory", "kind": "district", "country": "ES"},
        "population": {"territory": r["territories"].pk, "year": 2021, "population": 1200, "source": "census"},
        "organisations": {"key": "new-org", "name": "New NGO", "kind": "ngo", "country": "ES"},
        "units": {"organisation": owner.pk, "name": "New unit", "scope": "cooperation"},
        "unit-years": {"unit": r["units"].pk, "year": 2021, "staff": 4, "budget_eur": "1000.00"},
        "people": {"name": "New person", "email": "new@example.org"},
        "positions": {"person": r["people"].pk, "organisation": owner.pk, "title": "Officer"},
        "facts": {"organisation": owner.pk, "topic": "networks", "statement": "New fact"},
        "memberships": {"organisation": owner.pk, "network": world.network.pk, "role": "presidency"},
        "places": {"name": "New place", "kind": "city", "country": "IT"},
        "agreements": {
            "organisation": owner.pk,
            "title": "New agreement",
            "kind": "mou",
            "status": "active",
            "partner_place": r["places"].pk,
        },
        "engagements": {"title": "New mission", "kind": "visit", "start_on": "2025-01-10", "participants": [owner.pk]},
        "projects": {"title": "New project", "kind": "other", "status": "active", "lead": owner.pk},
        "fundings": {"project": r["projects"].pk, "funder": world.other.pk, "amount_eur": "50.00"},
        "profiles": {
            "metropolis_name": "New metropolis",
            "name": "New profile",
            "country": "FR",
            "governance_scenario": 3,
        },
    }
    data.update(
        {
            "government-changes": {
                "territory": r["territories"].pk,
                "changed_on": "2023-05-28",
                "description": "Election",
            },
            "body-members": {"body": r["body-members"].body_id, "organisation": world.other.pk, "role": "member"},
            "meetings": {
                "body": r["body-members"].body_id,
                "title": "New meeting",
                "held_on": "2025-06-01",
                "attendees": [owner.pk],
            },
            "meeting-decisions": {"meeting": r["meetings"].pk, "text": "New decision"},
            "follow-up-actions": {
                "title": "New action",
                "responsible": owner.pk,
                "status": "open",
                "due_on": "2025-07-01",
            },
            "practices": {
                "title": "New practice",
                "summary": "Shared",
                "documents": "Plan | https://example.org/p.pdf",
            },
            "transfer-requests": {
                "practice": r["practices"].pk,
                "requester": world.other.pk,
                "question": "How did you do it?",
                "received_on": "2025-01-10",
                "status": "received",
            },
        }
    )
    from .results.registry import strategy_results_valid_data

    data.update(strategy_results_valid_data(world, owner))
    from .talent.registry import talent_valid_data

    data.update(talent_valid_data(world, owner))
    from .rankings.registry import rankings_valid_data

    data.update(rankings_valid_data(world, owner))
    from .media.registry import media_valid_data

    data.update(media_valid_data(world, owner))
    from .participation.registry import participation_valid_data

    data.update(participation_valid_data(world, owner))
    return {**data[key], **common}
