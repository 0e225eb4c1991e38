"""The findings read the whole registry, so they are remembered for each class of reader (core.memo): a record
made a draft leaves them at once, a reader who may read it still finds it, and a decision shows at once."""

import datetime

from interlocal.coordination import services as coordination
from interlocal.coordination.findings import Settings, all_findings
from interlocal.core import services
from interlocal.core.permissions import SYSTEM, access_for

from ..factories import World

SETTINGS = Settings(today=datetime.date(2026, 1, 1))


def sharing(access) -> set[str]:  # type: ignore[no-untyped-def]
    """The organisations of the finding "several organisations in one network", as the reader is given it."""
    found = [f for f in all_findings(access, SETTINGS).findings if f.rule == "network_shared"]
    return {o.name for f in found for o in f.organisations}


def test_a_finding_read_again_drops_a_record_made_a_draft_at_once(world: World) -> None:
    viewer, coordinator = access_for(world.users["viewer"]), access_for(world.users["coordinator"])
    assert sharing(viewer) == {"Agency own", "Agency other"}
    assert sharing(viewer) == {"Agency own", "Agency other"}  # remembered

    membership = world.others["memberships"]  # Gavà's agency's, public
    services.record_update(access=SYSTEM, user=None, instance=membership, fields={"visibility": "draft"})
    assert sharing(viewer) == set()  # one member left in the network is no finding
    assert sharing(coordinator) == {"Agency own", "Agency other"}  # a coordinator reads every draft
    assert sharing(viewer) == set()  # and what they were given is theirs


def test_a_decision_on_a_remembered_finding_shows_at_once(world: World) -> None:
    coordinator = world.users["coordinator"]  # the finding is about two organisations: theirs to decide
    [finding] = [f for f in all_findings(SYSTEM, SETTINGS).findings if f.rule == "network_shared"]
    coordination.finding_dismiss(
        access=access_for(coordinator), user=coordinator, finding=finding, reason="Agreed roles"
    )
    assert not [f for f in all_findings(SYSTEM, SETTINGS).findings if f.rule == "network_shared"]
    found = all_findings(SYSTEM, SETTINGS, include_decided=True).findings
    [decided] = [f for f in found if f.rule == "network_shared"]
    assert decided.decision is not None and decided.decision.reason == "Agreed roles"
