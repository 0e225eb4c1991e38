from typing import Any

from django import template

from interlocal.portal import sections
from interlocal.portal.figures import share_text
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


@register.filter
def share(value: Any) -> str:
    """A share in per cent that keeps its small decimals: ``{{ cooperation.share|share }}`` gives "0.045%"."""
    return share_text(value)
