"""Each finding rule on crafted data, both ways: found, and not found just outside its window."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from interlocal.coordination import services
from interlocal.coordination.findings import (
    Settings,
    agenda,
    all_findings,
    dormant_agreements,
    gaps,
    network_portfolio,
    overlaps,
    synergies,
)
from interlocal.coordination.models import DecisionKind, FindingDecision, FollowUpAction, GovernmentChange
from interlocal.core.models import Theme
from interlocal.core.permissions import SYSTEM, access_for
from interlocal.diplomacy.models import Agreement, Engagement, Membership, PartnerPlace
from interlocal.ecosystem.models import WorldRegion
from interlocal.projects.models import Project

from ..factories import make

TODAY = datetime.date(2026, 1, 1)
D = datetime.date


def settings(**kwargs) -> Settings:  # type: ignore[no-untyped-def]
    return Settings(today=TODAY, **kwargs)


@pytest.fixture
def lyon(world):  # type: ignore[no-untyped-def]
    return make(PartnerPlace, name="Lyon", country="FR", latitude=45.76, longitude=4.83, owner=world.amb)


def mission(owner, place, day, *participants, **fields):  # type: ignore[no-untyped-def]
    return make(
        Engagement,
        title=fields.pop("title", f"Mission of {owner.name} to {place} on {day}"),
        kind=fields.pop("kind", "outgoing_mission"),
        start_on=day,
        place=place,
        owner=owner,
        participants=list(participants) or [owner],
        **fields,
    )


# Overlaps ---------------------------------------------------------------------------------------


def test_two_organisations_travelling_to_one_city_within_the_window_overlap(world, lyon) -> None:  # type: ignore[no-untyped-def]
    first = mission(world.own, lyon, D(2026, 3, 1))
    second = mission(world.other, lyon, D(2026, 4, 30))  # 60 days later: inside a 60-day window
    [finding] = overlaps(SYSTEM, settings(window_days=60))
    assert finding.rule == "overlap"
    assert {o.name for o in finding.organisations} == {"Barcelona City Council", "Gavà City Council"}
    assert finding.place == lyon and set(finding.records) == {first, second, lyon}
    assert "Lyon" in finding.title and "Équipe Montréal" in finding.suggestion


def test_missions_just_outside_the_window_do_not_overlap(world, lyon) -> None:  # type: ignore[no-untyped-def]
    mission(world.own, lyon, D(2026, 3, 1))
    mission(world.other, lyon, D(2026, 5, 1))  # 61 days later
    assert overlaps(SYSTEM, settings(window_days=60)) == []
    assert len(overlaps(SYSTEM, settings(window_days=61))) == 1


def test_one_organisation_twice_or_an_engagement_with_both_is_no_overlap(world, lyon) -> None:  # type: ignore[no-untyped-def]
    mission(world.own, lyon, D(2026, 3, 1))
    mission(world.own, lyon, D(2026, 3, 10))
    assert overlaps(SYSTEM, settings()) == []
    mission(world.other, lyon, D(2026, 3, 12), world.own, world.other)
    assert overlaps(SYSTEM, settings()) == []


def test_two_organisations_approaching_one_network_overlap(world) -> None:  # type: ignore[no-untyped-def]
    for owner in (world.own, world.other):
        make(
            Engagement,
            title=f"{owner.name} at the UCLG bureau",
            kind="meeting",
            start_on=D(2026, 2, 1),
            network=world.network,
            owner=owner,
            participants=[owner],
        )
    [finding] = overlaps(SYSTEM, settings())
    assert world.network in finding.records and finding.place is None


def test_an_overlap_becomes_a_joint_mission_with_every_organisation(world, lyon) -> None:  # type: ignore[no-untyped-def]
    mission(world.own, lyon, D(2026, 3, 1))
    mission(world.other, lyon, D(2026, 3, 20))
    [finding] = [f for f in all_findings(SYSTEM, settings()).findings if f.rule == "overlap"]
    coordinator = world.users["coordinator"]
    joint = services.joint_mission_create(
        access=access_for(coordinator),
        user=coordinator,
        finding=finding,
        title="Équipe Barcelona to Lyon",
        start_on=D(2026, 3, 10),
    )
    assert set(joint.participants.all()) == {world.own, world.other}
    assert (joint.place, joint.kind) == (lyon, "outgoing_mission")
    assert joint.history.first().history_user == coordinator
    decision = FindingDecision.objects.get(fingerprint=finding.fingerprint)
    assert (decision.kind, decision.engagement) == (DecisionKind.ACTIONED, joint)
    assert [f for f in all_findings(SYSTEM, settings()).findings if f.rule == "overlap"] == []


def test_an_editor_decides_only_on_findings_of_their_organisation(world, lyon) -> None:  # type: ignore[no-untyped-def]
    other_place = make(PartnerPlace, name="Porto", country="PT", owner=world.amb)
    agency = world.others["organisations"]
    mission(world.other, other_place, D(2026, 3, 1))
    mission(agency, other_place, D(2026, 3, 2))
    [finding] = overlaps(SYSTEM, settings())
    editor = world.users["editor"]
    with pytest.raises(PermissionDenied):
        services.finding_dismiss(access=access_for(editor), user=editor, finding=finding, reason="Not ours")
    assert not FindingDecision.objects.exists()


# The network portfolio -----------------------------------------------------------------------------


def test_several_organisations_in_one_network(world) -> None:  # type: ignore[no-untyped-def]
    rows, found = network_portfolio(SYSTEM, settings())
    [shared] = [f for f in found if f.rule == "network_shared"]
    assert {o.name for o in shared.organisations} == {"Agency own", "Agency other"}
    assert [r.network for r in rows] == [world.network] and len(rows[0].memberships) == 2


def test_an_organisations_two_roles_in_a_network_are_listed_in_the_order_they_were_recorded(world) -> None:  # type: ignore[no-untyped-def]
    """The same finding names its records in the same order at every read (the API pages through the findings):
    an organisation's memberships of one network tie on every sorted column but their key."""
    own = world.records["memberships"]
    second = make(Membership, organisation=own.organisation, network=world.network, role="secretariat_host",
                  owner=own.owner)  # fmt: skip
    _rows, found = network_portfolio(SYSTEM, settings())
    [shared] = [f for f in found if f.rule == "network_shared"]
    theirs = [r for r in shared.records if isinstance(r, Membership) and r.organisation == own.organisation]
    assert theirs == sorted([own, second], key=lambda m: m.pk)


