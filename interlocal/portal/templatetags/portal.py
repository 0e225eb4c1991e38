import datetime

from django import template

from interlocal.portal import sections
from interlocal.projects.models import Project
from interlocal.results import periods
from interlocal.results.models import Indicator

register = template.Library()


@register.simple_tag
def project_url(project: Project) -> str:
    from interlocal.portal.views import reverse_project

    return reverse_project(project)


@register.simple_tag
def indicator_url(indicator: Indicator) -> str:
    return sections.indicator_url(indicator)


@register.filter
def period_label(start: datetime.date, periodicity: str) -> str:
    """2024, 2024-Q2 or 2024-05, as the import files write periods."""
    return periods.period_label(periodicity, start)
