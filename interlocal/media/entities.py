"""The media app's kinds of record, registered for the generic pages and the API."""

from django.utils.translation import gettext_lazy as _

from interlocal.core.entities import Column, EntitySpec, Related, register

from .forms import MentionForm, SourceForm
from .models import Mention, Source

SOURCES = register(
    EntitySpec(
        key="media-sources",
        model=Source,
        form_class=SourceForm,
        columns=[
            Column(_("Source"), "name", sort="name", link=True),
            Column(_("Kind"), "get_kind_display", sort="kind"),
            Column(_("Active"), "active", sort="active"),
            Column(_("Last polled"), "last_polled_at", sort="last_polled_at"),
            Column(_("Last poll"), "get_last_poll_status_display", sort="last_poll_status"),
            Column(_("Owner"), "owner", sort="owner__name"),
        ],
        search_fields=["name", "feed_url"],
        filter_fields=["kind", "active", "last_poll_status", "language"],
        default_sort="name",
        detail_fields=[
            "name",
            "kind",
            "feed_url",
            "active",
            "last_polled_at",
            "last_poll_status",
            "last_poll_error",
            "last_poll_added",
            "language",
            "citation",
        ],
        related=[Related(_("Mentions"), "media-mentions", "source", create_param="source")],
        api_fields=[
            "id",
            "name",
            "kind",
            "feed_url",
            "active",
            "last_polled_at",
            "last_poll_status",
            "last_poll_error",
            "last_poll_added",
        ],
        detail_template="media/source_detail.html",
    )
)

MENTIONS = register(
    EntitySpec(
        key="media-mentions",
        model=Mention,
        form_class=MentionForm,
        columns=[
            Column(_("Mention"), "title", sort="title", link=True),
            Column(_("Date"), "published_on", sort="published_on"),
            Column(_("Outlet"), "outlet", sort="outlet"),
            Column(_("Tone"), "get_tone_display", sort="tone"),
            Column(_("Language"), "get_language_display", sort="language"),
            Column(_("Source"), "source", sort="source__name"),
        ],
        search_fields=["title", "summary", "outlet"],
        filter_fields=["source", "tone", "language", "themes", "organisations", "engagements", "projects"],
        default_sort="-published_on",
        select_related=["source"],
        prefetch_related=["themes", "organisations", "engagements", "projects"],
        detail_fields=[
            "source",
            "published_on",
            "outlet",
            "title",
            "url",
            "summary",
            "tone",
            "themes",
            "organisations",
            "engagements",
            "projects",
            "language",
            "citation",
        ],
        api_fields=[
            "id",
            "source",
            "published_on",
            "outlet",
            "title",
            "url",
            "summary",
            "tone",
            "themes",
            "organisations",
            "engagements",
            "projects",
        ],
    )
)
