"""Dormant agreements: no engagement for a set time, or none since a change of government."""

from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, Max, OuterRef, Q, Value
from django.utils.translation import gettext as _

from interlocal.core.permissions import Access
from interlocal.diplomacy.models import Agreement
from interlocal.ecosystem.models import Organisation

from ..models import GovernmentChange
from .base import Finding, Settings, _in_scope, months_before


def dormant_agreements(access: Access, settings: Settings) -> list[Finding]:
    """Active agreements with no engagement for the set months, or none since a change of government."""
    today = settings.on
    cutoff = months_before(today, settings.dormant_months)
    # Thousands of agreements in a large registry, their parties read below: no set of theirs is prefetched.
    active = Agreement.objects.visible_to(access).without_many_sets().filter(status="active")
    answering: dict[int, list[Organisation]] = {}
    organisation_in_scope: Any = Value(True)
    if settings.scope is not None:
        # In scope through its organisation or another of its parties, as ecosystem.home counts an agreement;
        # a peer's agreement the AMB joined is answered for by the AMB (one more query). Each test is a join or
        # a correlated EXISTS, so no subquery lists every agreement or organisation of a large registry.
        in_scope = _in_scope(settings, "organisation__")  # an agreement's organisation, or a party's
        parties = Agreement.parties.through.objects.filter(in_scope)
        active = active.filter(in_scope | Q(Exists(parties.filter(agreement=OuterRef("pk")))))
        organisation_in_scope = ExpressionWrapper(in_scope, output_field=BooleanField())
        for party in (
            parties.filter(Q(Exists(active.filter(pk=OuterRef("agreement_id")))))
            .filter(organisation__in=Organisation.objects.visible_to(access).values("pk"))
            .select_related("organisation")
        ):
            answering.setdefault(party.agreement_id, []).append(party.organisation)
    agreements = list(
        active.annotate(
            last_engagement=Max("engagements__start_on", filter=Q(engagements__start_on__lte=today)),
            organisation_in_scope=organisation_in_scope,
        )
        .select_related("organisation", "partner_place")
        .order_by("signed_on", "pk")
    )
    changes_by_territory: dict[int, GovernmentChange] = {}
    changes_by_place: dict[int, GovernmentChange] = {}
    for recorded in (
        GovernmentChange.objects.visible_to(access).filter(changed_on__lte=today).order_by("changed_on", "pk")
    ):
        if recorded.territory_id:
            changes_by_territory[recorded.territory_id] = recorded
        if recorded.partner_place_id:
            changes_by_place[recorded.partner_place_id] = recorded
    findings = []
    for agreement in agreements:
        last = agreement.last_engagement
        since_signed = agreement.signed_on is None or agreement.signed_on < cutoff
        if (last is None and since_signed) or (last is not None and last < cutoff):
            explanation = (
                _("No engagement has served this agreement since %(last)s, more than %(months)s months ago.")
                % {"last": last, "months": settings.dormant_months}
                if last
                else _("No engagement has ever been recorded for this agreement, signed %(signed)s.")
                % {"signed": agreement.signed_on or _("on an unknown date")}
            )
            # The last engagement is part of the key: a dismissal lapses when the agreement is served again.
            findings.append(
                _dormant(agreement, explanation, key=f"months:{last}", records=[agreement], answering=answering)
            )
            continue
        candidates: list[GovernmentChange | None] = [
            changes_by_territory.get(agreement.organisation.territory_id or 0),
            changes_by_place.get(agreement.partner_place_id),
        ]
        for change in candidates:
            if change is None or (agreement.signed_on and agreement.signed_on >= change.changed_on):
                continue
            if last is None or last < change.changed_on:
                explanation = _("No engagement since the change of government “%(change)s” on %(date)s.") % {
                    "change": change.description,
                    "date": change.changed_on,
                }
                findings.append(
                    _dormant(
                        agreement,
                        explanation,
                        key=f"change:{change.pk}",
                        records=[agreement, change],
                        answering=answering,
                    )
                )
                break
    return findings


def _dormant(
    agreement: Agreement, explanation: str, *, key: str, records: list[Any], answering: dict[int, list[Organisation]]
) -> Finding:
    return Finding(
        rule="dormant",
        title=_("The agreement “%(agreement)s” with %(place)s is dormant")
        % {"agreement": agreement, "place": agreement.partner_place},
        explanation=explanation,
        records=records,
        organisations=_answering(agreement, answering),
        suggestion=_(
            "Contact the partner's new team, agree the next activity, or end the agreement; twinnings go empty when governments or teams change (Report §6)."
        ),
        key=f"agreement:{agreement.pk}:{key}",
    )


def _answering(agreement: Agreement, answering: dict[int, list[Organisation]]) -> list[Organisation]:
    """Who answers for the agreement: its organisation if in scope, and its other parties in scope."""
    parties = [p for p in answering.get(agreement.pk, []) if p.pk != agreement.organisation_id]
    own = getattr(agreement, "organisation_in_scope", True)
    return [agreement.organisation, *parties] if own or not parties else parties