def test_an_ended_membership_no_longer_counts(world) -> None:  # type: ignore[no-untyped-def]
    membership = world.others["memberships"]
    make_update(membership, end_on=D(2025, 12, 31))  # ended the day before
    _rows, found = network_portfolio(SYSTEM, settings())
    assert [f for f in found if f.rule == "network_shared"] == []


def make_update(record, **fields):  # type: ignore[no-untyped-def]
    from interlocal.core.services import record_update

    return record_update(access=SYSTEM, user=None, instance=record, fields=fields)


def test_a_fee_with_no_role_and_no_activity_is_found(world) -> None:  # type: ignore[no-untyped-def]
    membership = make_update(world.records["memberships"], annual_fee_eur=5000)
    agency = membership.organisation
    rows, found = network_portfolio(SYSTEM, settings(activity_months=12))
    [idle] = [f for f in found if f.rule == "network_idle"]
    assert idle.organisations == [agency] and membership in idle.records and "5,000" in idle.title
    assert rows[0].annual_fees_eur == 5000
    # An engagement for the network thirteen months ago is outside a twelve-month look-back …
    old = make(
        Engagement, title="Old congress", kind="conference", start_on=D(2024, 12, 1), network=world.network,
        owner=agency, participants=[agency],
    )  # fmt: skip
    assert [f for f in network_portfolio(SYSTEM, settings(activity_months=12))[1] if f.rule == "network_idle"]
    # … one eleven months ago is inside it.
    make_update(old, start_on=D(2025, 2, 1))
    assert not [f for f in network_portfolio(SYSTEM, settings(activity_months=12))[1] if f.rule == "network_idle"]


