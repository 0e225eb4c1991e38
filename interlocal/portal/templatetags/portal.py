from decimal import Decimal
from typing import Any

from django import template

from interlocal.core.numbers import format_value
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


@register.filter
def share(value: Any) -> str:
    """A share in per cent with its own decimals (two at most, three below 1 %): 0.045 never shows as "0%"."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value)).normalize()
    places = max(0, -int(number.as_tuple().exponent))
    return format_value(number, "%", decimals=min(places, 2 if abs(number) >= 1 else 3))
