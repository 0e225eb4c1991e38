"""Findings that explain themselves, computed on read from the registry.

Each rule runs a fixed number of queries and returns `Finding`s that name the records
behind them. Only people's decisions (a dismissal with its reason, an action drawn from a
finding) are stored, keyed by the finding's fingerprint: a hash of its rule and records,
so a finding keeps its decision while its records stay the same and is found afresh
when they change.
"""

from dataclasses import dataclass

from interlocal.core.permissions import Access

from ..models import FindingDecision
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
        return [(rule, str(label), [f for f in self.findings if f.rule == rule]) for rule, label in RULES.items()]


def all_findings(access: Access, settings: Settings, *, include_decided: bool = False) -> Findings:
    """Every rule's findings with the decisions taken on them; decided ones hidden unless asked."""
    plan = agenda(access, settings)
    portfolio, network_findings = network_portfolio(access, settings)
    found = [
        *overlaps(access, settings),
        *network_findings,
        *gaps(access, settings, plan),
        *synergies(access, settings, plan),
        *dormant_agreements(access, settings),
    ]
    found = [f for f in found if not f.mentions_hidden]
    decisions = {
        d.fingerprint: d
        for d in FindingDecision.objects.visible_to(access)
        .filter(fingerprint__in=[f.fingerprint for f in found])
        .order_by("created_at")
    }
    for finding in found:
        finding.decision = decisions.get(finding.fingerprint)
    if not include_decided:
        found = [f for f in found if f.decision is None]
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
]
