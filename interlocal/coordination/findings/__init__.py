"""Findings that explain themselves, computed on read from the registry.

Each rule runs a fixed number of queries and returns `Finding`s that name the records
behind them. Only people's decisions (a dismissal with its reason, an action drawn from a
finding) are stored, keyed by the finding's fingerprint: a hash of its rule and records,
so a finding keeps its decision while its records stay the same and is found afresh
when they change.
"""

from dataclasses import dataclass, replace

from interlocal.core.memo import memoised
from interlocal.core.permissions import Access
from interlocal.diplomacy.models import Agreement, Engagement, Membership, PartnerPlace
from interlocal.ecosystem.home import HOME_READS_FROM
from interlocal.projects.models import Project

from ..models import FindingDecision, GovernmentChange
from .agenda import Agenda, agenda, gaps, synergies
from .base import RULES, TRAVEL_KINDS, Finding, Settings, default_scope, months_before
from .dormant import dormant_agreements
from .networks import PortfolioRow, network_portfolio
from .overlaps import overlaps


@dataclass
class Findings:
    findings: list[Finding]
    portfolio: list[PortfolioRow]
    settings: Settings

    def by_rule(self) -> list[tuple[str, str, list[Finding]]]:
        grouped: dict[str, list[Finding]] = {rule: [] for rule in RULES}
        for finding in self.findings:  # one pass: at 100,000 organisations there are tens of thousands
            grouped[finding.rule].append(finding)
        return [(rule, str(label), grouped[rule]) for rule, label in RULES.items()]


# Every kind the rules read, for core.memo: the records they are about and those the visibility rule reads
# behind them (an engagement's place, network and project; a membership's network).
READ_FROM = (*HOME_READS_FROM, Agreement, Engagement, Membership, PartnerPlace, Project, GovernmentChange)


def _rules(access: Access, settings: Settings) -> tuple[list[Finding], list[PortfolioRow]]:
    """What the rules find for this reader, before the decisions taken on it."""
    plan = agenda(access, settings)
    portfolio, network_findings = network_portfolio(access, settings)
    found = [
        *overlaps(access, settings),
        *network_findings,
        *gaps(access, settings, plan),
        *synergies(access, settings, plan),
        *dormant_agreements(access, settings),
    ]
    return [f for f in found if not f.mentions_hidden], portfolio


def thresholds(settings: Settings) -> tuple[object, ...]:
    """What the rules' findings depend on beside the registry and the reader (for core.memo)."""
    return (
        settings.window_days,
        settings.dormant_months,
        settings.activity_months,
        settings.on,
        settings.scope.pk if settings.scope else None,
    )


def all_findings(access: Access, settings: Settings, *, include_decided: bool = False) -> Findings:
    """Every rule's findings with the decisions taken on them; decided ones hidden unless asked.

    The rules read the whole registry, so what they find is computed once for each class of reader and the
    same thresholds, day and scope, and read again until the registry changes (core.memo). The decisions are
    read on every request.
    """
    found, portfolio = memoised("findings", access, READ_FROM, lambda: _rules(access, settings), *thresholds(settings))
    # Every decision the reader may read, by fingerprint: people's decisions are few beside the findings of a large
    # registry, which would make an IN of tens of thousands of fingerprints.
    decisions = {d.fingerprint: d for d in FindingDecision.objects.visible_to(access).order_by("created_at")}
    # What was remembered is shared with the next reader (core.memo): a decided finding is given as a copy, and the
    # list is a new one where decisions change it (tens of thousands of findings at 100,000 organisations).
    if decisions:
        found = [
            replace(f, decision=decisions[f.fingerprint]) if f.fingerprint in decisions else f
            for f in found
            if include_decided or f.fingerprint not in decisions
        ]
    return Findings(found, portfolio, settings)


def finding_by_fingerprint(access: Access, settings: Settings, fingerprint: str) -> Finding | None:
    return next(
        (f for f in all_findings(access, settings, include_decided=True).findings if f.fingerprint == fingerprint),
        None,
    )


__all__ = [
    "RULES",
    "TRAVEL_KINDS",
    "Agenda",
    "Finding",
    "Findings",
    "PortfolioRow",
    "Settings",
    "agenda",
    "all_findings",
    "default_scope",
    "dormant_agreements",
    "finding_by_fingerprint",
    "gaps",
    "months_before",
    "network_portfolio",
    "overlaps",
    "synergies",
    "thresholds",
]
