"""The participation app's kinds of record, registered for the generic pages and the API."""

from django.utils.translation import gettext_lazy as _

from interlocal.core.entities import Column, EntitySpec, Related, register

from .forms import (
    ConsultationForm,
    ConsultationPhaseForm,
    ConsultationSessionForm,
    ContributionForm,
    SessionAttendanceForm,
)
from .models import Consultation, ConsultationPhase, ConsultationSession, Contribution, Moderation, SessionAttendance

CONSULTATIONS = register(
    EntitySpec(
        key="consultations",
        model=Consultation,
        form_class=ConsultationForm,
        columns=[
            Column(_("Consultation"), "title", sort="title", link=True),
            Column(_("Organisation"), "organisation", sort="organisation__name"),
            Column(_("Plan"), "plan", sort="plan__title"),
            Column(_("Status"), "get_status_display", sort="status"),
        ],
        search_fields=["title", "description", "plan_name", "organisation__name", "plan__title"],
        filter_fields=["status", "organisation", "plan", "themes", "sectors", "language"],
        default_sort="title",
        select_related=["organisation", "plan"],
        prefetch_related=["themes", "sectors"],
        detail_fields=[
            "title",
            "organisation",
            "plan",
            "plan_name",
            "description",
            "status",
            "themes",
            "sectors",
            "reported_meetings",
            "reported_organisations",
            "reported_people",
            "reported_note",
            "language",
            "citation",
        ],
        related=[
            Related(_("Phases"), "consultation-phases", "consultation", create_param="consultation"),
            Related(_("Sessions"), "consultation-sessions", "consultation", create_param="consultation"),
            Related(_("Contributions"), "contributions", "consultation", create_param="consultation"),
        ],
        api_fields=[
            "id",
            "title",
            "organisation",
            "plan",
            "plan_name",
            "description",
            "status",
            "themes",
            "sectors",
            "reported_meetings",
            "reported_organisations",
            "reported_people",
            "reported_note",
        ],
    )
)

PHASES = register(
    EntitySpec(
        key="consultation-phases",
        model=ConsultationPhase,
        form_class=ConsultationPhaseForm,
        columns=[
            Column(_("Phase"), "name", sort="name", link=True),
            Column(_("Consultation"), "consultation", sort="consultation__title"),
            Column(_("Order"), "position", sort="position"),
            Column(_("From"), "starts_on", sort="starts_on"),
            Column(_("Until"), "ends_on", sort="ends_on"),
        ],
        search_fields=["name", "description", "consultation__title"],
        filter_fields=["consultation"],
        default_sort="position",
        select_related=["consultation"],
        detail_fields=["consultation", "position", "name", "starts_on", "ends_on", "description", "citation"],
        related=[Related(_("Sessions"), "consultation-sessions", "phase", create_param="phase")],
        api_fields=["id", "consultation", "position", "name", "starts_on", "ends_on", "description"],
    )
)

SESSIONS = register(
    EntitySpec(
        key="consultation-sessions",
        model=ConsultationSession,
        form_class=ConsultationSessionForm,
        columns=[
            Column(_("Session"), "title", sort="title", link=True),
            Column(_("Consultation"), "consultation", sort="consultation__title"),
            Column(_("Held on"), "held_on", sort="held_on"),
            Column(_("Place"), "place", sort="place"),
            Column(_("Online"), "online", sort="online"),
        ],
        search_fields=["title", "place", "summary", "consultation__title"],
        filter_fields=["consultation", "phase", "online", "organisations"],
        default_sort="-held_on",
        select_related=["consultation", "phase"],
        prefetch_related=["organisations"],
        detail_fields=[
            "consultation",
            "phase",
            "title",
            "held_on",
            "place",
            "online",
            "organisations",
            "summary",
            "citation",
        ],
        related=[
            Related(_("Attendance by sector"), "session-attendance", "session", create_param="session"),
            Related(_("Contributions heard"), "contributions", "session", create_param="session"),
        ],
        api_fields=["id", "consultation", "phase", "title", "held_on", "place", "online", "organisations", "summary"],
    )
)

ATTENDANCE = register(
    EntitySpec(
        key="session-attendance",
        model=SessionAttendance,
        form_class=SessionAttendanceForm,
        columns=[
            Column(_("Session"), "session", sort="session__held_on", link=True),
            Column(_("Sector"), "sector", sort="sector__name"),
            Column(_("People"), "people", sort="people"),
        ],
        search_fields=["session__title", "sector__name"],
        filter_fields=["session", "sector"],
        default_sort="sector__name",
        select_related=["session", "sector"],
        detail_fields=["session", "sector", "people", "citation"],
        api_fields=["id", "session", "sector", "people"],
    )
)

CONTRIBUTIONS = register(
    EntitySpec(
        key="contributions",
        model=Contribution,
        form_class=ContributionForm,
        columns=[
            Column(_("Contribution"), "__str__", link=True),
            Column(_("From"), "get_source_display", sort="source"),
            Column(_("Organisation"), "organisation", sort="organisation__name"),
            Column(_("Sector"), "sector", sort="sector__name"),
            Column(_("Received"), "received_on", sort="received_on"),
            Column(_("Moderation"), "get_moderation_display", sort="moderation"),
        ],
        search_fields=["text", "response", "consultation__title", "organisation__name"],
        filter_fields=[
            "consultation",
            "source",
            "moderation",
            "organisation",
            "session",
            "sector",
            "objectives",
            "themes",
            "changed_objective",
            "changed_action_line",
        ],
        default_sort="-received_on",
        select_related=[
            "consultation",
            "organisation",
            "session",
            "sector",
            "changed_objective",
            "changed_action_line",
        ],
        prefetch_related=["objectives", "themes"],
        detail_fields=[
            "consultation",
            "source",
            "organisation",
            "session",
            "sector",
            "text",
            "received_on",
            "objectives",
            "themes",
            "moderation",
            "changed_objective",
            "changed_action_line",
            "response",
            "contact_organisation",
            "contact_email",
            "language",
            "citation",
        ],
        # Who wrote a contribution through the public form: read by the organisations' members, never published.
        internal_fields=["contact_organisation", "contact_email"],
        detail_template="participation/contribution_detail.html",
        detail_context=lambda record, access: {"pending": record.moderation == Moderation.PENDING},
        api_fields=[
            "id",
            "consultation",
            "source",
            "organisation",
            "session",
            "sector",
            "text",
            "received_on",
            "objectives",
            "themes",
            "moderation",
            "changed_objective",
            "changed_action_line",
            "response",
        ],
    )
)