def test_a_fee_with_a_role_is_not_idle(world) -> None:  # type: ignore[no-untyped-def]
    make_update(world.records["memberships"], annual_fee_eur=5000, role="vice_presidency")
    assert not [f for f in network_portfolio(SYSTEM, settings())[1] if f.rule == "network_idle"]


# Gaps ----------------------------------------------------------------------------------------------


@pytest.fixture
def latin_america(db):  # type: ignore[no-untyped-def]
    return WorldRegion.objects.get_or_create(slug="latin-america", defaults={"name": "Latin America"})[0]


def test_a_priority_region_with_no_activity_is_a_gap_until_an_engagement_there(world, latin_america) -> None:  # type: ignore[no-untyped-def]
    world.own.priority_regions.add(latin_america)
    bogota = make(PartnerPlace, name="Bogotá", country="CO", owner=world.amb)

    def region_gaps(s):  # type: ignore[no-untyped-def]
        return [f for f in gaps(SYSTEM, s, agenda(SYSTEM, s)) if "Latin America" in f.title]

    [gap] = region_gaps(settings())
    assert gap.organisations == [world.own] and "Barcelona City Council" in gap.title
    visit = mission(world.own, bogota, D(2023, 12, 1))  # 25 months before: outside 24 months
    assert region_gaps(settings(activity_months=24))
    make_update(visit, start_on=D(2024, 2, 1))  # 23 months before: inside
    assert region_gaps(settings(activity_months=24)) == []


def test_a_priority_theme_with_no_agreement_is_a_gap(world) -> None:  # type: ignore[no-untyped-def]
    climate = Theme.objects.get(slug="climate")
    world.own.themes.add(climate)
    s = settings()
    assert [f for f in gaps(SYSTEM, s, agenda(SYSTEM, s)) if "Climate" in f.title]
    world.records["agreements"].themes.add(climate)
    assert not [f for f in gaps(SYSTEM, s, agenda(SYSTEM, s)) if "Climate" in f.title]
    make_update(world.records["agreements"], status="ended")  # an ended agreement is no activity
    assert [f for f in gaps(SYSTEM, s, agenda(SYSTEM, s)) if "Climate" in f.title]


# Synergies ----------------------------------------------------------------------------------------


def test_shared_priorities_are_a_synergy_with_the_reason(world, latin_america) -> None:  # type: ignore[no-untyped-def]
    world.own.priority_regions.add(latin_america)
    s = settings()
    assert synergies(SYSTEM, s, agenda(SYSTEM, s)) == []  # only one organisation prioritises it
    world.other.priority_regions.add(latin_america)
    [synergy] = synergies(SYSTEM, s, agenda(SYSTEM, s))
    assert set(synergy.organisations) == {world.own, world.other}
    assert "Latin America" in synergy.explanation


def test_a_project_where_another_has_an_agreement_is_a_synergy(world) -> None:  # type: ignore[no-untyped-def]
    place = world.records["agreements"].partner_place  # Barcelona City Council's agreement
    project = make(Project, title="Shared streets", kind="other", status="active", lead=world.other, owner=world.other)
    s = settings()
    assert synergies(SYSTEM, s, agenda(SYSTEM, s)) == []
    project.places.add(place)
    [synergy] = synergies(SYSTEM, s, agenda(SYSTEM, s))
    assert "Gavà City Council runs a project in Place own, where Barcelona City Council has an agreement" in (
        synergy.explanation
    )


# Dormant agreements ------------------------------------------------------------------------------


@pytest.fixture
def twinning(world):  # type: ignore[no-untyped-def]
    make_update(world.others["agreements"], status="ended")  # only Barcelona's agreement is under watch
    return make_update(world.records["agreements"], signed_on=D(2020, 1, 1), status="active")


