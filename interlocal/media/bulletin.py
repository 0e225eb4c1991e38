"""The weekly bulletin's content: the week's public engagements, agreements, mentions and results, and its PDF.

Everything is read as an anonymous reader reads it (`visible_to(ANONYMOUS)`): a bulletin is sent outside,
so it carries public records only. Engagements and agreements are the metropolis's own
(`ecosystem.home.own_records`); results are the approved values of its territories last changed that week.
"""

import datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from interlocal.core.jobs import job_progress
from interlocal.core.links import site_url
from interlocal.core.pdf import pdf_of
from interlocal.core.permissions import ANONYMOUS
from interlocal.diplomacy.models import Agreement, Engagement
from interlocal.ecosystem.home import home_territories, own_records
from interlocal.results.models import Observation

from .models import Bulletin, Mention

LIMIT = 50  # rows per section: a bulletin is read in a minute


def week_bounds(week_start: datetime.date) -> tuple[datetime.date, datetime.date]:
    return week_start, week_start + datetime.timedelta(days=6)


def bulletin_context(week_start: datetime.date) -> dict[str, Any]:
    """The sections of the week's bulletin, each a list of public records (a fixed number of queries)."""
    first, last = week_bounds(week_start)
    engagements = list(
        own_records(Engagement.objects.visible_to(ANONYMOUS))
        .filter(start_on__lte=last)
        .filter(start_on__gte=first)
        .select_related("place")
        .order_by("start_on", "pk")[:LIMIT]
    )
    agreements = list(
        own_records(Agreement.objects.visible_to(ANONYMOUS))
        .filter(signed_on__range=(first, last))
        .select_related("partner_place")
        .order_by("signed_on", "pk")[:LIMIT]
    )
    mentions = list(
        Mention.objects.visible_to(ANONYMOUS)
        .filter(published_on__range=(first, last), source__in=_public_sources())
        .order_by("published_on", "pk")[:LIMIT]
    )
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    end = start + datetime.timedelta(days=7)
    results = list(
        Observation.objects.visible_to(ANONYMOUS)
        .filter(updated_at__gte=start, updated_at__lt=end, territory__in=home_territories().values("pk"))
        .select_related("indicator", "territory")
        .order_by("indicator__name", "territory__name", "-period_start")[:LIMIT]
    )
    rows: list[Any] = [*engagements, *agreements, *mentions, *results]
    return {
        "week_start": first,
        "week_end": last,
        "engagements": engagements,
        "agreements": agreements,
        "mentions": mentions,
        "results": results,
        "count": len(rows),
        "illustrative": any(row.illustrative for row in rows),
        "site": site_url(),
    }


def _public_sources() -> Any:
    from .models import Source

    return Source.objects.visible_to(ANONYMOUS).values("pk")


def render_pdf(body: str, title: str) -> bytes:
    return pdf_of("media/bulletin_print.html", {"body": mark_safe(body), "title": title})  # noqa: S308


def generate(bulletin: Bulletin) -> dict[str, Any]:
    """The job's work (core.jobs.job_run): the week's records, then the HTML, the text and the PDF."""
    with translation.override(bulletin.language):
        job_progress(job=bulletin, done=10, total=100, step=_("Gathering the week's records"))
        context = bulletin_context(bulletin.week_start)
        job_progress(job=bulletin, done=40, total=100, step=_("Writing the bulletin"))
        html = render_to_string("media/bulletin_body.html", context)
        text = render_to_string("media/bulletin_body.txt", context)
        job_progress(job=bulletin, done=70, total=100, step=_("Printing the PDF"))
        pdf = render_pdf(html, str(bulletin))
    return {"html": html, "text": text, "pdf": pdf, "items": context["count"], "illustrative": context["illustrative"]}
