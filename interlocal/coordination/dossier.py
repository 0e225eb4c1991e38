"""The handover dossier: what a new team needs about a partner place, organisation, network or agreement.

Current contacts and their roles, the history of engagements, commitments (agreements,
memberships), open actions, documents and the record's change history, in a fixed number
of queries; as a page and as a PDF printed by WeasyPrint from the same HTML.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.staticfiles import finders
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from interlocal.core.permissions import Access, can_read
from interlocal.core.selectors import Version, record_history
from interlocal.diplomacy.models import Agreement, Engagement, Membership, PartnerPlace
from interlocal.ecosystem.models import Organisation, Position

from .models import OPEN_STATUSES, FollowUpAction

KINDS = {
    "place": gettext_lazy("partner place"),
    "organisation": gettext_lazy("organisation"),
    "network": gettext_lazy("network"),
    "agreement": gettext_lazy("agreement"),
}
LIMIT = 200


@dataclass
class Dossier:
    kind: str
    record: Any
    contacts: list[Position] = field(default_factory=list)
    engagements: list[Engagement] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    actions: list[FollowUpAction] = field(default_factory=list)
    documents: list[tuple[str, str]] = field(default_factory=list)
    history: list[Version] = field(default_factory=list)
    generated_on: datetime.date | None = None

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind])

    @property
    def urls(self) -> dict[str, str]:
        return {
            "page": reverse("coordination:dossier", args=[self.kind, self.record.pk]),
            "pdf": reverse("coordination:dossier-pdf", args=[self.kind, self.record.pk]),
        }


def dossier_link(kind: str) -> Any:
    """The link a record's page gives to its handover dossier (an `EntitySpec.detail_links` entry).

    An organisation that is a city network gets the network's dossier; the dossier page applies
    the reader's access itself, and a reader who sees the page sees the record.
    """

    def link(record: Any) -> tuple[str, str]:
        which = "network" if kind == "organisation" and record.kind == "city_network" else kind
        return _("Handover dossier"), reverse("coordination:dossier", args=[which, record.pk])

    return link


def _get(access: Access, kind: str, pk: int) -> Any:
    model = {"place": PartnerPlace, "organisation": Organisation, "network": Organisation, "agreement": Agreement}.get(
        kind
    )
    if model is None:
        raise Http404(_("No dossier for this kind of record."))
    record: Any = model._default_manager.filter(pk=pk).first()
    if record is None or not can_read(access, record):
        raise Http404(_("No such record."))
    if kind == "network" and record.kind != "city_network":
        raise Http404(_("This organisation is not a network."))
    return record


def _current_positions(
    access: Access, organisations: "QuerySet[Any, Any] | list[int]", today: datetime.date
) -> list[Position]:
    return list(
        Position.objects.visible_to(access)
        .filter(organisation__in=organisations)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=today))
        .select_related("person", "organisation", "unit")
        .order_by("organisation__name", "person__name")[:LIMIT]
    )


def dossier_for(access: Access, kind: str, pk: int, *, today: datetime.date | None = None) -> Dossier:
    today = today or timezone.localdate()
    record = _get(access, kind, pk)
    d = Dossier(kind=kind, record=record, generated_on=today)
    engagements = Engagement.objects.visible_to(access).select_related("place").prefetch_related("participants")
    agreements = Agreement.objects.visible_to(access).select_related("organisation", "partner_place")
    memberships = Membership.objects.visible_to(access).select_related("organisation", "network")
    actions = FollowUpAction.objects.visible_to(access).filter(status__in=OPEN_STATUSES).select_related("responsible")
    if kind == "place":
        engagements = engagements.filter(place=record)
        agreements = agreements.filter(partner_place=record)
        actions = actions.filter(Q(partner_place=record) | Q(agreement__partner_place=record))
        # Our side's contacts: the people of the organisations that hold the agreements.
        d.contacts = _current_positions(access, agreements.values("organisation"), today)
        memberships = memberships.none()
    elif kind == "agreement":
        engagements = engagements.filter(agreement=record)
        agreements = agreements.filter(pk=record.pk)
        actions = actions.filter(agreement=record)
        parties = [record.organisation_id, *record.parties.values_list("pk", flat=True)]
        d.contacts = _current_positions(access, parties, today)
        memberships = memberships.none()
        if record.document_url:
            d.documents.append((str(_("Agreement text")), record.document_url))
    elif kind == "network":
        engagements = engagements.filter(network=record)
        agreements = agreements.none()
        memberships = memberships.filter(network=record)
        actions = actions.filter(subject=record)
        d.contacts = _current_positions(access, [record.pk], today)
    else:
        engagements = engagements.filter(participants=record)
        agreements = agreements.filter(Q(organisation=record) | Q(parties=record)).distinct()
        memberships = memberships.filter(organisation=record)
        actions = actions.filter(Q(responsible=record) | Q(subject=record))
        d.contacts = _current_positions(access, [record.pk], today)
    if kind in ("organisation", "network") and record.website:
        d.documents.append((str(_("Website")), record.website))
    d.engagements = list(engagements.order_by("-start_on", "-pk")[:LIMIT])
    d.agreements = list(agreements.order_by("-signed_on", "pk")[:LIMIT])
    d.memberships = list(memberships.order_by("network_name", "organisation__name")[:LIMIT])
    d.actions = list(actions.order_by("due_on", "pk")[:LIMIT])
    if kind != "agreement":
        d.documents += [
            (str(a), a.document_url)
            for a in d.agreements
            if a.document_url and (str(a), a.document_url) not in d.documents
        ]
    d.history = record_history(record, access=access, limit=30)
    return d


def dossier_pdf(request: HttpRequest, d: Dossier) -> bytes:
    """The dossier page printed to PDF (WeasyPrint), with the site's stylesheet read from the finder."""
    pdf: bytes = dossier_document(request, d).write_pdf()
    return pdf


def dossier_document(request: HttpRequest, d: Dossier) -> Any:
    """The dossier laid out in pages by WeasyPrint (a `weasyprint.Document`)."""
    import weasyprint

    stylesheet = ""
    path = finders.find("interlocal/css/app.css")
    if path:
        with open(path, encoding="utf-8") as handle:
            stylesheet = handle.read()
    html = render_to_string("coordination/dossier_print.html", {"d": d, "stylesheet": stylesheet}, request=request)
    return weasyprint.HTML(string=html, base_url=request.build_absolute_uri("/")).render()
