from django import template

from interlocal.portal import sections
from interlocal.projects.models import Project
from interlocal.results.models import Indicator

register = template.Library()


@register.simple_tag
def project_url(project: Project) -> str:
    from interlocal.portal.views import reverse_project

    return reverse_project(project)


@register.simple_tag
def indicator_url(indicator: Indicator) -> str:
    return sections.indicator_url(indicator)
