"""The coordination app's kinds of record, registered for the generic pages and the API."""

from django.utils.translation import gettext_lazy as _

from interlocal.core.entities import Column, EntitySpec, Related, register

from .forms import BodyMemberForm, DecisionForm, FollowUpActionForm, GovernmentChangeForm, MeetingForm
from .models import BodyMember, Decision, FollowUpAction, GovernmentChange, Meeting

GOVERNMENT_CHANGES = register(
    EntitySpec(
        key="government-changes",
        model=GovernmentChange,
        form_class=GovernmentChangeForm,
        columns=[
            Column(_("Change"), "description", sort="description", link=True),
            Column(_("Date"), "changed_on", sort="changed_on"),
            Column(_("Territory"), "territory"),
            Column(_("Partner place"), "partner_place"),
        ],
        search_fields=["description", "territory__name", "partner_place__name"],
        filter_fields=["territory", "partner_place"],
        default_sort="-changed_on",
        select_related=["territory", "partner_place"],
        detail_fields=["territory", "partner_place", "changed_on", "description", "citation"],
        api_fields=["id", "territory", "partner_place", "changed_on", "description", "citation"],
    )
)

BODY_MEMBERS = register(
    EntitySpec(
        key="body-members",
        model=BodyMember,
        form_class=BodyMemberForm,
        columns=[
            Column(_("Coordination body"), "body", sort="body__name", link=True),
            Column(_("Member"), "organisation", sort="organisation__name"),
            Column(_("Role"), "get_role_display", sort="role"),
        ],
        search_fields=["body__name", "organisation__name"],
        filter_fields=["body", "organisation", "role"],
        default_sort="body__name",
        select_related=["body", "organisation"],
        detail_fields=["body", "organisation", "role", "citation"],
        api_fields=["id", "body", "organisation", "role", "citation"],
    )
)

MEETINGS = register(
    EntitySpec(
        key="meetings",
        model=Meeting,
        form_class=MeetingForm,
        columns=[
            Column(_("Meeting"), "title", sort="title", link=True),
            Column(_("Coordination body"), "body", sort="body__name"),
            Column(_("Held on"), "held_on", sort="held_on"),
        ],
        search_fields=["title", "agenda", "minutes", "body__name"],
        filter_fields=["body", "attendees"],
        default_sort="-held_on",
        select_related=["body"],
        prefetch_related=["attendees"],
        detail_fields=["body", "title", "held_on", "agenda", "attendees", "minutes", "citation"],
        related=[
            Related(_("Decisions"), "meeting-decisions", "meeting", "meeting"),
            Related(_("Follow-up actions"), "follow-up-actions", "meeting", "meeting"),
        ],
        api_fields=["id", "body", "title", "held_on", "agenda", "attendees", "minutes", "citation"],
    )
)

DECISIONS = register(
    EntitySpec(
        key="meeting-decisions",
        model=Decision,
        form_class=DecisionForm,
        columns=[
            Column(_("Decision"), "text", link=True),
            Column(_("Meeting"), "meeting", sort="meeting__held_on"),
        ],
        search_fields=["text", "meeting__title"],
        filter_fields=["meeting"],
        default_sort="-meeting__held_on",
        select_related=["meeting"],
        detail_fields=["meeting", "text", "citation"],
        related=[Related(_("Follow-up actions"), "follow-up-actions", "decision", "decision")],
        api_fields=["id", "meeting", "text", "citation"],
    )
)

ACTIONS = register(
    EntitySpec(
        key="follow-up-actions",
        model=FollowUpAction,
        form_class=FollowUpActionForm,
        columns=[
            Column(_("Action"), "title", sort="title", link=True),
            Column(_("Responsible"), "responsible", sort="responsible__name"),
            Column(_("Due on"), "due_on", sort="due_on"),
            Column(_("Status"), "get_status_display", sort="status"),
        ],
        search_fields=["title", "notes", "responsible__name"],
        filter_fields=["status", "responsible", "meeting", "agreement", "partner_place", "subject"],
        default_sort="due_on",
        select_related=["responsible", "meeting", "decision", "agreement", "partner_place", "subject", "engagement"],
        detail_fields=[
            "title",
            "responsible",
            "due_on",
            "status",
            "notes",
            "meeting",
            "decision",
            "agreement",
            "partner_place",
            "subject",
            "engagement",
            "finding",
        ],  # fmt: skip
        api_fields=[
            "id",
            "title",
            "responsible",
            "due_on",
            "status",
            "notes",
            "meeting",
            "decision",
            "agreement",
            "partner_place",
            "subject",
            "engagement",
            "finding",
        ],  # fmt: skip
    )
)