def served(agreement, day):  # type: ignore[no-untyped-def]
    return make(
        Engagement, title=f"Visit for {agreement} on {day}", kind="visit", start_on=day, agreement=agreement,
        owner=agreement.organisation, participants=[agreement.organisation],
    )  # fmt: skip


def test_an_agreement_without_engagement_for_the_set_months_is_dormant(world, twinning) -> None:  # type: ignore[no-untyped-def]
    [never] = dormant_agreements(SYSTEM, settings(dormant_months=24))
    assert never.records == [twinning] and "No engagement has ever" in never.explanation
    visit = served(twinning, D(2023, 12, 1))  # 25 months before
    [old] = dormant_agreements(SYSTEM, settings(dormant_months=24))
    assert "2023-12-01" in old.explanation
    make_update(visit, start_on=D(2024, 2, 1))  # 23 months before
    assert dormant_agreements(SYSTEM, settings(dormant_months=24)) == []


def test_an_agreement_with_no_engagement_since_a_change_of_government_is_dormant(world, twinning) -> None:  # type: ignore[no-untyped-def]
    visit = served(twinning, D(2025, 6, 1))
    assert dormant_agreements(SYSTEM, settings()) == []
    change = make(
        GovernmentChange,
        partner_place=twinning.partner_place,
        changed_on=D(2025, 7, 1),
        description="New mayor of Place own",
        owner=world.amb,
    )
    [finding] = dormant_agreements(SYSTEM, settings())
    assert set(finding.records) == {twinning, change} and "New mayor" in finding.explanation
    make_update(visit, start_on=D(2025, 7, 2))  # the day after the change
    assert dormant_agreements(SYSTEM, settings()) == []


def test_a_change_of_government_in_our_territory_counts_too(world, twinning) -> None:  # type: ignore[no-untyped-def]
    territory = world.records["territories"]
    make_update(world.own, territory=territory)
    served(twinning, D(2025, 1, 1))
    make(
        GovernmentChange,
        territory=territory,
        changed_on=D(2025, 6, 15),
        description="Municipal election",
        owner=world.amb,
    )
    [finding] = dormant_agreements(SYSTEM, settings())
    assert "Municipal election" in finding.explanation


# Decisions -----------------------------------------------------------------------------------------


def test_a_dismissed_finding_hides_with_its_reason_and_returns_when_its_records_change(world, twinning) -> None:  # type: ignore[no-untyped-def]
    editor = world.users["editor"]
    [finding] = [f for f in all_findings(SYSTEM, settings()).findings if f.rule == "dormant"]
    services.finding_dismiss(access=access_for(editor), user=editor, finding=finding, reason="Renewal in 2026")
    assert not [f for f in all_findings(SYSTEM, settings()).findings if f.rule == "dormant"]
    [shown] = [f for f in all_findings(SYSTEM, settings(), include_decided=True).findings if f.rule == "dormant"]
    assert shown.decision.reason == "Renewal in 2026" and shown.decision.owner == world.own
    served(twinning, D(2023, 1, 1))  # a new record behind it: a new finding, decided afresh
    assert [f for f in all_findings(SYSTEM, settings()).findings if f.rule == "dormant"]


def test_a_finding_becomes_a_follow_up_action(world, twinning) -> None:  # type: ignore[no-untyped-def]
    editor = world.users["editor"]
    [finding] = [f for f in all_findings(SYSTEM, settings()).findings if f.rule == "dormant"]
    action = services.finding_follow_up(
        access=access_for(editor), user=editor, finding=finding, title="Call the partner", responsible=world.own,
        due_on=D(2026, 2, 1),
    )  # fmt: skip
    assert (action.agreement, action.partner_place, action.finding) == (twinning, None, finding.fingerprint)
    assert FollowUpAction.objects.get(title="Call the partner").owner == world.own
    assert FindingDecision.objects.get().action == action
    assert Agreement.objects.count() == 2 and Membership.objects.count() == 2  # nothing else written
