"""The network portfolio: shared memberships, fees without role or activity, cost and role of each."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from interlocal.core.permissions import Access
from interlocal.core.visibility import HiddenRecord
from interlocal.diplomacy.models import Engagement, Membership, MembershipRole
from interlocal.ecosystem.models import Organisation

from .base import Finding, Settings, _in_scope, _names, months_before


@dataclass
class PortfolioRow:
    network: Organisation
    memberships: list[Membership]
    annual_fees_eur: Decimal
    engagements: int

    @property
    def roles(self) -> list[str]:
        return sorted({m.get_role_display() for m in self.memberships})


def network_portfolio(access: Access, settings: Settings) -> tuple[list[PortfolioRow], list[Finding]]:
    """Each network with its members from the metropolis, their roles, fees and recent activity."""
    today = settings.on
    memberships = list(
        Membership.objects.visible_to(access)
        .filter(_in_scope(settings, "organisation__"))
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=today))
        .select_related("organisation", "network")
        .order_by("network_name", "organisation__name", "pk")  # the pk: an organisation may hold two roles
    )
    since = months_before(today, settings.activity_months)
    activity: dict[tuple[int, int], int] = defaultdict(int)
    for network_id, organisation_id in (
        Engagement.objects.visible_to(access)
        .filter(network__isnull=False, start_on__gte=since, start_on__lte=today)
        .values_list("network_id", "participants")
        .distinct()
    ):
        activity[(network_id, organisation_id)] += 1
    by_network: dict[int, list[Membership]] = defaultdict(list)
    for membership in memberships:
        if not isinstance(membership.network, HiddenRecord) and not isinstance(membership.organisation, HiddenRecord):
            by_network[membership.network_id].append(membership)
    rows, findings = [], []
    for members in by_network.values():
        network = members[0].network
        fees = sum((m.annual_fee_eur or Decimal(0) for m in members), Decimal(0))
        active = sum(activity[(network.pk, m.organisation_id)] for m in members)
        rows.append(PortfolioRow(network=network, memberships=members, annual_fees_eur=fees, engagements=active))
        organisations = sorted({m.organisation for m in members}, key=str)
        if len(organisations) > 1:
            findings.append(
                Finding(
                    rule="network_shared",
                    title=_("%(count)s organisations of the metropolis are members of %(network)s")
                    % {"count": len(organisations), "network": network},
                    explanation=_("%(names)s are members (%(roles)s), with annual fees of %(fees)s EUR in all.")
                    % {
                        "names": _names(organisations),
                        "roles": ", ".join(sorted({m.get_role_display() for m in members})),
                        "fees": f"{fees:,.0f}",
                    },
                    records=[network, *members],
                    organisations=organisations,
                    suggestion=_(
                        "Agree who speaks for the metropolis in this network and share what each brings back; more than 200 city networks compete for the same time and fees (Report §6)."
                    ),
                    key=f"network:{network.pk}",
                )
            )
        for membership in members:
            idle = not activity[(network.pk, membership.organisation_id)]
            if membership.annual_fee_eur and membership.role == MembershipRole.MEMBER and idle:
                findings.append(
                    Finding(
                        rule="network_idle",
                        title=_("%(member)s pays %(fee)s EUR a year to %(network)s with no role and no activity")
                        % {
                            "member": membership.organisation,
                            "fee": f"{membership.annual_fee_eur:,.0f}",
                            "network": network,
                        },
                        explanation=_(
                            "A plain membership with a fee, and no engagement served for this network by the member in the last %(months)s months."
                        )
                        % {"months": settings.activity_months},
                        records=[membership, network],
                        organisations=[membership.organisation],
                        suggestion=_("Take a role in the network, use it, or reconsider the membership."),
                        key=f"membership:{membership.pk}",
                    )
                )
    return rows, findings
