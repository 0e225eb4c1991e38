"""Writes of coordination: decisions on findings, follow-up actions, joint missions.

Each goes through the core record services (permission checks and history) in one transaction.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from interlocal.core import services
from interlocal.core.access import Author
from interlocal.core.permissions import Access
from interlocal.diplomacy.models import Engagement, EngagementKind
from interlocal.ecosystem.models import Organisation

from .findings import Finding
from .models import ActionStatus, DecisionKind, FindingDecision, FollowUpAction


def deciding_organisation(access: Access, finding: Finding) -> Organisation:
    """The organisation on whose behalf a user decides about a finding: one the finding involves
    and the user edits for (a coordinator decides for any)."""
    for organisation in finding.organisations:
        if organisation.pk in access.edits_for:
            return organisation
    if access.coordinator and finding.organisations:
        return finding.organisations[0]
    raise PermissionDenied(_("You may only decide on findings that involve your own organisation."))


def _decision(
    *, access: Access, user: Author, finding: Finding, owner: Organisation, kind: str, **fields: Any
) -> FindingDecision:
    return services.record_create(
        access=access,
        user=user,
        model=FindingDecision,
        fields={
            "fingerprint": finding.fingerprint,
            "rule": finding.rule,
            "summary": finding.title[:300],
            "kind": kind,
            "owner": owner,
            "visibility": "internal",
            **fields,
        },
    )


def finding_dismiss(*, access: Access, user: Author, finding: Finding, reason: str) -> FindingDecision:
    """Dismiss a finding, saying why; it no longer shows unless decided findings are asked for."""
    owner = deciding_organisation(access, finding)
    return _decision(access=access, user=user, finding=finding, owner=owner, kind=DecisionKind.DISMISSED, reason=reason)


def finding_follow_up(
    *,
    access: Access,
    user: Author,
    finding: Finding,
    title: str,
    responsible: Organisation,
    due_on: datetime.date | None,
) -> FollowUpAction:
    """Turn a finding into a follow-up action owned by the deciding organisation."""
    owner = deciding_organisation(access, finding)
    links = _links(finding)
    with transaction.atomic():
        action = services.record_create(
            access=access,
            user=user,
            model=FollowUpAction,
            fields={
                "title": title,
                "responsible": responsible,
                "due_on": due_on,
                "status": ActionStatus.OPEN,
                "notes": f"{finding.title}\n{finding.explanation}",
                "finding": finding.fingerprint,
                "owner": owner,
                "visibility": "internal",
                **links,
            },
        )
        _decision(access=access, user=user, finding=finding, owner=owner, kind=DecisionKind.ACTIONED, action=action)
    return action


def _links(finding: Finding) -> dict[str, Any]:
    from interlocal.diplomacy.models import Agreement, PartnerPlace

    links: dict[str, Any] = {}
    for record in finding.records:
        if isinstance(record, Agreement):
            links.setdefault("agreement", record)
        elif isinstance(record, PartnerPlace):
            links.setdefault("partner_place", record)
        elif isinstance(record, Organisation) and record.kind == "city_network":
            links.setdefault("subject", record)
    return links


def joint_mission_create(
    *,
    access: Access,
    user: Author,
    finding: Finding,
    title: str,
    start_on: datetime.date,
    end_on: datetime.date | None = None,
) -> Engagement:
    """Turn an overlap into one joint mission with every overlapping organisation as a participant."""
    if finding.rule != "overlap":
        raise ValueError("Only an overlap can become a joint mission.")
    owner = deciding_organisation(access, finding)
    with transaction.atomic():
        mission = services.record_create(
            access=access,
            user=user,
            model=Engagement,
            fields={
                "title": title,
                "kind": EngagementKind.OUTGOING_MISSION,
                "start_on": start_on,
                "end_on": end_on,
                "place": finding.place,
                "network": next(
                    (r for r in finding.records if isinstance(r, Organisation) and r.kind == "city_network"), None
                ),
                "outcome": _("Joint mission drawn from the finding: %(finding)s") % {"finding": finding.title},
                "owner": owner,
                "visibility": "internal",
            },
            m2m={"participants": finding.organisations},
        )
        _decision(
            access=access,
            user=user,
            finding=finding,
            owner=owner,
            kind=DecisionKind.ACTIONED,
            engagement=mission,
            reason=_("Turned into a joint mission."),
        )
    return mission


def action_set_status(*, access: Access, user: Author, action: FollowUpAction, status: str) -> FollowUpAction:
    return services.record_update(
        access=access, user=user, instance=action, fields={"status": status}, reason=f"status: {status}"
    )
