"""The talent app's kinds of record, registered for the generic pages, CSV exports and the API."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from interlocal.core.entities import Column, EntitySpec, Related, register
from interlocal.core.permissions import can_edit

from .forms import ConsentForm, MemberForm, NetworkEventForm, TalentNetworkForm
from .models import Member, NetworkEvent, TalentNetwork
from .selectors import network_summary


def network_context(record: TalentNetwork, access: Any) -> dict[str, Any]:
    return {"summary": network_summary(access, record)}


def member_context(record: Member, access: Any) -> dict[str, Any]:
    """What only the member's organisation and the coordinators read: the e-mail, the consents, the actions."""
    if not record.kept_by(access):
        return {"kept": False}
    return {
        "kept": True,
        "email": record.email,
        "consents": list(record.consents.all()),
        "consent_form": ConsentForm(),
        "may_edit": can_edit(access, record),
        "consent_url": reverse("talent:member-consent", args=[record.pk]),
        "export_url": reverse("talent:member-export", args=[record.pk]),
        "erase_url": reverse("talent:member-erase", args=[record.pk]),
    }


NETWORKS = register(
    EntitySpec(
        key="talent-networks",
        model=TalentNetwork,
        form_class=TalentNetworkForm,
        columns=[
            Column(_("Network"), "name", sort="name", link=True),
            Column(_("Run by"), "run_by", sort="run_by__name"),
            Column(_("Owner"), "owner", sort="owner__name"),
        ],
        search_fields=["name", "purpose", "audience"],
        filter_fields=["run_by", "organisation"],
        default_sort="name",
        select_related=["organisation", "run_by"],
        detail_fields=["name", "organisation", "run_by", "purpose", "audience", "website", "citation"],
        related=[
            Related(_("Members"), "talent-members", "network", create_param="network"),
            Related(_("Events"), "talent-events", "network", create_param="network"),
        ],
        api_fields=["id", "name", "organisation", "run_by", "purpose", "audience", "website"],
        detail_template="talent/talentnetwork_detail.html",
        detail_context=network_context,
    )
)

MEMBERS = register(
    EntitySpec(
        key="talent-members",
        model=Member,
        form_class=MemberForm,
        columns=[
            Column(_("Name"), "__str__", sort="name", link=True),
            Column(_("Network"), "network", sort="network__name"),
            Column(_("City"), "city", sort="city"),
            Column(_("Country"), "country", sort="country"),
            Column(_("Sector"), "get_sector_display", sort="sector"),
            Column(_("Role"), "get_role_display", sort="role"),
            Column(_("Member since"), "member_since", sort="member_since"),
        ],
        search_fields=["name", "city", "organisation_name"],
        filter_fields=["network", "country", "city", "sector", "role"],
        default_sort="name",
        select_related=["network", "organisation"],
        detail_fields=[
            "network",
            "name",
            "country",
            "city",
            "sector",
            "organisation",
            "organisation_name",
            "member_since",
            "role",
            "erased_at",
        ],  # fmt: skip
        # Never published: the member's e-mail (its organisation reads it on the member's page and in the export).
        secret_fields=["email"],
        api_fields=[
            "id",
            "network",
            "name",
            "country",
            "city",
            "sector",
            "organisation",
            "organisation_name",
            "member_since",
            "role",
            "erased_at",
        ],  # fmt: skip
        detail_template="talent/member_detail.html",
        detail_context=member_context,
    )
)

EVENTS = register(
    EntitySpec(
        key="talent-events",
        model=NetworkEvent,
        form_class=NetworkEventForm,
        columns=[
            Column(_("Event"), "title", sort="title", link=True),
            Column(_("Network"), "network", sort="network__name"),
            Column(_("Held on"), "held_on", sort="held_on"),
            Column(_("Place"), "place", sort="place"),
            Column(_("Attendance"), "attendance", sort="attendance"),
        ],
        search_fields=["title", "place", "description"],
        filter_fields=["network", "country"],
        default_sort="-held_on",
        select_related=["network"],
        detail_fields=["network", "title", "held_on", "place", "country", "attendance", "description", "citation"],
        api_fields=["id", "network", "title", "held_on", "place", "country", "attendance", "description"],
    )
)
