"""The knowledge app's kinds of record, registered for the generic pages and the API."""

from django.utils.translation import gettext_lazy as _

from interlocal.core.entities import Column, EntitySpec, Related, register

from .forms import PracticeForm, TransferRequestForm
from .models import Moderation, Practice, TransferRequest
from .selectors import practice_indicators

PRACTICES = register(
    EntitySpec(
        key="practices",
        model=Practice,
        form_class=PracticeForm,
        columns=[
            Column(_("Practice"), "title", sort="title", link=True),
            Column(_("Owner"), "owner", sort="owner__name"),
            Column(_("Started"), "started_on", sort="started_on"),
            Column(_("Language"), "get_language_display", sort="language"),
        ],
        search_fields=["title", "summary", "problem", "solution", "results", "lessons"],
        filter_fields=["partners", "places", "themes", "sdg_targets", "language"],
        default_sort="title",
        prefetch_related=["partners", "places", "sdg_targets", "themes", "contacts"],
        detail_fields=[
            "title",
            "summary",
            "problem",
            "solution",
            "results",
            "partners",
            "places",
            "sdg_targets",
            "themes",
            "started_on",
            "ended_on",
            "contacts",
            "transferability",
            "lessons",
            "what_failed",
            "language",
            "citation",
        ],
        related=[
            Related(_("Knowledge-transfer requests"), "transfer-requests", "practice", create_param="practice"),
        ],
        api_fields=[
            "id",
            "title",
            "summary",
            "problem",
            "solution",
            "results",
            "partners",
            "places",
            "sdg_targets",
            "themes",
            "started_on",
            "ended_on",
            "contacts",
            "transferability",
            "lessons",
            "what_failed",
            "documents",
        ],
        detail_template="knowledge/practice_detail.html",
        detail_context=lambda record, access: {"indicators": practice_indicators(record, access)},
    )
)

TRANSFER_REQUESTS = register(
    EntitySpec(
        key="transfer-requests",
        model=TransferRequest,
        form_class=TransferRequestForm,
        columns=[
            Column(_("Practice"), "practice", sort="practice__title", link=True),
            Column(_("Requested by"), "requester", sort="requester__name"),
            Column(_("City or region"), "requester_place", sort="requester_place__name"),
            Column(_("Received"), "received_on", sort="received_on"),
            Column(_("Status"), "get_status_display", sort="status"),
            Column(_("Moderation"), "get_moderation_display", sort="moderation"),
        ],
        search_fields=["practice__title", "question", "answer", "requester__name", "requester_place__name"],
        filter_fields=["status", "moderation", "practice", "requester", "requester_place", "engagement"],
        default_sort="-received_on",
        select_related=["practice", "requester", "requester_place", "engagement"],
        detail_fields=[
            "practice",
            "requester",
            "requester_place",
            "question",
            "received_on",
            "status",
            "engagement",
            "answer",
            "moderation",
            "contact_organisation",
            "contact_name",
            "contact_email",
        ],
        # Who wrote a request through the public form: read by its moderators and members, never published.
        internal_fields=["contact_organisation", "contact_name", "contact_email"],
        secret_fields=["link_digest"],  # the requester's private link, as a digest
        detail_template="knowledge/transferrequest_detail.html",
        detail_context=lambda record, access: {"pending": record.moderation == Moderation.PENDING},
        api_fields=[
            "id",
            "practice",
            "requester",
            "requester_place",
            "question",
            "received_on",
            "status",
            "engagement",
            "answer",
            "moderation",
        ],
    )
)
